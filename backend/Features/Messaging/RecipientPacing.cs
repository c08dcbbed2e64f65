using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Spaces template messages to one recipient <see cref="DispatchOptions.RecipientSpacing"/> apart (Meta's pair rate
/// limit, 131056), so a bill, a payment receipt and an offer raised in the same second never trip it. Of a claimed
/// batch, a message whose recipient got one too recently (by any instance: the outbox's accepted times), or was sent
/// one a moment ago by this instance, or has an earlier message in the same batch, goes back to the outbox due when
/// its turn comes. Free-form replies are typed by a person and not held back.
/// </summary>
public sealed class RecipientPacing(IOptions<DispatchOptions> options, SqliteWriteGate gate, TimeProvider clock)
{
    /// <summary>This instance's sends, per phone: when the next may go (covers sends not yet written down).</summary>
    private readonly Dictionary<string, DateTime> _nextAllowed = new(StringComparer.Ordinal);
    private DateTime _pruneAt;

    /// <summary>
    /// The rows that may go now; the others are released (their claim with <paramref name="token"/> dropped) and due
    /// again at their turn.
    /// </summary>
    public async Task<List<WhatsAppMessage>> PaceAsync(AppDbContext db, Guid token, List<WhatsAppMessage> rows, CancellationToken ct)
    {
        var spacing = options.Value.RecipientSpacing;
        if (spacing <= TimeSpan.Zero || rows.All(r => r.Body is not null)) return rows;
        var now = clock.GetUtcNow().UtcDateTime;
        Prune(now, spacing);
        var phones = rows.Where(r => r.Body is null).Select(r => r.ToPhone).Distinct().ToList();
        var since = now - spacing;
        var lastAccepted = await db.Set<WhatsAppMessage>().AsNoTracking()
            .Where(m => phones.Contains(m.ToPhone) && m.Body == null && m.AcceptedAt > since)
            .GroupBy(m => m.ToPhone).Select(g => new { Phone = g.Key, Last = g.Max(m => m.AcceptedAt) })
            .ToDictionaryAsync(g => g.Phone, g => g.Last!.Value, ct);

        var go = new List<WhatsAppMessage>(rows.Count);
        var later = new List<(long Id, DateTime At)>();
        var turns = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        lock (_nextAllowed)
        {
            foreach (var row in rows)
            {
                if (row.Body is not null) { go.Add(row); continue; }
                var turn = turns.TryGetValue(row.ToPhone, out var t) ? t
                    : Max(lastAccepted.TryGetValue(row.ToPhone, out var last) ? last + spacing : now, _nextAllowed.GetValueOrDefault(row.ToPhone));
                if (turn <= now)
                {
                    go.Add(row);
                    _nextAllowed[row.ToPhone] = turns[row.ToPhone] = now + spacing;
                    continue;
                }
                later.Add((row.Id, turn));
                turns[row.ToPhone] = turn + spacing;
            }
        }
        if (later.Count == 0) return go;

        using (await gate.EnterAsync(db, ct))
            foreach (var (id, at) in later)
                await db.Set<WhatsAppMessage>().Where(m => m.Id == id && m.ClaimToken == token).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.NextAttemptAt, at)
                    .SetProperty(m => m.ClaimToken, (Guid?)null)
                    .SetProperty(m => m.ClaimedUntil, (DateTime?)null), ct);
        return go;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>
    /// Forgets the phones whose turn has come, once a spacing: a broadcast sends to every phone once, and pruned once a
    /// minute the map held every recipient of the last minute (120,000 phones and their strings at the peak of a
    /// 100,000-recipient send, bench/README.md, session 16), not the last spacing's.
    /// </summary>
    private void Prune(DateTime now, TimeSpan spacing)
    {
        lock (_nextAllowed)
        {
            if (now < _pruneAt) return;
            _pruneAt = now + spacing;
            foreach (var phone in _nextAllowed.Where(n => n.Value < now).Select(n => n.Key).ToList()) _nextAllowed.Remove(phone);
        }
    }
}
