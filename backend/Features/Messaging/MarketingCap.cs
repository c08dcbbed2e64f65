using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Configuration section "Consent": how much marketing one person may get, and how Meta's per-user marketing limit
/// (131049) is retried.
/// </summary>
public sealed class ConsentOptions
{
    public MarketingCapOptions MarketingCap { get; set; } = new();

    /// <summary>How long after Meta's 131049 (or Twilio's 63049) a marketing message is tried again — once.</summary>
    public TimeSpan MarketingLimitRetryAfter { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>At most <see cref="Messages"/> marketing messages per customer in any <see cref="Days"/> days; 0 messages: no cap.</summary>
public sealed class MarketingCapOptions
{
    public int Messages { get; set; } = 2;
    public int Days { get; set; } = 7;
}

/// <summary>
/// The marketing frequency cap: who already had their share of offers. Counts the MARKETING messages created for a
/// customer in the window that were not failed or canceled (queued and scheduled ones count: they will go).
/// </summary>
public sealed class MarketingCap(AppDbContext db, TimeProvider clock, IOptions<ConsentOptions> options)
{
    public MarketingCapOptions Settings => options.Value.MarketingCap;

    /// <summary>Of <paramref name="customerIds"/>, those who may get no more marketing now. Empty when the cap is off.</summary>
    public async Task<HashSet<int>> CappedAsync(IReadOnlyCollection<int> customerIds, CancellationToken ct)
    {
        var cap = Settings;
        if (cap.Messages <= 0 || customerIds.Count == 0) return [];
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-Math.Max(1, cap.Days));
        var marketing = db.Set<WhatsAppTemplate>().Where(t => t.Category == TemplateCategory.MARKETING).Select(t => (int?)t.Id);
        var counts = await db.Set<WhatsAppMessage>().AsNoTracking()
            .Where(m => m.CustomerId != null && customerIds.Contains(m.CustomerId.Value) && m.CreatedAt >= since
                        && m.Status < MessageStatus.Failed
                        && marketing.Contains(m.TemplateId))
            .GroupBy(m => m.CustomerId!.Value).Select(g => new { CustomerId = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return counts.Where(c => c.Count >= cap.Messages).Select(c => c.CustomerId).ToHashSet();
    }
}
