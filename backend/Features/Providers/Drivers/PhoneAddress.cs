using System.Text;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>The ways providers write a phone number: "whatsapp:+14155550100", "+14155550100", "14155550100".</summary>
internal static class PhoneAddress
{
    /// <summary>Any of the forms → "14155550100".</summary>
    public static string Digits(string value)
    {
        var start = value.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase) ? "whatsapp:".Length : 0;
        var span = value.AsSpan(start).Trim();
        if (span.StartsWith("+")) span = span[1..];
        foreach (var c in span)
            if (!char.IsAsciiDigit(c)) return StripNonDigits(span);
        return span.Length == value.Length ? value : span.ToString();
    }

    /// <summary>E.164 with the '+', from digits or a "whatsapp:" address.</summary>
    public static string E164(string value) => "+" + Digits(value);

    /// <summary>Any of the forms → "whatsapp:+14155550100", Twilio's address of a WhatsApp number.</summary>
    public static string WhatsApp(string value) => "whatsapp:+" + Digits(value);

    private static string StripNonDigits(ReadOnlySpan<char> span)
    {
        var sb = new StringBuilder(span.Length);
        foreach (var c in span)
            if (char.IsAsciiDigit(c)) sb.Append(c);
        return sb.ToString();
    }
}
