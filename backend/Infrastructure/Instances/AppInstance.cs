using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WhatsApp.Api.Infrastructure.Instances;

/// <summary>
/// A running instance of the app on this database and when it last said it is alive (<see cref="InstanceHeartbeat"/>).
/// Claims (outbox batches, a broadcast's fan-out) name the instance that holds them, so when an instance stops beating
/// its claims are taken back at once instead of after their leases, as Hangfire does with its servers.
/// </summary>
public class AppInstance
{
    public Guid Id { get; set; }
    /// <summary>Host and process id, for people reading the table.</summary>
    public required string Name { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
}

internal sealed class AppInstanceConfiguration : IEntityTypeConfiguration<AppInstance>
{
    public void Configure(EntityTypeBuilder<AppInstance> e)
    {
        e.Property(i => i.Name).HasMaxLength(200);
        e.HasIndex(i => i.LastSeenAt);
    }
}
