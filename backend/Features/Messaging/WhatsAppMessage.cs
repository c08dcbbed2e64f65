using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using System.Text.Json;
using WhatsApp.Api.Features.Media;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;

namespace WhatsApp.Api.Features.Messaging;

public enum MessageSource { Manual, Broadcast, Automation, Test, Reply }

/// <summary>
/// One WhatsApp message: the Sent Log's row and the outbox. It is written as Queued before any provider is called,
/// so a message cannot be lost; dispatchers claim it with a lease so it is sent once.
/// </summary>
public class WhatsAppMessage
{
    public long Id { get; set; }
    public required string ToPhone { get; set; }
    public int? CustomerId { get; set; }
    public int? TemplateId { get; set; }
    /// <summary>Kept by value: the log stays readable after a template is deleted.</summary>
    public required string TemplateName { get; set; }
    public required string TemplateLanguage { get; set; }
    /// <summary>The parameters as a JSON object keyed by placeholder name.</summary>
    public required string ParametersJson { get; set; }
    /// <summary>A free-form session message's text (then there is no template); allowed only inside the service window.</summary>
    public string? Body { get; set; }
    /// <summary>A session message's attachment: the uploaded file's id (a fresh signed link is made for each attempt), its kind and name; <see cref="Body"/> is the caption.</summary>
    public string? AttachmentId { get; set; }
    public MediaKind? AttachmentKind { get; set; }
    public string? AttachmentName { get; set; }
    public int? ProviderId { get; set; }
    public string? ProviderType { get; set; }
    public string? ProviderMessageId { get; set; }
    public MessageStatus Status { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    /// <summary>The lease: which dispatch run holds the row, and until when. An expired lease is claimable again.</summary>
    public Guid? ClaimToken { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    /// <summary>The instance whose run made the claim (<see cref="Infrastructure.Instances.AppInstance"/>): if it stops beating, the claim is freed at once.</summary>
    public Guid? ClaimedBy { get; set; }
    public MessageSource Source { get; set; }
    public int? BroadcastId { get; set; }
    /// <summary>The automation event type that caused it, e.g. payment.received.</summary>
    public string? EventType { get; set; }
    /// <summary>The entity it came from, e.g. "bill:42".</summary>
    public string? EntityRef { get; set; }
    /// <summary>The automation event it was sent for: unique, so an event can never produce a second message.</summary>
    public long? AutomationEventId { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public DateTime? ReadAt { get; set; }
    public DateTime? FailedAt { get; set; }
    /// <summary>The provider's pricing category (marketing, utility, authentication, service …) as its delivery reports say; null: not reported.</summary>
    public string? PricingCategory { get; set; }
    /// <summary>Whether the provider says it charges for the message; null: not reported.</summary>
    public bool? Billable { get; set; }
    /// <summary>What the message costs, in <see cref="CostCurrency"/>: the provider's reported price, else the rate card's.</summary>
    public decimal? Cost { get; set; }
    /// <summary>ISO 4217 code of <see cref="Cost"/>.</summary>
    public string? CostCurrency { get; set; }
    /// <summary>Where <see cref="Cost"/> comes from: <see cref="CostSources.Card"/> (the rate card) or <see cref="CostSources.Provider"/> (the provider's own price, read back after sending).</summary>
    public string? CostSource { get; set; }
    /// <summary>When the provider was last asked for the message's price (Twilio fills it in some time after sending); null: not yet.</summary>
    public DateTime? PriceReadAt { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A message ready for the outbox, due at <paramref name="dueAt"/> (now unless scheduled).</summary>
    public static WhatsAppMessage Queued(string to, int customerId, WhatsAppTemplate template, IReadOnlyDictionary<string, string> parameters,
        WhatsAppProvider? provider, MessageSource source, DateTime now, DateTime? dueAt = null) => new()
    {
        ToPhone = to,
        CustomerId = customerId,
        TemplateId = template.Id,
        TemplateName = template.Name,
        TemplateLanguage = template.Language,
        ParametersJson = JsonSerializer.Serialize(parameters, Json),
        ProviderId = provider?.Id,
        ProviderType = provider?.ProviderType,
        Status = MessageStatus.Queued,
        Source = source,
        CreatedAt = now,
        UpdatedAt = now,
        NextAttemptAt = dueAt ?? now,
    };

    /// <summary>A free-form reply for the outbox; the caller has checked the service window and the opt-out.</summary>
    public static WhatsAppMessage FreeText(string to, int? customerId, string body, WhatsAppProvider provider, string? createdBy, DateTime now) => new()
    {
        ToPhone = to,
        CustomerId = customerId,
        TemplateName = "",
        TemplateLanguage = "",
        ParametersJson = "{}",
        Body = body,
        ProviderId = provider.Id,
        ProviderType = provider.ProviderType,
        Status = MessageStatus.Queued,
        Source = MessageSource.Reply,
        CreatedBy = createdBy,
        CreatedAt = now,
        UpdatedAt = now,
        NextAttemptAt = now,
    };
}

/// <summary>Where a message's cost comes from.</summary>
public static class CostSources
{
    /// <summary>The rate card's price for the message's pricing category and the recipient's country.</summary>
    public const string Card = "card";
    /// <summary>The price the provider reports it charged (Twilio's <c>price</c>).</summary>
    public const string Provider = "provider";
}

/// <summary>Each applied status change, with its time: the message's history in the detail drawer.</summary>
public class MessageStatusEvent
{
    public long Id { get; set; }
    public long MessageId { get; set; }
    public WhatsAppMessage? Message { get; set; }
    public MessageStatus Status { get; set; }
    public DateTime At { get; set; }
    public string? ErrorCode { get; set; }
    public string? Detail { get; set; }
}

internal sealed class WhatsAppMessageConfiguration : IEntityTypeConfiguration<WhatsAppMessage>, IEntityTypeConfiguration<MessageStatusEvent>
{
    public void Configure(EntityTypeBuilder<WhatsAppMessage> e)
    {
        e.Property(m => m.ToPhone).HasMaxLength(20);
        e.Property(m => m.TemplateName).HasMaxLength(200);
        e.Property(m => m.TemplateLanguage).HasMaxLength(16);
        e.Property(m => m.ParametersJson).HasMaxLength(8000);
        e.Property(m => m.Body).HasMaxLength(4096);
        e.Property(m => m.AttachmentId).HasMaxLength(64);
        e.Property(m => m.AttachmentKind).HasConversion<string>().HasMaxLength(16);
        e.Property(m => m.AttachmentName).HasMaxLength(200);
        e.Property(m => m.ProviderType).HasMaxLength(32);
        e.Property(m => m.ProviderMessageId).HasMaxLength(128);
        e.Property(m => m.ErrorCode).HasMaxLength(64);
        e.Property(m => m.ErrorMessage).HasMaxLength(1000);
        e.Property(m => m.Source).HasConversion<string>().HasMaxLength(16);
        e.Property(m => m.EventType).HasMaxLength(64);
        e.Property(m => m.EntityRef).HasMaxLength(64);
        e.Property(m => m.CreatedBy).HasMaxLength(254);
        e.Property(m => m.PricingCategory).HasMaxLength(32);
        e.Property(m => m.Cost).HasPrecision(18, 6);
        e.Property(m => m.CostCurrency).HasMaxLength(3);
        e.Property(m => m.CostSource).HasMaxLength(16);
        // Columns a message gets only once sent (the provider's id, when it was accepted) or only from an automation (the
        // event type) are indexed only where set: every query on them compares them with a value, which implies "not
        // null" to both stores' planners. A broadcast's fan-out, bound by its index writes on SQLite's one writer, then
        // writes 10 index entries a row instead of 13 (bench/README.md, the send path).
        // The outbox: queued messages by when they are due (the dispatcher's claim, the queue's depth and age). Only queued
        // rows are in it, so a message that has left the queue costs it nothing: a report's update writes no entry here
        // (PostgreSQL writes one into every index whose filter the new row version passes; SQLite skips the index when
        // neither version is in it), and the claim scans queued rows only. Queries say `Status == Queued` as a constant.
        // Status still leads: SQLite's planner, without statistics, took the Sent Log's (Status, CreatedAt, Id) for that
        // equality and sorted, over a (NextAttemptAt, Id) index under the same filter.
        e.HasIndex(m => new { m.Status, m.NextAttemptAt, m.Id }).HasFilter($"\"Status\" = {(int)MessageStatus.Queued}");
        // The provider's message id leads: a delivery-report group looks up many ids at once (`= ANY (…)`), which
        // PostgreSQL's planner may leave out of the index condition on a second column, filtering every message of
        // the provider instead (33 ms a group at 10,000 messages, bench/README.md, loop on PostgreSQL).
        e.HasIndex(m => new { m.ProviderMessageId, m.ProviderId }).HasFilter("\"ProviderMessageId\" IS NOT NULL");
        e.HasIndex(m => new { m.BroadcastId, m.Status });
        // The Sent Log's filters, each followed by its order (newest first, MessageOrder), so a filtered page reads its 50
        // rows off the index: a status filter over a (Status, Id) index sorted every matching row first (SQLite, 1,000,000
        // messages: 1 s a page; bench/README.md, sent log).
        e.HasIndex(m => new { m.Status, m.CreatedAt, m.Id });
        e.HasIndex(m => new { m.CustomerId, m.CreatedAt, m.Id });
        e.HasIndex(m => new { m.TemplateId, m.CreatedAt, m.Id });
        e.HasIndex(m => new { m.EventType, m.CreatedAt, m.Id }).HasFilter("\"EventType\" IS NOT NULL");
        // A conversation's timeline: every message to one phone, by time.
        e.HasIndex(m => new { m.ToPhone, m.CreatedAt, m.Id });
        e.HasIndex(m => new { m.CreatedAt, m.Id });
        // The messaging limit: who was reached in the last 24 hours.
        e.HasIndex(m => m.AcceptedAt).HasFilter("\"AcceptedAt\" IS NOT NULL");
        // A broadcast messages each phone number once, whatever runs its fan-out and however often.
        e.HasIndex(m => new { m.BroadcastId, m.ToPhone }).IsUnique().HasFilter("\"BroadcastId\" IS NOT NULL");
        e.HasIndex(m => m.AutomationEventId).IsUnique().HasFilter("\"AutomationEventId\" IS NOT NULL");
    }

    public void Configure(EntityTypeBuilder<MessageStatusEvent> e)
    {
        e.Property(s => s.ErrorCode).HasMaxLength(64);
        e.Property(s => s.Detail).HasMaxLength(1000);
        e.HasIndex(s => new { s.MessageId, s.Id });
        e.HasOne(s => s.Message).WithMany().HasForeignKey(s => s.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
