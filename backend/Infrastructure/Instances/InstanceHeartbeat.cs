using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace WhatsApp.Api.Infrastructure.Instances;

/// <summary>
/// Every <see cref="InstanceOptions.HeartbeatInterval"/>: writes this instance's last-seen time, then looks for instances
/// unheard of for <see cref="InstanceOptions.DeadAfter"/>; their claims are freed by every <see cref="IDeadInstanceClaims"/>
/// and their rows removed. So the work a killed process held resumes seconds after it died, on a restart of it or on any
/// other instance, however long the claims' leases. A stopping instance removes its own row.
/// <para>Cost: one single-row UPDATE and one indexed look-up per beat.</para>
/// </summary>
public sealed class InstanceHeartbeat(
    IServiceScopeFactory scopes, InstanceIdentity self, IEnumerable<IDeadInstanceClaims> claims, TimeProvider clock,
    IOptions<InstanceOptions> options, ILogger<InstanceHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await BeatAsync(stoppingToken); }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "The instance heartbeat failed; trying again in {Interval}.", options.Value.HeartbeatInterval);
            }
            try { await Task.Delay(options.Value.HeartbeatInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>One beat: this instance is alive; instances that stopped lose their claims.</summary>
    public async Task BeatAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var instances = db.Set<AppInstance>();
        var now = clock.GetUtcNow().UtcDateTime;
        using (await scope.ServiceProvider.GetRequiredService<SqliteWriteGate>().EnterAsync(db, ct))
        {
            // Taken for dead and removed by another instance (a long freeze): it comes back as it was.
            if (await instances.Where(i => i.Id == self.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.LastSeenAt, now), ct) == 0)
            {
                instances.Add(new AppInstance { Id = self.Id, Name = self.Name, StartedAt = now, LastSeenAt = now });
                await db.SaveChangesAsync(ct);
            }
        }

        var deadline = now - options.Value.DeadAfter;
        var dead = await instances.Where(i => i.LastSeenAt < deadline && i.Id != self.Id).Select(i => i.Id).ToListAsync(ct);
        if (dead.Count == 0) return;
        var freed = 0;
        foreach (var feature in claims) freed += await feature.ReleaseAsync(dead, ct);
        // Removed only once their claims are free: a failure above is tried again at the next beat.
        await instances.Where(i => dead.Contains(i.Id)).ExecuteDeleteAsync(ct);
        logger.LogWarning("{Count} instance(s) stopped beating ({Instances}); {Freed} of their claims were taken back.", dead.Count, string.Join(", ", dead), freed);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<AppInstance>().Where(i => i.Id == self.Id).ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception ex) { logger.LogDebug(ex, "Removing this instance's heartbeat row failed; others remove it when it is stale."); }
    }
}
