using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsApp.Api.Features.Providers;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// One provider's shared timeline of send slots. Every instance reserves its next few slots here in one atomic
/// statement, so the messages-per-second limit holds across instances, not per instance. Times are UTC ticks:
/// plain integers add and compare the same way in SQLite and PostgreSQL.
/// </summary>
public class ProviderThrottleState
{
    public int ProviderId { get; set; }
    /// <summary>The first slot nobody has reserved yet.</summary>
    public long NextSlotTicks { get; set; }
    /// <summary>No slot starts before this: the provider answered 429 with Retry-After.</summary>
    public long PausedUntilTicks { get; set; }
}

internal sealed class ProviderThrottleStateConfiguration : IEntityTypeConfiguration<ProviderThrottleState>
{
    public void Configure(EntityTypeBuilder<ProviderThrottleState> e)
    {
        // Named here because the throttle's SQL names it.
        e.ToTable("ProviderThrottleStates");
        e.HasKey(s => s.ProviderId);
        e.Property(s => s.ProviderId).ValueGeneratedNever();
        e.HasOne<WhatsAppProvider>().WithMany().HasForeignKey(s => s.ProviderId).OnDelete(DeleteBehavior.Cascade);
    }
}
