using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Providers;

/// <summary>
/// Moves the single "active" flag in one transaction. The filtered unique index guarantees at most one active row;
/// when two switches race, the loser hits that index and simply tries again on fresh data (on PostgreSQL they queue
/// on an advisory lock first).
/// </summary>
public sealed class ActiveProviderSwitch(AppDbContext db, TimeProvider clock, ILogger<ActiveProviderSwitch> logger)
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Queues this transaction behind any other change of the active or standby provider. SQLite runs one writer at a
    /// time. PostgreSQL's read committed lets two switches each clear the rows *they* saw active and then collide on
    /// the index, again and again under load: there they take one advisory lock, held until the transaction ends.
    /// </summary>
    public static async Task QueueAsync(AppDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('whatsapp:active-provider'))", ct);
    }

    /// <returns>False when the provider does not exist (any more).</returns>
    public async Task<bool> ActivateAsync(int id, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await QueueAsync(db, ct);
                var now = clock.GetUtcNow().UtcDateTime;
                await db.WhatsAppProviders.Where(p => p.IsActive && p.Id != id)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false).SetProperty(p => p.UpdatedAt, now), ct);
                // A standby that becomes active is no longer its own standby.
                var updated = await db.WhatsAppProviders.Where(p => p.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, true).SetProperty(p => p.IsStandby, false).SetProperty(p => p.UpdatedAt, now), ct);
                if (updated == 0) return false;
                await tx.CommitAsync(ct);
                return true;
            }
            catch (Exception ex) when (attempt < MaxAttempts && ex is DbUpdateException or System.Data.Common.DbException)
            {
                logger.LogInformation("Set-active of provider {ProviderId} collided with another switch; retrying ({Attempt}).", id, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(20 * attempt), ct);
            }
        }
    }
}
