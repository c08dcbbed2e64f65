namespace WhatsApp.Api.Infrastructure;

/// <summary>
/// Keeps a claim alive while its holder works: renews it every third of its lease until disposed. Leases can then be
/// short (seconds) however long the work takes, so the claims of a process that died, which nobody renews any more,
/// come back within one lease instead of after the longest a batch could ever take.
/// <para>Contract: <c>renew(until, ct)</c> moves the holder's claims to <c>until</c> and must only touch rows the holder
/// still owns (its claim token), so a renewal racing the holder's last writes or its release changes nothing. A failed
/// renewal is logged and tried again at the next tick; the claim stays good until its current end.</para>
/// </summary>
public sealed class LeaseRenewal : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private LeaseRenewal(TimeSpan lease, TimeProvider clock, ILogger logger, Func<DateTime, CancellationToken, Task> renew) =>
        _loop = RunAsync(lease, clock, logger, renew);

    /// <param name="lease">How long each renewal holds the claim from the moment it is made.</param>
    public static LeaseRenewal Start(TimeSpan lease, TimeProvider clock, ILogger logger, Func<DateTime, CancellationToken, Task> renew) =>
        new(lease, clock, logger, renew);

    private async Task RunAsync(TimeSpan lease, TimeProvider clock, ILogger logger, Func<DateTime, CancellationToken, Task> renew)
    {
        // A third: two renewals can be late (a busy machine, a long write ahead in SQLite's queue) before the claim lapses.
        using var timer = new PeriodicTimer(lease / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try { await renew(clock.GetUtcNow().UtcDateTime + lease, _stop.Token); }
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
