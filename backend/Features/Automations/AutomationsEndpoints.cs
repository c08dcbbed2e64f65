using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Automations;

/// <summary>Settings → WhatsApp → Automations: which events send, through which template, with which values; and what each event did.</summary>
public static class AutomationsEndpoints
{
    public const int MaxOffsets = 10;
    public const int MaxOffsetDays = 365;

    public static IEndpointRouteBuilder MapAutomationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/settings/whatsapp-automations").WithTags("Automations").RequireAuthorization(Policies.Admin);
        group.MapGet("/", List).WithName("ListAutomations")
            .WithSummary("Every event type with its automation settings and the fields its template variables can use.");
        group.MapPut("/{eventType}", Save).WithName("SaveAutomation")
            .WithSummary("Sets an event type's automation: enabled, an APPROVED template, every variable mapped, offsets for reminders and alerts.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{eventType}/preview", Preview).WithName("PreviewAutomation")
            .WithSummary("Renders the template for this event type with example values (or a customer's), as a message would read.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/events", ListEvents).WithName("ListAutomationEvents")
            .WithSummary("Raised events, newest first, with their message or why none was sent; a page at a time by cursor.");
        return app;
    }

    private static async Task<Ok<List<AutomationDto>>> List(AppDbContext db, CancellationToken ct)
    {
        var settings = await db.Set<AutomationSetting>().AsNoTracking().ToDictionaryAsync(s => s.EventType, ct);
        var templateNames = await db.Set<WhatsAppTemplate>().AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        return TypedResults.Ok(EventTypes.All.Select(t => ToDto(t, settings.GetValueOrDefault(t.Name), templateNames)).ToList());
    }

    private static async Task<Results<Ok<AutomationDto>, ValidationProblem, ProblemHttpResult>> Save(
        string eventType, SaveAutomationRequest request, AppDbContext db, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        if (EventTypes.Find(eventType) is not { } type) return UnknownType(eventType);
        var enabled = request.Enabled ?? false;
        var errors = new Dictionary<string, string[]>();

        WhatsAppTemplate? template = null;
        VariableMapping? mapping = null;
        if (request.TemplateId is { } templateId)
        {
            template = await db.Set<WhatsAppTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId, ct);
            if (template is null) errors["templateId"] = ["There is no such template."];
            else if (template.WhyNotSendable() is { } notSendable)
                errors["templateId"] = [notSendable.Message];
            else
            {
                (mapping, var variableErrors) = VariableMapping.Compile(template, request.Variables, type.MessageFields);
                foreach (var (k, v) in variableErrors) errors[k] = v;
            }
        }
        else if (enabled) errors["templateId"] = ["Choose the template this automation sends."];

        var offsets = (request.OffsetsDays ?? []).Distinct().OrderDescending().ToList();
        if (!type.Scheduled && offsets.Count > 0)
            errors["offsetsDays"] = ["Only payment reminders and expiry alerts are sent on offsets; leave it empty."];
        else if (type.Scheduled && enabled && offsets.Count == 0)
            errors["offsetsDays"] = ["Give at least one day: e.g. 3 (three days before), 0 (on the day), -2 (two days after)."];
        else if (offsets.Count > MaxOffsets) errors["offsetsDays"] = [$"At most {MaxOffsets} days."];
        else if (offsets.Any(o => Math.Abs(o) > MaxOffsetDays)) errors["offsetsDays"] = [$"Each day must be between -{MaxOffsetDays} and {MaxOffsetDays}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var setting = await db.Set<AutomationSetting>().FirstOrDefaultAsync(s => s.EventType == type.Name, ct);
        if (setting is null) db.Add(setting = AutomationSetting.Default(type));
        setting.Enabled = enabled;
        setting.TemplateId = template?.Id;
        setting.Variables = mapping?.Raw.ToDictionary() ?? [];
        if (type.Scheduled && (request.OffsetsDays is not null || enabled)) setting.OffsetsDays = offsets;
        setting.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        setting.UpdatedBy = user.Identity?.Name;
        // Saving is looking at it again: a pause for a template change ends here (the template rule still applies).
        (setting.PausedReason, setting.PausedAt) = (null, null);
        // Two admins saving the same new automation at once: the second insert fails on the key; ask to retry, not 500.
        if (!await db.TrySaveChangesAsync(ct)) return Problems.Conflict("The automation was changed at the same time; reload and try again.");
        return TypedResults.Ok(ToDto(type, setting, template is null ? [] : new Dictionary<int, string> { [template.Id] = template.Name }));
    }

    private static async Task<Results<Ok<AutomationPreviewDto>, ValidationProblem, ProblemHttpResult>> Preview(
        string eventType, PreviewAutomationRequest request, AppDbContext db, EventValues values, CancellationToken ct)
    {
        if (EventTypes.Find(eventType) is not { } type) return UnknownType(eventType);
        var setting = await db.Set<AutomationSetting>().AsNoTracking().FirstOrDefaultAsync(s => s.EventType == type.Name, ct);
        var templateId = request.TemplateId ?? setting?.TemplateId;
        if (templateId is null) return Problems.Field("templateId", "Choose a template to preview.");
        var template = await db.Set<WhatsAppTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == templateId, ct);
        if (template is null) return Problems.Field("templateId", "There is no such template.");

        var given = request.Variables ?? setting?.Variables.ToDictionary(kv => kv.Key, string? (kv) => kv.Value);
        var (mapping, errors) = VariableMapping.Compile(template, given, type.MessageFields);
        Customer? customer = null;
        if (request.CustomerId is { } cid && (customer = await db.Set<Customer>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == cid, ct)) is null)
            errors["customerId"] = ["There is no such customer."];
        if (mapping is null || errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var (parameters, missing) = mapping.Resolve(values.ForExample(customer, type));
        return TypedResults.Ok(new AutomationPreviewDto(parameters, TemplateText.Render(template.Body, parameters), missing));
    }

    private static async Task<Results<Ok<AutomationEventPage>, ValidationProblem>> ListEvents(AppDbContext db, CancellationToken ct,
        string? type = null, AutomationEventStatus? status = null, int? customerId = null, string? cursor = null, int limit = 50)
    {
        limit = Math.Clamp(limit, 1, 500);
        var query = db.Set<AutomationEvent>().AsNoTracking();
        if (!string.IsNullOrEmpty(cursor))
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var before))
                return Problems.Field("cursor", "The cursor is not valid.");
            query = query.Where(e => e.Id < before);
        }
        if (type is not null) query = query.Where(e => e.Type == type);
        if (status is not null) query = query.Where(e => e.Status == status);
        if (customerId is not null) query = query.Where(e => e.CustomerId == customerId);
        var rows = await query.OrderByDescending(e => e.Id).Take(limit + 1).ToListAsync(ct);
        var page = rows.Take(limit).Select(AutomationEventDto.From).ToList();
        return TypedResults.Ok(new AutomationEventPage(page, rows.Count > limit ? page[^1].Id.ToString(CultureInfo.InvariantCulture) : null));
    }

    private static ProblemHttpResult UnknownType(string eventType) => Problems.Problem(StatusCodes.Status404NotFound, "Unknown event type",
        $"There is no event type '{eventType}'. The types are: {string.Join(", ", EventTypes.All.Select(t => t.Name))}.", "eventType");

    private static AutomationDto ToDto(EventType type, AutomationSetting? setting, IReadOnlyDictionary<int, string> templateNames)
    {
        setting ??= AutomationSetting.Default(type);
        return new AutomationDto(type.Name, type.Label, type.Description, type.Scheduled, setting.Enabled, setting.TemplateId,
            setting.TemplateId is { } id ? templateNames.GetValueOrDefault(id) : null,
            setting.Variables, type.Scheduled ? setting.OffsetsDays : null,
            type.MessageFields.Select(VariableFieldDto.From).ToList(),
            setting.UpdatedAt == default ? null : setting.UpdatedAt, setting.UpdatedBy) { PausedReason = setting.PausedReason };
    }
}
