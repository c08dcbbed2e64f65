using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Support;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Conversations;

/// <summary>Working a conversation: notes, tickets, the customer it belongs to, canned replies.</summary>
public static class ConversationWorkflowEndpoints
{
    public static IEndpointRouteBuilder MapConversationWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/whatsapp/conversations").WithTags("Conversations").RequireAuthorization(Policies.Staff);
        group.MapPost("/{id:int}/notes", AddNote).WithName("AddConversationNote")
            .WithSummary("An internal note in the thread: shown to staff in the timeline, never sent.");
        group.MapGet("/{id:int}/tickets", Tickets).WithName("ListConversationTickets").WithSummary("The tickets opened from or linked to the conversation, newest first.");
        group.MapPost("/{id:int}/tickets", OpenTicket).WithName("OpenConversationTicket")
            .WithSummary("Opens a ticket for the conversation's customer (subject: the given one, else the customer's message) and links it; raises ticket.created.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPut("/{id:int}/tickets/{ticketId:int}", LinkTicket).WithName("LinkConversationTicket")
            .WithSummary("Links an existing ticket of the conversation's customer to the conversation.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPut("/{id:int}/customer", LinkCustomer).WithName("LinkConversationCustomer")
            .WithSummary("Links the conversation (an unknown contact's) to an existing customer. Consent is not changed: writing to us is not consent.");
        group.MapGet("/by-ticket/{ticketId:int}", ByTicket).WithName("GetConversationOfTicket").WithSummary("The conversation a ticket was opened from or linked to.");

        var canned = app.MapGroup("/api/whatsapp/canned-replies").WithTags("CannedReplies").RequireAuthorization(Policies.Staff);
        canned.MapGet("/", ListCanned).WithName("ListCannedReplies").WithSummary("Saved reply texts, by title.");
        canned.MapPost("/", CreateCanned).WithName("CreateCannedReply").WithSummary("Saves a reply text under a title.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        canned.MapPut("/{id:int}", UpdateCanned).WithName("UpdateCannedReply").WithSummary("Changes a saved reply.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        canned.MapDelete("/{id:int}", DeleteCanned).WithName("DeleteCannedReply").WithSummary("Deletes a saved reply.");
        return app;
    }

    private static Task<Conversation?> FindAsync(AppDbContext db, int id, CancellationToken ct) =>
        db.Set<Conversation>().FirstOrDefaultAsync(c => c.Id == id, ct);

    private static async Task<Results<Created<NoteDto>, NotFound, ValidationProblem, ProblemHttpResult>> AddNote(int id, NoteRequest request,
        AppDbContext db, ConversationLinks links, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await FindAsync(db, id, ct) is not { } conversation) return TypedResults.NotFound();
        var (note, refusal) = await links.AddNoteAsync(conversation, request.Text, user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity?.Name, ct);
        if (refusal is not null) return refusal.AsValidationProblem() is { } invalid ? invalid : refusal.AsProblem();
        return TypedResults.Created($"/api/whatsapp/conversations/{id}/messages", note);
    }

    private static async Task<Results<Ok<List<TicketDto>>, NotFound>> Tickets(int id, AppDbContext db, CancellationToken ct)
    {
        if (!await db.Set<Conversation>().AnyAsync(c => c.Id == id, ct)) return TypedResults.NotFound();
        var tickets = await db.Set<Ticket>().AsNoTracking()
            .Where(t => db.Set<ConversationTicket>().Any(l => l.TicketId == t.Id && l.ConversationId == id))
            .OrderByDescending(t => t.Id).ToListAsync(ct);
        return TypedResults.Ok(tickets.Select(SupportEndpoints.ToDto).ToList());
    }

    private static async Task<Results<Created<TicketDto>, NotFound, ValidationProblem, ProblemHttpResult>> OpenTicket(int id,
        OpenConversationTicketRequest request, AppDbContext db, ConversationLinks links, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await FindAsync(db, id, ct) is not { } conversation) return TypedResults.NotFound();
        var (ticket, refusal) = await links.OpenTicketAsync(conversation, request.Subject, request.FromMessageId, user.Identity?.Name, ct);
        if (refusal is not null) return refusal.AsValidationProblem() is { } invalid ? invalid : refusal.AsProblem();
        return TypedResults.Created($"/api/tickets/{ticket!.Id}", SupportEndpoints.ToDto(ticket));
    }

    private static async Task<Results<Ok<TicketDto>, NotFound, ValidationProblem, ProblemHttpResult>> LinkTicket(int id, int ticketId,
        AppDbContext db, ConversationLinks links, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await FindAsync(db, id, ct) is not { } conversation) return TypedResults.NotFound();
        var (ticket, refusal) = await links.LinkTicketAsync(conversation, ticketId, user.Identity?.Name, ct);
        if (refusal is not null) return refusal.AsValidationProblem() is { } invalid ? invalid : refusal.AsProblem();
        return TypedResults.Ok(SupportEndpoints.ToDto(ticket!));
    }

    private static async Task<Results<Ok<ConversationDto>, NotFound, ValidationProblem, ProblemHttpResult>> LinkCustomer(int id, LinkCustomerRequest request,
        AppDbContext db, ConversationLinks links, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, id, ct) is not { } conversation) return TypedResults.NotFound();
        if (await links.LinkCustomerAsync(conversation, request.CustomerId, ct) is { } refusal)
            return refusal.AsValidationProblem() is { } invalid ? invalid : refusal.AsProblem();
        return TypedResults.Ok((await ConversationViews.ToDtosAsync(db, [conversation], clock.GetUtcNow().UtcDateTime, ct))[0]);
    }

    private static async Task<Results<Ok<ConversationDto>, NotFound>> ByTicket(int ticketId, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var conversation = await db.Set<Conversation>().AsNoTracking()
            .FirstOrDefaultAsync(c => db.Set<ConversationTicket>().Any(l => l.TicketId == ticketId && l.ConversationId == c.Id), ct);
        return conversation is null
            ? TypedResults.NotFound()
            : TypedResults.Ok((await ConversationViews.ToDtosAsync(db, [conversation], clock.GetUtcNow().UtcDateTime, ct))[0]);
    }

    private static async Task<Ok<List<CannedReplyDto>>> ListCanned(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Set<CannedReply>().AsNoTracking().OrderBy(r => r.Title)
            .Select(r => new CannedReplyDto(r.Id, r.Title, r.Text, r.UpdatedAt)).ToListAsync(ct));

    private static async Task<Results<Created<CannedReplyDto>, ValidationProblem, ProblemHttpResult>> CreateCanned(SaveCannedReplyRequest request,
        AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var reply = new CannedReply { Title = "", Text = "", CreatedAt = now };
        if (await SaveCannedAsync(db, reply, request, now, ct) is { } refusal) return refusal.AsValidationProblem() is { } invalid ? invalid : refusal.AsProblem();
        return TypedResults.Created($"/api/whatsapp/canned-replies/{reply.Id}", ToDto(reply));
    }

    private static async Task<Results<Ok<CannedReplyDto>, NotFound, ValidationProblem, ProblemHttpResult>> UpdateCanned(int id, SaveCannedReplyRequest request,
        AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await db.Set<CannedReply>().FirstOrDefaultAsync(r => r.Id == id, ct) is not { } reply) return TypedResults.NotFound();
        if (await SaveCannedAsync(db, reply, request, clock.GetUtcNow().UtcDateTime, ct) is { } refusal)
            return refusal.AsValidationProblem() is { } invalid ? invalid : refusal.AsProblem();
        return TypedResults.Ok(ToDto(reply));
    }

    private static CannedReplyDto ToDto(CannedReply r) => new(r.Id, r.Title, r.Text, r.UpdatedAt);

    /// <summary>Checks and saves a new or changed canned reply; why not, when it is refused (a missing part, a title in use).</summary>
    private static async Task<SendRefusal?> SaveCannedAsync(AppDbContext db, CannedReply reply, SaveCannedReplyRequest request, DateTime now, CancellationToken ct)
    {
        var title = request.Title.NullIfBlank();
        var text = request.Text?.Trim();
        if (title is null) return new SendRefusal(StatusCodes.Status400BadRequest, "Invalid canned reply", "A title is required.", "title");
        if (string.IsNullOrEmpty(text)) return new SendRefusal(StatusCodes.Status400BadRequest, "Invalid canned reply", "The reply text is required.", "text");
        var taken = new SendRefusal(StatusCodes.Status409Conflict, "Conflict", $"There is already a canned reply \"{title}\".", "title");
        if (await db.Set<CannedReply>().AnyAsync(r => r.Title == title && r.Id != reply.Id, ct)) return taken;

        (reply.Title, reply.Text, reply.UpdatedAt) = (title, text, now);
        if (reply.Id == 0) db.Add(reply);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return taken; }
        return null;
    }

    private static async Task<Results<NoContent, NotFound>> DeleteCanned(int id, AppDbContext db, CancellationToken ct) =>
        await db.Set<CannedReply>().Where(r => r.Id == id).ExecuteDeleteAsync(ct) == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
}
