using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Api.Features.Conversations;

public enum ConversationStatus { Open, Pending, Resolved }

/// <summary>
/// One thread per phone number: a customer's, or an unknown contact's (no customer yet). Its timeline is the
/// <see cref="ReceivedMessage"/>s it holds plus every outbound message to the same phone.
/// </summary>
public class Conversation
{
    /// <summary>WhatsApp's customer-service window: free-form replies are allowed this long after the customer's last message.</summary>
    public static readonly TimeSpan ServiceWindow = TimeSpan.FromHours(24);

    public int Id { get; set; }
    /// <summary>E.164; unique, so a person has one thread whatever provider they wrote through.</summary>
    public required string Phone { get; set; }
    /// <summary>The customer with this phone when the thread opened; null for an unknown contact.</summary>
    public int? CustomerId { get; set; }
    /// <summary>The WhatsApp profile name the customer last wrote with.</summary>
    public string? ProfileName { get; set; }
    public ConversationStatus Status { get; set; }
    /// <summary>The staff user (Identity id) handling it; null: unassigned.</summary>
    public string? AssigneeId { get; set; }
    public string? AssigneeName { get; set; }
    /// <summary>When the customer last wrote (as the provider dated it): the service window runs from here.</summary>
    public DateTime? LastInboundAt { get; set; }
    /// <summary>The newest message either way: the list's order.</summary>
    public DateTime LastActivityAt { get; set; }
    public string? LastPreview { get; set; }
    /// <summary>Inbound messages since staff last marked the thread read.</summary>
    public int UnreadCount { get; set; }
    public DateTime CreatedAt { get; set; }

    public DateTime? WindowClosesAt => LastInboundAt + ServiceWindow;

    public bool IsWindowOpen(DateTime now) => WindowClosesAt > now;

    /// <summary>A new inbound message: reopens a resolved thread, counts as unread, moves the window if it is the newest.</summary>
    public void Received(ReceivedMessage message)
    {
        if (message.SentAt > (LastInboundAt ?? DateTime.MinValue)) LastInboundAt = message.SentAt;
        Touch(message.ReceivedAt, message.Preview());
        if (!string.IsNullOrEmpty(message.ProfileName)) ProfileName = message.ProfileName;
        UnreadCount++;
        if (Status == ConversationStatus.Resolved) Status = ConversationStatus.Open;
    }

    public void MarkRead() => UnreadCount = 0;

    public void Assign(string? userId, string? userName) => (AssigneeId, AssigneeName) = (userId, userId is null ? null : userName);

    public void Touch(DateTime at, string preview)
    {
        if (at >= LastActivityAt)
        {
            LastActivityAt = at;
            LastPreview = preview.Length > 200 ? preview[..200] : preview;
        }
    }
}

/// <summary>One message a customer sent us, of any kind, stored once per provider message id.</summary>
public class ReceivedMessage
{
    public long Id { get; set; }
    public int ConversationId { get; set; }
    public Conversation? Conversation { get; set; }
    public int ProviderId { get; set; }
    public required string ProviderType { get; set; }
    /// <summary>Unique per provider: a webhook delivered twice stores nothing the second time.</summary>
    public string? ProviderMessageId { get; set; }
    public required string FromPhone { get; set; }
    public string? ProfileName { get; set; }
    public InboundKind Kind { get; set; }
    public required string Text { get; set; }
    /// <summary>The driver's <see cref="InboundMessage.Metadata"/> as a JSON object (media reference, location, payload …).</summary>
    public required string MetadataJson { get; set; }
    /// <summary>The provider's id of the message this one answers.</summary>
    public string? ContextMessageId { get; set; }
    /// <summary>Our outbound message it answers, when <see cref="ContextMessageId"/> is one of ours.</summary>
    public long? ReplyToMessageId { get; set; }
    /// <summary>When the customer sent it (the provider's time, else when we received it).</summary>
    public DateTime SentAt { get; set; }
    public DateTime ReceivedAt { get; set; }

    public string Preview() => Text.Length > 0 ? Text : $"[{Kind.ToString().ToLowerInvariant()}]";
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>, IEntityTypeConfiguration<ReceivedMessage>
{
    public void Configure(EntityTypeBuilder<Conversation> e)
    {
        e.Property(c => c.Phone).HasMaxLength(20);
        e.Property(c => c.ProfileName).HasMaxLength(200);
        e.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(c => c.AssigneeId).HasMaxLength(64);
        e.Property(c => c.AssigneeName).HasMaxLength(256);
        e.Property(c => c.LastPreview).HasMaxLength(200);
        e.Ignore(c => c.WindowClosesAt);
        e.HasIndex(c => c.Phone).IsUnique();
        e.HasIndex(c => c.CustomerId);
        // The inbox list: newest activity first, keyset on (LastActivityAt, Id), optionally per status or assignee.
        e.HasIndex(c => new { c.LastActivityAt, c.Id });
        e.HasIndex(c => new { c.Status, c.LastActivityAt, c.Id });
        e.HasIndex(c => new { c.AssigneeId, c.LastActivityAt, c.Id });
        // The sidebar's unread badge (asked on every live event by every open tab): no scan of every conversation.
        e.HasIndex(c => c.UnreadCount);
    }

    public void Configure(EntityTypeBuilder<ReceivedMessage> e)
    {
        e.Property(m => m.ProviderType).HasMaxLength(32);
        e.Property(m => m.ProviderMessageId).HasMaxLength(128);
        e.Property(m => m.FromPhone).HasMaxLength(20);
        e.Property(m => m.ProfileName).HasMaxLength(200);
        e.Property(m => m.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(m => m.Text).HasMaxLength(8000);
        e.Property(m => m.MetadataJson).HasMaxLength(16000);
        e.Property(m => m.ContextMessageId).HasMaxLength(128);
        // Idempotency: a provider's message id is stored once, however often the webhook comes.
        e.HasIndex(m => new { m.ProviderType, m.ProviderMessageId }).IsUnique().HasFilter("\"ProviderMessageId\" IS NOT NULL");
        // A thread's keyset pages.
        e.HasIndex(m => new { m.ConversationId, m.SentAt, m.Id });
        e.HasOne(m => m.Conversation).WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}
