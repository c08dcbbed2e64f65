using System.Globalization;
using WhatsApp.Api.Features.Customers;

namespace WhatsApp.Api.Features.Automations;

/// <summary>
/// The values an automated message's variables are filled with: the customer's fields, the event's fields formatted for the
/// customer's language (amounts with their currency, dates as that language writes them), and the client portal link.
/// </summary>
public sealed class EventValues(CustomerFields customerFields, IConfiguration configuration)
{
    private static readonly CultureInfo Fallback = CultureInfo.GetCultureInfo("en-US");

    public string? PortalUrl => configuration["App:PortalUrl"] is { Length: > 0 } url ? url : null;

    /// <summary>The resolver for a real event: empty where the customer or the event has no value.</summary>
    public Func<string, string?> For(Customer customer, EventType type, IReadOnlyDictionary<string, string> data)
    {
        var culture = CultureFor(customer.Language);
        return path => path.StartsWith(CustomerFields.Prefix, StringComparison.Ordinal)
            ? customerFields.ValueOf(customer, path)
            : path == EventTypes.PortalUrl ? PortalUrl
            : type.Field(path) is { } field && data.GetValueOrDefault(path) is { Length: > 0 } raw ? Format(field, raw, data, culture)
            : null;
    }

    /// <summary>The resolver for a preview: the customer's values if one is given, examples for the rest.</summary>
    public Func<string, string?> ForExample(Customer? customer, EventType type)
    {
        var examples = type.Fields.ToDictionary(f => f.Path, f => f.Example);
        if (PortalUrl is { } portal) examples[EventTypes.PortalUrl] = portal;
        if (customer is not null) return For(customer, type, examples);
        var culture = CultureFor(null);
        return path => path.StartsWith(CustomerFields.Prefix, StringComparison.Ordinal)
            ? CustomerFields.All.FirstOrDefault(f => CustomerFields.Prefix + f.Key == path)?.Example
            : type.Field(path) is { } field ? Format(field, examples[path], examples, culture) : null;
    }

    /// <summary>"en_US" → en-US; an unknown or missing language writes as American English.</summary>
    public static CultureInfo CultureFor(string? language)
    {
        if (string.IsNullOrWhiteSpace(language)) return Fallback;
        try
        {
            var culture = CultureInfo.GetCultureInfo(language.Replace('_', '-'), predefinedOnly: true);
            return culture.Equals(CultureInfo.InvariantCulture) ? Fallback : culture;
        }
        catch (CultureNotFoundException)
        {
            return Fallback;
        }
    }

    internal static string Format(EventField field, string raw, IReadOnlyDictionary<string, string> data, CultureInfo culture)
    {
        switch (field.Format)
        {
            case FieldFormat.Money when decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount):
                var currency = data.GetValueOrDefault(field.Path[..field.Path.LastIndexOf('.')] + ".currency");
                return FormatMoney(amount, currency, culture);
            case FieldFormat.Date when DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                return date.ToString("D", culture);
            default:
                return raw;
        }
    }

    /// <summary>
    /// The amount as the customer's language writes money. Their own currency gets its symbol ("$20.00" for en_US and USD);
    /// any other is named by its code, never by a symbol that could mean another country's dollar ("USD 20,00").
    /// </summary>
    public static string FormatMoney(decimal amount, string? currency, CultureInfo culture)
    {
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        if (!string.IsNullOrEmpty(currency) && !string.Equals(RegionCurrency(culture), currency, StringComparison.OrdinalIgnoreCase))
        {
            format.CurrencySymbol = currency.ToUpperInvariant();
            // "$20.50" reads well, "USD20.50" does not: a code is always set apart from the number.
            format.CurrencyPositivePattern = format.CurrencyPositivePattern switch { 0 => 2, 1 => 3, var p => p };
        }
        return amount.ToString("C", format);
    }

    private static string? RegionCurrency(CultureInfo culture)
    {
        try { return new RegionInfo(culture.Name).ISOCurrencySymbol; }
        catch (ArgumentException) { return null; }
    }
}
