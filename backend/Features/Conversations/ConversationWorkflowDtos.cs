using System.ComponentModel.DataAnnotations;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Conversations;

/// <summary>An internal note in the timeline (never sent).</summary>
public record NoteDto(long Id, string Text, string? AuthorName, DateTime CreatedAt);

public record NoteRequest([property: StringLength(ConversationNote.MaxLength)] string? Text);

/// <summary>
/// Opens a ticket for the conversation's customer. <c>Subject</c> left empty: taken from the customer's message
/// <c>FromMessageId</c> (an inbound message of this thread), else from their latest message.
/// </summary>
public record OpenConversationTicketRequest([property: StringLength(200), PlainText] string? Subject, long? FromMessageId = null);

/// <summary>Links an unknown contact's conversation (or re-links one) to an existing customer.</summary>
public record LinkCustomerRequest(int? CustomerId);

public record CannedReplyDto(int Id, string Title, string Text, DateTime UpdatedAt);

public record SaveCannedReplyRequest(
    [property: StringLength(CannedReply.TitleMaxLength), PlainText] string? Title,
    [property: StringLength(ConversationReplies.MaxLength)] string? Text);
