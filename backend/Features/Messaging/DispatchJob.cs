using Hangfire;
using Microsoft.Extensions.Options;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// One dispatch run, started by <see cref="DispatchTrigger"/>: sends batch after batch until nothing is due (or it has
/// run <see cref="DispatchOptions.MaxRunDuration"/>), then schedules the wake-up for the next due message.
/// </summary>
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
            // In a lane, the next batch is claimed and planned while the last one sends its final messages (as many as
            // go out in the time a batch takes to prepare): one batch after another, sends stopped for every claim and
            // plan, and at 1,000 msg/s a tenth of the throttle's send slots went unused (884 → 945 msg/s;
            // bench/README.md, loop). Never more than two batches of a lane at once, and their sends together no more
            // than Parallelism (the most a crash can duplicate). Lanes overlap further, each with its own batches.
            async Task LaneAsync()
            {
                using var sendsInFlight = new SemaphoreSlim(Math.Max(1, options.Value.Parallelism));
                Task<int>? tail = null;
                try
                {
                    while (true)
                    {
                        var nextDue = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                        var batch = dispatcher.RunOnceAsync(ct, () => nextDue.TrySetResult(), sendsInFlight);
                        await Task.WhenAny(nextDue.Task, batch);
                        var previous = tail;
                        tail = batch;
                        if (previous is not null) Interlocked.Add(ref sent, await previous);
                        if (batch.IsCompleted && (!batch.IsCompletedSuccessfully || batch.Result == 0) || TimeUp()) break;
                    }
                }
                finally
                {
                    if (tail is not null) Interlocked.Add(ref sent, await tail);
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
