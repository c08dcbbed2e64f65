using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Costs;

/// <summary>A price found on the card.</summary>
public readonly record struct Rate(decimal Price, string Currency);

/// <summary>The card's prices by (category, country), looked up per message without a query.</summary>
public sealed class RateTable(IEnumerable<RateCardPrice> prices)
{
    private readonly Dictionary<(string Category, string Country), Rate> _rates =
        prices.ToDictionary(p => (p.Category, p.Country), p => new Rate(p.Price, p.Currency));

    /// <summary>The price of a <paramref name="category"/> message to <paramref name="phone"/>: its country's row, else the "*" row; null when the card has neither.</summary>
    public Rate? Find(string category, string phone) =>
        RateCardRules.CountryOf(phone) is { } country && _rates.TryGetValue((category, country), out var rate) ? rate
        : _rates.TryGetValue((category, RateCardPrice.AnyCountry), out var any) ? any : null;

    /// <summary>
    /// What a message costs by the card: nothing when the provider says it is not billable (a utility template inside an
    /// open service window, a free entry point), else the card's price; null when the card has no price for it.
    /// </summary>
    public Rate? Charge(string category, bool? billable, string phone) =>
        Find(category, phone) is not { } rate ? null : billable == false ? rate with { Price = 0m } : rate;
}

/// <summary>
/// The rate card held in memory for the status writer's hot path. Refreshed after a minute (other instances' edits),
/// at once after this instance's edit.
/// </summary>
public sealed class RateCardCache(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private (RateTable Table, DateTimeOffset LoadedAt)? _current;

    public async ValueTask<RateTable> GetAsync(AppDbContext db, CancellationToken ct)
    {
        if (_current is { } c && clock.GetUtcNow() - c.LoadedAt < Lifetime) return c.Table;
        var table = new RateTable(await db.Set<RateCardPrice>().AsNoTracking().ToListAsync(ct));
        _current = (table, clock.GetUtcNow());
        return table;
    }

    public void Invalidate() => _current = null;
}
