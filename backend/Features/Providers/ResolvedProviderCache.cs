using System.Collections.Concurrent;

namespace WhatsApp.Api.Features.Providers;

/// <summary>
/// Resolved providers (row, driver, decrypted credentials) kept for <see cref="Lifetime"/>, for the webhooks: every
/// status callback needs its provider's secret to check the signature, and reading the row and decrypting it cost
/// 0.64 ms of CPU per callback, a third of the callback's whole cost (bench/README.md, webhooks). An edit or delete
/// on this instance forgets the provider at once; other instances see it within <see cref="Lifetime"/> (as sessions are
/// trusted for <c>Auth:SessionCheckSeconds</c>), so a rotated auth token is refused by them for at most that long and
/// the provider retries.
/// </summary>
public sealed class ResolvedProviderCache(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<int, (ResolvedProvider? Provider, DateTimeOffset LoadedAt)> _entries = new();

    /// <summary>The cached provider (null: no such provider) if it is fresh; otherwise <paramref name="load"/>'s, kept.</summary>
    public async Task<ResolvedProvider?> GetAsync(int id, Func<Task<ResolvedProvider?>> load)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(id, out var entry) && now - entry.LoadedAt < Lifetime) return entry.Provider;
        var provider = await load();
        _entries[id] = (provider, now);
        return provider;
    }

    public void Forget(int id) => _entries.TryRemove(id, out _);
}
