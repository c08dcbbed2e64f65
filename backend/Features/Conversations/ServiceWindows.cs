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

    public async Task<WindowHistory> HistoryAsync(IReadOnlyCollection<string> phones, DateTime from, DateTime to, CancellationToken ct)
    {
        var since = from - Conversation.ServiceWindow;
        // Through the thread (unique phone, its LastInboundAt) to its messages by (ConversationId, SentAt): both indexed,
        // and a broadcast's recipients, who mostly never wrote, cost one index probe each.
        var wrote = new List<WroteAt>();
        await foreach (var w in Wrote(db, phones, since, to).WithCancellation(ct)) wrote.Add(w);
        return new WindowHistory(wrote.ToLookup(w => w.Phone, w => w.SentAt, StringComparer.Ordinal), Conversation.ServiceWindow);
    }

    // Compiled: each group of delivery reports asks (bench/README.md, webhooks).
    private static readonly Func<AppDbContext, IReadOnlyCollection<string>, DateTime, DateTime, IAsyncEnumerable<WroteAt>> Wrote = EF.CompileAsyncQuery(
        (AppDbContext db, IReadOnlyCollection<string> phones, DateTime since, DateTime to) => db.Set<Conversation>().AsNoTracking()
            .Where(c => phones.Contains(c.Phone) && c.LastInboundAt > since)
            .Join(db.Set<ReceivedMessage>().Where(r => r.SentAt > since && r.SentAt <= to), c => c.Id, r => r.ConversationId, (c, r) => new WroteAt(c.Phone, r.SentAt)));

    private sealed record WroteAt(string Phone, DateTime SentAt);

    public async Task<HashSet<string>> OpenAtAsync(DateTime now, CancellationToken ct)
    {
        var from = now - Conversation.ServiceWindow;
        return (await db.Set<Conversation>().AsNoTracking().Where(c => c.LastInboundAt > from).Select(c => c.Phone).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
    }
}
