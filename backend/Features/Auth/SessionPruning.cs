using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Auth;

/// <summary>
/// Removes sessions that no credential can use any more and nobody needs to see: ended ones once an admin has had
/// <see cref="SessionOptions.KeepFor"/> to look at them, and open ones unseen that long. Without it the table grows by
/// a row per sign-in forever (every bearer login of every script and test run is a session).
/// </summary>
public sealed class SessionPruning(AppDbContext db, TimeProvider clock, SessionOptions options)
{
    /// <summary>Deletes the sessions past keeping and returns how many went.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - options.KeepFor;
        return await db.Set<UserSession>()
            .Where(s => s.EndedAt != null ? s.EndedAt < cutoff : s.LastSeenAt < cutoff)
            .ExecuteDeleteAsync(ct);
    }
}
