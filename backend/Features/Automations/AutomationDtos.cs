using WhatsApp.Api.Features.Templates;

namespace WhatsApp.Api.Features.Automations;

/// <summary>
/// One event type's automation. <c>fields</c> are what its template variables can use (the customer's, then the event's).
/// <c>offsetsDays</c> only for scheduled types (reminders, expiry alerts): days before the date, 0 on the day, negative after.
/// </summary>
public record AutomationDto(
    string EventType,
    string Label,
    string Description,
    bool Scheduled,
    bool Enabled,
    int? TemplateId,
    string? TemplateName,
    Dictionary<string, string> Variables,
    List<int>? OffsetsDays,
    List<VariableFieldDto> Fields,
    DateTime? UpdatedAt,
    string? UpdatedBy)
{
    /// <summary>Why the automation is paused (its template was paused, disabled, rejected or re-categorised); null when it runs.</summary>
    public string? PausedReason { get; init; }
}

/// <summary>
/// Replaces the automation's settings. Enabling needs an APPROVED template with every variable mapped to text and fields
/// such as <c>{{customer.name}}</c> or <c>{{payment.amount}}</c>; scheduled types also need at least one offset.
/// </summary>
public record SaveAutomationRequest(bool? Enabled, int? TemplateId, Dictionary<string, string?>? Variables, List<int>? OffsetsDays = null);

/// <summary>Renders a template for this event with example values; omitted fields fall back to the saved settings. <c>customerId</c>: use a real customer's fields.</summary>
public record PreviewAutomationRequest(int? TemplateId = null, Dictionary<string, string?>? Variables = null, int? CustomerId = null);

/// <summary>The message as it would read; <c>missing</c> names variables that would have no value (such a message is not sent).</summary>
public record AutomationPreviewDto(Dictionary<string, string> Parameters, string RenderedBody, List<string> Missing);

/// <summary>An event the application (or another system) raised, and what became of it: its message, or why it has none.</summary>
public record AutomationEventDto(
    long Id,
    string Type,
    int? CustomerId,
    string EntityRef,
    EventOrigin Origin,
    AutomationEventStatus Status,
    string? SkipReason,
    string? Detail,
    long? MessageId,
    int Attempts,
    Dictionary<string, string> Data,
    DateTime OccurredAt,
    DateTime CreatedAt,
    DateTime? ProcessedAt)
{
    public static AutomationEventDto From(AutomationEvent e) => new(e.Id, e.Type, e.CustomerId, e.EntityRef, e.Origin, e.Status, e.SkipReason,
        e.Detail, e.MessageId, e.Attempts, EventOutbox.ReadData(e), e.OccurredAt, e.CreatedAt, e.ProcessedAt);
}

public record AutomationEventPage(IReadOnlyList<AutomationEventDto> Items, string? NextCursor);
