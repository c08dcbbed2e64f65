using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Support;
using WhatsApp.Api.Infrastructure;
using WhatsApp.Api.Infrastructure.Live;

namespace WhatsApp.Api.Features.Conversations;

/// <summary>
/// What a conversation is tied to: its customer (an unknown contact linked to one), its tickets, and staff's notes.
/// Linking never touches consent: a person who writes to us has not agreed to anything (not even to service
/// templates), so a customer linked or created here is opted in only by what staff record on the profile.
/// </summary>
public sealed class ConversationLinks(AppDbContext db, TicketDesk desk, ILiveEvents live, TimeProvider clock)
{
    private static SendRefusal Invalid(string field, string detail) => new(StatusCodes.Status400BadRequest, "Invalid request", detail, field);

    private static readonly SendRefusal NoCustomer = SendRefusal.Unprocessable("Unknown contact",
        "This conversation is not linked to a customer, and a ticket belongs to one: link it to a customer (or create one) first.", "customerId");

    public async Task<SendRefusal?> LinkCustomerAsync(Conversation conversation, int? customerId, CancellationToken ct)
    {
        if (customerId is null) return Invalid("customerId", "Choose a customer.");
        if (!await db.Set<Customer>().AnyAsync(c => c.Id == customerId, ct)) return Invalid("customerId", "There is no such customer.");
        conversation.CustomerId = customerId;
        await db.SaveChangesAsync(ct);
        live.Publish(LiveEvent.ConversationChanged(conversation.Id));
        return null;
    }

    /// <summary>Opens a ticket for the conversation's customer, its subject the given one or the customer's message, and links it.</summary>
    public async Task<(Ticket? Ticket, SendRefusal? Refusal)> OpenTicketAsync(Conversation conversation, string? subject, long? fromMessageId,
        string? user, CancellationToken ct)
    {
        if (conversation.CustomerId is not { } customerId) return (null, NoCustomer);
        subject = subject.NullIfBlank();
        if (subject is null)
        {
            var messages = db.Set<ReceivedMessage>().Where(m => m.ConversationId == conversation.Id);
            if (fromMessageId is { } messageId) messages = messages.Where(m => m.Id == messageId);
            var message = await messages.OrderByDescending(m => m.SentAt).ThenByDescending(m => m.Id).FirstOrDefaultAsync(ct);
            if (message is null)
                return (null, Invalid(fromMessageId is null ? "subject" : "fromMessageId", fromMessageId is null
                    ? "The customer has not written yet: give the ticket a subject."
                    : "There is no such message from the customer in this conversation."));
            subject = SubjectFrom(message);
        }
        var ticket = await desk.OpenAsync(customerId, subject, number: null, ct);
        if (ticket is null) return (null, new SendRefusal(StatusCodes.Status409Conflict, "Conflict", "The ticket could not be numbered; try again.", null));
        db.Add(new ConversationTicket { TicketId = ticket.Id, ConversationId = conversation.Id, LinkedAt = clock.GetUtcNow().UtcDateTime, LinkedBy = user });
        await db.SaveChangesAsync(ct);
        live.Publish(LiveEvent.ConversationChanged(conversation.Id));
        return (ticket, null);
    }

    /// <summary>Links an existing ticket of the same customer; a ticket already linked to another conversation moves here.</summary>
    public async Task<(Ticket? Ticket, SendRefusal? Refusal)> LinkTicketAsync(Conversation conversation, int? ticketId, string? user, CancellationToken ct)
    {
        if (conversation.CustomerId is not { } customerId) return (null, NoCustomer);
        if (ticketId is null) return (null, Invalid("ticketId", "Choose a ticket."));
        var ticket = await db.Set<Ticket>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == ticketId, ct);
        if (ticket is null) return (null, Invalid("ticketId", "There is no such ticket."));
        if (ticket.CustomerId != customerId) return (null, Invalid("ticketId", $"Ticket {ticket.Number} belongs to another customer."));

        var link = await db.Set<ConversationTicket>().FirstOrDefaultAsync(l => l.TicketId == ticket.Id, ct);
        if (link is null) db.Add(link = new ConversationTicket { TicketId = ticket.Id, ConversationId = conversation.Id });
        link.ConversationId = conversation.Id;
        link.LinkedAt = clock.GetUtcNow().UtcDateTime;
        link.LinkedBy = user;
        await db.SaveChangesAsync(ct);
        live.Publish(LiveEvent.ConversationChanged(conversation.Id));
        live.Publish(LiveEvent.TicketChanged(ticket.Id));
        return (ticket, null);
    }

    public async Task<(NoteDto? Note, SendRefusal? Refusal)> AddNoteAsync(Conversation conversation, string? text, string? userId, string? userName,
        CancellationToken ct)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text)) return (null, Invalid("text", "Write the note."));
        if (text.Length > ConversationNote.MaxLength) return (null, Invalid("text", $"At most {ConversationNote.MaxLength} characters."));
        var note = new ConversationNote
        {
            ConversationId = conversation.Id, Text = text, AuthorId = userId, AuthorName = userName, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(note);
        await db.SaveChangesAsync(ct);
        live.Publish(LiveEvent.ConversationChanged(conversation.Id));
        return (ToDto(note), null);
    }

    public static NoteDto ToDto(ConversationNote n) => new(n.Id, n.Text, n.AuthorName, n.CreatedAt);

    /// <summary>A ticket's subject from what the customer wrote: the first line, cut at a word near the limit.</summary>
    internal static string SubjectFrom(ReceivedMessage message)
    {
        var text = message.Preview().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault() ?? message.Preview();
        const int max = TicketDesk.SubjectMaxLength;
        if (text.Length <= max) return text;
        var cut = text.LastIndexOf(' ', max - 2);
        return text[..(cut > max / 2 ? cut : max - 1)].TrimEnd() + "…";
    }
}
