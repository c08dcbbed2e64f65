using System.Net.Http.Json;
using System.Security.Cryptography;
using FakeProvider;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Drivers;

/// <summary>
/// The drivers fetch inbound files with exactly the auth each provider demands, and send credentials nowhere else:
/// the fake serves the files as the providers do (Twilio Basic and a presigned redirect, Vonage's application JWT with
/// Secure Inbound Media on).
/// </summary>
public sealed class InboundMediaDriverTests : IClassFixture<DriverFixture>
{
    private const string TwilioSid = "AC22222222222222222222222222222222";
    private const string TwilioToken = "twilio-media-token";
    private const string VonageKey = "media1234";
    private const string VonageSecret = "vonage-media-secret";
    private const string ApplicationId = "bbbbbbbb-bbbb-cccc-dddd-0123456789ab";
    private static readonly RSA AppKey = RSA.Create(2048);

    private readonly DriverFixture _fx;

    public InboundMediaDriverTests(DriverFixture fx)
    {
        _fx = fx;
        _fx.Reset();
        _fx.State.RegisterTwilio(new TwilioAccount(TwilioSid, TwilioToken));
        _fx.State.RegisterVonage(new VonageAccount(VonageKey, VonageSecret, ApplicationId, PublicKeyPem: AppKey.ExportSubjectPublicKeyInfoPem(),
            SignatureSecret: "vonage-media-signature-secret-0123456789"));
    }

    /// <summary>The fake sends a customer's image; returns the media reference its webhook carried.</summary>
    private async Task<string> MediaRefAsync(string provider, string account)
    {
        _fx.Webhooks.Clear();
        var answer = await (await _fx.Control.PostAsJsonAsync("/_fake/inbound", new InboundRequest(provider, account, "+15550002222", "",
            Url: "https://app.example.test/webhooks/inbound", Kind: "image", MediaType: "image/jpeg"))).ReadJsonAsync();
        Assert.Equal(200, answer.GetProperty("statusCode").GetInt32());
        var hook = Assert.Single(_fx.Webhooks.All);
        IWhatsAppDriver driver = provider == "twilio" ? _fx.Driver<TwilioDriver>() : _fx.Driver<VonageDriver>();
        var message = Assert.Single(driver.ParseWebhook(new WebhookRequest("POST", hook.Url, hook.Headers, hook.Body, hook.ContentType,
            new Dictionary<string, string>())).Inbound);
        return message.Metadata[InboundKeys.MediaRef];
    }

    private static async Task<byte[]> ReadAsync(MediaFetchResult result)
    {
        Assert.Null(result.Error);
        using var media = result.Media!;
        using var copy = new MemoryStream();
        await media.Content.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task Twilio_media_is_fetched_with_basic_auth_through_the_presigned_redirect_and_a_wrong_token_is_a_permanent_failure()
    {
        var mediaRef = await MediaRefAsync("twilio", TwilioSid);
        var driver = _fx.Driver<TwilioDriver>();

        var bytes = await ReadAsync(await driver.FetchMediaAsync(Msg.Context(_fx.BaseUrl,
            new Dictionary<string, string> { ["accountSid"] = TwilioSid, ["authToken"] = TwilioToken }), mediaRef, default));
        Assert.Equal([0xFF, 0xD8, 0xFF], bytes[..3]);

        var refused = await driver.FetchMediaAsync(Msg.Context(_fx.BaseUrl,
            new Dictionary<string, string> { ["accountSid"] = TwilioSid, ["authToken"] = "wrong" }), mediaRef, default);
        Assert.Equal((false, "http_401"), (refused.Error!.Transient, refused.Error.Code));
    }

    [Fact]
    public async Task Credentials_are_never_sent_to_a_media_link_off_the_providers_hosts()
    {
        var result = await _fx.Driver<TwilioDriver>().FetchMediaAsync(Msg.Context(_fx.BaseUrl,
            new Dictionary<string, string> { ["accountSid"] = TwilioSid, ["authToken"] = TwilioToken }), "https://attacker.example/steal", default);
        Assert.Equal("media_host_not_allowed", result.Error!.Code);
    }

    [Fact]
    public async Task Vonage_secure_inbound_media_needs_the_applications_jwt()
    {
        var mediaRef = await MediaRefAsync("vonage", VonageKey);
        var driver = _fx.Driver<VonageDriver>();

        var bytes = await ReadAsync(await driver.FetchMediaAsync(Msg.Context(_fx.BaseUrl, new Dictionary<string, string>
            { ["applicationId"] = ApplicationId, ["privateKey"] = AppKey.ExportPkcs8PrivateKeyPem(), ["from"] = "+447700900001" }), mediaRef, default));
        Assert.Equal([0xFF, 0xD8, 0xFF], bytes[..3]);

        var basicOnly = await driver.FetchMediaAsync(Msg.Context(_fx.BaseUrl, new Dictionary<string, string>
            { ["apiKey"] = VonageKey, ["apiSecret"] = VonageSecret, ["from"] = "+447700900001" }), mediaRef, default);
        Assert.Equal("http_401", basicOnly.Error!.Code);
    }
}
