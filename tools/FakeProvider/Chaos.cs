namespace FakeProvider;

/// <summary>
/// Failure injection for the three send endpoints. Rates are probabilities per request and are drawn
/// from a single roll, so they must sum to at most 1.
/// </summary>
public sealed record ChaosSettings
{
    public int LatencyMs { get; init; }
    public int LatencyJitterMs { get; init; }
    public double Rate429 { get; init; }
    public int RetryAfterSeconds { get; init; } = 1;
    public double Rate5xx { get; init; }
    public double TimeoutRate { get; init; }
    public int TimeoutMs { get; init; } = 30_000;

    /// <summary>Same seed + same request order = same failures, so a flaky-looking run can be replayed.</summary>
    public int? Seed { get; init; }
}

public enum ChaosOutcome
{
    None,
    TooManyRequests,
    InternalError,
    ServiceUnavailable,
    Timeout,
}

public sealed class ChaosEngine
{
    private readonly Lock _gate = new();
    private ChaosSettings _settings = new();
    private Random? _seeded;

    // Checked first on every send so that with chaos off the hot path costs one volatile read.
    private volatile bool _active;

    public ChaosSettings Settings => Volatile.Read(ref _settings);

    private int _held, _mostHeld;

    /// <summary>The most sends held in their latency at once since the last <see cref="Configure"/>: how many a client had in flight.</summary>
    public int MostHeldAtOnce => Volatile.Read(ref _mostHeld);

    /// <exception cref="ArgumentException">Negative values, rates outside [0,1] or summing above 1.</exception>
    public void Configure(ChaosSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.LatencyMs < 0 || settings.LatencyJitterMs < 0 || settings.TimeoutMs < 0 || settings.RetryAfterSeconds < 0)
            throw new ArgumentException("latencyMs, latencyJitterMs, timeoutMs and retryAfterSeconds must not be negative.");
        foreach (var rate in new[] { settings.Rate429, settings.Rate5xx, settings.TimeoutRate })
            if (double.IsNaN(rate) || rate is < 0 or > 1)
                throw new ArgumentException("rate429, rate5xx and timeoutRate must be between 0 and 1.");
        if (settings.Rate429 + settings.Rate5xx + settings.TimeoutRate > 1 + 1e-9)
            throw new ArgumentException("rate429 + rate5xx + timeoutRate must not exceed 1.");

        lock (_gate)
        {
            _seeded = settings.Seed is int seed ? new Random(seed) : null;
            Volatile.Write(ref _mostHeld, 0);
            Volatile.Write(ref _settings, settings);
            _active = settings.LatencyMs > 0 || settings.LatencyJitterMs > 0
                || settings.Rate429 > 0 || settings.Rate5xx > 0 || settings.TimeoutRate > 0;
        }
    }

    public void Reset() => Configure(new ChaosSettings());

    /// <summary>Applies latency, then decides whether this request fails and how.</summary>
    public async ValueTask<ChaosOutcome> ApplyAsync(CancellationToken ct)
    {
        if (!_active) return ChaosOutcome.None;
        var s = Settings;

        var delay = s.LatencyMs + (s.LatencyJitterMs > 0 ? (int)(NextDouble() * (s.LatencyJitterMs + 1)) : 0);
        if (delay > 0)
        {
            var held = Interlocked.Increment(ref _held);
            for (var most = Volatile.Read(ref _mostHeld); held > most; most = Volatile.Read(ref _mostHeld))
                if (Interlocked.CompareExchange(ref _mostHeld, held, most) == most) break;
            try
            {
                await Task.Delay(delay, ct);
            }
            catch (OperationCanceledException)
            {
                // The client gave up; whatever we answer is discarded by Kestrel.
                return ChaosOutcome.None;
            }
            finally
            {
                Interlocked.Decrement(ref _held);
            }
        }

        var roll = NextDouble();
        if ((roll -= s.TimeoutRate) < 0) return ChaosOutcome.Timeout;
        if ((roll -= s.Rate429) < 0) return ChaosOutcome.TooManyRequests;
        if ((roll -= s.Rate5xx) < 0) return NextDouble() < 0.5 ? ChaosOutcome.InternalError : ChaosOutcome.ServiceUnavailable;
        return ChaosOutcome.None;
    }

    /// <summary>
    /// Holds the request, then drops the connection without an answer: what a client sees when the
    /// provider (or the network) hangs. The caller records the message first, because a real timeout
    /// may well have reached the provider.
    /// </summary>
    internal async Task<IResult> HoldThenAbortAsync(HttpContext ctx)
    {
        try
        {
            await Task.Delay(Settings.TimeoutMs, ctx.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
        ctx.Abort();
        return Results.Empty;
    }

    internal void SetRetryAfter(HttpResponse response) =>
        response.Headers.RetryAfter = Settings.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private double NextDouble()
    {
        // Random.Shared is thread-safe; a seeded Random is not, hence the lock.
        if (_seeded is null) return Random.Shared.NextDouble();
        lock (_gate)
            return _seeded?.NextDouble() ?? Random.Shared.NextDouble();
    }
}
