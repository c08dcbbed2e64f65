using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FakeProvider;

/// <summary>Small helpers shared by the three provider wire formats.</summary>
internal static class Wire
{
    // Real providers write "+" and "'" literally; the default encoder would escape them and make bodies
    // look unlike the real thing (and unlike what a driver author sees in the docs).
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonSerializerOptions JsonOmitNulls = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const int MaxBodyBytes = 1 << 20;

    /// <summary>Reads the whole body (needed both for parsing and for the stored raw copy); null if too large.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        var ct = request.HttpContext.RequestAborted;
        if (request.ContentLength is long length)
        {
            if (length > MaxBodyBytes) return null;
            var buffer = new byte[length];
            await request.Body.ReadExactlyAsync(buffer, ct);
            return buffer;
        }

        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, ct);
        return copy.Length > MaxBodyBytes ? null : copy.ToArray();
    }

    public static bool TryParseJson(byte[] body, out JsonElement root)
    {
        try
        {
            root = JsonSerializer.Deserialize<JsonElement>(body);
            return true;
        }
        catch (JsonException)
        {
            root = default;
            return false;
        }
    }

    public static string? Str(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    public static JsonElement? Obj(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
            ? v
            : null;

    public static JsonElement? Arr(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v
            : null;

    /// <summary>Scalar as text: strings unquoted, anything else as its JSON.</summary>
    public static string AsText(JsonElement v) => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();

    public static bool TryParseBasic(HttpRequest request, out string user, out string password)
    {
        user = password = "";
        string? header = request.Headers.Authorization;
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':');
            if (colon < 0) return false;
            user = decoded[..colon];
            password = decoded[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string? Bearer(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header[7..].Trim()
            : null;
    }

    /// <summary>Digits only: "whatsapp:+1 415-555" and "1415555" compare equal.</summary>
    public static string Digits(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
            if (c is >= '0' and <= '9') sb.Append(c);
        return sb.ToString();
    }

    /// <summary>E.164 digit count without the plus: 7 to 15 digits.</summary>
    public static bool IsMsisdn(ReadOnlySpan<char> digits)
    {
        if (digits.Length is < 7 or > 15) return false;
        foreach (var c in digits)
            if (c is < '0' or > '9') return false;
        return true;
    }

    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}";

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string IsoMillis(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Rfc2822(DateTimeOffset t) => t.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    public static string UnixSeconds(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string TwilioSid(string prefix) => prefix + Guid.NewGuid().ToString("N");

    public static string Uuid() => Guid.NewGuid().ToString();

    /// <summary>Looks like Meta's: base64 of a small binary blob that embeds the recipient.</summary>
    public static string Wamid(string toDigits)
    {
        var random = Guid.NewGuid().ToString("N").ToUpperInvariant()[..20];
        var payload = $"\u0018{(char)toDigits.Length}{toDigits}\u0015\u0002\u0000\u0011\u0018\u0014{random}\u0000";
        return "wamid." + Convert.ToBase64String(Encoding.Latin1.GetBytes(payload));
    }

    public static string FbTraceId()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        Span<char> chars = stackalloc char[23];
        chars[0] = 'A';
        for (var i = 1; i < chars.Length; i++) chars[i] = alphabet[Random.Shared.Next(alphabet.Length)];
        return new string(chars);
    }

    /// <summary>Numeric Graph-style id (Meta template ids are 15-16 digits).</summary>
    public static string GraphId() => Random.Shared.NextInt64(100_000_000_000_000, 9_999_999_999_999_999).ToString(CultureInfo.InvariantCulture);

    public static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    public static string FormEncode(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join('&', fields.Select(f => System.Net.WebUtility.UrlEncode(f.Key) + "=" + System.Net.WebUtility.UrlEncode(f.Value)));
}
