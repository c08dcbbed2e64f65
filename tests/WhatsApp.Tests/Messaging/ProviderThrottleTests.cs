using Microsoft.Extensions.Time.Testing;
using WhatsApp.Api.Features.Messaging;

namespace WhatsApp.Tests.Messaging;

/// <summary>The throttle on a clock the test moves: exact, with no scheduling jitter in the way.</summary>
public class ProviderThrottleTests
{
    private static async Task<List<DateTimeOffset>> GrantTimesAsync(FakeTimeProvider clock, ProviderThrottle throttle, int perSecond, int sends)
    {
        var granted = new List<DateTimeOffset>();
        var waits = Enumerable.Range(0, sends).Select(async _ =>
        {
            await throttle.WaitAsync(providerId: 1, perSecond, CancellationToken.None);
            lock (granted) granted.Add(clock.GetUtcNow());
        }).ToList();
        for (var step = 0; step < 400 && waits.Any(w => !w.IsCompleted); step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(1);
        }
        await Task.WhenAll(waits);
        return granted.Order().ToList();
    }

    [Fact]
    public async Task No_one_second_window_holds_more_grants_than_the_limit()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var times = await GrantTimesAsync(clock, new ProviderThrottle(clock), perSecond: 5, sends: 23);
        Assert.Equal(23, times.Count);
        for (var i = 0; i + 5 < times.Count; i++)
            Assert.True(times[i + 5] - times[i] >= TimeSpan.FromSeconds(1), $"grants {i}..{i + 5} within {(times[i + 5] - times[i]).TotalMilliseconds} ms");
        // And it does not hold back more than it must: 23 sends at 5 a second take four seconds, not five.
        Assert.True(times[^1] - times[0] < TimeSpan.FromSeconds(4.2), $"took {(times[^1] - times[0]).TotalSeconds} s");
    }

    [Fact]
    public async Task A_pause_after_a_429_stops_every_grant_until_it_ends()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var throttle = new ProviderThrottle(clock);
        var start = clock.GetUtcNow();
        throttle.Pause(1, TimeSpan.FromSeconds(3));
        var times = await GrantTimesAsync(clock, throttle, perSecond: 100, sends: 10);
        Assert.All(times, t => Assert.True(t - start >= TimeSpan.FromSeconds(3), $"granted {(t - start).TotalMilliseconds} ms after the pause began"));
    }
}
