using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Costs;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Broadcasts;

/// <summary>Counts a broadcast's messages by status and moves it on when they say so (scheduled → sending → completed).</summary>
public static class BroadcastProgress
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<List<BroadcastDto>> LoadAsync(AppDbContext db, List<Broadcast> broadcasts, DateTime now, CancellationToken ct)
    {
        var ids = broadcasts.Select(b => b.Id).ToList();
        var rows = await db.Set<WhatsAppMessage>().Where(m => m.BroadcastId != null && ids.Contains(m.BroadcastId.Value))
            .GroupBy(m => new { m.BroadcastId, m.Status }).Select(g => new { g.Key.BroadcastId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        var counts = rows.GroupBy(r => r.BroadcastId!.Value).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Status, r => r.Count));
        var spend = (await MessageSpend.SumAsync(db.Set<WhatsAppMessage>().Where(m => m.BroadcastId != null && ids.Contains(m.BroadcastId.Value))
                .Select(m => new MessageSpend.Row<int> { Key = m.BroadcastId!.Value, Currency = m.CostCurrency, Cost = m.Cost }), ct))
            .ToLookup(t => t.Key, t => new MoneyDto(t.Amount, t.Currency));

        var result = new List<BroadcastDto>(broadcasts.Count);
        foreach (var b in broadcasts)
        {
            var byStatus = counts.GetValueOrDefault(b.Id) ?? [];
            await SettleAsync(db, b, byStatus.GetValueOrDefault(MessageStatus.Queued), now, ct);
            result.Add(ToDto(b, byStatus) with { Spend = spend[b.Id].OrderBy(m => m.Currency).ToList() });
        }
        return result;
    }

    /// <summary>A prepared broadcast with nothing left queued is complete; a scheduled one whose time came is sending.</summary>
    private static async Task SettleAsync(AppDbContext db, Broadcast b, int queued, DateTime now, CancellationToken ct)
    {
        if (b.Status == BroadcastStatus.Scheduled && b.ScheduledAt <= now) b.Status = BroadcastStatus.Sending;
        if (b.Status != BroadcastStatus.Sending || queued > 0) return;
        var completed = await db.Set<Broadcast>()
            .Where(x => x.Id == b.Id && (x.Status == BroadcastStatus.Sending || x.Status == BroadcastStatus.Scheduled))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, BroadcastStatus.Completed).SetProperty(x => x.CompletedAt, now)
                .SetProperty(x => x.UpdatedAt, now), ct);
        if (completed == 1) (b.Status, b.CompletedAt) = (BroadcastStatus.Completed, now);
    }

    private static BroadcastDto ToDto(Broadcast b, Dictionary<MessageStatus, int> byStatus)
    {
        int Count(params MessageStatus[] statuses) => statuses.Sum(s => byStatus.GetValueOrDefault(s));
        var written = byStatus.Values.Sum();
        var prepared = b.Status != BroadcastStatus.Preparing;
        // While recipients are still being written, the count taken at creation is the best total there is.
        var total = prepared ? written : Math.Max(b.ExpectedRecipients, written);
        var skipped = new SkippedCounts(b.SkippedNotOptedIn, b.SkippedInvalidPhone, b.SkippedDuplicate, b.SkippedMissingValue, b.SkippedNoMarketingConsent, b.SkippedFrequencyCap);
        var waiting = Count(MessageStatus.Queued) + (total - written);
        // A canceled broadcast's canceled messages are not "done": 100% beside "Canceled" would say it all went out.
        var notSent = waiting + (b.Status is BroadcastStatus.Canceled ? Count(MessageStatus.Canceled) : 0);
        var percent = b.Status is BroadcastStatus.Completed ? 100 : total == 0 ? (prepared ? 100 : 0) : (int)Math.Floor(100.0 * (total - notSent) / total);
        return new BroadcastDto(
            b.Id, b.Name, b.Status, b.TemplateId, b.TemplateName, b.TemplateLanguage,
            JsonSerializer.Deserialize<AudienceSpec>(b.AudienceJson, Json)!,
            JsonSerializer.Deserialize<Dictionary<string, string>>(b.VariablesJson, Json)!,
            b.ScheduledAt, b.CreatedBy, b.CreatedAt, b.PreparedAt, b.CompletedAt, b.CanceledAt, b.CanceledBy, b.Error,
            total, prepared ? skipped.Total : Math.Max(b.ExpectedSkipped, skipped.Total), skipped,
            Count(MessageStatus.Queued), Count(MessageStatus.Accepted), Count(MessageStatus.Sent), Count(MessageStatus.Delivered),
            Count(MessageStatus.Read), Count(MessageStatus.Failed, MessageStatus.Undelivered), Count(MessageStatus.Canceled), percent)
        {
            PausedReason = b.Status is BroadcastStatus.Preparing or BroadcastStatus.Scheduled or BroadcastStatus.Sending ? b.PausedReason : null,
        };
    }
}
