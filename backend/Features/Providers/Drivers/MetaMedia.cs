using System.Globalization;
using System.Net;
using System.Text.Json;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>Inbound media: Meta's media id, looked up and downloaded with the access token.</summary>
public sealed partial class MetaDriver
{
    /// <summary>Where the Graph API's media URLs point (lookaside.fbsbx.com today).</summary>
    private static readonly string[] MediaDomains = ["fbsbx.com", "facebook.com", "whatsapp.net", "fbcdn.net"];

    /// <summary>
    /// Two steps: <c>GET /{media-id}</c> (bearer) answers {url, mime_type, file_size}; the url (valid for minutes) is then
    /// downloaded with the same bearer token. Media ids are numeric, so nothing else reaches the Graph path.
    /// </summary>
    public async Task<MediaFetchResult> FetchMediaAsync(ProviderContext context, string mediaRef, CancellationToken ct)
    {
        if (context.Credentials.Get("accessToken") is not { } token)
            return MediaFetchResult.Failed(false, "missing_credentials", "Set the Meta access token.");
        if (mediaRef.Length is 0 or > 64 || !mediaRef.All(char.IsAsciiDigit))
            return MediaFetchResult.Failed(false, "invalid_media_id", "The media id is not one Meta issues.");

        var auth = AuthHeaders.Bearer(token);
        string? url, mimeType;
        long? fileSize;
        try
        {
            var (status, body, raw) = await ApiReads.GetAsync(httpClientFactory,
                DriverHttp.Origin(context.BaseUrl, GraphOrigin) + "/" + GraphVersion + "/" + mediaRef, auth, DisplayName, ct).ConfigureAwait(false);
            using (body)
            {
                var root = body?.RootElement ?? default;
                if (status != HttpStatusCode.OK)
                {
                    var error = root.Obj("error");
                    return MediaFetchResult.Failed(MediaDownloads.Transient((int)status), error.Str("code") ?? $"http_{(int)status}",
                        $"Meta answered {(int)status} to the media id look-up: {error.Str("message") ?? raw}");
                }
                url = root.Str("url");
                mimeType = root.Str("mime_type");
                fileSize = long.TryParse(root.Str("file_size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null;
            }
        }
        catch (HttpRequestException e)
        {
            return MediaFetchResult.Failed(true, "network_error", e.Message);
        }
        if (string.IsNullOrEmpty(url)) return MediaFetchResult.Failed(false, "no_media_url", "Meta's media look-up gave no download URL.");
        if (!MediaDownloads.IsProviderUrl(url, context.BaseUrl, MediaDomains)) return MediaDownloads.NotProviderUrl(DisplayName);

        var fetched = await MediaDownloads.GetAsync(httpClientFactory, url, auth, DisplayName, ct).ConfigureAwait(false);
        if (fetched.Media is { } media)
        {
            media.ContentType = mimeType ?? media.ContentType;
            media.Length ??= fileSize;
        }
        return fetched;
    }

    /// <summary>"type":"image|document|video","image":{"link":…,"caption":…} (a document also "filename").</summary>
    private static void WriteSessionMedia(Utf8JsonWriter w, OutgoingMedia media, string? caption)
    {
        var type = media.Format.ToString().ToLowerInvariant();
        w.WriteString("type", type);
        w.WriteStartObject(type);
        w.WriteString("link", media.Link);
        if (!string.IsNullOrEmpty(caption)) w.WriteString("caption", caption);
        if (media.Format == HeaderFormat.Document && media.FileName is { Length: > 0 } name) w.WriteString("filename", name);
        w.WriteEndObject();
    }
}
