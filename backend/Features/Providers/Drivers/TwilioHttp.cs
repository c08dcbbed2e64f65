using System.Net.Http.Headers;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Twilio.Http;
using Twilio.Constant;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>
/// The SDK's HTTP client (its <see cref="Twilio.Http.HttpClient"/> extension point) over one of the app's named HTTP
/// pipelines (an <see cref="HttpMessageInvoker"/> on the factory's handler: the pipeline's timeout governs, and an
/// HttpClient would add a linked cancellation source and a buffering step to every send), for the open
/// <see cref="TwilioCall"/>: moves Twilio's hosts (api.twilio.com, content.twilio.com, regional and edge
/// ones) onto the base-URL override, keeping path and query, so tests and the demo reach the fake provider; passes the
/// caller's cancellation on; tracks the request body so a failure says whether the send may have reached Twilio; and
/// notes the answer's status and Retry-After. Credentials go to Twilio's hosts or the configured base URL only.
/// <para>It sends what the SDK's own SystemNetHttpClient sends (Basic auth, Accept, User-Agent, the form or JSON body),
/// built once where that client builds it per request: at 5,000 sends a second its user agent, body copy, stream reader
/// and linked cancellation were a tenth of what a send allocated (bench/README.md, session 16).</para>
/// </summary>
internal sealed class TwilioHttp(HttpMessageInvoker http) : Twilio.Http.HttpClient
{
    private const string TwilioDomain = "twilio.com";

    private static readonly string UserAgent =
        $"twilio-csharp/{typeof(Twilio.Clients.TwilioRestClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]} " +
        $"({RuntimeInformation.OSDescription.Split(' ')[0]} {RuntimeInformation.OSArchitecture}) .NET/{Environment.Version}";

    private static readonly MediaTypeHeaderValue Form = new("application/x-www-form-urlencoded");
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <summary>The Basic credentials of the last login, encoded once: every send of a provider uses the same one.</summary>
    private volatile BasicLogin? _basic;

    private sealed record BasicLogin(string User, string Secret, string Encoded);

    public override Response MakeRequest(Request request) => MakeRequestAsync(request).GetAwaiter().GetResult();

    public override async Task<Response> MakeRequestAsync(Request request)
    {
        var call = TwilioCall.Of(request) ?? throw new InvalidOperationException("Twilio requests are made inside a TwilioCall.");
        var uri = Target(request, call.BaseUrl);
        using var message = new HttpRequestMessage(Method(request.Method), uri);
        // As text, checked once here: the typed headers parsed and allocated a value collection each, 6 % of what a
        // send allocated (session 19).
        message.Headers.TryAddWithoutValidation("Authorization", Basic(request.Username, request.Password));
        message.Headers.TryAddWithoutValidation("Accept", "application/json");
        message.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        foreach (var (name, value) in request.HeaderParams) message.Headers.TryAddWithoutValidation(name, value);
        if (!Equals(request.Method, Twilio.Http.HttpMethod.Get))
            message.Content = Equals(request.ContentType, EnumConstants.ContentTypeEnum.JSON)
                ? call.Track(System.Text.Encoding.UTF8.GetBytes(request.Body ?? ""), Json)
                : call.Track(FormBody(request.PostParams), Form);

        LastRequest = request;
        using var response = await http.SendAsync(message, call.Cancellation).ConfigureAwait(false);
        call.Answered(response);
        // A send reads its answer from the bytes: as a string it was the largest single thing a send allocated (a
        // Message resource is about 1 KB, twice that as UTF-16), and System.Text.Json turned it back into UTF-8 to read it.
        if (call.ReadsSuccessItself && response.IsSuccessStatusCode)
        {
            await call.ReadSuccessBodyAsync(response.Content).ConfigureAwait(false);
            return new Response(response.StatusCode, "", response.Headers);
        }
        return new Response(response.StatusCode, await response.Content.ReadAsStringAsync(call.Cancellation).ConfigureAwait(false), response.Headers);
    }

    /// <summary>
    /// The form as <see cref="FormUrlEncodedContent"/> encodes it (<c>Uri.EscapeDataString</c>, then "%20" as "+"): each
    /// key and value as UTF-8, the unreserved bytes as they are, a space as '+', any other byte as %XX. The SDK's own
    /// <c>Request.EncodePostParams</c> joins the pairs by string concatenation, a new string per piece: 9 % of what a
    /// send allocated (session 16); escaped to strings first and then copied, 15 % of it still (session 19). Measured,
    /// then written once.
    /// </summary>
    internal static byte[] FormBody(List<KeyValuePair<string, string>> pairs)
    {
        var length = Math.Max(0, pairs.Count * 2 - 1);
        foreach (var (key, value) in pairs) length += Escape(key, []) + Escape(value, []);
        var body = new byte[length];
        var at = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0) body[at++] = (byte)'&';
            at += Escape(pairs[i].Key, body.AsSpan(at));
            body[at++] = (byte)'=';
            at += Escape(pairs[i].Value, body.AsSpan(at));
        }
        return body;
    }

    /// <summary>
    /// Writes the escaped text into <paramref name="into"/> when it is not empty; returns its length either way. UTF-8 is
    /// made a character at a time (a lone surrogate as U+FFFD, as <c>Encoding.UTF8</c> writes it): through a 512-byte
    /// buffer on the stack, cleared at every call, escaping was 1 % of the app's CPU in a 100,000 send (session 20).
    /// </summary>
    private static int Escape(string? text, Span<byte> into)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        var length = 0;
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length;)
        {
            if (char.IsAscii(text[i]))
            {
                length += EscapeByte((byte)text[i++], into, length);
                continue;
            }
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var read);
            i += read;
            var count = rune.EncodeToUtf8(utf8);
            for (var k = 0; k < count; k++) length += EscapeByte(utf8[k], into, length);
        }
        return length;
    }

    /// <summary>One byte at <paramref name="at"/> (written only when <paramref name="into"/> is not empty); returns its length.</summary>
    private static int EscapeByte(byte b, Span<byte> into, int at)
    {
        if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
        {
            if (!into.IsEmpty) into[at] = b;
            return 1;
        }
        if (b == ' ')
        {
            if (!into.IsEmpty) into[at] = (byte)'+';
            return 1;
        }
        if (!into.IsEmpty)
        {
            into[at] = (byte)'%';
            into[at + 1] = (byte)"0123456789ABCDEF"[b >> 4];
            into[at + 2] = (byte)"0123456789ABCDEF"[b & 0xF];
        }
        return 3;
    }

    /// <summary>
    /// Where the request goes: the SDK's URL, checked to be Twilio's, moved onto the base URL if one is set. Every send of
    /// an account goes to the same URL, so the last one is kept: the SDK's <c>ConstructUrl</c> and the move parsed two
    /// more URIs a send (session 19).
    /// </summary>
    private Uri Target(Request request, string? baseUrl)
    {
        // ConstructUrl returns the request's own URL unless a region, an edge or a query changes it.
        var plain = request.Region is null && request.Edge is null && request.QueryParams.Count == 0;
        if (plain && _lastTarget is { } last && last.Source == request.Uri.OriginalString && last.BaseUrl == baseUrl) return last.Target;
        var uri = request.ConstructUrl();
        if (!IsTwilioHost(uri.Host)) throw new System.Net.Http.HttpRequestException($"Refusing to send Twilio credentials to {uri.Host}.");
        if (baseUrl is not null) uri = new Uri(baseUrl + uri.PathAndQuery);
        if (plain) _lastTarget = new LastTarget(request.Uri.OriginalString, baseUrl, uri);
        return uri;
    }

    private volatile LastTarget? _lastTarget;

    private sealed record LastTarget(string Source, string? BaseUrl, Uri Target);

    private static System.Net.Http.HttpMethod Method(Twilio.Http.HttpMethod method) =>
        Equals(method, Twilio.Http.HttpMethod.Post) ? System.Net.Http.HttpMethod.Post
        : Equals(method, Twilio.Http.HttpMethod.Get) ? System.Net.Http.HttpMethod.Get
        : new System.Net.Http.HttpMethod(method.ToString());

    /// <summary>The Authorization header's value, "Basic" and the encoded login.</summary>
    private string Basic(string user, string secret)
    {
        if (_basic is { } last && last.User == user && last.Secret == secret) return last.Encoded;
        var encoded = "Basic " + Authentication(user, secret);
        _basic = new BasicLogin(user, secret, encoded);
        return encoded;
    }

    private static bool IsTwilioHost(string host) =>
        host.EndsWith("." + TwilioDomain, StringComparison.OrdinalIgnoreCase) || host.Equals(TwilioDomain, StringComparison.OrdinalIgnoreCase);
}
