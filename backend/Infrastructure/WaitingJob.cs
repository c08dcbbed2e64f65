namespace WhatsApp.Api.Infrastructure;

/// <summary>
/// "A job is enqueued and has not started here yet", so a kick need not enqueue another: kicks coalesce into one
/// waiting job per instance instead of a Hangfire job (a row and its state changes in job storage) per kick.
/// <para>With shared job storage the job may start on another instance and never clear the flag here, so a waiting job
/// older than <see cref="StaleAfter"/> no longer holds kicks back. Its age is measured on the system's clock: the job
/// waits in Hangfire, which runs on real time, so a moved (or, in tests, stopped) app clock must not keep a lost job
/// holding every later kick back.</para>
/// </summary>
public sealed class WaitingJob
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeProvider RealTime = TimeProvider.System;

    private int _waiting;
    private long _since;

    /// <summary>True when the caller should enqueue a job now: none is waiting, or the waiting one is stale.</summary>
    public bool TryClaim()
    {
        var stale = RealTime.GetElapsedTime(Interlocked.Read(ref _since)) > StaleAfter;
        if (Interlocked.CompareExchange(ref _waiting, 1, 0) != 0 && !stale) return false;
        Interlocked.Exchange(ref _since, RealTime.GetTimestamp());
        return true;
    }

    /// <summary>Called by the job when it starts: the next kick enqueues again.</summary>
    public void Started() => Volatile.Write(ref _waiting, 0);
}
