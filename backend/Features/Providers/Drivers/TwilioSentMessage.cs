using System.Text.Json;
using System.Text.Json.Serialization;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>
/// What a send needs of the Message resource Twilio answers a create with: its sid, status and error. Read with
/// System.Text.Json instead of the SDK's MessageResource.FromJson, where Newtonsoft read all of the resource's fields
/// into objects for every send: 4.7 % of the app's CPU and 9 % of what it allocated at 5,000 sends a second
/// (bench/README.md, sessions 15 and 16).
/// </summary>
internal sealed record TwilioSentMessage(
    [property: JsonPropertyName("sid")] string? Sid,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("error_code")] int? ErrorCode,
    [property: JsonPropertyName("error_message")] string? ErrorMessage)
{
    private static readonly JsonSerializerOptions Options = new() { NumberHandling = JsonNumberHandling.AllowReadingFromString };

    /// <summary>The resource in <paramref name="utf8Json"/>; null when the body is not a JSON object of that shape.</summary>
    public static TwilioSentMessage? Read(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.IsEmpty) return null;
        try
        {
            return JsonSerializer.Deserialize<TwilioSentMessage>(utf8Json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
