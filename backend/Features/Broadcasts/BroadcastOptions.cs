namespace WhatsApp.Api.Features.Broadcasts;

/// <summary>Configuration section "Broadcasts".</summary>
public sealed class BroadcastOptions
{
    /// <summary>Recipients read and written to the outbox per transaction.</summary>
    public int FanOutBatchSize { get; set; } = 1000;
    /// <summary>
    /// How long a fan-out job holds a broadcast unless renewed; the job renews it every third of it while it works, so
    /// if it dies, recovery takes over at most this long after.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(10);
}
