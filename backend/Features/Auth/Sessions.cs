using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Auth;

public record SessionOptions
{
    /// <summary>
    /// How long one instance trusts its last look at a session. A session ended on another instance (or a user deleted,
    /// demoted or given a new password there) is refused here at the latest this long afterwards; on the instance that
    /// ended it, at once.
    /// </summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a session stays listed after it ended or was last seen. Longer than any credential lives (a cookie or a
    /// refresh token lasts 14 days, sliding), so an open session unseen this long can never be used again.
    /// </summary>
    public TimeSpan KeepFor { get; init; } = TimeSpan.FromDays(30);
}

/// <summary>
/// The server's side of every sign-in. A credential is honoured only while its session is open and the security stamp
/// it carries is the user's current one (a password change, a role change or a deletion changes or removes it).
/// </summary>
public sealed class Sessions(AppDbContext db, IMemoryCache cache, TimeProvider clock, SessionOptions options)
{
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    /// <summary>Opens a session for a sign-in that is about to be issued.</summary>
    public async Task<Guid> StartAsync(string userId, string kind, HttpContext http)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new UserSession
        {
            Id = Guid.NewGuid(), UserId = userId, Kind = kind, CreatedAt = now, LastSeenAt = now,
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 256)] : null,
        };
        db.Add(session);
        await db.SaveChangesAsync(http.RequestAborted);
        return session.Id;
    }

    /// <summary>True while the session is open and <paramref name="securityStamp"/> is still its user's.</summary>
    public async Task<bool> IsValidAsync(Guid sessionId, string? securityStamp, CancellationToken ct)
    {
        if (cache.TryGetValue(CacheKey(sessionId), out string? cachedStamp))
            return cachedStamp is not null && cachedStamp == securityStamp;

        var found = await db.Set<UserSession>().AsNoTracking()
            .Where(s => s.Id == sessionId && s.EndedAt == null)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.LastSeenAt, u.SecurityStamp })
            .FirstOrDefaultAsync(ct);
        cache.Set(CacheKey(sessionId), found?.SecurityStamp, options.CheckInterval);
        if (found is null) return false;

        var now = clock.GetUtcNow().UtcDateTime;
        if (now - found.LastSeenAt > LastSeenResolution)
            await db.Set<UserSession>().Where(s => s.Id == sessionId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), ct);
        return found.SecurityStamp == securityStamp;
    }

    /// <summary>Ends one session; its cookie or token is refused from now on. False when it was not open.</summary>
    public async Task<bool> EndAsync(Guid sessionId, string reason, string? userId = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ended = await db.Set<UserSession>()
            .Where(s => s.Id == sessionId && s.EndedAt == null && (userId == null || s.UserId == userId))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason));
        cache.Remove(CacheKey(sessionId));
        return ended > 0;
    }

    /// <summary>Ends every open session of the user but <paramref name="except"/>.</summary>
    public async Task EndAllAsync(string userId, string reason, Guid? except = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var open = db.Set<UserSession>().Where(s => s.UserId == userId && s.EndedAt == null && s.Id != except);
        foreach (var id in await open.Select(s => s.Id).ToListAsync()) cache.Remove(CacheKey(id));
        await open.ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason));
    }

    /// <summary>Forgets what this instance remembers about the user's sessions, after their stamp changed or they were deleted.</summary>
    public async Task ForgetUserAsync(string userId)
    {
        foreach (var id in await db.Set<UserSession>().Where(s => s.UserId == userId).Select(s => s.Id).ToListAsync())
            cache.Remove(CacheKey(id));
    }

    private static string CacheKey(Guid sessionId) => $"session:{sessionId:N}";
}
