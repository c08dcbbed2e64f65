using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WhatsApp.Api.Features.Broadcasts;

public enum BroadcastStatus
{
    /// <summary>Recipients are being written to the outbox.</summary>
    Preparing,
    /// <summary>Every recipient is in the outbox; messages wait for their scheduled time.</summary>
    Scheduled,
    /// <summary>Messages are going out.</summary>
    Sending,
    Completed,
    Canceled,
    /// <summary>Could not be prepared (e.g. the template was deleted); the error says why.</summary>
    Failed,
}

/// <summary>
/// One Compose send: a template, an audience and variable mappings. Its recipients become WhatsAppMessage rows
/// (the outbox) in batches; the fan-out cursor makes that resumable after a crash and safe to run twice.
/// </summary>
public class Broadcast
{
    public int Id { get; set; }
    public string? Name { get; set; }
    public int? TemplateId { get; set; }
    public required string TemplateName { get; set; }
    public required string TemplateLanguage { get; set; }
    /// <summary>The audience as given (JSON of <see cref="AudienceSpec"/>).</summary>
    public required string AudienceJson { get; set; }
    /// <summary>Variable name → fixed text or customer-field expression (JSON object).</summary>
    public required string VariablesJson { get; set; }
    public BroadcastStatus Status { get; set; }
    public DateTime? ScheduledAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? PreparedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public DateTime? CanceledAt { get; set; }
    public string? CanceledBy { get; set; }
    public string? Error { get; set; }
    /// <summary>Why the broadcast is held (its template can no longer be used as it was); its queued messages wait. Null: not paused.</summary>
    public string? PausedReason { get; set; }
    public DateTime? PausedAt { get; set; }
    /// <summary>Held for the template's status: resumes when the template is APPROVED again.</summary>
    public bool PausedByTemplateStatus { get; set; }

    /// <summary>Recipients counted when the broadcast was created; the progress bar's total until the fan-out ends.</summary>
    public int ExpectedRecipients { get; set; }
    /// <summary>Skipped audience members counted when the broadcast was created.</summary>
    public int ExpectedSkipped { get; set; }
    /// <summary>Messages written so far.</summary>
    public int Recipients { get; set; }
    public int SkippedNotOptedIn { get; set; }
    public int SkippedInvalidPhone { get; set; }
    public int SkippedDuplicate { get; set; }
    public int SkippedMissingValue { get; set; }
    /// <summary>Skipped because a MARKETING template needs marketing consent they have not given.</summary>
    public int SkippedNoMarketingConsent { get; set; }
    /// <summary>Skipped because they already had their share of marketing (Consent:MarketingCap).</summary>
    public int SkippedFrequencyCap { get; set; }

    /// <summary>The fan-out's keyset position: recipients stream in (phone, id) order, so duplicates sit side by side.</summary>
    public string? CursorPhone { get; set; }
    public int CursorCustomerId { get; set; }
    /// <summary>The last phone number that got a message: a duplicate across a batch boundary is still a duplicate.</summary>
    public string? LastQueuedPhone { get; set; }
    /// <summary>The fan-out lease: a job holds it while writing; after it ends the recovery job may take over.</summary>
    public Guid? ClaimToken { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    /// <summary>The instance whose job holds the lease: if it stops beating, the lease is freed at once.</summary>
    public Guid? ClaimedBy { get; set; }
}

internal sealed class BroadcastConfiguration : IEntityTypeConfiguration<Broadcast>
{
    public void Configure(EntityTypeBuilder<Broadcast> e)
    {
        e.Property(b => b.Name).HasMaxLength(200);
        e.Property(b => b.TemplateName).HasMaxLength(200);
        e.Property(b => b.TemplateLanguage).HasMaxLength(16);
        e.Property(b => b.AudienceJson).HasMaxLength(100_000);
        e.Property(b => b.VariablesJson).HasMaxLength(20_000);
        e.Property(b => b.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(b => b.CreatedBy).HasMaxLength(254);
        e.Property(b => b.CanceledBy).HasMaxLength(254);
        e.Property(b => b.Error).HasMaxLength(1000);
        e.Property(b => b.PausedReason).HasMaxLength(1000);
        e.Property(b => b.CursorPhone).HasMaxLength(20);
        e.Property(b => b.LastQueuedPhone).HasMaxLength(20);
        e.HasIndex(b => new { b.Status, b.Id });
        e.HasIndex(b => b.CreatedAt);
    }
}
