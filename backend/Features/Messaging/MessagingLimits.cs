using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// A provider's messaging limit and how much of it the last 24 hours used. <c>Limit</c> null: unlimited (or, with
/// <c>Source</c> null, nobody said). <c>Source</c>: "provider" (read from it, <c>Tier</c> as it names it) or "settings"
/// (set by an admin). <c>Reached</c>: unique people who got a business-initiated message (a template sent while their
/// service window was closed) in the last 24 hours — people, not messages.
/// </summary>
public record MessagingLimitDto(int? Limit, string? Source, string? Tier, DateTime? TierReadAt, int Reached, int? Remaining);

/// <summary>
/// A broadcast held against the limit: <c>NewRecipients</c> of its recipients would count (not reached in the last
/// 24 hours and without an open service window); <c>Over</c> of them would go past what is left (0: it fits). Without a
/// limit (unlimited or unknown) nothing is held against it and both are 0.
/// </summary>
public record MessagingLimitCheckDto(MessagingLimitDto Usage, int NewRecipients, int Over);

/// <summary>
/// WhatsApp's messaging limit: a business reaches at most N unique people outside their service windows in a moving
/// 24 hours (250 → 2,000 → 10K → 100K → unlimited). Messages inside an open window, and further messages to someone
/// already reached, do not count. Counted per provider account, from the messages it accepted (failed ones included:
/// the provider counted them when it took them).
/// </summary>
public sealed class MessagingLimits(AppDbContext db, IServiceWindows windows, TimeProvider clock)
{
    public static readonly TimeSpan Period = TimeSpan.FromHours(24);

    private IQueryable<string> ReachedPhones(int providerId, DateTime now)
    {
        var since = now - Period;
        var templates = db.Set<WhatsAppMessage>().AsNoTracking()
            .Where(m => m.ProviderId == providerId && m.Body == null && m.AcceptedAt > since && m.AcceptedAt <= now);
        return windows.OutsideWindow(templates).Select(m => m.ToPhone).Distinct();
    }

    public async Task<MessagingLimitDto> UsageAsync(WhatsAppProvider provider, CancellationToken ct)
    {
        var reached = await ReachedPhones(provider.Id, clock.GetUtcNow().UtcDateTime).CountAsync(ct);
        return Usage(provider, reached);
    }

    /// <summary>Starts holding a broadcast's recipients against the active provider's limit; add each with <see cref="Check.Add"/>.</summary>
    public async Task<Check> CheckAsync(WhatsAppProvider provider, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var open = await windows.OpenAtAsync(now, ct);
        // An unlimited account may reach millions a day: their phones are loaded only when there is a limit to hold them against.
        if (MessagingTiers.Of(provider).Limit is null)
            return new Check(Usage(provider, await ReachedPhones(provider.Id, now).CountAsync(ct)), null, open);
        var reached = (await ReachedPhones(provider.Id, now).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return new Check(Usage(provider, reached.Count), reached, open);
    }

    private static MessagingLimitDto Usage(WhatsAppProvider provider, int reached)
    {
        var (limit, source) = MessagingTiers.Of(provider);
        return new MessagingLimitDto(limit, source, source == MessagingTiers.FromProvider ? provider.MessagingTier : null,
            provider.MessagingTierReadAt, reached, limit is { } l ? Math.Max(0, l - reached) : null);
    }

    /// <param name="reached">The phones reached in the last 24 hours; null when there is no limit to count against.</param>
    public sealed class Check(MessagingLimitDto usage, HashSet<string>? reached, HashSet<string> openWindows)
    {
        private int _new;

        public void Add(string phone)
        {
            if (reached is not null && !reached.Contains(phone) && !openWindows.Contains(phone)) _new++;
        }

        /// <summary>Whether <paramref name="phone"/>'s service window is open now.</summary>
        public bool IsWindowOpen(string phone) => openWindows.Contains(phone);

        public MessagingLimitCheckDto ToDto() => new(usage, _new, usage.Remaining is { } left ? Math.Max(0, _new - left) : 0);
    }
}
