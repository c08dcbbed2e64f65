using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>Tunables of the drivers' HTTP clients; bound with <c>AddWhatsAppDrivers(o => …)</c> or options configuration.</summary>
public sealed class WhatsAppDriverOptions
{
    /// <summary>How long one send POST may take before it is abandoned (it is never retried by the HTTP layer).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections per provider host; must cover the send concurrency (~64) plus template/test calls.</summary>
    public int MaxConnectionsPerServer { get; set; } = 256;

    /// <summary>Templates asked for per page (Twilio PageSize, Meta limit).</summary>
    public int TemplatePageSize { get; set; } = 100;
}

/// <summary>HTTP plumbing the three drivers share: client names, base-URL rewriting, the send call and its failure mapping.</summary>
internal static class DriverHttp
{
    /// <summary>Send POSTs only: no retries (a retried POST can duplicate a WhatsApp message), an attempt timeout and a circuit breaker.</summary>
    public const string SendClient = "whatsapp-send";

    /// <summary>Idempotent GETs (template sync, connection tests): the standard resilience handler with retries.</summary>
    public const string ApiClient = "whatsapp-api";

    public const string FormContentType = "application/x-www-form-urlencoded";
    public const string JsonContentType = "application/json";

    /// <summary>Pages followed at most when listing templates (a guard against a provider that loops).</summary>
    public const int MaxPages = 1000;

    private const int MaxErrorBodyChars = 500;

    /// <summary>How long the send circuit stays open once tripped (also the Retry-After of a "circuit_open" failure).</summary>
    public static readonly TimeSpan CircuitBreakDuration = TimeSpan.FromSeconds(5);

    /// <summary>Providers read '+', accents and emoji literally; escaping them only bloats the body.</summary>
    public static readonly JsonWriterOptions JsonWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static readonly MediaTypeHeaderValue FormMediaType = new(FormContentType);
    public static readonly MediaTypeHeaderValue JsonMediaType = new(JsonContentType) { CharSet = "utf-8" };

    /// <summary>
    /// Scheme + host (+ path prefix) to call: the configured base URL, else the provider's real origin.
    /// No trailing slash, so callers append "/path".
    /// </summary>
    public static string Origin(string? baseUrl, string realOrigin) =>
        string.IsNullOrWhiteSpace(baseUrl) ? realOrigin : baseUrl.Trim().TrimEnd('/');

    /// <summary>
    /// A URL the provider handed back (next-page links) moved onto our origin: its path and query are kept and its
    /// scheme and host replaced, so paging follows the base URL and credentials never go to a host we did not choose.
    /// </summary>
    public static string Rebase(string? baseUrl, string realOrigin, string url)
    {
        var origin = Origin(baseUrl, realOrigin);
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute)) return origin + absolute.PathAndQuery;
        return origin + (url.StartsWith('/') ? url : "/" + url);
    }

    // ---- auth headers ---------------------------------------------------------------------------

    private static readonly ConcurrentDictionary<string, AuthenticationHeaderValue> AuthCache = new(StringComparer.Ordinal);

    /// <summary>Basic auth header, cached per credential pair (the header value is immutable and safe to share).</summary>
    public static AuthenticationHeaderValue Basic(string user, string secret) =>
        CachedAuth("B\u001f" + user + "\u001f" + secret, static key =>
        {
            var parts = key.Split('\u001f', 3);
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(parts[1] + ":" + parts[2])));
        });

    public static AuthenticationHeaderValue Bearer(string token) =>
        CachedAuth("T\u001f" + token, static key => new AuthenticationHeaderValue("Bearer", key[2..]));

    private static AuthenticationHeaderValue CachedAuth(string key, Func<string, AuthenticationHeaderValue> create)
    {
        if (AuthCache.TryGetValue(key, out var header)) return header;
        if (AuthCache.Count > 1024) AuthCache.Clear(); // rotated credentials must not pile up
        return AuthCache.GetOrAdd(key, create);
    }

    // ---- the send call ----------------------------------------------------------------------------

    /// <summary>
    /// Sends one POST on the send client. Returns the buffered response, or a classified network failure with
    /// <see cref="SendError.MayHaveBeenDelivered"/> set when the body had started going out. Caller cancellation
    /// before anything was sent throws <see cref="OperationCanceledException"/>; after, it is a "canceled" failure that
    /// may have been delivered (so the job layer does not blindly resend).
    /// </summary>
    public static async Task<(HttpResponseMessage? Response, SendError? Error)> SendAsync(
        IHttpClientFactory factory, HttpRequestMessage request, TrackedContent content, CancellationToken ct)
    {
        var client = factory.CreateClient(SendClient);
        try
        {
            return (await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false), null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (!content.Started) throw;
            return (null, ProviderErrors.Network("canceled", mayHaveBeenDelivered: true));
        }
        catch (TimeoutRejectedException)
        {
            return (null, ProviderErrors.Network("timeout", content.Started));
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            // HttpClient.Timeout, should the Polly timeout be configured longer than it.
            return (null, ProviderErrors.Network("timeout", content.Started));
        }
        catch (BrokenCircuitException e)
        {
            return (null, ProviderErrors.Network("circuit_open", mayHaveBeenDelivered: false, retryAfter: CircuitBreakDuration, detail: e.Message));
        }
        catch (HttpRequestException e)
        {
            var code = e.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "dns_failure",
                HttpRequestError.ConnectionError when !content.Started => "connection_failed",
                HttpRequestError.SecureConnectionError => "tls_failure",
                _ => content.Started ? "connection_reset" : "network_error",
            };
            var before = e.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;
            return (null, ProviderErrors.Network(code, mayHaveBeenDelivered: content.Started && !before, detail: e.HttpRequestError.ToString()));
        }
    }

    /// <summary>Retry-After as seconds or an HTTP date, relative to the clock; null when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider clock)
    {
        var header = response.Headers.RetryAfter;
        if (header is null) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var wait = date - clock.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    /// <summary>The buffered body parsed as JSON; null when it is empty or not JSON.</summary>
    public static async Task<JsonDocument?> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
        return ParseJson(bytes);
    }

    public static JsonDocument? ParseJson(ReadOnlyMemory<byte> bytes)
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

    // ---- GETs on the api client -------------------------------------------------------------------

    /// <summary>
    /// A GET on the resilient api client. Returns status and parsed body for any HTTP answer; throws
    /// <see cref="HttpRequestException"/> (with a readable message) when no answer came, so callers and the
    /// template-sync endpoint see one exception type.
    /// </summary>
    public static async Task<(HttpStatusCode Status, JsonDocument? Body, string RawStart)> GetAsync(
        IHttpClientFactory factory, string url, AuthenticationHeaderValue? auth, string providerName, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = auth;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonContentType));
        var client = factory.CreateClient(ApiClient);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            return (response.StatusCode, ParseJson(bytes), Snippet(bytes));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is TimeoutRejectedException or TaskCanceledException or BrokenCircuitException)
        {
            throw new HttpRequestException($"{providerName} did not answer in time ({e.GetType().Name}).", e);
        }
        catch (HttpRequestException e)
        {
            throw new HttpRequestException($"{providerName} could not be reached: {e.Message}", e, e.StatusCode);
        }
    }

    /// <summary>
    /// Follows a provider's paged list to the end (bounded, and never the same page twice), parsing each item of the
    /// <paramref name="itemsProperty"/> array. <paramref name="nextUrl"/> reads the absolute next-page URL from a page;
    /// it is rebased onto the base URL override. Any non-200 page throws <see cref="HttpRequestException"/>.
    /// </summary>
    public static async Task<List<T>> GetAllPagesAsync<T>(
        IHttpClientFactory factory, string firstUrl, AuthenticationHeaderValue auth, string providerName,
        string? baseUrl, string realOrigin, string itemsProperty, Func<JsonElement, string?> nextUrl,
        Func<JsonElement, T?> parse, Func<HttpStatusCode, JsonElement, string, string> errorText, CancellationToken ct) where T : class
    {
        var result = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? url = firstUrl;
        for (var page = 0; page < MaxPages && url is not null && seen.Add(url); page++)
        {
            var (status, body, raw) = await GetAsync(factory, url, auth, providerName, ct).ConfigureAwait(false);
            using (body)
            {
                var root = body?.RootElement ?? default;
                if (status != HttpStatusCode.OK) throw new HttpRequestException(errorText(status, root, raw), null, status);
                if (body is null) throw new HttpRequestException($"{providerName} answered the template list with something that is not JSON: {raw}");
                foreach (var item in root.Arr(itemsProperty))
                    if (parse(item) is { } parsed) result.Add(parsed);
                var next = nextUrl(root);
                url = string.IsNullOrEmpty(next) ? null : Rebase(baseUrl, realOrigin, next);
            }
        }
        return result;
    }

    /// <summary>The start of a body, for error messages about answers that are not the expected JSON.</summary>
    public static string Snippet(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes.Length > MaxErrorBodyChars ? bytes[..MaxErrorBodyChars] : bytes);
        return text.ReplaceLineEndings(" ").Trim();
    }

    // ---- JSON reading helpers ---------------------------------------------------------------------

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

    // ---- webhook request helpers ------------------------------------------------------------------

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

    /// <summary>Every form pair, duplicates kept: what Twilio signs.</summary>
    public static List<KeyValuePair<string, string>> ParseFormPairs(byte[] body)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (body.Length == 0) return result;
        foreach (var (key, values) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
            foreach (var value in values)
                result.Add(new(key, value ?? ""));
        return result;
    }

    /// <summary>"whatsapp:+14155550100", "+14155550100" or "14155550100" → "14155550100".</summary>
    public static string Digits(string value)
    {
        var start = value.StartsWith("whatsapp:", StringComparison.OrdinalIgnoreCase) ? "whatsapp:".Length : 0;
        var span = value.AsSpan(start).Trim();
        if (span.StartsWith("+")) span = span[1..];
        foreach (var c in span)
            if (!char.IsAsciiDigit(c)) return StripNonDigits(span);
        return span.Length == value.Length ? value : span.ToString();
    }

    private static string StripNonDigits(ReadOnlySpan<char> span)
    {
        var sb = new StringBuilder(span.Length);
        foreach (var c in span)
            if (char.IsAsciiDigit(c)) sb.Append(c);
        return sb.ToString();
    }

    /// <summary>E.164 with the '+', from digits or a "whatsapp:" address.</summary>
    public static string E164(string value) => "+" + Digits(value);
}

/// <summary>
/// A request body that notes when the handler starts writing it. A failure before that point cannot have reached the
/// provider; after it, the provider may have the whole request — which decides <see cref="SendError.MayHaveBeenDelivered"/>.
/// </summary>
internal sealed class TrackedContent : ByteArrayContent
{
    private volatile bool _started;

    public TrackedContent(byte[] content, int offset, int count, MediaTypeHeaderValue contentType) : base(content, offset, count) =>
        Headers.ContentType = contentType;

    public bool Started => _started;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        _started = true;
        return base.SerializeToStreamAsync(stream, context);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _started = true;
        return base.SerializeToStreamAsync(stream, context, cancellationToken);
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _started = true;
        base.SerializeToStream(stream, context, cancellationToken);
    }
}

/// <summary>High-volume log lines, source-generated so a send costs nothing when they are off.</summary>
internal static partial class DriverLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Debug, Message = "{Provider} send of message {MessageId} failed: {Kind} {Code}.")]
    public static partial void SendFailed(ILogger logger, string provider, long messageId, SendErrorKind kind, string code);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning,
        Message = "{Provider} send of message {MessageId} failed after the request went out ({Code}): it may have been delivered; do not resend blindly.")]
    public static partial void MayHaveBeenDelivered(ILogger logger, string provider, long messageId, string code);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "{Provider} answered {Status} to a send with a body we could not read: {Body}")]
    public static partial void UnreadableAnswer(ILogger logger, string provider, int status, string body);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Warning, Message = "{Provider} webhook for provider {ProviderId} rejected: {Reason}.")]
    public static partial void WebhookRejected(ILogger logger, string provider, int providerId, string reason);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "{Provider} webhook body could not be parsed: {Error}")]
    public static partial void WebhookUnparseable(ILogger logger, string provider, string error);

    public static void Failure(ILogger logger, string provider, long messageId, SendError error)
    {
        if (error.MayHaveBeenDelivered) MayHaveBeenDelivered(logger, provider, messageId, error.Code);
        else SendFailed(logger, provider, messageId, error.Kind, error.Code);
    }
}
