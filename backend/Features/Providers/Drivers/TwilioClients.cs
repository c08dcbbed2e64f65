using System.Collections.Concurrent;
using Twilio.Clients;
using Twilio.Http;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>
/// The SDK's REST clients over the app's named HTTP pipelines: <see cref="TwilioHttp"/> over <see cref="SendClient"/>
/// (sends: never retried, timeout, circuit breaker) or <see cref="ApiClient"/> (reads: the standard resilience handler).
/// A REST client holds only its credentials and account: one is kept per login and account, since its constructor
/// reads an environment variable, under a process-wide lock that 64 concurrent sends queued on (perf, session 17).
/// </summary>
internal sealed class TwilioClients(IHttpMessageHandlerFactory handlers)
{
    public const string SendClient = "twilio-send";
    public const string ApiClient = "twilio-api";

    /// <summary>More logins than a deployment has providers and keys means credentials were changed: start afresh.</summary>
    private const int MaxKept = 16;

    // Long-lived on purpose: the factory's handlers for these clients are never rotated (see DriverRegistration).
    private readonly TwilioHttp _send = new(new HttpMessageInvoker(handlers.CreateHandler(SendClient), disposeHandler: false));
    private readonly TwilioHttp _api = new(new HttpMessageInvoker(handlers.CreateHandler(ApiClient), disposeHandler: false));
    private readonly ConcurrentDictionary<(TwilioLogin, string, bool), TwilioRestClient> _kept = new();

    /// <summary>For a send: <paramref name="login"/> authenticates, <paramref name="accountSid"/> names the account in the path.</summary>
    public TwilioRestClient Send(TwilioLogin login, string accountSid) => Kept(login, accountSid, send: true);

    /// <summary>For reads (connection test, template list).</summary>
    public TwilioRestClient Api(TwilioLogin login, string accountSid) => Kept(login, accountSid, send: false);

    private TwilioRestClient Kept(TwilioLogin login, string accountSid, bool send)
    {
        if (_kept.TryGetValue((login, accountSid, send), out var client)) return client;
        if (_kept.Count >= MaxKept) _kept.Clear();
        return _kept.GetOrAdd((login, accountSid, send), static (key, http) => new TwilioRestClient(key.Item1.User, key.Item1.Secret, key.Item2, httpClient: http),
            send ? _send : _api);
    }
}

/// <summary>HTTP Basic credentials for Twilio: Account SID and Auth Token, or API key SID and secret.</summary>
internal sealed record TwilioLogin(string User, string Secret)
{
    public bool IsApiKey => User.StartsWith("SK", StringComparison.Ordinal);

    public override string ToString() => User; // never the secret
}
