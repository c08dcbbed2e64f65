using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Support;
using WhatsApp.Api.Infrastructure;
using WhatsApp.Api.Infrastructure.Live;

namespace WhatsApp.Api.Features.Conversations;

/// <summary>Quick replies that ask for people: the conversation opened for staff, or a support ticket.</summary>
public sealed class QuickReplyEscalation(AppDbContext db, SqliteWriteGate gate, TicketDesk desk, ILiveEvents live) : IQuickReplyEscalation
{
    public async Task<string> AskForAgentAsync(string phone, string buttonText, CancellationToken ct)
    {
        using var writing = await gate.EnterAsync(db, ct);
        // The tap itself was filed into the thread just before, so it exists; a resolved one is reopened.
        var conversation = await db.Set<Conversation>().FirstOrDefaultAsync(c => c.Phone == phone, ct);
        if (conversation is null) return "no conversation to open";
        var reopened = conversation.Status != ConversationStatus.Open;
        conversation.Status = ConversationStatus.Open;
        conversation.UnreadCount = Math.Max(conversation.UnreadCount, 1);
        await db.SaveChangesAsync(ct);
        live.Publish(LiveEvent.ConversationChanged(conversation.Id));
        return reopened ? $"conversation #{conversation.Id} reopened for an agent" : $"conversation #{conversation.Id} is open for an agent";
    }

    public async Task<string> OpenTicketAsync(int customerId, long messageId, string buttonText, CancellationToken ct)
    {
        using var writing = await gate.EnterAsync(db, ct);
        // Raises ticket.created as a ticket opened in the app does, so its automation (an acknowledgement) runs too.
        var ticket = await desk.OpenAsync(customerId, $"WhatsApp quick reply '{buttonText}' to message {messageId}", number: null, ct);
        return ticket is null ? "no ticket opened" : $"ticket {ticket.Number} opened";
    }
}
