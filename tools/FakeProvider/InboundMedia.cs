using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace FakeProvider;

/// <summary>
/// A file a fake customer sent, kept by the fake and served the way its provider serves it. <c>Downloads</c> counts the
/// times its bytes went out; <c>FailuresLeft</c> answers that many downloads with 503 first (a provider hiccup).
/// </summary>
public sealed class FakeMediaFile(string id, string provider, string accountId, byte[] content, string contentType, int failures)
{
    private int _failuresLeft = failures;
    private int _downloads;

    public string Id { get; } = id;
    public string Provider { get; } = provider;
    public string AccountId { get; } = accountId;
    public byte[] Content { get; } = content;
    public string ContentType { get; } = contentType;
    public int Downloads => Volatile.Read(ref _downloads);

    internal bool TakeFailure() => Interlocked.Decrement(ref _failuresLeft) >= 0;
    internal void Downloaded() => Interlocked.Increment(ref _downloads);
}

/// <summary>
/// The files of inbound media messages, with the auth each real provider demands to fetch them:
/// <list type="bullet">
/// <item>Twilio: <c>GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{MediaSid}</c> with Basic auth
/// (Account SID and Auth Token, or an API key) answers 307 to a short-lived signed URL (<c>/_fake/signed-media/{token}</c>)
/// that takes no credentials and, like S3's, refuses a request that brings an Authorization header.</item>
/// <item>Meta: <c>GET /{version}/{media-id}</c> with the number's bearer token answers {url, mime_type, sha256, file_size};
/// the url (<c>/whatsapp_business/attachments/?mid=…</c>) needs the same bearer token and a User-Agent (without one: an HTML page).</item>
/// <item>Vonage: <c>GET /v3/media/{id}</c>; with an application registered ("Secure Inbound Media") it needs the
/// application's RS256 JWT, without one the unguessable URL is the credential.</item>
/// </list>
/// </summary>
public sealed class InboundMediaFiles
{
    private static readonly TimeSpan SignedUrlLifetime = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, FakeMediaFile> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Id, DateTimeOffset Expires)> _signed = new(StringComparer.Ordinal);

    public FakeMediaFile? Get(string id) => _files.GetValueOrDefault(id);

    public IReadOnlyCollection<FakeMediaFile> All => _files.Values.ToList();

    internal FakeMediaFile Add(string id, string provider, string accountId, byte[] content, string contentType, int failures) =>
        _files[id] = new FakeMediaFile(id, provider, accountId, content, contentType, failures);

    public void Clear()
    {
        _files.Clear();
        _signed.Clear();
    }

    private string Sign(string id)
    {
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        _signed[token] = (id, DateTimeOffset.UtcNow + SignedUrlLifetime);
        return token;
    }

    private FakeMediaFile? BySignature(string token) =>
        _signed.TryGetValue(token, out var s) && s.Expires > DateTimeOffset.UtcNow ? Get(s.Id) : null;

    /// <summary>
    /// Makes the file of an inbound media message (the request's bytes, else a small valid file of the declared type and
    /// size) and returns the request with the reference the provider's webhook carries: Twilio's MediaUrl, Meta's media
    /// id, Vonage's URL. A request that brings its own mediaUrl is left as it is.
    /// </summary>
    internal InboundRequest Attach(InboundRequest request, string origin)
    {
        if (!request.CarriesFile || request.MediaUrl is not null) return request;
        var provider = request.Provider.ToLowerInvariant();
        var type = request.MediaType ?? DefaultType(request.KindOrText);
        var content = request.MediaBase64 is { } b64 ? Convert.FromBase64String(b64) : Sample(type, request.MediaSize ?? 2048);
        switch (provider)
        {
            case "twilio":
                var sid = request.MessageId ?? Wire.TwilioSid("MM");
                var mediaSid = Wire.TwilioSid("ME");
                Add(mediaSid, provider, request.AccountId, content, type, request.MediaFailures);
                return request with { MessageId = sid, MediaType = type, MediaUrl = $"{origin}/2010-04-01/Accounts/{request.AccountId}/Messages/{sid}/Media/{mediaSid}" };
            case "meta":
                var mediaId = Random.Shared.NextInt64(1_000_000_000_000_000, 9_000_000_000_000_000).ToString(CultureInfo.InvariantCulture);
                Add(mediaId, provider, request.AccountId, content, type, request.MediaFailures);
                return request with { MediaType = type, MediaUrl = mediaId };
            default:
                var uuid = Wire.Uuid();
                Add(uuid, provider, request.AccountId, content, type, request.MediaFailures);
                return request with { MediaType = type, MediaUrl = $"{origin}/v3/media/{uuid}" };
        }
    }

    private static string DefaultType(string kind) => kind switch
    {
        "document" => "application/pdf",
        "audio" => "audio/ogg",
        "video" => "video/mp4",
        "sticker" => "image/webp",
        "contacts" => "text/vcard",
        _ => "image/jpeg",
    };

    /// <summary>A file of <paramref name="size"/> bytes that starts as the type's files do (so a content check accepts it).</summary>
    private static byte[] Sample(string contentType, long size)
    {
        byte[] head = contentType switch
        {
            "image/jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00],
            "image/png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
            "application/pdf" => "%PDF-1.4\n"u8.ToArray(),
            "audio/ogg" => "OggS\0\u0002"u8.ToArray(),
            "video/mp4" => [0x00, 0x00, 0x00, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m'],
            "image/webp" => [(byte)'R', (byte)'I', (byte)'F', (byte)'F', 0, 0, 0, 0, (byte)'W', (byte)'E', (byte)'B', (byte)'P'],
            "text/vcard" => "BEGIN:VCARD\nVERSION:3.0\nFN:Fake Contact\nEND:VCARD\n"u8.ToArray(),
            _ => Encoding.ASCII.GetBytes("fake " + contentType + "\n"),
        };
        var bytes = new byte[Math.Max(size, head.Length)];
        head.CopyTo(bytes, 0);
        return bytes;
    }

    // ---- the providers' media endpoints -----------------------------------------------------------------------------

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/2010-04-01/Accounts/{accountSid}/Messages/{messageSid}/Media/{mediaSid}", TwilioMedia);
        routes.MapGet("/_fake/signed-media/{token}", SignedMedia);
        routes.MapGet("/whatsapp_business/attachments/", MetaDownload);
        routes.MapGet("/v3/media/{id}", VonageMedia);
        routes.MapGet("/_fake/inbound-media", (InboundMediaFiles files) => Results.Json(files.All.Select(f => new
        {
            f.Id, f.Provider, f.AccountId, f.ContentType, bytes = f.Content.Length, f.Downloads,
        }), Wire.Json));
    }

    private static IResult TwilioMedia(HttpContext ctx, string accountSid, string messageSid, string mediaSid, FakeProviderState state, InboundMediaFiles files)
    {
        var (account, _) = TwilioApi.Authenticate(ctx.Request, state);
        if (account is null || account.AccountSid != accountSid)
            return Results.Json(new { code = 20003, message = "Authenticate", more_info = "https://www.twilio.com/docs/errors/20003", status = 401 }, Wire.Json, statusCode: 401);
        if (files.Get(mediaSid) is not { Provider: "twilio" } file || file.AccountId != accountSid)
            return Results.Json(new { code = 20404, message = "The requested resource was not found", status = 404 }, Wire.Json, statusCode: 404);
        if (file.TakeFailure()) return Results.Json(new { code = 20500, message = "Internal Server Error", status = 503 }, Wire.Json, statusCode: 503);
        return Results.Redirect($"{Origin(ctx)}/_fake/signed-media/{files.Sign(file.Id)}", permanent: false, preserveMethod: true);
    }

    private static IResult SignedMedia(HttpContext ctx, string token, InboundMediaFiles files)
    {
        // A presigned URL is its own credential; S3 refuses a second one.
        if (ctx.Request.Headers.Authorization.Count > 0)
            return Results.Content("<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>", "application/xml", statusCode: 400);
        if (files.BySignature(token) is not { } file)
            return Results.Content("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>", "application/xml", statusCode: 403);
        return Serve(file);
    }

    /// <summary>Step one of Meta's download, called from the Graph node route: the media id's URL and metadata.</summary>
    internal static IResult? MetaLookup(HttpContext ctx, string nodeId, string token, FakeProviderState state)
    {
        var files = ctx.RequestServices.GetRequiredService<InboundMediaFiles>();
        if (files.Get(nodeId) is not { Provider: "meta" } file) return null;
        if (state.GetMetaAccount(file.AccountId)?.AccessToken != token) return null; // another business's media: no such object
        if (file.TakeFailure()) return Results.Json(new { error = new { message = "Service temporarily unavailable", type = "OAuthException", code = 2, is_transient = true } }, Wire.Json, statusCode: 503);
        return Results.Json(new
        {
            messaging_product = "whatsapp",
            url = $"{Origin(ctx)}/whatsapp_business/attachments/?mid={file.Id}&ext={DateTimeOffset.UtcNow.ToUnixTimeSeconds()}&hash=fake",
            mime_type = file.ContentType,
            sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file.Content)),
            file_size = file.Content.Length.ToString(CultureInfo.InvariantCulture),
            id = file.Id,
        }, Wire.Json);
    }

    private static IResult MetaDownload(HttpContext ctx, string? mid, FakeProviderState state, InboundMediaFiles files)
    {
        if (mid is null || files.Get(mid) is not { Provider: "meta" } file) return Results.NotFound();
        if (Wire.Bearer(ctx.Request) is not { } token || state.GetMetaAccount(file.AccountId)?.AccessToken != token)
            return Results.Json(new { error = new { message = "Invalid OAuth access token", type = "OAuthException", code = 190 } }, Wire.Json, statusCode: 401);
        // Meta's media host gives a client without a User-Agent a web page, not the file.
        if (string.IsNullOrEmpty(ctx.Request.Headers.UserAgent))
            return Results.Content("<!DOCTYPE html><html><body>Sorry, this content isn't available right now</body></html>", "text/html");
        return Serve(file);
    }

    private static IResult VonageMedia(HttpContext ctx, string id, FakeProviderState state, InboundMediaFiles files)
    {
        if (files.Get(id) is not { Provider: "vonage" } file) return Results.NotFound();
        var secured = state.GetVonageAccount(file.AccountId) is { ApplicationId: { Length: > 0 } };
        if (secured && (Wire.Bearer(ctx.Request) is not { } token || VonageApi.VerifyApplicationJwt(token, state)?.Account.ApiKey != file.AccountId))
            return Results.Json(new { type = "https://developer.vonage.com/api-errors#unauthorized", title = "Unauthorized" }, Wire.Json, statusCode: 401);
        if (file.TakeFailure()) return Results.Json(new { type = "https://developer.vonage.com/api-errors#internal-error", title = "Internal Error" }, Wire.Json, statusCode: 503);
        return Serve(file);
    }

    private static IResult Serve(FakeMediaFile file)
    {
        file.Downloaded();
        return Results.Bytes(file.Content, file.ContentType);
    }

    private static string Origin(HttpContext ctx) => $"{ctx.Request.Scheme}://{ctx.Request.Host}";
}
