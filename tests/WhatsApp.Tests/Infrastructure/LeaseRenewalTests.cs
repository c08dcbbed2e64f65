using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Tests.Infrastructure;

/// <summary>A claim is renewed every third of its lease; its holder sends only while the claim is sure to outlast the send.</summary>
public class LeaseRenewalTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(9);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task A_claim_renewed_in_time_holds_for_as_long_as_the_work_takes()
    {
        var renewals = new SemaphoreSlim(0);
        await using var renewal = LeaseRenewal.Start(Lease, Now + Lease, _clock, NullLogger.Instance, (_, _) =>
        {
            renewals.Release();
            return Task.CompletedTask;
        });
        for (var i = 0; i < 10; i++)
        {
            _clock.Advance(Lease / 3);
            Assert.True(await renewals.WaitAsync(TimeSpan.FromSeconds(10)));
            await Task.Delay(20);
            Assert.True(renewal.Holds(), $"after {(i + 1) * 3} s");
        }
    }

    [Fact]
    public async Task A_claim_whose_renewal_landed_after_its_end_never_holds_again_though_later_renewals_succeed()
    {
        var stalled = new TaskCompletionSource();
        var calls = 0;
        var started = new SemaphoreSlim(0);
        await using var renewal = LeaseRenewal.Start(Lease, Now + Lease, _clock, NullLogger.Instance, (_, ct) =>
        {
            started.Release();
            // The first renewal stalls (a starved thread pool, a database that does not answer); later ones are quick.
            return Interlocked.Increment(ref calls) == 1 ? stalled.Task.WaitAsync(ct) : Task.CompletedTask;
        });
        Assert.True(renewal.Holds());

        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(renewal.Holds(), "6 s of the claim are left: a send begun now ends in time");

        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.False(renewal.Holds(), "3 s are left: too little for a send to be sure to end before the claim does");

        // The stalled renewal lands half a second after the claim ended, and the next one (its tick is overdue) at once.
        _clock.Advance(TimeSpan.FromSeconds(3.5));
        stalled.SetResult();
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10)));
        await Task.Delay(50);
        Assert.Equal(2, calls);
        Assert.False(renewal.Holds(), "the rows were free for half a second and may have been taken: the claim is lost");
    }
}
