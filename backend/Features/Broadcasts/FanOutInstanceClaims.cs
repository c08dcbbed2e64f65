using Hangfire;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;
using WhatsApp.Api.Infrastructure.Instances;

namespace WhatsApp.Api.Features.Broadcasts;

/// <summary>
/// The fan-out leases of instances that stopped beating: freed whatever their end, and each broadcast's fan-out job
/// enqueued again; it resumes at the broadcast's cursor.
/// </summary>
public sealed class FanOutInstanceClaims(IServiceScopeFactory scopes, IBackgroundJobClient jobs, ILogger<FanOutInstanceClaims> logger) : IDeadInstanceClaims
{
    public async Task<int> ReleaseAsync(IReadOnlyCollection<Guid> deadInstances, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var held = db.Set<Broadcast>().Where(b => b.Status == BroadcastStatus.Preparing && b.ClaimToken != null
                                                  && b.ClaimedBy != null && deadInstances.Contains(b.ClaimedBy.Value));
        var ids = await held.Select(b => b.Id).ToListAsync(ct);
        if (ids.Count == 0) return 0;
        await held.ExecuteUpdateAsync(s => s.SetProperty(b => b.ClaimToken, (Guid?)null).SetProperty(b => b.ClaimedUntil, (DateTime?)null), ct);
        foreach (var id in ids)
        {
            logger.LogInformation("Resuming the preparation of broadcast {BroadcastId}, whose instance stopped.", id);
            jobs.Enqueue<BroadcastFanOut>(f => f.RunAsync(id, CancellationToken.None));
        }
        return ids.Count;
    }
}
