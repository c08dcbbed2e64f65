using Hangfire;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Broadcasts;

/// <summary>
/// The database, not Hangfire's (possibly in-memory) storage, says what is unfinished: on start-up and every minute,
/// broadcasts still being prepared with no live job get a fan-out job (those whose job may be dead, one at its lease's
/// end), and finished ones are marked complete.
/// </summary>
public sealed class BroadcastRecovery(AppDbContext db, IBackgroundJobClient jobs, TimeProvider clock, ILogger<BroadcastRecovery> logger)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Resume unfinished WhatsApp broadcasts")]
    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var orphaned = await db.Set<Broadcast>()
            .Where(b => b.Status == BroadcastStatus.Preparing && (b.ClaimedUntil == null || b.ClaimedUntil < now))
            .Select(b => b.Id).ToListAsync(ct);
        foreach (var id in orphaned)
        {
            logger.LogInformation("Resuming the preparation of broadcast {BroadcastId}.", id);
            jobs.Enqueue<BroadcastFanOut>(f => f.RunAsync(id, CancellationToken.None));
        }
        // Held by a job that may have died with its process (on start-up, likely this instance's previous life): a
        // fan-out job at the lease's end takes over if nobody renewed it, and leaves at once if somebody did.
        var held = await db.Set<Broadcast>()
            .Where(b => b.Status == BroadcastStatus.Preparing && b.ClaimedUntil >= now)
            .Select(b => new { b.Id, Until = b.ClaimedUntil!.Value }).ToListAsync(ct);
        foreach (var b in held)
            jobs.Schedule<BroadcastFanOut>(f => f.RunAsync(b.Id, CancellationToken.None), new DateTimeOffset(b.Until.AddSeconds(1), TimeSpan.Zero));

        var running = await db.Set<Broadcast>().AsNoTracking()
            .Where(b => b.Status == BroadcastStatus.Sending || (b.Status == BroadcastStatus.Scheduled && b.ScheduledAt <= now))
            .ToListAsync(ct);
        if (running.Count > 0) await BroadcastProgress.LoadAsync(db, running, now, ct);
    }
}
