using System.Collections.Concurrent;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Holds each provider to its messages-per-second: in ANY one-second window at most N sends start.
/// A ring of the last N grant times does it exactly: the next grant waits until the grant N places back is a second old.
/// (A token bucket would allow 2N across a refill boundary.) Also honours a provider-wide pause after a 429.
/// </summary>
public sealed class ProviderThrottle(TimeProvider clock)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<int, Lane> _lanes = new();

    /// <summary>Waits for a slot for this provider. A rate of 0 or less means unthrottled.</summary>
    public async ValueTask WaitAsync(int providerId, int perSecond, CancellationToken ct)
    {
        if (perSecond <= 0) return;
        var lane = _lanes.GetOrAdd(providerId, _ => new Lane());
        while (true)
        {
            TimeSpan wait;
            lock (lane)
            {
                lane.Resize(perSecond);
                var now = clock.GetTimestamp();
                var pause = lane.PausedUntil - now;
                if (pause > 0) wait = clock.GetElapsedTime(now, lane.PausedUntil);
                else
                {
                    var oldest = lane.Grants[lane.Next];
                    var sinceOldest = oldest == 0 ? Window : clock.GetElapsedTime(oldest, now);
                    if (sinceOldest >= Window)
                    {
                        lane.Grants[lane.Next] = now;
                        lane.Next = (lane.Next + 1) % lane.Grants.Length;
                        return;
                    }
                    wait = Window - sinceOldest;
                }
            }
            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, clock, ct);
        }
    }

    /// <summary>Stops every send through this provider until the time given (the provider said 429 / Retry-After).</summary>
    public void Pause(int providerId, TimeSpan duration)
    {
        var lane = _lanes.GetOrAdd(providerId, _ => new Lane());
        lock (lane)
        {
            var until = clock.GetTimestamp() + (long)(duration.TotalSeconds * clock.TimestampFrequency);
            if (until > lane.PausedUntil) lane.PausedUntil = until;
        }
    }

    private sealed class Lane
    {
        public long[] Grants = new long[1];
        public int Next;
        public long PausedUntil;

        public void Resize(int perSecond)
        {
            if (Grants.Length == perSecond) return;
            // A changed rate starts a fresh window: simplest correct choice, and rates change rarely.
            Grants = new long[perSecond];
            Next = 0;
        }
    }
}
