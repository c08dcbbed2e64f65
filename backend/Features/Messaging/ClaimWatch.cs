using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Takes back the claims of a dispatcher that stopped renewing them (its process died): it sleeps until the earliest
/// end of any claim on a queued message and starts a dispatch run if that claim was not renewed meanwhile. So a dead
/// process's rows go out again within about one <see cref="DispatchOptions.Lease"/>, from a restart of it or from any
/// other instance on the database, whether or not that instance was dispatching itself.
/// <para>Cost: one MIN over the queued rows per wake-up; while claims are held that is about once per renewal, otherwise
/// once per lease.</para>
/// </summary>
public sealed class ClaimWatch(IServiceScopeFactory scopes, TimeProvider clock, IOptions<DispatchOptions> options, ILogger<ClaimWatch> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lease = options.Value.Lease;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = lease;
            try
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (await EarliestClaimEndAsync(stoppingToken) is { } end)
                {
                    if (end < now)
                    {
                        logger.LogInformation("Claims on queued messages lapsed at {End:o} without renewal; taking them back.", end);
                        RunDispatch(stoppingToken);
                        // The run that takes them needs a moment; do not start another before it could have.
                        wait = lease / 3;
                    }
                    else if (end - now < wait) wait = end - now + TimeSpan.FromMilliseconds(100);
                }
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

    private async Task<DateTime?> EarliestClaimEndAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<WhatsAppMessage>().Where(m => m.Status == MessageStatus.Queued && m.ClaimedUntil != null).MinAsync(m => m.ClaimedUntil, ct);
    }
}
