using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsApp.Api.Features.Customers;

namespace WhatsApp.Api.Features.Automations;

public enum AutomationEventStatus
{
    /// <summary>Waiting for the processor (or for a retry after a transient problem).</summary>
    Pending,
    /// <summary>Its message is in the outbox.</summary>
    Messaged,
    /// <summary>No message, on purpose: <c>SkipReason</c> says why (automation disabled, not opted in …).</summary>
    Skipped,
    /// <summary>No message after every retry (no active provider all along).</summary>
    Failed,
}

public enum EventOrigin { App, Schedule, Api }

/// <summary>
/// The event outbox: one row per business event, written in the same transaction as the change that raised it, so an
/// event is never lost and never sent from inside that transaction. The processor turns each into at most one message.
/// </summary>
public class AutomationEvent
{
    public long Id { get; set; }
    public required string Type { get; set; }
    public int? CustomerId { get; set; }
    /// <summary>The entity it is about, e.g. "bill:42"; copied onto the message for the Sent Log.</summary>
    public required string EntityRef { get; set; }
    /// <summary>The event's field values as raised (JSON object keyed by path, e.g. "bill.amount"), unformatted.</summary>
    public required string DataJson { get; set; }
    public EventOrigin Origin { get; set; }
    /// <summary>
    /// What makes a repeat the same event: "bill.reminder:bill:42:3" for a scan, "api:{API key id}:{Idempotency-Key}" for another
    /// system. Unique, so a second scan, instance or retried request cannot raise it twice.
    /// </summary>
    public string? DedupKey { get; set; }
    public int? ApiKeyId { get; set; }
    public AutomationEventStatus Status { get; set; }
    /// <summary>Why no message was sent: automation_disabled, not_opted_in, missing_value …</summary>
    public string? SkipReason { get; set; }
    public string? Detail { get; set; }
    public long? MessageId { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime OccurredAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
}

internal sealed class AutomationEventConfiguration : IEntityTypeConfiguration<AutomationEvent>
{
    public void Configure(EntityTypeBuilder<AutomationEvent> e)
    {
        e.Property(x => x.Type).HasMaxLength(64);
        e.Property(x => x.EntityRef).HasMaxLength(64);
        e.Property(x => x.DataJson).HasMaxLength(8000);
        e.Property(x => x.Origin).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.DedupKey).HasMaxLength(256);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.SkipReason).HasMaxLength(64);
        e.Property(x => x.Detail).HasMaxLength(1000);
        e.HasIndex(x => x.DedupKey).IsUnique().HasFilter("\"DedupKey\" IS NOT NULL");
        // The processor's query, and the events list's filters.
        e.HasIndex(x => new { x.Status, x.NextAttemptAt, x.Id });
        e.HasIndex(x => new { x.Type, x.Id });
        e.HasIndex(x => new { x.CustomerId, x.Id });
        // Events outlive a deleted customer as a record of what happened; they just lose the link.
        e.HasOne<Customer>().WithMany().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.SetNull);
    }
}
