using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Api.Features.Conversations;

/// <param name="Name">The customer's name, else the WhatsApp profile name, else the phone.</param>
/// <param name="WindowOpen">Free-form replies are allowed now (the customer wrote in the last 24 hours).</param>
/// <param name="WindowClosesAt">When the window closes (or closed); null when the customer never wrote.</param>
public record ConversationDto(
    int Id,
    string Phone,
    string Name,
    int? CustomerId,
    string? ProfileName,
    ConversationStatus Status,
    string? AssigneeId,
    string? AssigneeName,
    int UnreadCount,
    DateTime LastActivityAt,
    string? LastPreview,
    DateTime? LastInboundAt,
    bool WindowOpen,
    DateTime? WindowClosesAt);

public record ConversationPage(IReadOnlyList<ConversationDto> Items, string? NextCursor);

/// <summary>For the sidebar badge: conversations with unread messages, and how many messages that is.</summary>
public record InboxUnread(int Conversations, int Messages);

/// <summary><c>Note</c>: staff's internal note, never sent.</summary>
public enum TimelineDirection { Inbound, Outbound, Note }

/// <summary>What the customer sent: its kind, visible text, and the provider's references (media is not downloaded yet).</summary>
public record InboundDto(
    long Id,
    InboundKind Kind,
    string Text,
    IReadOnlyDictionary<string, string> Metadata,
    string? ProviderType,
    string? ProviderMessageId,
    string? ContextMessageId,
    long? ReplyToMessageId,
    DateTime ReceivedAt);

/// <summary>One timeline entry: exactly one of <c>Inbound</c>, <c>Outbound</c> and <c>Note</c> is set. <c>Text</c> is what the person saw (or the note).
/// <c>Media</c>: the file it carries, either way (see <see cref="MessageMediaDto"/>).</summary>
public record TimelineItem(TimelineDirection Direction, DateTime At, string Text, InboundDto? Inbound, MessageDto? Outbound, MessageMediaDto? Media = null, NoteDto? Note = null);

/// <summary>Newest first; <c>NextCursor</c> fetches older entries.</summary>
public record TimelinePage(IReadOnlyList<TimelineItem> Items, string? NextCursor);

/// <summary>A reply: <c>Text</c>, and/or <c>MediaId</c> (an upload's id, see <c>POST /api/whatsapp/media</c>) with <c>Text</c> as its caption.</summary>
public record ReplyRequest(string? Text, string? MediaId = null);

/// <summary><c>AssigneeId</c>: a staff user's id; null or empty unassigns.</summary>
public record AssignRequest(string? AssigneeId);

public record ConversationStatusRequest(ConversationStatus? Status);
