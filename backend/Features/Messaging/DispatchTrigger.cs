using Hangfire;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Starts dispatch runs as Hangfire jobs. Kicks are cheap and coalesce: at most one job waits to start, and one run
/// per instance works at a time, looping until nothing is due (a kick during a run makes it look again).
/// <para>Its state, per instance:</para>
/// <list type="bullet">
/// <item><b>waiting</b>: a <see cref="DispatchJob"/> is enqueued and has not started here yet, so a kick need not
/// enqueue another (see <see cref="WaitingJob"/>). Set by <see cref="Kick"/>, cleared when the job starts.</item>
/// <item><b>dirty</b>: something may have become due since the running job last looked. Set by every kick, taken by the
/// run's loop, which then looks again; a run that ends dirty kicks once more.</item>
/// <item><b>scheduled for</b>: the wake-up already scheduled with Hangfire for the earliest future due time; a
/// <see cref="KickAt"/> for the same or a later time is covered by it and schedules nothing.</item>
/// <item><b>gate</b>: held by the run working on this instance; a job that finds it closed leaves at once.</item>
/// </list>
/// Due times come from the app's <see cref="TimeProvider"/>, the clock that also sets the messages' due times.
/// </summary>
public sealed class DispatchTrigger(IBackgroundJobClient jobs, TimeProvider clock, ILogger<DispatchTrigger> logger)
{
    private readonly WaitingJob _waiting = new();
    private int _dirty;
    private long _scheduledForTicks = long.MaxValue;

    public void Kick()
    {
        Volatile.Write(ref _dirty, 1);
        if (_waiting.TryClaim())
        {
            var id = jobs.Enqueue<DispatchJob>(j => j.RunAsync(CancellationToken.None));
            logger.LogDebug("Dispatch kicked: job {JobId} enqueued.", id);
        }
        else logger.LogDebug("Dispatch kicked: a job is already waiting to start.");
    }

    /// <summary>Makes sure a run starts when a retry or a scheduled send falls due.</summary>
    public void KickAt(DateTime dueUtc)
    {
        // Hangfire keeps schedules in whole seconds and may fire up to a second early: wake at the next whole second
        // after the due time, never before it (an early wake-up finds nothing due and would leave the message waiting).
        dueUtc = new DateTime((dueUtc.Ticks / TimeSpan.TicksPerSecond + 1) * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        var ticks = dueUtc.Ticks;
        var current = Interlocked.Read(ref _scheduledForTicks);
        if (current <= ticks && current > clock.GetUtcNow().UtcTicks)
        {
            logger.LogDebug("Dispatch wake-up for {Due:o} covered by one at {Scheduled:o}.", dueUtc, new DateTime(current, DateTimeKind.Utc));
            return;
        }
        Interlocked.Exchange(ref _scheduledForTicks, ticks);
        var id = jobs.Schedule<DispatchTrigger>(t => t.Kick(), new DateTimeOffset(dueUtc, TimeSpan.Zero));
        logger.LogDebug("Dispatch wake-up scheduled for {Due:o} as job {JobId}.", dueUtc, id);
    }

    /// <summary>One run per instance at a time (per app, not per process: tests host several apps in one process).</summary>
    internal SemaphoreSlim Gate { get; } = new(1, 1);

    internal void Started() => _waiting.Started();
    internal bool TakeDirty() => Interlocked.Exchange(ref _dirty, 0) == 1;
    internal bool IsDirty => Volatile.Read(ref _dirty) == 1;
}
