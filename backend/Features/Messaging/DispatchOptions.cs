namespace WhatsApp.Api.Features.Messaging;

/// <summary>Configuration section "Dispatch".</summary>
public sealed class DispatchOptions
{
    /// <summary>Rows claimed per round.</summary>
    public int BatchSize { get; set; } = 500;
    /// <summary>
    /// Batches an instance works on at once (each with its own claim). One by default: a second lane overlaps
    /// database work with sends but bought no throughput in the benchmark, measured while the fan-out was the limit
    /// (before OutboxBulkInsert); not measured since.
    /// </summary>
    public int Lanes { get; set; } = 1;
    /// <summary>Sends in flight at once per lane; also the most a crash can duplicate, per lane.</summary>
    public int Parallelism { get; set; } = 64;
    /// <summary>How long a claim holds; a crashed instance's rows become claimable again after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>Attempts before a transient failure becomes final.</summary>
    public int MaxAttempts { get; set; } = 5;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>A dispatch run hands over to a fresh job after this long, so Hangfire's workers cycle.</summary>
    public TimeSpan MaxRunDuration { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>The longest a 429's Retry-After may pause a provider for everyone; a longer one pauses it 1 s.</summary>
    public TimeSpan MaxProviderPause { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Turns the per-provider messages-per-second limit off (benchmarks only).</summary>
    public bool ThrottleDisabled { get; set; }
}
