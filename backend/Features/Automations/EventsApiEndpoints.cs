using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.ApiKeys;
using WhatsApp.Api.Features.Billing;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Automations;

/// <summary>
/// <c>type</c>: an event type such as payment.received. <c>data</c>: that type's fields by their data names (see
/// GET /api/settings/whatsapp-automations), text or numbers. <c>id</c>: the event's id in the calling system, used like an
/// Idempotency-Key header when there is none. <c>entityRef</c>: what it is about, e.g. bill:B-1001 (default customer:{id}).
/// </summary>
public record RaiseEventRequest(
    [property: StringLength(64), PlainText] string? Type, int? CustomerId, Dictionary<string, JsonElement>? Data, string? Id = null,
    [property: StringLength(64), PlainText] string? EntityRef = null, DateTime? OccurredAt = null);

/// <summary>The event was recorded; its message (if the automation is on and the customer opted in) follows shortly.</summary>
public record EventAcceptedDto(long EventId, string Type, int CustomerId, DateTime ReceivedAt);

/// <summary>How other systems raise the application's events: with an API key, and safely repeatable with an idempotency key.</summary>
public static class EventsApiEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const int MaxIdempotencyKeyLength = 200;

    public static IEndpointRouteBuilder MapEventsApiEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/events").WithTags("Events").RequireAuthorization(ApiKeyDefaults.Policy);
        group.MapPost("/", Raise).WithName("RaiseEvent")
            .WithSummary("Raises an event (X-Api-Key header). A repeated Idempotency-Key (or id) returns the first answer and raises nothing.")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id:long}", Get).WithName("GetRaisedEvent")
            .WithSummary("An event this API key raised, and what became of it (X-Api-Key header). Other keys' events are not found.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<Results<Accepted<EventAcceptedDto>, ValidationProblem, ProblemHttpResult>> Raise(
        RaiseEventRequest request, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, HttpContext http,
        AppDbContext db, EventOutbox events, CustomerClock customerClock, TimeProvider clock, CancellationToken ct)
    {
        var key = idempotencyKey.NullIfBlank() ?? request.Id.NullIfBlank();
        if (key?.Length > MaxIdempotencyKeyLength)
            return Problems.Field(idempotencyKey is null ? "id" : IdempotencyHeader, $"At most {MaxIdempotencyKeyLength} characters.");
        var apiKeyId = CallerKeyId(http);
        // Idempotency keys are each calling system's own: two systems that both send "1" raise two events.
        var dedupKey = key is null ? null : $"api:{apiKeyId}:{key}";
        if (dedupKey is not null && await ReplayAsync(db, dedupKey, request, http, customerClock, ct) is { } replay) return replay;

        var errors = new Dictionary<string, string[]>();
        var type = EventTypes.Find(request.Type?.Trim());
        if (type is null)
            errors["type"] = [$"Unknown event type '{request.Type}'. Use one of: {string.Join(", ", EventTypes.All.Select(t => t.Name))}."];
        var customer = request.CustomerId is { } cid ? await db.Set<Customer>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == cid, ct) : null;
        if (customer is null) errors["customerId"] = [request.CustomerId is null ? "The customer's id is required." : "There is no such customer."];
        var now = clock.GetUtcNow().UtcDateTime;
        var occurredAt = request.OccurredAt is { } at ? at.AsUtc() : now;
        if (occurredAt > now.AddMinutes(5)) errors["occurredAt"] = ["The event cannot have happened in the future."];
        var entityRef = request.EntityRef.NullIfBlank();
        if (entityRef?.Length > 64) errors["entityRef"] = ["At most 64 characters."];
        var data = type is null || customer is null ? null : ReadData(type, request.Data, customer, customerClock, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var row = events.Add(type!.Name, customer!.Id, entityRef ?? $"customer:{customer.Id}", data!, EventOrigin.Api, dedupKey, occurredAt, apiKeyId);
        if (!await db.TrySaveChangesAsync(ct))
        {
            // The same key arrived twice at once and the other request's row won the unique index: answer as it did.
            db.ChangeTracker.Clear();
            if (dedupKey is not null && await ReplayAsync(db, dedupKey, request, http, customerClock, ct) is { } raced) return raced;
            throw new InvalidOperationException("The event could not be saved.");
        }
        events.Kick();
        return Accepted(row);
    }

    /// <summary>The first answer for a repeated key, a 422 when the key was used for a different event, or null when it is new.</summary>
    private static async Task<Results<Accepted<EventAcceptedDto>, ValidationProblem, ProblemHttpResult>?> ReplayAsync(
        AppDbContext db, string dedupKey, RaiseEventRequest request, HttpContext http, CustomerClock customerClock, CancellationToken ct)
    {
        var existing = await db.Set<AutomationEvent>().AsNoTracking().FirstOrDefaultAsync(e => e.DedupKey == dedupKey, ct);
        if (existing is null) return null;
        if (existing.Type != request.Type?.Trim() || existing.CustomerId != request.CustomerId)
            return Problems.Unprocessable("Idempotency key reused",
                $"This key was already used for event {existing.Id} ({existing.Type} for customer {existing.CustomerId}); a new event needs a new key.",
                IdempotencyHeader);
        // The same key with another body is not a retry but a different event (the IETF idempotency-key draft: 422).
        if (await DifferingFieldAsync(db, existing, request, customerClock, ct) is { } field)
            return Problems.Unprocessable("Idempotency key reused",
                $"This key was already used for event {existing.Id} with a different {field}; a retry must repeat the first request, a new event needs a new key.",
                IdempotencyHeader);
        http.Response.Headers[ReplayedHeader] = "true";
        return Accepted(existing);
    }

    /// <summary>The first field in which a repeated request differs from the event its key raised, or null when it is the same request.</summary>
    private static async Task<string?> DifferingFieldAsync(AppDbContext db, AutomationEvent existing, RaiseEventRequest request,
        CustomerClock customerClock, CancellationToken ct)
    {
        if ((request.EntityRef.NullIfBlank() ?? $"customer:{existing.CustomerId}") != existing.EntityRef) return "entityRef";
        if (request.OccurredAt is { } at && (at.AsUtc() - existing.OccurredAt).Duration() > TimeSpan.FromMilliseconds(1)) return "occurredAt";
        var customer = await db.Set<Customer>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == existing.CustomerId, ct);
        if (customer is null || EventTypes.Find(existing.Type) is not { } type) return null; // nothing left to compare with
        var errors = new Dictionary<string, string[]>();
        var data = ReadData(type, request.Data, customer, customerClock, errors);
        var stored = EventOutbox.ReadData(existing);
        return errors.Count > 0 || data.Count != stored.Count || data.Any(kv => !stored.TryGetValue(kv.Key, out var v) || v != kv.Value) ? "data" : null;
    }

    /// <summary>An event is readable only with the key that raised it; another system's events are not found.</summary>
    private static async Task<Results<Ok<AutomationEventDto>, NotFound>> Get(long id, HttpContext http, AppDbContext db, CancellationToken ct)
    {
        var apiKeyId = CallerKeyId(http);
        return await db.Set<AutomationEvent>().AsNoTracking()
                .FirstOrDefaultAsync(e => e.Id == id && e.Origin == EventOrigin.Api && e.ApiKeyId == apiKeyId, ct) is { } e
            ? TypedResults.Ok(AutomationEventDto.From(e))
            : TypedResults.NotFound();
    }

    private static int? CallerKeyId(HttpContext http) =>
        int.TryParse(http.User.FindFirstValue(ApiKeyDefaults.KeyIdClaim), CultureInfo.InvariantCulture, out var id) ? id : null;

    private static Accepted<EventAcceptedDto> Accepted(AutomationEvent e) =>
        TypedResults.Accepted($"/api/events/{e.Id}", new EventAcceptedDto(e.Id, e.Type, e.CustomerId ?? 0, e.CreatedAt));

    /// <summary>
    /// The event's fields from the request's data, checked and stored unformatted (amounts invariant, dates yyyy-MM-dd in the
    /// customer's calendar); problems are keyed <c>data.{name}</c>. Names are matched ignoring case; unknown ones are ignored.
    /// </summary>
    private static Dictionary<string, string> ReadData(EventType type, Dictionary<string, JsonElement>? given, Customer customer,
        CustomerClock customerClock, Dictionary<string, string[]> errors)
    {
        var data = new Dictionary<string, string>();
        var byName = (given ?? []).GroupBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);
        foreach (var field in type.Fields.Where(f => f.DataName is not null))
        {
            var name = $"data.{field.DataName}";
            byName.TryGetValue(field.DataName!, out var element);
            if (element.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Undefined or JsonValueKind.Null))
            {
                errors[name] = ["Give text or a number."];
                continue;
            }
            var text = element.ValueKind == JsonValueKind.Number ? element.GetRawText() : element.ValueKind == JsonValueKind.String ? element.GetString().NullIfBlank() : null;
            if (text is null)
            {
                if (field.Required) errors[name] = [$"Required for {type.Name}: {field.Label.ToLowerInvariant()}."];
                continue;
            }
            var (value, problem) = Normalize(field, text, customer, customerClock);
            if (problem is not null) errors[name] = [problem];
            else data[field.Path] = value!;
        }
        return data;
    }

    private static (string? Value, string? Problem) Normalize(EventField field, string text, Customer customer, CustomerClock customerClock)
    {
        switch (field.Format)
        {
            case FieldFormat.Money:
                var amount = Money.Parse(text);
                return amount is null ? (null, "Write the amount as a number such as 20.00.")
                    : Money.Problem(amount) is { } p ? (null, p) : (amount.Value.ToString(CultureInfo.InvariantCulture), null);
            case FieldFormat.Date:
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    return (date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null);
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
                    return (customerClock.LocalDate(customer, instant.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null);
                return (null, "Write a date as 2026-12-01 (or a time as 2026-12-01T10:00:00Z).");
            case FieldFormat.Integer:
                return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                    ? (n.ToString(CultureInfo.InvariantCulture), null) : (null, "Write a whole number.");
            default:
                if (field.Path.EndsWith(".currency", StringComparison.Ordinal))
                    return Money.CurrencyCode(text) is { } code ? (code, null) : (null, "Use a three-letter currency code such as USD.");
                return text.Length > field.MaxLength ? (null, $"At most {field.MaxLength} characters.") : (text.Trim(), null);
        }
    }
}
