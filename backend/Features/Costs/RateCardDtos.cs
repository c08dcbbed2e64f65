namespace WhatsApp.Api.Features.Costs;

public record RateCardPriceDto(string Category, string Country, decimal Price, string Currency);

/// <summary>The rate card: <c>asOf</c> is the date its prices are from; a price's country "*" covers every country not listed.</summary>
public record RateCardDto(string Label, DateOnly AsOf, IReadOnlyList<RateCardPriceDto> Prices, DateTime UpdatedAt, string? UpdatedBy);

public record RateCardPriceRequest(string? Category, string? Country, decimal? Price, string? Currency);

/// <summary>Replaces the whole card.</summary>
public record RateCardRequest(string? Label, DateOnly? AsOf, IReadOnlyList<RateCardPriceRequest>? Prices);
