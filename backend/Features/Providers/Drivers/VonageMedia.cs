using System.Net.Http.Headers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>Inbound media: the URL in Vonage's inbound webhook.</summary>
public sealed partial class VonageDriver
{
    private static readonly string[] MediaDomains = ["nexmo.com", "vonage.com"];

    /// <summary>
    /// A GET on the webhook's URL. With "Secure Inbound Media" on, Vonage wants the application's JWT (the same RS256 token
    /// sends use); without it the unguessable URL (valid 48 hours) is the credential. The JWT is sent whenever the
    /// account has an application ID and private key, which works in both modes.
    /// </summary>
    public Task<MediaFetchResult> FetchMediaAsync(ProviderContext context, string mediaRef, CancellationToken ct)
    {
        if (!MediaDownloads.IsProviderUrl(mediaRef, context.BaseUrl, MediaDomains)) return Task.FromResult(MediaDownloads.NotProviderUrl(DisplayName));
        AuthenticationHeaderValue? auth = null;
        var c = context.Credentials;
        if (c.Get("applicationId") is not null && c.Get("privateKey") is not null)
        {
            try { auth = ApplicationJwt(context).Header; }
            catch (Exception e) when (e is CryptographicException or ArgumentException or SecurityTokenException)
            {
                return Task.FromResult(MediaFetchResult.Failed(false, "invalid_credentials", "The Vonage private key cannot be used: " + e.Message));
            }
        }
        return MediaDownloads.GetAsync(httpClientFactory, mediaRef, auth, DisplayName, ct);
    }

    /// <summary>WhatsApp's media kinds under Vonage's message types: a document is a "file".</summary>
    private static readonly Dictionary<HeaderFormat, string> MediaMessageTypes = new()
    {
        [HeaderFormat.Image] = "image", [HeaderFormat.Document] = "file", [HeaderFormat.Video] = "video",
    };

    /// <summary>message_type image|file|video with {"url":…,"caption":…} (a file also "name").</summary>
    private static void WriteSessionMedia(Utf8JsonWriter w, OutgoingMedia media, string? caption, string from, OutgoingMessage message)
    {
        var type = MediaMessageTypes[media.Format];
        w.WriteString("message_type", type);
        w.WriteString("channel", "whatsapp");
        w.WriteString("to", PhoneAddress.Digits(message.To));
        w.WriteString("from", PhoneAddress.Digits(from));
        w.WriteStartObject(type);
        w.WriteString("url", media.Link);
        if (!string.IsNullOrEmpty(caption)) w.WriteString("caption", caption);
        if (media.Format == HeaderFormat.Document && media.FileName is { Length: > 0 } name) w.WriteString("name", name);
        w.WriteEndObject();
        w.WriteString("client_ref", message.MessageId.ToString(CultureInfo.InvariantCulture));
    }
}
