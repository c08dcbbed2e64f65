using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Media;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Conversations;

/// <summary>
/// The inbox list and a thread's timeline, both as keyset pages (newest first): an offset would rescan every earlier
/// row on each page. A cursor is "ticks.order.id", the last entry's sort key.
/// </summary>
public static class ConversationViews
{
    public static async Task<ConversationPage> ListAsync(AppDbContext db, IQueryable<Conversation> query, Cursor? after, int limit, DateTime now, CancellationToken ct)
    {
        if (after is { } c)
        {
            var at = new DateTime(c.Ticks, DateTimeKind.Utc);
            query = query.Where(x => x.LastActivityAt < at || (x.LastActivityAt == at && x.Id < c.Id));
        }
        var rows = await query.OrderByDescending(x => x.LastActivityAt).ThenByDescending(x => x.Id).Take(limit + 1).ToListAsync(ct);
        var page = rows.Take(limit).ToList();
        var dtos = await ToDtosAsync(db, page, now, ct);
        return new ConversationPage(dtos, rows.Count > limit ? new Cursor(page[^1].LastActivityAt.Ticks, 0, page[^1].Id).ToString() : null);
    }

    public static async Task<List<ConversationDto>> ToDtosAsync(AppDbContext db, IReadOnlyCollection<Conversation> rows, DateTime now, CancellationToken ct)
    {
        var ids = rows.Where(r => r.CustomerId != null).Select(r => r.CustomerId!.Value).Distinct().ToList();
        var names = await db.Set<Customer>().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        return rows.Select(c => new ConversationDto(c.Id, c.Phone,
            (c.CustomerId is { } cid ? names.GetValueOrDefault(cid) : null) ?? c.ProfileName ?? c.Phone,
            c.CustomerId, c.ProfileName, c.Status, c.AssigneeId, c.AssigneeName, c.UnreadCount, c.LastActivityAt, c.LastPreview,
            c.LastInboundAt, c.IsWindowOpen(now), c.WindowClosesAt)).ToList();
    }

    // Inbound entries sort after outbound ones at the same instant (order 1 vs 0): a reply never precedes what it answers.
    // A note comes last: it is written about what is already there.
    private const int OutboundOrder = 0, InboundOrder = 1, NoteOrder = 2;

    /// <summary>A page of the thread: received messages and every outbound message to the same phone, merged by time.</summary>
    public static async Task<TimelinePage> TimelineAsync(AppDbContext db, MediaLinks links, Conversation conversation, Cursor? before, int limit, CancellationToken ct)
    {
        var inbound = db.Set<ReceivedMessage>().AsNoTracking().Where(m => m.ConversationId == conversation.Id);
        var outbound = db.Set<WhatsAppMessage>().AsNoTracking().Where(m => m.ToPhone == conversation.Phone);
        var notes = db.Set<ConversationNote>().AsNoTracking().Where(n => n.ConversationId == conversation.Id);
        if (before is { } c)
        {
            var at = new DateTime(c.Ticks, DateTimeKind.Utc);
            inbound = c.Order > InboundOrder
                ? inbound.Where(m => m.SentAt <= at)
                : inbound.Where(m => m.SentAt < at || (m.SentAt == at && c.Order == InboundOrder && m.Id < c.Id));
            outbound = c.Order > OutboundOrder
                ? outbound.Where(m => m.CreatedAt <= at)
                : outbound.Where(m => m.CreatedAt < at || (m.CreatedAt == at && m.Id < c.Id));
            notes = c.Order < NoteOrder
                ? notes.Where(n => n.CreatedAt < at)
                : notes.Where(n => n.CreatedAt < at || (n.CreatedAt == at && n.Id < c.Id));
        }
        var received = await inbound.OrderByDescending(m => m.SentAt).ThenByDescending(m => m.Id).Take(limit + 1).ToListAsync(ct);
        var sent = await outbound.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(limit + 1).ToListAsync(ct);
        var written = await notes.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(limit + 1).ToListAsync(ct);

        var merged = received.Select(m => (Key: new Cursor(m.SentAt.Ticks, InboundOrder, m.Id), In: (ReceivedMessage?)m, Out: (WhatsAppMessage?)null, Note: (ConversationNote?)null))
            .Concat(sent.Select(m => (Key: new Cursor(m.CreatedAt.Ticks, OutboundOrder, m.Id), In: (ReceivedMessage?)null, Out: (WhatsAppMessage?)m, Note: (ConversationNote?)null)))
            .Concat(written.Select(n => (Key: new Cursor(n.CreatedAt.Ticks, NoteOrder, n.Id), In: (ReceivedMessage?)null, Out: (WhatsAppMessage?)null, Note: (ConversationNote?)n)))
            .OrderByDescending(x => x.Key.Ticks).ThenByDescending(x => x.Key.Order).ThenByDescending(x => x.Key.Id)
            .ToList();
        var page = merged.Take(limit).ToList();

        var outRows = page.Where(x => x.Out is not null).Select(x => x.Out!).ToList();
        var outDtos = (await MessageViews.ToDtosAsync(db, outRows, ct)).ToDictionary(d => d.Id);
        var templateIds = outRows.Where(m => m.TemplateId != null).Select(m => m.TemplateId!.Value).Distinct().ToList();
        var bodies = await db.Set<WhatsAppTemplate>().Where(t => templateIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Body, ct);

        var media = await ThreadMedia.LoadAsync(db, links, page.Where(x => x.In is not null).Select(x => x.In!), ct);
        var items = page.Select(x => x.Note is { } note ? new TimelineItem(TimelineDirection.Note, note.CreatedAt, note.Text, null, null, Note: ConversationLinks.ToDto(note))
            : x.In is { } m
            ? new TimelineItem(TimelineDirection.Inbound, m.SentAt, m.Preview(), ToDto(m), null, media.Of(m))
            : new TimelineItem(TimelineDirection.Outbound, x.Out!.CreatedAt, OutboundText(x.Out, bodies), null, outDtos[x.Out.Id], media.Of(x.Out))).ToList();
        return new TimelinePage(items, merged.Count > limit ? page[^1].Key.ToString() : null);
    }

    private static InboundDto ToDto(ReceivedMessage m) => new(m.Id, m.Kind, m.Text,
        JsonSerializer.Deserialize<Dictionary<string, string>>(m.MetadataJson) ?? [],
        m.ProviderType, m.ProviderMessageId, m.ContextMessageId, m.ReplyToMessageId, m.ReceivedAt);

    /// <summary>A reply's text, or the template as the customer read it.</summary>
    private static string OutboundText(WhatsAppMessage m, IReadOnlyDictionary<int, string> templateBodies)
    {
        if (m.Body is { } body) return body;
        if (m.TemplateId is { } id && templateBodies.TryGetValue(id, out var template))
            return TemplateText.Render(template, JsonSerializer.Deserialize<Dictionary<string, string>>(m.ParametersJson) ?? []);
        return m.TemplateName;
    }
}

/// <summary>A keyset position: time (ticks), a tie-break order, and the row id.</summary>
public readonly record struct Cursor(long Ticks, int Order, long Id)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Ticks}.{Order}.{Id}");

    public static bool TryParse(string? text, out Cursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text)) return true;
        var parts = text.Split('.');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTime.MaxValue.Ticks
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var order)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return false;
        cursor = new Cursor(ticks, order, id);
        return true;
    }
}
