namespace WhatsApp.Api.Features.Broadcasts;

/// <summary>Configuration section "Broadcasts".</summary>
public sealed class BroadcastOptions
{
    /// <summary>Recipients read and written to the outbox per transaction.</summary>
    public int FanOutBatchSize { get; set; } = 1000;
    /// <summary>How long a fan-out job holds a broadcast; if it dies, recovery takes over after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
}
