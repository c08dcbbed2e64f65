using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WhatsApp.Api.Features.Providers;

/// <summary>One configured WhatsApp Business Solution Provider account (spec 3.1).</summary>
public class WhatsAppProvider
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>Upper-cased trimmed name: uniqueness is case-insensitive on every database.</summary>
    public string NormalizedName { get; private set; } = "";
    public required string ProviderType { get; set; }
    /// <summary>The credentials JSON, protected with Data Protection. Never leaves the server in this form or decrypted.</summary>
    public required string EncryptedCredentials { get; set; }
    public bool IsActive { get; set; }
    public string? BaseUrl { get; set; }
    public int MessagesPerSecond { get; set; } = ProviderDefaults.MessagesPerSecond;
    /// <summary>
    /// The one configuration messages fail over to while the active provider is down (its circuit open) or has used up
    /// a message's retry budget. No standby means no failover, the default.
    /// </summary>
    public bool IsStandby { get; set; }
    /// <summary>The account's messaging tier: business-initiated messages allowed per 24 h (null: not set / unlimited).</summary>
    public int? DailyMessagingLimit { get; set; }
    /// <summary>The messaging limit as the provider last reported it (Meta's TIER_250, TIER_2K …); null: it has not said.</summary>
    public string? MessagingTier { get; set; }
    /// <summary>When <see cref="MessagingTier"/> was read.</summary>
    public DateTime? MessagingTierReadAt { get; set; }
    /// <summary>Health as the dispatchers saw it, written once per batch (shared by every instance).</summary>
    public DateTime? LastSuccessAt { get; set; }
    public DateTime? LastErrorAt { get; set; }
    public string? LastErrorCode { get; set; }
    public string? LastErrorMessage { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public void Rename(string name)
    {
        Name = name.Trim();
        NormalizedName = Normalize(name);
    }

    public static string Normalize(string name) => name.Trim().ToUpperInvariant();
}

public static class ProviderDefaults
{
    /// <summary>Twilio's and Meta's default per-sender throughput.</summary>
    public const int MessagesPerSecond = 80;
    public const int MaxMessagesPerSecond = 1000;
    public const int MaxDailyMessagingLimit = 100_000_000;
}

internal sealed class WhatsAppProviderConfiguration : IEntityTypeConfiguration<WhatsAppProvider>
{
    public void Configure(EntityTypeBuilder<WhatsAppProvider> e)
    {
        e.Property(p => p.Name).HasMaxLength(100);
        e.Property(p => p.NormalizedName).HasMaxLength(100);
        e.Property(p => p.ProviderType).HasMaxLength(32);
        e.Property(p => p.BaseUrl).HasMaxLength(500);
        e.HasIndex(p => p.NormalizedName).IsUnique();
        // At most one active provider, enforced by the database itself. TRUE is understood by SQLite and PostgreSQL alike.
        e.HasIndex(p => p.IsActive).IsUnique().HasFilter("\"IsActive\" = TRUE").HasDatabaseName("IX_WhatsAppProviders_SingleActive");
        e.HasIndex(p => p.IsStandby).IsUnique().HasFilter("\"IsStandby\" = TRUE").HasDatabaseName("IX_WhatsAppProviders_SingleStandby");
        e.Property(p => p.LastErrorCode).HasMaxLength(64);
        e.Property(p => p.LastErrorMessage).HasMaxLength(1000);
        e.Property(p => p.MessagingTier).HasMaxLength(32);
    }
}
