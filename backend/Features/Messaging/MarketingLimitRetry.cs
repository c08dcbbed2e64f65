using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Meta's per-user marketing limit (131049; Twilio reports it as 63049) says "not now" about one person, not "never":
/// the message is tried again once, <see cref="ConsentOptions.MarketingLimitRetryAfter"/> later, whether the send itself
/// or a later status callback reported it. A second refusal fails it for good. The Sent Log says when it will be tried.
/// </summary>
public static class MarketingLimitRetry
{
    public static bool Applies(string? providerType, string? code) =>
        code is not null && ProviderErrors.Describe(providerType ?? "", code) is { MarketingLimit: true };

    /// <summary>
    /// When the message is tried again, or null when it already was (its history has this code): then the failure is final.
    /// </summary>
    public static async Task<DateTime?> NextAttemptAsync(AppDbContext db, long messageId, string code, DateTime now, IOptions<ConsentOptions> options, CancellationToken ct) =>
        await db.Set<MessageStatusEvent>().AnyAsync(e => e.MessageId == messageId && e.ErrorCode == code, ct)
            ? null
            : now + options.Value.MarketingLimitRetryAfter;

    /// <summary>What the Sent Log shows while the message waits.</summary>
    public static string Explain(string message, DateTime at) =>
        $"{message} Will be retried once at {at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.";
}
