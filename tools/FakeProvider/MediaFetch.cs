using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Primitives;

namespace FakeProvider;

/// <summary>
/// One download of a media link a send carried, as WhatsApp makes it before delivering a media header: what came back.
/// <c>Source</c> says where the link was (<c>header.document</c>, <c>MediaUrl</c>, <c>ContentVariables.3</c>).
/// <c>IsPdf</c>: the body starts with <c>%PDF-</c>.
/// </summary>
public sealed record MediaFetchRecord(
    long Seq, string Provider, string? MessageId, string Source, string Url, int? StatusCode, string? ContentType,
    string? ContentDisposition, long Bytes, bool IsPdf, string? Error, DateTimeOffset FetchedAt);

/// <summary>
/// Downloads the media links of accepted sends in the background, as the real providers do, and keeps what each
/// download got, so tests can assert that a provider could fetch a header's file through its link. Never changes a
/// send's answer. Uses <see cref="FakeProviderOptions.CallbackHandler"/> when set, so links to an app in a TestServer work.
/// </summary>
public sealed class MediaFetches
{
    private readonly HttpClient _http;
    private readonly ILogger<MediaFetches> _log;
    private ConcurrentQueue<MediaFetchRecord> _fetches = new();
    private long _seq;
    private long _pending;

    public MediaFetches(FakeProviderOptions options, ILogger<MediaFetches> log)
    {
        _log = log;
        _http = options.CallbackHandler is { } handler ? new HttpClient(handler, disposeHandler: false) : new HttpClient();
        _http.Timeout = TimeSpan.FromSeconds(30);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("FakeProvider-MediaFetch/1.0");
    }

    /// <summary>Downloads still running.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>Oldest first, optionally of one message or provider.</summary>
    public IReadOnlyList<MediaFetchRecord> Get(string? messageId = null, string? provider = null) =>
        _fetches.Where(f => (messageId is null || f.MessageId == messageId) && (provider is null || f.Provider == provider)).ToList();

    public void Clear() => _fetches = new ConcurrentQueue<MediaFetchRecord>();

    /// <summary>Polls until <paramref name="count"/> downloads of the message's media have finished, and returns them.</summary>
    /// <exception cref="TimeoutException"/>
    public async Task<IReadOnlyList<MediaFetchRecord>> WaitForAsync(string messageId, int count = 1, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (Get(messageId) is var done && done.Count >= count) return done;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{count} media downloads for message {messageId} did not finish.");
            await Task.Delay(25, ct);
        }
    }

    internal void Start(ReceivedMessage message, IEnumerable<(string Source, string Url)> links)
    {
        foreach (var (source, url) in links.Distinct())
        {
            Interlocked.Increment(ref _pending);
            _ = Task.Run(() => FetchAsync(message, source, url));
        }
    }

    private async Task FetchAsync(ReceivedMessage message, string source, string url)
    {
        int? status = null;
        string? contentType = null, disposition = null, error = null;
        long bytes = 0;
        var isPdf = false;
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            status = (int)response.StatusCode;
            contentType = response.Content.Headers.ContentType?.ToString();
            disposition = response.Content.Headers.ContentDisposition?.ToString();
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[81920];
            int n;
            while ((n = await body.ReadAsync(buffer)) > 0)
            {
                if (bytes == 0) isPdf = buffer.AsSpan(0, n).StartsWith("%PDF-"u8);
                bytes += n;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or IOException)
        {
            error = ex.Message;
            _log.LogInformation("Media download of {Url} failed: {Error}", url, ex.Message);
        }
        finally
        {
            _fetches.Enqueue(new MediaFetchRecord(Interlocked.Increment(ref _seq), message.Provider, message.Id, source, url, status, contentType,
                disposition, bytes, isPdf, error, DateTimeOffset.UtcNow));
            Interlocked.Decrement(ref _pending);
        }
    }
}

/// <summary>The hook the send handlers call once a send is accepted, the link readers of each wire format, and the control API.</summary>
public static class MediaFetch
{
    private static readonly string[] MediaTypes = ["image", "document", "video", "audio", "sticker"];

    /// <summary>Starts downloading <paramref name="links"/> for an accepted send: one line in each provider's send handler.</summary>
    public static void Start(HttpContext ctx, ReceivedMessage message, IEnumerable<(string Source, string Url)> links) =>
        ctx.RequestServices.GetRequiredService<MediaFetches>().Start(message, links.ToList());

    public static MediaFetches MediaFetches(this WebApplication app) => app.Services.GetRequiredService<MediaFetches>();

    /// <summary>Meta: a template's header parameters (<c>document.link</c>, <c>image.link</c> …) and a media message's own link.</summary>
    public static IEnumerable<(string Source, string Url)> MetaLinks(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) yield break;
        if (Wire.Obj(root, "template") is { } template)
            foreach (var link in TemplateLinks(template)) yield return link;
        if (Wire.Str(root, "type") is { } type && MediaTypes.Contains(type) && Wire.Obj(root, type) is { } media && Wire.Str(media, "link") is { } url)
            yield return (type, url);
    }

    /// <summary>Vonage: <c>custom</c> messages carry Meta's template format; image, file and video messages a <c>url</c>.</summary>
    public static IEnumerable<(string Source, string Url)> VonageLinks(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) yield break;
        if (Wire.Obj(root, "custom") is { } custom)
            foreach (var link in MetaLinks(custom)) yield return link;
        foreach (var kind in new[] { "image", "file", "video", "audio" })
            if (Wire.Obj(root, kind) is { } media && Wire.Str(media, "url") is { } url)
                yield return (kind, url);
    }

    /// <summary>
    /// Twilio: <c>MediaUrl</c> fields, the Content's media URLs filled with the ContentVariables (<c>Content.media</c>),
    /// and ContentVariables values that are web links themselves.
    /// </summary>
    public static IEnumerable<(string Source, string Url)> TwilioLinks(IReadOnlyDictionary<string, StringValues> form, JsonElement? contentTypes = null)
    {
        if (form.TryGetValue("MediaUrl", out var mediaUrls))
            foreach (var url in mediaUrls.Where(IsWebLink)) yield return ("MediaUrl", url!);
        JsonElement? map = form.TryGetValue("ContentVariables", out var variables)
            && Wire.TryParseJson(System.Text.Encoding.UTF8.GetBytes(variables.ToString()), out var parsed) && parsed.ValueKind == JsonValueKind.Object
            ? parsed : null;
        if (contentTypes is { ValueKind: JsonValueKind.Object } types)
            foreach (var type in types.EnumerateObject())
                if (Wire.Arr(type.Value, "media") is { } media)
                    foreach (var pattern in media.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String))
                        if (TwilioApi.Render(pattern.GetString()!, map) is var url && IsWebLink(url))
                            yield return ("Content.media", url);
        if (map is not { } given) yield break;
        foreach (var p in given.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.String && IsWebLink(p.Value.GetString()))
                yield return ($"ContentVariables.{p.Name}", p.Value.GetString()!);
    }

    private static IEnumerable<(string Source, string Url)> TemplateLinks(JsonElement template)
    {
        if (Wire.Arr(template, "components") is not { } components) yield break;
        foreach (var component in components.EnumerateArray())
        {
            if (component.ValueKind != JsonValueKind.Object || !string.Equals(Wire.Str(component, "type"), "header", StringComparison.OrdinalIgnoreCase)) continue;
            if (Wire.Arr(component, "parameters") is not { } parameters) continue;
            foreach (var p in parameters.EnumerateArray())
                if (p.ValueKind == JsonValueKind.Object && Wire.Str(p, "type") is { } type && MediaTypes.Contains(type)
                    && Wire.Obj(p, type) is { } media && Wire.Str(media, "link") is { } url)
                    yield return ($"header.{type}", url);
        }
    }

    private static bool IsWebLink(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary><c>GET /_fake/media-fetches?messageId=&amp;provider=</c> (oldest first) and <c>DELETE /_fake/media-fetches</c>.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/_fake/media-fetches", (string? messageId, string? provider, MediaFetches fetches) =>
            Results.Json(fetches.Get(messageId, provider), new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        routes.MapDelete("/_fake/media-fetches", (MediaFetches fetches) =>
        {
            fetches.Clear();
            return Results.NoContent();
        });
    }
}
