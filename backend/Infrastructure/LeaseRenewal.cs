namespace WhatsApp.Api.Infrastructure;

/// <summary>
/// Keeps a claim alive while its holder works: renews it every third of its lease until disposed. Leases can then be
/// short (seconds) however long the work takes, so the claims of a process that died, which nobody renews any more,
/// come back within one lease instead of after the longest a batch could ever take.
/// <para>Contract: <c>renew(until, ct)</c> moves the holder's claims to <c>until</c> and must only touch rows the holder
/// still owns (its claim token), so a renewal racing the holder's last writes or its release changes nothing. A failed
/// renewal is logged and tried again at the next tick; the claim stays good until its current end.</para>
/// <para>A renewal can come too late (a starved thread pool, a stalled database): the claim lapses and another run may
/// take the rows. <see cref="Holds"/> tells the holder, before each step that must happen once (a send), whether its
/// claim is sure to last past that step; once it may have lapsed, it never holds again.</para>
/// </summary>
public sealed class LeaseRenewal : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _clock;
    private readonly TimeSpan _margin;
    private readonly Task _loop;
    /// <summary>The claim's current end; <see cref="Lost"/> once a renewal landed after it.</summary>
    private long _validUntilTicks;
    private const long Lost = 0;

    private LeaseRenewal(TimeSpan lease, DateTime claimedUntil, TimeProvider clock, ILogger logger, Func<DateTime, CancellationToken, Task> renew)
    {
        _clock = clock;
        _margin = lease / 3;
        _validUntilTicks = claimedUntil.Ticks;
        _loop = RunAsync(lease, clock, logger, renew);
    }

    /// <param name="lease">How long each renewal holds the claim from the moment it is made.</param>
    /// <param name="claimedUntil">The end of the claim as taken (UTC).</param>
    public static LeaseRenewal Start(TimeSpan lease, DateTime claimedUntil, TimeProvider clock, ILogger logger, Func<DateTime, CancellationToken, Task> renew) =>
        new(lease, claimedUntil, clock, logger, renew);

    /// <summary>
    /// The claim is still this holder's and lasts at least a third of a lease more: long enough for a step begun now to
    /// end before anyone else could take the claim.
    /// </summary>
    public bool Holds() => _clock.GetUtcNow().UtcDateTime.Ticks + _margin.Ticks < Interlocked.Read(ref _validUntilTicks);

    private async Task RunAsync(TimeSpan lease, TimeProvider clock, ILogger logger, Func<DateTime, CancellationToken, Task> renew)
    {
        // A third: two renewals can be late (a busy machine, a long write ahead in SQLite's queue) before the claim lapses.
        using var timer = new PeriodicTimer(lease / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                // Its end is taken before the write: the rows may be read as free from the moment it passes.
                var until = clock.GetUtcNow().UtcDateTime + lease;
                var claimEnd = Interlocked.Read(ref _validUntilTicks);
                try
                {
                    await renew(until, _stop.Token);
                    // Landed after the claim's end: the rows were free meanwhile and may have changed hands, so the
                    // claim is lost whatever this or any later renewal writes.
                    Interlocked.Exchange(ref _validUntilTicks, clock.GetUtcNow().UtcDateTime.Ticks >= claimEnd ? Lost : until.Ticks);
                }
                catch (Exception ex) when (!_stop.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Renewing a lease failed; trying again in {Interval}.", lease / 3);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _loop; }
        catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
