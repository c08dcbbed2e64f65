using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

public static class MessagesEndpoints
{
    public static IEndpointRouteBuilder MapMessagesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/whatsapp/messages").WithTags("Messages").RequireAuthorization(Policies.Staff);
        group.MapPost("/", Send).WithName("SendMessage")
            .WithSummary("Sends one template message to an opted-in customer through the active provider; returns it with its status.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id:long}", Get).WithName("GetMessage").WithSummary("One message with its parameters and status history.");
        group.MapGet("/", List).WithName("ListMessages").WithSummary("The Sent Log, newest first (by time, then id), filtered, a page at a time by cursor.");
        group.MapGet("/count", Count).WithName("CountMessages")
            .WithSummary("How many messages match the filters; counted exactly up to a cap, beyond which it says 'at least'.");
        group.MapGet("/export", Export).WithName("ExportMessages")
            .WithSummary("The filtered Sent Log as CSV, newest first, streamed.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        group.MapGet("/customers", Customers).WithName("ListAffectedCustomers")
            .WithSummary("The customers the filtered messages went to, each once (with how many messages and the last one's error code), most recent first.");
        group.MapGet("/customers/export", ExportCustomers).WithName("ExportAffectedCustomers")
            .WithSummary("The customers the filtered messages went to, each once, as CSV.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    private static async Task<Results<Created<MessageDto>, ValidationProblem, ProblemHttpResult>> Send(
        SendMessageRequest request, IWhatsAppSender sender, OutboxDispatcher dispatcher, DispatchTrigger trigger, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var (message, refusal) = await sender.QueueAsync(new SendRequest(request.To, request.TemplateName, request.Parameters,
            MessageSource.Manual, Language: request.Language, CreatedBy: user.Identity?.Name), ct);
        if (refusal is not null) return refusal.AsValidationProblem() is { } invalid ? invalid : refusal.AsProblem();

        // A single send goes out now, so the answer carries the provider's verdict; if that fails transiently, the outbox retries it.
        await dispatcher.SendNowAsync(message!.Id, CancellationToken.None);
        var sent = await MessageViews.LoadAsync(db, message.Id, ct);
        if (sent!.Status == MessageStatus.Queued) trigger.Kick();
        return TypedResults.Created($"/api/whatsapp/messages/{message.Id}", sent);
    }

    private static async Task<Results<Ok<MessageDetailDto>, NotFound>> Get(long id, AppDbContext db, CancellationToken ct)
    {
        var dto = await MessageViews.LoadAsync(db, id, ct);
        if (dto is null) return TypedResults.NotFound();
        var body = dto.TemplateId is { } tid ? await db.Set<WhatsAppTemplate>().Where(t => t.Id == tid).Select(t => t.Body).FirstOrDefaultAsync(ct) : null;
        var history = await db.Set<MessageStatusEvent>().AsNoTracking().Where(e => e.MessageId == id).OrderBy(e => e.Id)
            .Select(e => new MessageStatusEventDto(e.Status, e.At, e.ErrorCode, e.Detail)).ToListAsync(ct);
        return TypedResults.Ok(new MessageDetailDto(dto, body is null ? null : TemplateText.Render(body, dto.Parameters), history));
    }

    private static async Task<Results<Ok<MessagePage>, ValidationProblem>> List(AppDbContext db, CancellationToken ct,
        [AsParameters] MessageFilter filter, string? cursor = null, [System.ComponentModel.DataAnnotations.Range(1, 500)] int limit = 50)
    {
        MessageCursor? after = null;
        if (!string.IsNullOrEmpty(cursor) && !MessageCursor.TryParse(cursor, out after))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["The cursor is not valid."] });
        var query = filter.Apply(db);
        if (after is not null) query = query.After(after);
        var rows = await query.NewestFirst().Take(limit + 1).ToListAsync(ct);
        var page = rows.Take(limit).ToList();
        return TypedResults.Ok(new MessagePage(await MessageViews.ToDtosAsync(db, page, ct),
            rows.Count > limit ? MessageCursor.Of(page[^1]).ToString() : null));
    }

    public const int CountCap = 100_000;

    private static async Task<Ok<MessageCount>> Count(AppDbContext db, CancellationToken ct, [AsParameters] MessageFilter filter)
    {
        // Counting a million rows for every page view is not cheap; past the cap "100,000+" says enough.
        var count = await filter.Apply(db).Take(CountCap + 1).CountAsync(ct);
        return TypedResults.Ok(new MessageCount(Math.Min(count, CountCap), count > CountCap));
    }

    private static PushStreamHttpResult Export(AppDbContext db, TimeProvider clock, [AsParameters] MessageFilter filter)
    {
        var query = filter.Apply(db);
        var fileName = $"whatsapp-messages-{clock.GetUtcNow():yyyyMMdd-HHmmss}.csv";
        return TypedResults.Stream(stream => MessageCsv.WriteAsync(db, query, stream), "text/csv; charset=utf-8", fileName);
    }

    private static async Task<Ok<AffectedCustomersDto>> Customers(AppDbContext db, CancellationToken ct, [AsParameters] MessageFilter filter) =>
        TypedResults.Ok(await AffectedCustomers.ListAsync(db, filter.Apply(db), ct));

    private static async Task<FileContentHttpResult> ExportCustomers(AppDbContext db, TimeProvider clock, CancellationToken ct, [AsParameters] MessageFilter filter)
    {
        // At most Cap rows: written to memory, then sent.
        var list = await AffectedCustomers.ListAsync(db, filter.Apply(db), ct);
        using var body = new MemoryStream();
        await AffectedCustomers.WriteCsvAsync(list, body);
        return TypedResults.File(body.ToArray(), "text/csv; charset=utf-8", $"whatsapp-affected-customers-{clock.GetUtcNow():yyyyMMdd-HHmmss}.csv");
    }
}
