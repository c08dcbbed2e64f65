using System.Globalization;

namespace WhatsApp.Api.Features.Billing;

/// <summary>Amounts and currency codes as the billing API and other systems' events give them.</summary>
public static class Money
{
    public const decimal Max = 1_000_000_000m;

    /// <summary>"usd" → "USD"; null unless it is three letters (ISO 4217).</summary>
    public static string? CurrencyCode(string? code) =>
        code?.Trim() is { Length: 3 } c && c.All(char.IsAsciiLetter) ? c.ToUpperInvariant() : null;

    /// <summary>Why an amount is not acceptable, or null: positive, at most a billion, at most four decimals.</summary>
    public static string? Problem(decimal? amount) => amount switch
    {
        null => "An amount is required.",
        <= 0 => "The amount must be greater than zero.",
        > Max => "The amount is too large.",
        { } a when a.Scale > 4 && decimal.Round(a, 4) != a => "At most four decimal places.",
        _ => null,
    };

    /// <summary>An amount written as other systems send it ("20.00", invariant culture).</summary>
    public static decimal? Parse(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) ? d : null;
}
