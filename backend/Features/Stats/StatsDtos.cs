using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;

namespace WhatsApp.Api.Features.Stats;

/// <summary>One day's messages by their current status (failed includes undelivered).</summary>
public record DailyMessagesDto(DateOnly Day, int Queued, int Accepted, int Sent, int Delivered, int Read, int Failed, int Canceled);

/// <summary>Of the messages that left (accepted or later, failed included): how many were delivered (or read), and read.</summary>
public record DeliveryRateDto(int? Id, string Name, int Total, int Delivered, int Read, int Failed, double DeliveryRate, double ReadRate);

public record FailureReasonDto(string? ProviderType, string Code, string? Meaning, int Count);

public record ConsentDayDto(DateOnly Day, int OptedIn, int OptedOut);

public record OptOutSourceDto(ConsentSource Source, int Count);

public record ConsentStatsDto(int OptedInNow, int CustomersNow, IReadOnlyList<ConsentDayDto> Days, IReadOnlyList<OptOutSourceDto> OptOutsBySource);

/// <summary>
/// A provider's health. Last success and last error are shared by every instance (written by the dispatchers);
/// the circuit state is this instance's: open while the driver refuses sends after a run of failures.
/// </summary>
/// <param name="CircuitState">"closed" (sending normally) or "open" (refusing sends until <paramref name="CircuitOpenUntil"/>).</param>
/// <param name="SentLast24h">Messages the provider accepted in the last 24 hours, to hold against its messaging tier.</param>
/// <param name="DailyMessagingLimit">The messaging tier set in its settings; null when not set.</param>
/// <param name="MessagingLimit">The messaging limit in force (the provider's word, else the setting) and the unique people reached against it in the last 24 h.</param>
public record ProviderHealthDto(
    int Id, string Name, string ProviderType, bool IsActive, bool IsStandby,
    DateTime? LastSuccessAt, DateTime? LastErrorAt, string? LastErrorCode, string? LastErrorMessage,
    string CircuitState, DateTime? CircuitOpenUntil, int SentLast24h, int? DailyMessagingLimit, MessagingLimitDto MessagingLimit);

/// <summary>What the period's <c>messages</c> of one pricing category cost, in one currency.</summary>
public record SpendDto(string Category, string Currency, int Messages, decimal Amount);

/// <summary>What the messages of one day (UTC) cost, in one currency.</summary>
public record DailySpendDto(DateOnly Day, string Currency, int Messages, decimal Amount);

/// <summary>What the period's <c>messages</c> of one template, broadcast or automation (<c>key</c>: its name, id or event type) cost, in one currency.</summary>
public record SpendByDto(string Key, string Name, string Currency, int Messages, decimal Amount);

/// <summary>
/// The send-and-callback loop on this instance, from the same measurements the metrics export (/metrics, OTLP): the
/// outbox now, and the last <c>WindowSeconds</c> of callbacks, their apply lag, throttle waits and provider answer times.
/// Percentiles are bucket bounds (accurate to a factor of 2); null when nothing was measured in the window.
/// </summary>
public record LoopHealthDto(
    int OutboxDepth, double OldestDueAgeSeconds, int WindowSeconds,
    long CallbacksReceived, double? ApplyLagP50Seconds, double? ApplyLagP99Seconds,
    long Sent, double? ThrottleWaitP99Seconds, List<ProviderLatencyDto> ProviderLatency);

/// <summary>One provider's answer times to sends over the window.</summary>
public record ProviderLatencyDto(string ProviderType, long Sends, double? P50Seconds, double? P99Seconds);
