using PhoneNumbers;

namespace WhatsApp.Api.Features.Costs;

/// <summary>What a rate card may hold, and how a message's price is found on it.</summary>
public static class RateCardRules
{
    /// <summary>Meta's pricing categories (pricing.category); the card prices these only.</summary>
    public static readonly IReadOnlySet<string> Categories = new HashSet<string>(StringComparer.Ordinal)
    {
        "marketing", "marketing_lite", "utility", "authentication", "authentication_international", "service", "referral_conversion",
    };

    /// <summary>A template's category (as WhatsApp names it) → the pricing category its messages are charged as.</summary>
    public static readonly IReadOnlyDictionary<string, string> TemplateCategories = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["MARKETING"] = "marketing",
        ["UTILITY"] = "utility",
        ["AUTHENTICATION"] = "authentication",
    };

    /// <summary>
    /// Pricing categories that cost nothing inside an open customer-service window: since July 2025 Meta does not charge
    /// UTILITY templates sent while the customer's window is open.
    /// </summary>
    public static readonly IReadOnlySet<string> FreeInsideServiceWindow = new HashSet<string>(StringComparer.Ordinal) { "utility" };

    public const int MaxPrices = 2000;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private static readonly HashSet<string> Regions = [.. Phones.GetSupportedRegions()];

    /// <summary>The card's problems keyed by field ("prices[2].country"); empty when it is fine.</summary>
    public static Dictionary<string, string[]> Validate(RateCardRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Label)) errors["label"] = ["Say where the prices come from."];
        else if (request.Label.Trim().Length > 200) errors["label"] = ["At most 200 characters."];
        if (request.AsOf is null) errors["asOf"] = ["Give the date the prices are from."];
        if (request.Prices is null) { errors["prices"] = ["Give the prices (an empty list clears the card)."]; return errors; }
        if (request.Prices.Count > MaxPrices) { errors["prices"] = [$"At most {MaxPrices} prices."]; return errors; }
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < request.Prices.Count; i++)
        {
            var p = request.Prices[i];
            var at = $"prices[{i}]";
            var category = p.Category?.Trim().ToLowerInvariant();
            var country = p.Country?.Trim().ToUpperInvariant();
            if (category is null || !Categories.Contains(category)) errors[$"{at}.category"] = [$"One of: {string.Join(", ", Categories)}."];
            if (country is null || (country != RateCardPrice.AnyCountry && !Regions.Contains(country)))
                errors[$"{at}.country"] = ["A two-letter country code (BR, GB …) or * for every other country."];
            if (p.Price is not { } price || price < 0 || price >= 1000) errors[$"{at}.price"] = ["A price per message from 0 to 999.99."];
            if (p.Currency?.Trim() is not { Length: 3 } currency || !currency.All(char.IsAsciiLetter)) errors[$"{at}.currency"] = ["A three-letter currency code, e.g. USD."];
            if (category is not null && country is not null && !seen.Add((category, country)))
                errors[$"{at}.country"] = [$"{category} for {country} is on the card twice."];
        }
        return errors;
    }

    /// <summary>The recipient's country (ISO 3166 region) from an E.164 number; null when libphonenumber cannot tell.</summary>
    public static string? CountryOf(string phone)
    {
        try
        {
            return Phones.GetRegionCodeForNumber(Phones.Parse(phone, null)) is { Length: 2 } region ? region : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
