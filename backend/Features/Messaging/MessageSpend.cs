using Microsoft.EntityFrameworkCore;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// What messages cost, added up per key and currency. The database groups by key, currency and price and counts;
/// the amounts are added here, because SQLite stores decimals as text and cannot sum them (prices are few, so the
/// rows are too).
/// </summary>
public static class MessageSpend
{
    /// <summary>A message's cost under the key it is added up by; project messages into it (<c>Select(m => new Row&lt;K&gt; { … })</c>).</summary>
    public sealed class Row<TKey>
    {
        public required TKey Key { get; init; }
        public string? Currency { get; init; }
        public decimal? Cost { get; init; }
    }

    public sealed record Total<TKey>(TKey Key, string Currency, int Messages, decimal Amount);

    public static async Task<List<Total<TKey>>> SumAsync<TKey>(IQueryable<Row<TKey>> rows, CancellationToken ct)
    {
        var grouped = await rows.Where(r => r.Cost != null && r.Currency != null)
            .GroupBy(r => new { r.Key, r.Currency, r.Cost })
            .Select(g => new { g.Key.Key, g.Key.Currency, g.Key.Cost, Count = g.Count() }).ToListAsync(ct);
        return grouped.GroupBy(r => (r.Key, Currency: r.Currency!))
            .Select(g => new Total<TKey>(g.Key.Key, g.Key.Currency, g.Sum(r => r.Count), g.Sum(r => r.Cost!.Value * r.Count)))
            .OrderByDescending(t => t.Amount).ToList();
    }
}
