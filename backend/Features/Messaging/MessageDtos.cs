using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>Send one: to, template name (and optionally language), parameters keyed by placeholder name.</summary>
public record SendMessageRequest(string? To, string? TemplateName, Dictionary<string, string?>? Parameters, string? Language = null);

public record MessageError(string Code, string? Message, string? Meaning);

public record MessageStatusEventDto(MessageStatus Status, DateTime At, string? ErrorCode, string? Detail);

public record MessageDto(
    long Id,
    string To,
    int? CustomerId,
    string? CustomerName,
    int? TemplateId,
    string TemplateName,
    string Language,
    Dictionary<string, string> Parameters,
    int? ProviderId,
    string? ProviderType,
    string? ProviderMessageId,
    MessageStatus Status,
    MessageError? Error,
    int Attempts,
    MessageSource Source,
    int? BroadcastId,
    string? EventType,
    string? EntityRef,
    DateTime CreatedAt,
    DateTime? AcceptedAt,
    DateTime? SentAt,
    DateTime? DeliveredAt,
    DateTime? ReadAt,
    DateTime? FailedAt,
    DateTime? NextAttemptAt,
    /// <summary>The provider's pricing category (marketing, utility, authentication, service …); null until a report says.</summary>
    string? PricingCategory,
    /// <summary>Whether the provider charges for it; null until a report says.</summary>
    bool? Billable,
    /// <summary>What it costs in <c>costCurrency</c>; null when unknown.</summary>
    decimal? Cost,
    string? CostCurrency,
    /// <summary>Where the cost comes from: "provider" (the price the provider reported it charged) or "card" (the rate card's estimate); null when there is no cost.</summary>
    string? CostSource = null);

public record MessageDetailDto(MessageDto Message, string? RenderedBody, IReadOnlyList<MessageStatusEventDto> History);

public record MessagePage(IReadOnlyList<MessageDto> Items, string? NextCursor);

/// <summary><c>estimated</c>: more than <c>count</c> match; the exact number was not worth counting.</summary>
public record MessageCount(int Count, bool Estimated);

/// <summary>
/// A customer the filtered messages went to, once however many of them there were: who a failure affected.
/// <c>LastErrorCode</c> is the newest of those messages' error code, if it has one.
/// </summary>
public record AffectedCustomerDto(int CustomerId, string Name, string Phone, bool WhatsAppOptIn, int Messages, DateTime LastAt, string? LastErrorCode);

/// <summary><c>truncated</c>: more customers match than the list holds (<see cref="AffectedCustomers.Cap"/>).</summary>
public record AffectedCustomersDto(IReadOnlyList<AffectedCustomerDto> Items, bool Truncated);
