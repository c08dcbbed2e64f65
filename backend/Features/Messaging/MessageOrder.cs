using System.Globalization;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// "Newest first" in the Sent Log and its export: by creation time, the id breaking ties (a back-dated import or a
/// scheduled broadcast writes rows whose ids don't follow their times). The (CreatedAt, Id) index serves the order.
/// </summary>
public static class MessageOrder
{
    public static IOrderedQueryable<WhatsAppMessage> NewestFirst(this IQueryable<WhatsAppMessage> query) =>
        query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id);

    /// <summary>The rows after <paramref name="cursor"/> in <see cref="NewestFirst"/> order.</summary>
    public static IQueryable<WhatsAppMessage> After(this IQueryable<WhatsAppMessage> query, MessageCursor cursor) =>
        query.Where(m => m.CreatedAt < cursor.CreatedAt || (m.CreatedAt == cursor.CreatedAt && m.Id < cursor.Id));
}

/// <summary>
/// Where a Sent Log page ended: the last row's time and id, as "ticks_id". Opaque to clients; only what
/// <see cref="ToString"/> wrote parses.
/// </summary>
public sealed record MessageCursor(DateTime CreatedAt, long Id)
{
    public static MessageCursor Of(WhatsAppMessage last) => new(last.CreatedAt, last.Id);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{CreatedAt.ToUniversalTime().Ticks}_{Id}");

    public static bool TryParse(string text, out MessageCursor cursor)
    {
        cursor = null!;
        var parts = text.Split('_');
        if (parts.Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTime.MaxValue.Ticks
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return false;
        cursor = new MessageCursor(new DateTime(ticks, DateTimeKind.Utc), id);
        return true;
    }
}
