using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Takes over from a dispatcher that died: every third of a <see cref="DispatchOptions.Lease"/> (or at the earliest end of
/// a claim, if sooner) it looks for claims on queued messages that were not renewed, and for due messages nobody has
/// claimed for that long, and starts a dispatch run here if it finds either. So a dead process's rows go out again
/// within about one lease, from a restart of it or from any other instance on the database, whether or not that
/// instance was dispatching itself.
/// <para>Cost: a MIN over the queued rows' claims and one indexed look-up per look.</para>
/// </summary>
public sealed class ClaimWatch(IServiceScopeFactory scopes, TimeProvider clock, IOptions<DispatchOptions> options, ILogger<ClaimWatch> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lease = options.Value.Lease;
        // A third of a lease: a lapse or a due message nobody takes is seen within this (cost: two indexed look-ups).
        var look = lease / 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = look;
            try
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var (end, oldestDue) = await LookAsync(now, stoppingToken);
                if (end < now || now - oldestDue > look)
                {
                    // Claims nobody renewed (their holder died), or due messages nobody claimed (the instance that was
                    // sending them died before this one had a run of its own).
                    logger.LogInformation("Claims lapsed at {End:o} or messages due since {Due:o} unclaimed; dispatching here.", end, oldestDue);
                    RunDispatch(stoppingToken);
                }
                else if (end is { } claimEnd && claimEnd - now < wait) wait = claimEnd - now + TimeSpan.FromMilliseconds(100);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Looking for lapsed claims failed; looking again in {Wait}.", wait);
            }
            try { await Task.Delay(wait, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>
    /// A dispatch run in this process, not through the job queue: a queued job could wait for a worker's poll, or behind
    /// a pending one that the dead instance had fetched and took with it. A run already going here takes the rows itself
    /// (this one then leaves at once).
    /// </summary>
    private void RunDispatch(CancellationToken ct) => _ = Task.Run(async () =>
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DispatchJob>().RunAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Taking back lapsed claims failed; the next look tries again.");
        }
    }, CancellationToken.None);

    /// <summary>The earliest end of a claim on a queued message, and the oldest due time among unclaimed queued ones.</summary>
    private async Task<(DateTime? ClaimEnd, DateTime? OldestDue)> LookAsync(DateTime now, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var queued = db.Set<WhatsAppMessage>().Where(m => m.Status == MessageStatus.Queued);
        var end = await queued.Where(m => m.ClaimedUntil != null).MinAsync(m => m.ClaimedUntil, ct);
        var due = await queued.Where(m => m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.NextAttemptAt).Select(m => (DateTime?)m.NextAttemptAt).FirstOrDefaultAsync(ct);
        return (end, due);
    }
}
