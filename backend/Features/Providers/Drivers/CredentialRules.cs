using PhoneNumbers;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>Small checks the drivers share when validating credentials.</summary>
internal static class CredentialRules
{
    public static string? Get(this IReadOnlyDictionary<string, string> c, string key) =>
        c.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    public static bool IsE164(string value)
    {
        if (!value.StartsWith('+')) return false;
        try
        {
            var util = PhoneNumberUtil.GetInstance();
            return util.IsPossibleNumber(util.Parse(value, null));
        }
        catch (NumberParseException) { return false; }
    }

    public static bool HasPrefixAndLength(string value, string prefix, int length) =>
        value.StartsWith(prefix, StringComparison.Ordinal) && value.Length == length && value[prefix.Length..].All(char.IsAsciiHexDigit);
}
