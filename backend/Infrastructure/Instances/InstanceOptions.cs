namespace WhatsApp.Api.Infrastructure.Instances;

/// <summary>Configuration section "Instances".</summary>
public sealed class InstanceOptions
{
    /// <summary>How often an instance writes that it is alive (and looks for instances that stopped).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Unheard of this long, an instance is taken for dead and its claims are given to others. Four missed beats: long
    /// enough for a garbage collection or a wait for SQLite's writer, short next to a lease. An instance wrongly taken for
    /// dead (frozen longer than this) loses its claims; what it was sending then may go twice, nothing is lost.
    /// </summary>
    public TimeSpan DeadAfter { get; set; } = TimeSpan.FromSeconds(8);
}
