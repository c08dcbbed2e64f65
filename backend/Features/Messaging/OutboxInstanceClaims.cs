using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;
using WhatsApp.Api.Infrastructure.Instances;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// The outbox's claims of instances that stopped beating: freed whatever their lease says, and a dispatch run kicked
/// here to send them. Only queued rows are touched (a claim on anything else is spent); the scan uses the outbox's
/// index of queued rows, so it reads those only.
/// </summary>
public sealed class OutboxInstanceClaims(IServiceScopeFactory scopes, DispatchTrigger dispatch) : IDeadInstanceClaims
{
    public async Task<int> ReleaseAsync(IReadOnlyCollection<Guid> deadInstances, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        int freed;
        using (await scope.ServiceProvider.GetRequiredService<SqliteWriteGate>().EnterAsync(db, ct))
            freed = await db.Set<WhatsAppMessage>()
                .Where(m => m.Status == MessageStatus.Queued && m.ClaimToken != null && m.ClaimedBy != null && deadInstances.Contains(m.ClaimedBy.Value))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null), ct);
        if (freed > 0) dispatch.Kick();
        return freed;
    }
}
