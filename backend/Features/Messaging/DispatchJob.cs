using Hangfire;
using Microsoft.Extensions.Options;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Starts dispatch runs as Hangfire jobs. Kicks are cheap and coalesce: at most one job waits to start, and one run
/// per instance works at a time, looping until nothing is due (a kick during a run makes it look again).
/// </summary>
public sealed class DispatchTrigger(IBackgroundJobClient jobs, ILogger<DispatchTrigger> logger)
{
    private int _pending;
    private int _dirty;
    private long _scheduledForTicks = long.MaxValue;

    private long _pendingSinceTicks;

    public void Kick()
    {
        Volatile.Write(ref _dirty, 1);
        var now = Environment.TickCount64;
        // The pending job may start on another instance (shared storage) and never clear this flag here: after a while, kick anyway.
        var stale = now - Interlocked.Read(ref _pendingSinceTicks) > 5_000;
        if (Interlocked.CompareExchange(ref _pending, 1, 0) == 0 || stale)
        {
            Interlocked.Exchange(ref _pendingSinceTicks, now);
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
        if (current <= ticks && current > DateTime.UtcNow.Ticks)
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

    internal void Started() => Volatile.Write(ref _pending, 0);
    internal bool TakeDirty() => Interlocked.Exchange(ref _dirty, 0) == 1;
    internal bool IsDirty => Volatile.Read(ref _dirty) == 1;
}

public sealed class DispatchJob(OutboxDispatcher dispatcher, DispatchTrigger trigger, TimeProvider clock, IOptions<DispatchOptions> options, ILogger<DispatchJob> logger)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Dispatch queued WhatsApp messages")]
    public async Task RunAsync(CancellationToken ct)
    {
        trigger.Started();
        if (!await trigger.Gate.WaitAsync(0, ct))
        {
            logger.LogDebug("Dispatch run skipped: another run is active.");
            return;
        }
        try
        {
            var started = clock.GetTimestamp();
            bool TimeUp() => clock.GetElapsedTime(started) > options.Value.MaxRunDuration;
            var sent = 0;
            // Lanes overlap one batch's claim, planning and last writes with another's sends; the database and the
            // provider are each busy more of the time than with one batch after another.
            async Task LaneAsync()
            {
                int claimed;
                while ((claimed = await dispatcher.RunOnceAsync(ct)) > 0)
                {
                    Interlocked.Add(ref sent, claimed);
                    if (TimeUp()) break;
                }
            }
            do
            {
                await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Lanes)).Select(_ => LaneAsync()));
            } while (trigger.TakeDirty() && !TimeUp());

            if (TimeUp()) trigger.Kick();
            else if (await dispatcher.NextDueAtAsync(ct) is { } next) trigger.KickAt(next);
            if (sent > 0) logger.LogInformation("Dispatch run handled {Count} messages.", sent);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Logged here too: Hangfire logs job failures through a process-wide provider, not this app's logger.
            logger.LogError(ex, "Dispatch run failed.");
            throw;
        }
        finally
        {
            trigger.Gate.Release();
        }
        // A kick that arrived after this run last looked found the gate closed and left: run again for it.
        if (trigger.IsDirty) trigger.Kick();
    }
}
