using System.Buffers;
using System.Net.Http.Headers;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>
/// One driver operation against Twilio, open around each call into the SDK. The SDK's calls take no
/// <see cref="CancellationToken"/>, its exceptions keep neither an answer's Retry-After nor (when the body is not
/// Twilio's error JSON) its HTTP status, and it always calls Twilio's real hosts: <see cref="TwilioHttp"/> takes the
/// base-URL override and the caller's cancellation from the open call and writes back what the SDK drops. Flows with
/// the async context, so each concurrent send has its own.
/// </summary>
internal sealed class TwilioCall : IDisposable
{
    private static readonly AsyncLocal<TwilioCall?> Ambient = new();

    private TrackedContent? _content;

    private TwilioCall(string? baseUrl, CancellationToken cancellation, bool readsSuccessItself)
    {
        BaseUrl = string.IsNullOrWhiteSpace(baseUrl) ? null : DriverHttp.Origin(baseUrl, "");
        Cancellation = cancellation;
        ReadsSuccessItself = readsSuccessItself;
    }

    /// <summary>The call open in this async context; null outside one.</summary>
    public static TwilioCall? Current => Ambient.Value;

    /// <summary>
    /// A call that goes with one request the caller builds itself (<see cref="CarriedBy"/>) instead of with the async
    /// context: a send. Setting the context's value and clearing it again made two execution contexts and value maps a
    /// send (0.5 % of what a 100,000-recipient send allocated; EF Core's concurrency checks make most of the rest).
    /// </summary>
    public static TwilioCall ForOneRequest(string? baseUrl, CancellationToken cancellation, bool readsSuccessItself = false) =>
        new(baseUrl, cancellation, readsSuccessItself);

    /// <summary>The call a request carries, else the one open in this async context.</summary>
    public static TwilioCall? Of(Twilio.Http.Request request) => request is CarriedBy carried ? carried.Call : Current;

    /// <summary>A request that carries its <see cref="TwilioCall"/> to <see cref="TwilioHttp"/> (the SDK passes on the request it is given).</summary>
    public sealed class CarriedBy(TwilioCall call, Twilio.Http.HttpMethod method, Twilio.Rest.Domain domain, string uri, List<KeyValuePair<string, string>> postParams)
        : Twilio.Http.Request(method, domain, uri, contentType: Twilio.Constant.EnumConstants.ContentTypeEnum.FORM_URLENCODED, postParams: postParams)
    {
        public TwilioCall Call { get; } = call;
    }

    /// <summary>Opens a call for the SDK requests made until it is disposed.</summary>
    /// <param name="readsSuccessItself">The caller reads a success answer from <see cref="SuccessBody"/>; the SDK's
    /// <see cref="Twilio.Http.Response"/> then carries no content (the SDK reads the content of failures only).</param>
    public static TwilioCall Begin(string? baseUrl, CancellationToken cancellation, bool readsSuccessItself = false) =>
        Ambient.Value = new TwilioCall(baseUrl, cancellation, readsSuccessItself);

    /// <summary>The base URL override without a trailing slash; null for Twilio's own hosts.</summary>
    public string? BaseUrl { get; }

    public CancellationToken Cancellation { get; }

    /// <summary>True once a request body began to go out: a send that fails after that may have reached Twilio.</summary>
    public bool RequestStarted => _content?.Started == true;

    /// <summary>The HTTP status of the last answer; null while none came.</summary>
    public int? Status { get; private set; }

    /// <summary>The last answer's Retry-After header.</summary>
    public RetryConditionHeaderValue? RetryAfter { get; private set; }

    /// <summary>See <see cref="Begin"/>.</summary>
    public bool ReadsSuccessItself { get; }

    /// <summary>The last success answer's body as sent (UTF-8), when <see cref="ReadsSuccessItself"/>; empty before one came.
    /// Valid until the call is disposed.</summary>
    public ReadOnlySpan<byte> SuccessBody => _successBody.AsSpan(0, _successLength);

    private byte[] _successBody = [];
    private int _successLength;

    /// <summary>
    /// Reads a success answer's body into a pooled buffer, given back when the call is disposed. Read as a new array
    /// (<c>ReadAsByteArrayAsync</c>), each answer was copied out of the pooled buffer it was read into: 5 % of what a
    /// 100,000-recipient send allocated (bench/README.md, session 19).
    /// </summary>
    public async Task ReadSuccessBodyAsync(HttpContent content)
    {
        await using var stream = await content.ReadAsStreamAsync(Cancellation).ConfigureAwait(false);
        ReturnSuccessBody();
        _successBody = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(content.Headers.ContentLength ?? 0, 2048, MaxSuccessBody));
        int read;
        while ((read = await stream.ReadAsync(_successBody.AsMemory(_successLength), Cancellation).ConfigureAwait(false)) > 0)
        {
            _successLength += read;
            if (_successLength < _successBody.Length) continue;
            // A message resource is about 1 KB: what is cut off here does not read as one, and the send counts as
            // possibly taken, as with any answer that does not.
            if (_successBody.Length >= MaxSuccessBody) break;
            var larger = ArrayPool<byte>.Shared.Rent(_successBody.Length * 2);
            _successBody.AsSpan().CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_successBody);
            _successBody = larger;
        }
    }

    private const int MaxSuccessBody = 1 << 20;

    private void ReturnSuccessBody()
    {
        if (_successBody.Length > 0) ArrayPool<byte>.Shared.Return(_successBody);
        (_successBody, _successLength) = ([], 0);
    }

    /// <summary>The request body, tracked so <see cref="RequestStarted"/> can tell.</summary>
    public HttpContent Track(byte[] body, MediaTypeHeaderValue? contentType) => _content = new TrackedContent(body, 0, body.Length, contentType);

    public void Answered(HttpResponseMessage response)
    {
        Status = (int)response.StatusCode;
        RetryAfter = response.Headers.RetryAfter;
    }

    public void Dispose()
    {
        ReturnSuccessBody();
        if (ReferenceEquals(Ambient.Value, this)) Ambient.Value = null;
    }
}
