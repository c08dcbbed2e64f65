using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Broadcasts;

/// <summary>
/// Broadcasts as users of templates: a paused broadcast's queued messages are held (their next attempt moved past any
/// real date) instead of each failing at the provider; resuming gives them back their time (or now).
/// </summary>
public sealed class BroadcastTemplateUser(AppDbContext db, DispatchTrigger dispatch, TimeProvider clock) : ITemplateUser
{
    /// <summary>"Not before" for held messages: later than anything real, within every store's date range.</summary>
    internal static readonly DateTime Held = new(9000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly BroadcastStatus[] Pausable = [BroadcastStatus.Preparing, BroadcastStatus.Scheduled, BroadcastStatus.Sending];

    public async Task<int> PauseAsync(int templateId, string reason, bool byStatus, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = await db.Set<Broadcast>().Where(b => b.TemplateId == templateId && Pausable.Contains(b.Status) && b.PausedReason == null)
            .Select(b => b.Id).ToListAsync(ct);
        if (ids.Count == 0) return 0;
        await db.Set<Broadcast>().Where(b => ids.Contains(b.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.PausedReason, reason.Truncate(1000)).SetProperty(b => b.PausedAt, now)
                .SetProperty(b => b.PausedByTemplateStatus, byStatus), ct);
        await db.Set<WhatsAppMessage>().Where(m => m.BroadcastId != null && ids.Contains(m.BroadcastId.Value) && m.Status == MessageStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, Held), ct);
        return ids.Count;
    }

    public async Task<int> ResumeAsync(int templateId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var paused = await db.Set<Broadcast>().Where(b => b.TemplateId == templateId && b.PausedReason != null && b.PausedByTemplateStatus)
            .Select(b => new { b.Id, b.ScheduledAt }).ToListAsync(ct);
        foreach (var b in paused)
        {
            var due = b.ScheduledAt is { } at && at > now ? at : now;
            await db.Set<WhatsAppMessage>().Where(m => m.BroadcastId == b.Id && m.Status == MessageStatus.Queued && m.NextAttemptAt >= Held)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, due), ct);
            await db.Set<Broadcast>().Where(x => x.Id == b.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.PausedReason, (string?)null).SetProperty(x => x.PausedAt, (DateTime?)null), ct);
            if (due > now) dispatch.KickAt(due);
        }
        if (paused.Count > 0) dispatch.Kick();
        return paused.Count;
    }

    public async Task<IReadOnlyList<PausedUseDto>> PausedAsync(CancellationToken ct)
    {
        var paused = await db.Set<Broadcast>().AsNoTracking().Where(b => b.PausedReason != null && Pausable.Contains(b.Status))
            .Select(b => new { b.Id, b.Name, b.TemplateName, b.TemplateId, b.PausedReason, b.PausedAt }).ToListAsync(ct);
        return paused.Select(b => new PausedUseDto("broadcast", b.Name ?? $"Broadcast {b.Id} ({b.TemplateName})", $"/whatsapp/broadcasts/{b.Id}",
            b.TemplateId, b.PausedReason!, b.PausedAt ?? DateTime.MinValue)).ToList();
    }
}
