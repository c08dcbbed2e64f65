using PhoneNumbers;

namespace WhatsApp.Api.Features.Customers;

/// <summary>Phone numbers in, E.164 out, with libphonenumber and a configurable default region for national numbers.</summary>
public sealed class PhoneNumberNormalizer(IConfiguration configuration)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private readonly string _region = configuration["App:DefaultRegion"] is { Length: 2 } r ? r.ToUpperInvariant() : "US";

    /// <summary>The number in E.164, or null when it is not a valid phone number.</summary>
    public string? ToE164(string? input)
    {
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40) return null;
        var raw = input.Trim();
        if (raw.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase)) raw = raw[9..];
        try
        {
            var number = Util.Parse(raw, _region);
            return Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
