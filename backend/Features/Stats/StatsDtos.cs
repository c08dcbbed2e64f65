using WhatsApp.Api.Features.Customers;

namespace WhatsApp.Api.Features.Stats;

/// <summary>One day's messages by their current status (failed includes undelivered).</summary>
public record DailyMessagesDto(DateOnly Day, int Queued, int Accepted, int Sent, int Delivered, int Read, int Failed, int Canceled);

/// <summary>Of the messages that left (accepted or later, failed included): how many were delivered (or read), and read.</summary>
public record DeliveryRateDto(int? Id, string Name, int Total, int Delivered, int Read, int Failed, double DeliveryRate, double ReadRate);

public record FailureReasonDto(string? ProviderType, string Code, string? Meaning, int Count);

public record ConsentDayDto(DateOnly Day, int OptedIn, int OptedOut);

public record OptOutSourceDto(ConsentSource Source, int Count);

public record ConsentStatsDto(int OptedInNow, int CustomersNow, IReadOnlyList<ConsentDayDto> Days, IReadOnlyList<OptOutSourceDto> OptOutsBySource);
