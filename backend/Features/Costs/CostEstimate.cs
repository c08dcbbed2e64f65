namespace WhatsApp.Api.Features.Costs;

/// <summary>An amount in one currency.</summary>
public record MoneyDto(decimal Amount, string Currency);

/// <summary>
/// What sending would cost by the rate card: <c>totals</c> per currency (a card may mix them) over the <c>priced</c>
/// recipients; <c>unpriced</c> recipients have no price on the card for <c>category</c> in their country (nor a "*" row);
/// <c>freeInWindow</c> of the priced are free because their service window is open now (utility; Meta since July 2025).
/// An estimate: windows open and close before the messages go.
/// </summary>
public record CostEstimateDto(string Category, IReadOnlyList<MoneyDto> Totals, int Priced, int Unpriced, int FreeInWindow = 0);

/// <summary>Adds up a message of one pricing category to each recipient, by the card.</summary>
public sealed class CostEstimate(RateTable card, string category)
{
    private readonly Dictionary<string, decimal> _totals = new(StringComparer.Ordinal);
    private int _priced, _unpriced, _free;

    /// <param name="windowOpen">Whether the recipient's customer-service window is open (a utility message is then free).</param>
    public void Add(string phone, bool windowOpen = false)
    {
        if (card.Find(category, phone) is not { } rate) { _unpriced++; return; }
        _priced++;
        if (windowOpen && RateCardRules.FreeInsideServiceWindow.Contains(category)) { _free++; rate = rate with { Price = 0m }; }
        _totals[rate.Currency] = _totals.GetValueOrDefault(rate.Currency) + rate.Price;
    }

    public CostEstimateDto ToDto() =>
        new(category, _totals.OrderBy(t => t.Key).Select(t => new MoneyDto(t.Value, t.Key)).ToList(), _priced, _unpriced, _free);
}
