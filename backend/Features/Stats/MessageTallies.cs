using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Stats;

/// <summary>Configuration section "Stats".</summary>
public sealed class StatsOptions
{
    /// <summary>How long a past day's tallies are reused (late delivery and read reports show after this at most).</summary>
    public TimeSpan PastDayCache { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How long today's tallies are reused: the Overview polls, a million-row day need not be counted per poll.</summary>
    public TimeSpan TodayCache { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>One day's messages counted by template, provider and current status.</summary>
public sealed record MessageTally(DateOnly Day, int? TemplateId, string TemplateName, int? ProviderId, MessageStatus Status, int Count);

/// <summary>
/// The Overview's message charts (per day, per template, per provider) all come from per-day tallies: each day is
/// one GROUP BY over an index range, kept in memory for a while. At a million messages a month, counting 30 days on
/// every request took over a second (bench/README.md, stats); reused, a request counts nothing.
/// </summary>
public sealed class MessageTallies(IMemoryCache cache, IOptions<StatsOptions> options, TimeProvider clock)
{
    public async Task<List<MessageTally>> ForDaysAsync(AppDbContext db, DateTime from, int days, CancellationToken ct)
    {
        var today = clock.GetUtcNow().UtcDateTime.Date;
        var result = new List<MessageTally>();
        for (var i = 0; i < days; i++)
        {
            var day = from.AddDays(i);
            var lifetime = day >= today ? options.Value.TodayCache : options.Value.PastDayCache;
            if (lifetime <= TimeSpan.Zero)
            {
                result.AddRange(await CountAsync(db, day, ct));
                continue;
            }
            var tallies = await cache.GetOrCreateAsync(("whatsapp-message-tallies", day), entry =>
            {
                entry.AbsoluteExpirationRelativeToNow = lifetime;
                return CountAsync(db, day, ct);
            });
            result.AddRange(tallies ?? []);
        }
        return result;
    }

    private static async Task<List<MessageTally>> CountAsync(AppDbContext db, DateTime day, CancellationToken ct)
    {
        var next = day.AddDays(1);
        var rows = await db.Set<WhatsAppMessage>().AsNoTracking().Where(m => m.CreatedAt >= day && m.CreatedAt < next)
            .GroupBy(m => new { m.TemplateId, m.TemplateName, m.ProviderId, m.Status })
            .Select(g => new { g.Key.TemplateId, g.Key.TemplateName, g.Key.ProviderId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        var date = DateOnly.FromDateTime(day);
        return rows.Select(r => new MessageTally(date, r.TemplateId, r.TemplateName, r.ProviderId, r.Status, r.Count)).ToList();
    }
}
