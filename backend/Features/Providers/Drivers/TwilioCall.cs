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

    /// <summary>The last success answer's body as sent (UTF-8), when <see cref="ReadsSuccessItself"/>.</summary>
    public byte[]? SuccessBody { get; set; }

    /// <summary>The request body, tracked so <see cref="RequestStarted"/> can tell.</summary>
    public HttpContent Track(byte[] body, MediaTypeHeaderValue? contentType) => _content = new TrackedContent(body, 0, body.Length, contentType);

    public void Answered(HttpResponseMessage response)
    {
        Status = (int)response.StatusCode;
        RetryAfter = response.Headers.RetryAfter;
    }

    public void Dispose()
    {
        if (ReferenceEquals(Ambient.Value, this)) Ambient.Value = null;
    }
}
