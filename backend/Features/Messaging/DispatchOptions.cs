namespace WhatsApp.Api.Features.Messaging;

/// <summary>Configuration section "Dispatch".</summary>
public sealed class DispatchOptions
{
    /// <summary>Rows claimed per round.</summary>
    public int BatchSize { get; set; } = 500;
    /// <summary>
    /// Batches an instance works on at once (each with its own claim): a second lane overlaps one batch's database work
    /// with another's sends. One by default. Measured again after OutboxBulkInsert (10,000 recipients, throttle off,
    /// SQLite, on a shared 2-core machine at load 10–22): 1 lane 1,054 / 609 / 899 msg/s, 2 lanes 1,992 / 1,028 / 716
    /// msg/s in three pairs of runs; the second lane won two pairs of three, too noisy to change the default on.
    /// </summary>
    public int Lanes { get; set; } = 1;
    /// <summary>Sends in flight at once per lane; also the most a crash can duplicate, per lane.</summary>
    public int Parallelism { get; set; } = 64;
    /// <summary>
    /// How long a claim holds unless renewed; a batch renews its claims every third of it while it is in flight, so a
    /// crashed instance's rows become claimable again at most this long after it died, however big the batch.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Attempts before a transient failure becomes final.</summary>
    public int MaxAttempts { get; set; } = 5;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>A dispatch run hands over to a fresh job after this long, so Hangfire's workers cycle.</summary>
    public TimeSpan MaxRunDuration { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>The longest a 429's Retry-After may pause a provider for everyone; a longer one pauses it 1 s.</summary>
    public TimeSpan MaxProviderPause { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>
    /// The least time between two template messages to one recipient (Meta's pair rate limit, 131056: about one message
    /// per 6 s to one person); the later one waits in the outbox. Zero turns the spacing off.
    /// </summary>
    public TimeSpan RecipientSpacing { get; set; } = TimeSpan.FromSeconds(6);
    /// <summary>Turns the per-provider messages-per-second limit off (benchmarks only).</summary>
    public bool ThrottleDisabled { get; set; }
}
