using System.Collections.Concurrent;
using System.Threading.Channels;

namespace WhatsApp.Api.Infrastructure.Live;

/// <summary>The open live streams of this instance, each with its own small queue.</summary>
public sealed class LiveSubscribers
{
    /// <summary>A stream that falls this far behind loses its oldest events: they only say "reload", and newer ones say it too.</summary>
    private const int QueueLength = 256;

    private readonly ConcurrentDictionary<Channel<LiveEvent>, byte> _streams = new();

    /// <summary>Hands an event to every open stream of this instance.</summary>
    public void Deliver(LiveEvent e)
    {
        foreach (var stream in _streams.Keys) stream.Writer.TryWrite(e);
    }

    /// <summary>Starts queueing events for one stream, from now until the subscription is disposed.</summary>
    public LiveSubscription Subscribe()
    {
        var stream = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(QueueLength)
        {
            SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest,
        });
        _streams.TryAdd(stream, 0);
        return new LiveSubscription(stream.Reader, () => _streams.TryRemove(stream, out _));
    }
}

/// <summary>One stream's queue of events; disposing it stops the queueing.</summary>
public sealed class LiveSubscription(ChannelReader<LiveEvent> reader, Action end) : IDisposable
{
    /// <summary>
    /// The queued events and those to come, until <paramref name="ct"/> ends (then the sequence ends, without an
    /// exception); a <see cref="LiveEventTypes.Ping"/> after each <paramref name="idle"/> without one.
    /// </summary>
    public async IAsyncEnumerable<LiveEvent> ReadAllAsync(TimeSpan idle, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(idle);
            bool more;
            try { more = await reader.WaitToReadAsync(wait.Token); }
            catch (OperationCanceledException) { more = false; }
            // The stream ended (the browser left, the app stops): end quietly, not with an exception.
            if (ct.IsCancellationRequested) yield break;
            if (!more)
            {
                yield return new LiveEvent(LiveEventTypes.Ping);
                continue;
            }
            while (reader.TryRead(out var e)) yield return e;
        }
    }

    public void Dispose() => end();
}
