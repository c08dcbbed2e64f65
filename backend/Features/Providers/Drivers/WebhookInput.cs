using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>Reading a webhook's headers, query and form body.</summary>
internal static class WebhookInput
{
    /// <summary>A header or query value, matched case-insensitively whatever comparer the dictionary has.</summary>
    public static string? Find(IReadOnlyDictionary<string, string> values, string name)
    {
        if (values.TryGetValue(name, out var v)) return v;
        foreach (var (key, value) in values)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }

    /// <summary>A form body (application/x-www-form-urlencoded) as name/value pairs; '+' is a space.</summary>
    public static Dictionary<string, string> ParseForm(byte[] body)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.Length == 0) return result;
        foreach (var (key, values) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
            result[key] = values.ToString();
        return result;
    }

    /// <summary>Adds a metadata value only when there is one, so stored metadata has no empty keys.</summary>
    public static void Put(this Dictionary<string, string> metadata, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value)) metadata[key] = value;
    }
}
