using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Billing;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Automations;

/// <summary>
/// The scheduled automations: payment reminders for unpaid bills due in N days and expiry alerts for subscriptions
/// expiring in N days, N from the automation's offsets, counted in the customer's own days. Each (bill, offset) and
/// (subscription, expiry date, offset) is raised once however often, or on however many instances, this runs: the event's
/// dedup key is unique in the database.
/// </summary>
public sealed class AutomationScans(AppDbContext db, EventOutbox events, CustomerClock customerClock, TimeProvider clock, ILogger<AutomationScans> logger)
{
    private const int ChunkSize = 500;

    /// <summary>Every time zone's today is within a day of UTC's (UTC−12 to UTC+14); a day either side covers them all.</summary>
    private static readonly int[] ZoneSpread = [-1, 0, 1];

    private sealed record Candidate(string DedupKey, int CustomerId, string EntityRef, Dictionary<string, string> Data);

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Scan for payment reminders and expiry alerts")]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var raised = await ScanBillRemindersAsync(ct) + await ScanExpiringSubscriptionsAsync(ct);
        if (raised > 0)
        {
            logger.LogInformation("Scheduled scan raised {Count} reminder and expiry events.", raised);
            events.Kick();
        }
        return raised;
    }

    public async Task<int> ScanBillRemindersAsync(CancellationToken ct)
    {
        if (await OffsetsAsync(EventTypes.BillReminder, ct) is not { } offsets) return 0;
        var utcToday = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var dates = offsets.SelectMany(o => ZoneSpread.Select(d => utcToday.AddDays(o + d))).Distinct().ToList();
        var due = from b in db.Set<Bill>().AsNoTracking()
                  join c in db.Set<Customer>().AsNoTracking() on b.CustomerId equals c.Id
                  where b.Status == BillStatus.Unpaid && dates.Contains(b.DueDate)
                  select new { Bill = b, Customer = c };

        var raised = 0;
        var afterId = 0;
        while (true)
        {
            var chunk = await due.Where(x => x.Bill.Id > afterId).OrderBy(x => x.Bill.Id).Take(ChunkSize).ToListAsync(ct);
            if (chunk.Count == 0) return raised;
            afterId = chunk[^1].Bill.Id;
            var candidates = new List<Candidate>();
            foreach (var x in chunk)
            {
                var days = x.Bill.DueDate.DayNumber - customerClock.Today(x.Customer).DayNumber;
                if (!offsets.Contains(days)) continue;
                var data = x.Bill.EventData();
                data["bill.daysUntilDue"] = days.ToString(CultureInfo.InvariantCulture);
                candidates.Add(new Candidate($"{EventTypes.BillReminder}:bill:{x.Bill.Id}:{days}", x.Customer.Id, $"bill:{x.Bill.Id}", data));
            }
            raised += await RaiseOnceAsync(EventTypes.BillReminder, candidates, ct);
        }
    }

    public async Task<int> ScanExpiringSubscriptionsAsync(CancellationToken ct)
    {
        if (await OffsetsAsync(EventTypes.SubscriptionExpiring, ct) is not { } offsets) return 0;
        var utcMidnight = clock.GetUtcNow().UtcDateTime.Date;
        var raised = 0;
        foreach (var offset in offsets)
        {
            // Subscriptions ending around that day anywhere in the world; each customer's own calendar decides below.
            var windowStart = utcMidnight.AddDays(offset - 2);
            var windowEnd = utcMidnight.AddDays(offset + 2);
            var expiring = from s in db.Set<Subscription>().AsNoTracking()
                           join c in db.Set<Customer>().AsNoTracking() on s.CustomerId equals c.Id
                           where s.ExpiresAt >= windowStart && s.ExpiresAt < windowEnd
                           select new { Subscription = s, Customer = c };
            var afterId = 0;
            while (true)
            {
                var chunk = await expiring.Where(x => x.Subscription.Id > afterId).OrderBy(x => x.Subscription.Id).Take(ChunkSize).ToListAsync(ct);
                if (chunk.Count == 0) break;
                afterId = chunk[^1].Subscription.Id;
                var candidates = new List<Candidate>();
                foreach (var x in chunk)
                {
                    var expiresOn = customerClock.LocalDate(x.Customer, x.Subscription.ExpiresAt);
                    var days = expiresOn.DayNumber - customerClock.Today(x.Customer).DayNumber;
                    if (days != offset) continue;
                    var on = expiresOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    // The expiry date is part of the key: a renewed subscription counts down again.
                    candidates.Add(new Candidate($"{EventTypes.SubscriptionExpiring}:subscription:{x.Subscription.Id}:{on}:{days}", x.Customer.Id,
                        $"subscription:{x.Subscription.Id}", new Dictionary<string, string>
                        {
                            ["subscription.plan"] = x.Subscription.Plan,
                            ["subscription.expiresAt"] = on,
                            ["subscription.daysLeft"] = days.ToString(CultureInfo.InvariantCulture),
                        }));
                }
                raised += await RaiseOnceAsync(EventTypes.SubscriptionExpiring, candidates, ct);
            }
        }
        return raised;
    }

    /// <summary>The offsets of an enabled scheduled automation; null when it is off (nothing to scan for).</summary>
    private async Task<List<int>?> OffsetsAsync(string eventType, CancellationToken ct)
    {
        var setting = await db.Set<AutomationSetting>().AsNoTracking().FirstOrDefaultAsync(s => s.EventType == eventType, ct);
        return setting is { Enabled: true, OffsetsDays: { Count: > 0 } offsets } ? offsets : null;
    }

    /// <summary>Raises the candidates whose key has not been raised before; returns how many it raised.</summary>
    private async Task<int> RaiseOnceAsync(string eventType, List<Candidate> candidates, CancellationToken ct)
    {
        if (candidates.Count == 0) return 0;
        var keys = candidates.Select(c => c.DedupKey).ToList();
        var seen = (await db.Set<AutomationEvent>().Where(e => e.DedupKey != null && keys.Contains(e.DedupKey)).Select(e => e.DedupKey!).ToListAsync(ct)).ToHashSet();
        var fresh = candidates.Where(c => !seen.Contains(c.DedupKey)).ToList();
        if (fresh.Count == 0) return 0;

        foreach (var c in fresh) Raise(eventType, c);
        if (await db.TrySaveChangesAsync(ct)) return fresh.Count;

        // Another scan raised some of them between the check and the save: one at a time, the unique key refusing repeats.
        db.ChangeTracker.Clear();
        var raised = 0;
        foreach (var c in fresh)
        {
            Raise(eventType, c);
            if (await db.TrySaveChangesAsync(ct)) raised++;
            db.ChangeTracker.Clear();
        }
        return raised;
    }

    private void Raise(string eventType, Candidate c) =>
        events.Add(eventType, c.CustomerId, c.EntityRef, c.Data, EventOrigin.Schedule, c.DedupKey);
}
