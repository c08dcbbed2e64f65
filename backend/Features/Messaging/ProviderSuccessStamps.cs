using System.Collections.Concurrent;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// When the dispatcher writes down a provider's last success (the health card's "last success"): at most once a second
/// per provider. With every group of outcomes, that one-row UPDATE cost twice what the group's own UPDATE of its
/// accepted sends did (perf, a 100,000 send: 1.3 % of the app's CPU against 0.6 %; bench/README.md, session 18), for a
/// time the card shows to the minute. Errors are still written with their group: their code and text are news.
/// </summary>
public sealed class ProviderSuccessStamps(TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<int, long> _written = new();

    /// <summary>
    /// True when the provider's success is to be written now (and the next one then waits an <see cref="Interval"/>).
    /// Two groups asking at once may both be told yes: the second write is merely redundant.
    /// </summary>
    public bool Due(int providerId)
    {
        var now = clock.GetTimestamp();
        if (_written.TryGetValue(providerId, out var last) && clock.GetElapsedTime(last, now) < Interval) return false;
        _written[providerId] = now;
        return true;
    }
}
