using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Conversations;

/// <summary>
/// The service windows from the messages customers sent: a thread's <see cref="Conversation.LastInboundAt"/> says
/// whether its window is open now; for a moment in the past, any message of the thread in the 24 hours before it.
/// </summary>
internal sealed class ServiceWindows(AppDbContext db) : IServiceWindows
{
    private static readonly double WindowHours = Conversation.ServiceWindow.TotalHours;

    public IQueryable<WhatsAppMessage> OutsideWindow(IQueryable<WhatsAppMessage> messages)
    {
        var conversations = db.Set<Conversation>();
        var received = db.Set<ReceivedMessage>();
        // Through the thread (unique phone) to its messages by (ConversationId, SentAt): both indexed.
        return messages.Where(m => !conversations.Any(c => c.Phone == m.ToPhone && c.LastInboundAt != null
            && received.Any(r => r.ConversationId == c.Id && r.SentAt <= m.AcceptedAt && r.SentAt > m.AcceptedAt!.Value.AddHours(-WindowHours))));
    }

    public Task<bool> WasOpenAsync(string phone, DateTime at, CancellationToken ct)
    {
        var from = at - Conversation.ServiceWindow;
        var received = db.Set<ReceivedMessage>();
        return db.Set<Conversation>().AnyAsync(c => c.Phone == phone && c.LastInboundAt > from
            && received.Any(r => r.ConversationId == c.Id && r.SentAt <= at && r.SentAt > from), ct);
    }

    public async Task<HashSet<string>> OpenAtAsync(DateTime now, CancellationToken ct)
    {
        var from = now - Conversation.ServiceWindow;
        return (await db.Set<Conversation>().AsNoTracking().Where(c => c.LastInboundAt > from).Select(c => c.Phone).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
    }
}
