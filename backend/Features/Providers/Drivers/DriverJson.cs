using System.Text.Json;
using System.Text.Encodings.Web;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>Reading (and writing) the providers' JSON without throwing on a shape we did not expect.</summary>
internal static class DriverJson
{
    /// <summary>Providers read '+', accents and emoji literally; escaping them only bloats the body.</summary>
    public static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>The buffered body parsed as JSON; null when it is empty or not JSON.</summary>
    public static async Task<JsonDocument?> ReadAsync(HttpResponseMessage response, CancellationToken ct) =>
        Parse(await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false));

    /// <summary>The bytes parsed as JSON; null when they are empty or not JSON.</summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.IsEmpty) return null;
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? AsText(v) : null;

    public static JsonElement Obj(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

    public static IEnumerable<JsonElement> Arr(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    /// <summary>Strings as they are, numbers and booleans as their JSON text, null/objects as null.</summary>
    public static string? AsText(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        _ => null,
    };
}
