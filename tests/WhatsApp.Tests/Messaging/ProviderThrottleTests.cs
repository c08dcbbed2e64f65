using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Infrastructure;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Messaging;

/// <summary>
/// The throttle on a clock the test moves (exact, with no scheduling jitter in the way), over the real database
/// where its shared timeline lives. Two throttles on one database stand for two instances.
/// </summary>
public class ProviderThrottleTests(SharedApp app) : IClassFixture<SharedApp>
{
    private async Task<int> NewProviderAsync() => await app.WithDbAsync(async db =>
    {
        var row = new WhatsAppProvider
        {
            Name = $"throttle-{Guid.NewGuid():N}", ProviderType = "twilio", EncryptedCredentials = "{}",
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        row.Rename(row.Name);
        db.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    });

    private ProviderThrottle NewThrottle(TimeProvider clock) =>
        new(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<SqliteWriteGate>(), clock, NullLogger<ProviderThrottle>.Instance);

    /// <param name="stall">How long the process stands still once every send has its slot, as in a long collection.</param>
    private static async Task<List<DateTimeOffset>> GrantTimesAsync(FakeTimeProvider clock, IReadOnlyList<ProviderThrottle> throttles, int providerId, int perSecond, int sends,
        TimeSpan stall = default)
    {
        var granted = new List<DateTimeOffset>();
        var waits = Enumerable.Range(0, sends).Select(async i =>
        {
            await Task.Yield();
            await throttles[i % throttles.Count].WaitAsync(providerId, perSecond, CancellationToken.None);
            lock (granted) granted.Add(clock.GetUtcNow());
        }).ToList();
        if (stall > TimeSpan.Zero)
        {
            // The clock stands still meanwhile, so the sends take their slots and wait; then they all wake late together.
            await Task.Delay(500);
            clock.Advance(stall);
        }
        for (var step = 0; step < 2000 && waits.Any(w => !w.IsCompleted); step++)
        {
            // Small steps: a database round trip happens between grants, and the clock must not outrun it.
            await Task.Delay(2);
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }
        await Task.WhenAll(waits);
        return granted.Order().ToList();
    }

    private static void AssertNoWindowOverLimit(List<DateTimeOffset> times, int perSecond)
    {
        for (var i = 0; i + perSecond < times.Count; i++)
            Assert.True(times[i + perSecond] - times[i] >= TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(10),
                $"grants {i}..{i + perSecond} within {(times[i + perSecond] - times[i]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task No_one_second_window_holds_more_grants_than_the_limit()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var provider = await NewProviderAsync();
        var times = await GrantTimesAsync(clock, [NewThrottle(clock)], provider, perSecond: 20, sends: 70);
        Assert.Equal(70, times.Count);
        AssertNoWindowOverLimit(times, 20);
        // And it does not hold back more than it must: 70 sends at 20 a second take 3.5 s, not 4.
        Assert.True(times[^1] - times[0] < TimeSpan.FromSeconds(3.7), $"took {(times[^1] - times[0]).TotalSeconds} s");
    }

    [Fact]
    public async Task Grants_are_spaced_out_not_bunched_at_the_start_of_each_second()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var provider = await NewProviderAsync();
        var times = await GrantTimesAsync(clock, [NewThrottle(clock)], provider, perSecond: 20, sends: 40);
        // At 20 a second a quarter of a second holds about 5 grants, never the whole second's 20.
        for (var i = 0; i + 8 < times.Count; i++)
            Assert.True(times[i + 8] - times[i] >= TimeSpan.FromMilliseconds(250), $"9 grants within {(times[i + 8] - times[i]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Sends_that_wake_late_from_a_stall_take_new_slots_instead_of_going_out_together()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var provider = await NewProviderAsync();
        var times = await GrantTimesAsync(clock, [NewThrottle(clock)], provider, perSecond: 20, sends: 40, stall: TimeSpan.FromSeconds(3));
        Assert.Equal(40, times.Count);
        AssertNoWindowOverLimit(times, 20);
    }

    [Fact]
    public async Task Two_instances_share_one_limit()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var provider = await NewProviderAsync();
        var times = await GrantTimesAsync(clock, [NewThrottle(clock), NewThrottle(clock)], provider, perSecond: 20, sends: 70);
        Assert.Equal(70, times.Count);
        // Per instance it would be 40 a second: the two together still keep to 20.
        AssertNoWindowOverLimit(times, 20);
    }

    [Fact]
    public async Task A_pause_after_a_429_stops_every_grant_on_every_instance_until_it_ends()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var provider = await NewProviderAsync();
        var paused = NewThrottle(clock);
        var other = NewThrottle(clock);
        var start = clock.GetUtcNow();
        await paused.PauseAsync(provider, TimeSpan.FromSeconds(3), CancellationToken.None);
        var times = await GrantTimesAsync(clock, [other], provider, perSecond: 100, sends: 10);
        Assert.All(times, t => Assert.True(t - start >= TimeSpan.FromSeconds(3), $"granted {(t - start).TotalMilliseconds} ms after the pause began"));
    }
}
