using Twilio.Clients;
using Twilio.Http;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>
/// The SDK's REST clients over the app's factory-made HttpClients: <see cref="TwilioHttp"/> wrapping
/// <see cref="SendClient"/> (sends: never retried, timeout, circuit breaker) or <see cref="ApiClient"/> (reads: the
/// standard resilience handler). A REST client only holds the credentials, so one is made per call.
/// </summary>
internal sealed class TwilioClients(IHttpClientFactory factory)
{
    public const string SendClient = "twilio-send";
    public const string ApiClient = "twilio-api";

    // Long-lived on purpose: the factory's handlers for these clients are never rotated (see DriverRegistration).
    private readonly TwilioHttp _send = new(factory.CreateClient(SendClient));
    private readonly TwilioHttp _api = new(factory.CreateClient(ApiClient));

    /// <summary>For a send: <paramref name="login"/> authenticates, <paramref name="accountSid"/> names the account in the path.</summary>
    public TwilioRestClient Send(TwilioLogin login, string accountSid) => new(login.User, login.Secret, accountSid, httpClient: _send);

    /// <summary>For reads (connection test, template list).</summary>
    public TwilioRestClient Api(TwilioLogin login, string accountSid) => new(login.User, login.Secret, accountSid, httpClient: _api);
}

/// <summary>HTTP Basic credentials for Twilio: Account SID and Auth Token, or API key SID and secret.</summary>
internal sealed record TwilioLogin(string User, string Secret)
{
    public bool IsApiKey => User.StartsWith("SK", StringComparison.Ordinal);

    public override string ToString() => User; // never the secret
}
