using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Media;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Infrastructure;
using WhatsApp.Api.Infrastructure.Live;

namespace WhatsApp.Api.Features.Conversations;

public static class ConversationsEndpoints
{
    public static IEndpointRouteBuilder MapConversationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/whatsapp/conversations").WithTags("Conversations").RequireAuthorization(Policies.Staff);
        group.MapGet("/", List).WithName("ListConversations")
            .WithSummary("The inbox: one conversation per phone, newest activity first, with unread count and service window; a page at a time by cursor.");
        group.MapGet("/unread", Unread).WithName("CountUnreadConversations").WithSummary("How many conversations (and messages) are unread, for the sidebar badge.");
        group.MapGet("/{id:int}", Get).WithName("GetConversation").WithSummary("One conversation.");
        group.MapGet("/{id:int}/messages", Timeline).WithName("ListConversationMessages")
            .WithSummary("The thread: inbound and every outbound message to that person in one timeline, newest first, a page at a time by cursor.");
        group.MapPost("/{id:int}/messages", Reply).WithName("ReplyToConversation")
            .WithSummary("A free-text reply, or an uploaded image, document or video with the text as its caption, sent through the outbox; refused outside the 24-hour service window (send a template) and to someone who opted out.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:int}/read", MarkRead).WithName("MarkConversationRead").WithSummary("Marks every message in the conversation read.");
        group.MapPut("/{id:int}/assignee", Assign).WithName("AssignConversation").WithSummary("Assigns the conversation to a staff user, or unassigns it (null).");
        group.MapInboundMediaEndpoints();
        group.MapPut("/{id:int}/status", SetStatus).WithName("SetConversationStatus").WithSummary("Resolves, reopens or parks (pending) the conversation.");
        app.MapConversationWorkflowEndpoints();
        return app;
    }

    private static string? UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);

    private static DateTime Now(TimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    private static async Task<Results<Ok<ConversationPage>, ValidationProblem>> List(AppDbContext db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct,
        [AsParameters] ConversationFilter filter, string? cursor = null, int limit = 50)
    {
        if (!Cursor.TryParse(cursor, out var after)) return Problems.Field("cursor", "The cursor is not valid.");
        return TypedResults.Ok(await ConversationViews.ListAsync(db, filter.Apply(db, UserId(user)), after, Math.Clamp(limit, 1, 200), Now(clock), ct));
    }

    private static async Task<Ok<InboxUnread>> Unread(AppDbContext db, CancellationToken ct)
    {
        var unread = db.Set<Conversation>().Where(c => c.UnreadCount > 0);
        return TypedResults.Ok(new InboxUnread(await unread.CountAsync(ct), await unread.SumAsync(c => c.UnreadCount, ct)));
    }

    private static async Task<Results<Ok<ConversationDto>, NotFound>> Get(int id, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var conversation = await db.Set<Conversation>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return conversation is null ? TypedResults.NotFound() : TypedResults.Ok((await ConversationViews.ToDtosAsync(db, [conversation], Now(clock), ct))[0]);
    }

    private static async Task<Results<Ok<TimelinePage>, NotFound, ValidationProblem>> Timeline(int id, AppDbContext db, MediaLinks links, CancellationToken ct,
        string? cursor = null, int limit = 50)
    {
        if (!Cursor.TryParse(cursor, out var before)) return Problems.Field("cursor", "The cursor is not valid.");
        var conversation = await db.Set<Conversation>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null) return TypedResults.NotFound();
        return TypedResults.Ok(await ConversationViews.TimelineAsync(db, links, conversation, before, Math.Clamp(limit, 1, 200), ct));
    }

    private static async Task<Results<Created<MessageDto>, NotFound, ValidationProblem, ProblemHttpResult>> Reply(int id, ReplyRequest request,
        AppDbContext db, ConversationReplies replies, ClaimsPrincipal user, CancellationToken ct)
    {
        var conversation = await db.Set<Conversation>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null) return TypedResults.NotFound();
        var (message, refusal) = await replies.ReplyAsync(conversation, request.Text, request.MediaId, user.Identity?.Name, ct);
        if (refusal is not null) return refusal.AsValidationProblem() is { } invalid ? invalid : refusal.AsProblem();
        return TypedResults.Created($"/api/whatsapp/messages/{message!.Id}", message);
    }

    private static Task<Results<Ok<ConversationDto>, NotFound>> MarkRead(int id, AppDbContext db, TimeProvider clock, ILiveEvents live, CancellationToken ct) =>
        ChangeAsync(id, db, clock, live, c => c.MarkRead(), ct);

    private static async Task<Results<Ok<ConversationDto>, NotFound, ValidationProblem>> Assign(int id, AssignRequest request, AppDbContext db,
        UserManager<AppUser> users, TimeProvider clock, ILiveEvents live, CancellationToken ct)
    {
        string? name = null;
        if (!string.IsNullOrEmpty(request.AssigneeId))
        {
            if (await users.FindByIdAsync(request.AssigneeId) is not { } assignee) return Problems.Field("assigneeId", "There is no such user.");
            name = assignee.Email ?? assignee.UserName;
        }
        var changed = await ChangeAsync(id, db, clock, live, c => c.Assign(string.IsNullOrEmpty(request.AssigneeId) ? null : request.AssigneeId, name), ct);
        return changed.Result is NotFound ? TypedResults.NotFound() : (Ok<ConversationDto>)changed.Result;
    }

    private static async Task<Results<Ok<ConversationDto>, NotFound, ValidationProblem>> SetStatus(int id, ConversationStatusRequest request, AppDbContext db,
        TimeProvider clock, ILiveEvents live, CancellationToken ct)
    {
        if (request.Status is not { } status) return Problems.Field("status", "The status is required: Open, Pending or Resolved.");
        var changed = await ChangeAsync(id, db, clock, live, c => c.Status = status, ct);
        return changed.Result is NotFound ? TypedResults.NotFound() : (Ok<ConversationDto>)changed.Result;
    }

    private static async Task<Results<Ok<ConversationDto>, NotFound>> ChangeAsync(int id, AppDbContext db, TimeProvider clock, ILiveEvents live,
        Action<Conversation> change, CancellationToken ct)
    {
        var conversation = await db.Set<Conversation>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (conversation is null) return TypedResults.NotFound();
        change(conversation);
        await db.SaveChangesAsync(ct);
        live.Publish(LiveEvent.ConversationChanged(id));
        return TypedResults.Ok((await ConversationViews.ToDtosAsync(db, [conversation], Now(clock), ct))[0]);
    }
}
