using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Broadcasts;

/// <summary>
/// Cancels a broadcast: what has not been sent is not sent. Messages still waiting in the outbox are canceled here; one
/// a dispatcher has already claimed is left to it, and the dispatcher cancels it too (it checks the broadcast before
/// sending) unless it is already on the wire. Messages the provider has accepted stay.
/// </summary>
public sealed class BroadcastCancellation(AppDbContext db, TimeProvider clock)
{
    /// <summary>Canceled messages per transaction.</summary>
    private const int ChunkSize = 1000;

    /// <summary>
    /// Cancels the broadcast if it is preparing, scheduled or sending. Returns it as it is afterwards (null when there
    /// is no such broadcast) and whether this call canceled it.
    /// </summary>
    public async Task<(Broadcast? Broadcast, bool Canceled)> CancelAsync(int id, string? by, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var canceled = await db.Set<Broadcast>()
            .Where(b => b.Id == id && (b.Status == BroadcastStatus.Preparing || b.Status == BroadcastStatus.Scheduled || b.Status == BroadcastStatus.Sending))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, BroadcastStatus.Canceled).SetProperty(b => b.CanceledAt, now)
                .SetProperty(b => b.CanceledBy, by).SetProperty(b => b.CompletedAt, now).SetProperty(b => b.UpdatedAt, now), ct);
        var broadcast = await db.Set<Broadcast>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
        if (broadcast is null || canceled == 0) return (broadcast, false);

        // Once the broadcast is canceled, its waiting messages go too, even if the caller gives up meanwhile.
        await CancelQueuedMessagesAsync(id, $"The broadcast was canceled by {by ?? "a user"}.", now, CancellationToken.None);
        return (broadcast, true);
    }

    /// <summary>Cancels the broadcast's messages still waiting and unclaimed, a chunk per transaction.</summary>
    private async Task CancelQueuedMessagesAsync(int broadcastId, string detail, DateTime now, CancellationToken ct)
    {
        while (true)
        {
            var ids = await db.Set<WhatsAppMessage>()
                .Where(m => m.BroadcastId == broadcastId && m.Status == MessageStatus.Queued && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .OrderBy(m => m.Id).Select(m => m.Id).Take(ChunkSize).ToListAsync(ct);
            if (ids.Count == 0) return;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Set<WhatsAppMessage>()
                .Where(m => ids.Contains(m.Id) && m.Status == MessageStatus.Queued && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Canceled).SetProperty(m => m.ErrorCode, "broadcast_canceled")
                    .SetProperty(m => m.ErrorMessage, detail).SetProperty(m => m.NextAttemptAt, (DateTime?)null).SetProperty(m => m.UpdatedAt, now), ct);
            var changed = await db.Set<WhatsAppMessage>()
                .Where(m => ids.Contains(m.Id) && m.Status == MessageStatus.Canceled && m.ErrorCode == "broadcast_canceled" && m.UpdatedAt == now)
                .Select(m => m.Id).ToListAsync(ct);
            db.AddRange(changed.Select(mid => new MessageStatusEvent { MessageId = mid, Status = MessageStatus.Canceled, At = now, ErrorCode = "broadcast_canceled", Detail = detail }));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }
    }
}
