using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;

namespace FakeProvider;

/// <summary>A webhook ready to POST: body bytes are final so signatures computed over them stay valid.</summary>
internal sealed record WebhookRequest(
    string Provider,
    string Kind,
    string Url,
    byte[] Body,
    string ContentType,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? MessageId = null,
    string? Status = null);

/// <summary>
/// Delivers status callbacks off the request path. A send only writes to an unbounded channel, so it is
/// never slowed; each message's statuses then run as their own task (in order, each after the delay),
/// with a cap on concurrent HTTP posts so a slow app cannot exhaust sockets.
/// </summary>
internal sealed class WebhookDispatcher : BackgroundService
{
    private sealed record Sequence(int DelayMs, IReadOnlyList<Func<WebhookRequest?>> Steps);

    private readonly Channel<Sequence> _queue = Channel.CreateUnbounded<Sequence>(new UnboundedChannelOptions { SingleReader = true });
    private readonly FakeProviderState _state;
    private readonly ILogger<WebhookDispatcher> _log;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _gate;
    private long _pending;
    private long _lastWarning = -1_000_000;

    public WebhookDispatcher(FakeProviderState state, FakeProviderOptions options, ILogger<WebhookDispatcher> log)
    {
        _state = state;
        _log = log;
        _gate = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentCallbacks));
        _http = options.CallbackHandler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        _http.Timeout = options.CallbackTimeout;
    }

    /// <summary>Sequences queued or running.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Steps are built lazily so timestamps and JWT iat reflect the moment of delivery.</summary>
    public void Enqueue(int delayMs, IReadOnlyList<Func<WebhookRequest?>> steps)
    {
        if (steps.Count == 0) return;
        Interlocked.Increment(ref _pending);
        if (!_queue.Writer.TryWrite(new Sequence(delayMs, steps)))
            Interlocked.Decrement(ref _pending);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var sequence in _queue.Reader.ReadAllAsync(stoppingToken))
                _ = RunAsync(sequence, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync(Sequence sequence, CancellationToken ct)
    {
        try
        {
            foreach (var step in sequence.Steps)
            {
                if (sequence.DelayMs > 0) await Task.Delay(sequence.DelayMs, ct);
                if (step() is { } request) await DeliverAsync(request, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Warn($"Building a callback failed: {e}");
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>POSTs one webhook now and logs it; never throws for HTTP failures.</summary>
    public async Task<CallbackDelivery> DeliverAsync(WebhookRequest request, CancellationToken ct)
    {
        int? status = null;
        string? error = null, answer = null;
        var started = Stopwatch.GetTimestamp();
        await _gate.WaitAsync(ct);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, request.Url) { Content = new ByteArrayContent(request.Body) };
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            foreach (var (name, value) in request.Headers)
                message.Headers.TryAddWithoutValidation(name, value);
            using var response = await _http.SendAsync(message, ct);
            status = (int)response.StatusCode;
            answer = Wire.Truncate(await response.Content.ReadAsStringAsync(ct), 4096);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // HttpClient timeouts surface as TaskCanceledException without ct being cancelled.
            error = $"{e.GetType().Name}: {e.Message}";
            Warn($"Webhook POST to {request.Url} failed: {error}");
        }
        finally
        {
            _gate.Release();
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return _state.LogCallback(seq => new CallbackDelivery(
            seq, request.Provider, request.Kind, request.Url, request.MessageId, request.Status, status, error,
            Wire.Truncate(Encoding.UTF8.GetString(request.Body), 4096), answer, DateTimeOffset.UtcNow, elapsed));
    }

    public override void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
        base.Dispose();
    }

    // A benchmark whose app is down would otherwise log thousands of identical lines per second.
    private void Warn(string text)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastWarning);
        if (now - last < 5000 || Interlocked.CompareExchange(ref _lastWarning, now, last) != last) return;
        _log.LogWarning("{Text} (further callback warnings muted for 5 s; see GET /_fake/callbacks)", text);
    }
}
