using System.Diagnostics;
using System.Threading.Channels;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure.Live;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Group commit for delivery reports. Providers send three or more reports per message, many at once; one
/// transaction each would have them queue for the database's write lock (SQLite has one writer). Reports wait here
/// and are written together in one transaction by a single writer; each webhook still answers only after its report
/// is committed, so a provider never hears "OK" for a report that was not saved.
/// </summary>
public sealed class StatusWriter(IServiceScopeFactory scopes, MessagingMetrics metrics, ILiveEvents live, ILogger<StatusWriter> logger) : BackgroundService
{
    private const int MaxBatch = 256;

    /// <param name="Arrived">When the report was handed in (<see cref="MessagingMetrics.Start"/>), for its apply lag.</param>
    private sealed record Pending(int ProviderId, StatusUpdate Update, TaskCompletionSource<bool> Done, long Arrived);

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <returns>Whether the report changed its message.</returns>
    public async Task<bool> ApplyAsync(int providerId, StatusUpdate update, CancellationToken ct)
    {
        var pending = new Pending(providerId, update, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously), metrics.Start());
        await _queue.Writer.WriteAsync(pending, ct);
        return await pending.Done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending)) batch.Add(pending);
                await WriteAsync(batch);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: whoever still waits gets a failure (the provider retries the webhook), never a false OK.
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left)) left.Done.TrySetCanceled(stoppingToken);
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var results = await ApplyAsync(batch);
            if (results.Contains(true)) live.Publish(LiveEvent.MessageStatus());
            if (logger.IsEnabled(LogLevel.Debug))
                logger.LogDebug("{Count} delivery reports written in {Ms:0.0} ms; the oldest waited {Wait:0.0} ms.", batch.Count,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, metrics.Since(batch[0].Arrived).TotalMilliseconds);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
                metrics.CallbackApplied(metrics.Since(batch[i].Arrived));
            }
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // One bad report must not fail the others: write each alone, so only the bad one fails.
            logger.LogWarning(ex, "Writing {Count} delivery reports together failed; writing them one by one.", batch.Count);
            foreach (var pending in batch)
            {
                try { pending.Done.TrySetResult((await ApplyAsync([pending]))[0]); }
                catch (Exception one) { pending.Done.TrySetException(one); }
            }
        }
        catch (Exception ex)
        {
            batch[0].Done.TrySetException(ex);
        }
    }

    private async Task<bool[]> ApplyAsync(List<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StatusUpdater>()
            .ApplyAsync(batch.Select(p => (p.ProviderId, p.Update)).ToList(), CancellationToken.None);
    }
}
