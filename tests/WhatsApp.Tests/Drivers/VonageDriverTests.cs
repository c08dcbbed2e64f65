using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FakeProvider;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Tests.Drivers;

public sealed class VonageDriverTests : IClassFixture<DriverFixture>
{
    private const string ApiKey = "abcd1234";
    private const string ApiSecret = "vonage-api-secret-55aa";
    private const string ApplicationId = "aaaaaaaa-bbbb-cccc-dddd-0123456789ab";
    private const string SignatureSecret = "sig-secret-short"; // shorter than 256 bits, as Vonage secrets may be
    private const string From = "+447700900001";
    private const string StatusUrl = "https://app.example.test/webhooks/vonage/3/status";
    private const string InboundUrl = "https://app.example.test/webhooks/vonage/3/inbound";

    private static readonly RSA AppKey = RSA.Create(2048);
    private static readonly string PrivateKeyPem = AppKey.ExportPkcs8PrivateKeyPem();

    private readonly DriverFixture _fx;
    private readonly VonageDriver _driver;

    public VonageDriverTests(DriverFixture fx)
    {
        _fx = fx;
        _fx.Reset();
        _fx.State.RegisterVonage(new VonageAccount(ApiKey, ApiSecret, ApplicationId, PublicKeyPem: AppKey.ExportSubjectPublicKeyInfoPem(),
            SignatureSecret: SignatureSecret, StatusUrl: StatusUrl, InboundUrl: InboundUrl));
        _driver = fx.Driver<VonageDriver>();
    }

    private ProviderContext BasicContext(string secret = ApiSecret, bool signature = true, int providerId = 3) =>
        Msg.Context(_fx.BaseUrl, Creds(basic: true, jwt: false, secret, signature), providerId);

    private ProviderContext JwtContext(string? pem = null, int providerId = 4) =>
        Msg.Context(_fx.BaseUrl, Creds(basic: false, jwt: true, ApiSecret, signature: true, pem), providerId);

    private static Dictionary<string, string> Creds(bool basic, bool jwt, string secret, bool signature, string? pem = null)
    {
        var c = new Dictionary<string, string> { ["from"] = From };
        if (basic) { c["apiKey"] = ApiKey; c["apiSecret"] = secret; }
        if (jwt) { c["applicationId"] = ApplicationId; c["privateKey"] = pem ?? PrivateKeyPem; }
        if (signature) c["signatureSecret"] = SignatureSecret;
        return c;
    }

    // ---- send: the exact request ----------------------------------------------------------------

    [Fact]
    public async Task Send_text_posts_message_type_text_with_client_ref_and_no_template()
    {
        var result = await _driver.SendTextAsync(BasicContext(), OutgoingMessage.FreeText(7002, "+447700900177", "We are on it."), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        using var body = JsonDocument.Parse(Assert.Single(_fx.State.GetMessages("vonage")).RawBody!);
        var root = body.RootElement;
        Assert.Equal(("text", "We are on it.", "7002", "447700900177"),
            (root.GetProperty("message_type").GetString(), root.GetProperty("text").GetString(), root.GetProperty("client_ref").GetString(), root.GetProperty("to").GetString()));
        Assert.False(root.TryGetProperty("template", out _));
    }

    [Fact]
    public async Task Send_posts_template_json_with_digits_only_numbers_policy_locale_and_client_ref_using_basic_auth()
    {
        var message = Msg.Template("+447700900123", "bill_due", "en_GB", ParameterFormat.Positional, ("1", "Ana"), ("2", "£20 + VAT"));

        var result = await _driver.SendTemplateAsync(BasicContext(), message, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(MessageStatus.Accepted, result.Status);
        var received = Assert.Single(_fx.State.GetMessages("vonage"));
        Assert.Equal(result.ProviderMessageId, received.Id);
        Assert.Equal("basic", received.AuthScheme);
        using var body = JsonDocument.Parse(received.RawBody!);
        var root = body.RootElement;
        Assert.Equal("template", root.GetProperty("message_type").GetString());
        Assert.Equal("whatsapp", root.GetProperty("channel").GetString());
        Assert.Equal("447700900123", root.GetProperty("to").GetString());
        Assert.Equal("447700900001", root.GetProperty("from").GetString());
        Assert.Equal("bill_due", root.GetProperty("template").GetProperty("name").GetString());
        Assert.Equal(["Ana", "£20 + VAT"], root.GetProperty("template").GetProperty("parameters").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("deterministic", root.GetProperty("whatsapp").GetProperty("policy").GetString());
        Assert.Equal("en_GB", root.GetProperty("whatsapp").GetProperty("locale").GetString());
        Assert.Equal(message.MessageId.ToString(), root.GetProperty("client_ref").GetString());
        Assert.Equal(message.MessageId.ToString(), received.ClientRef);
    }

    [Fact]
    public async Task Send_with_application_id_and_private_key_uses_an_RS256_jwt_the_fake_verifies_with_the_public_key()
    {
        var result = await _driver.SendTemplateAsync(JwtContext(), Msg.Template("+447700900124", "bill_due", "en_GB"), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("jwt", Assert.Single(_fx.State.GetMessages("vonage")).AuthScheme);
    }

    [Fact]
    public async Task Send_with_a_jwt_signed_by_another_key_is_a_permanent_unauthorized()
    {
        using var other = RSA.Create(2048);
        var result = await _driver.SendTemplateAsync(JwtContext(other.ExportPkcs8PrivateKeyPem(), providerId: 40), Msg.Template("+447700900125", "bill_due", "en_GB"), default);

        Assert.Equal(SendErrorKind.Permanent, result.Error!.Kind);
        Assert.Equal("unauthorized", result.Error.Code);
    }

    [Fact]
    public async Task Send_with_an_unreadable_private_key_fails_permanently_without_calling_vonage()
    {
        var result = await _driver.SendTemplateAsync(JwtContext("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----", providerId: 41),
            Msg.Template("+447700900126", "bill_due", "en_GB"), default);

        Assert.Equal(("invalid_credentials", SendErrorKind.Permanent), (result.Error!.Code, result.Error.Kind));
        Assert.Equal(0, _fx.State.MessageCount);
    }

    [Fact]
    public async Task Application_jwt_has_the_vonage_claims_expires_in_15_minutes_and_is_reused_for_a_few_minutes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var driver = new VonageDriver(_fx.Services.GetRequiredService<IHttpClientFactory>(), NullLogger<VonageDriver>.Instance, clock);
        var context = JwtContext();

        var (_, first) = driver.ApplicationJwt(context);
        clock.Advance(TimeSpan.FromMinutes(2));
        var (_, reused) = driver.ApplicationJwt(context);
        clock.Advance(TimeSpan.FromMinutes(4));
        var (_, fresh) = driver.ApplicationJwt(context);

        Assert.Equal(first, reused);
        Assert.NotEqual(first, fresh);
        var jwt = new JsonWebToken(first);
        Assert.Equal("RS256", jwt.Alg);
        Assert.Equal(ApplicationId, jwt.GetPayloadValue<string>("application_id"));
        Assert.False(string.IsNullOrEmpty(jwt.Id));
        Assert.Equal(15 * 60, jwt.GetPayloadValue<long>("exp") - jwt.GetPayloadValue<long>("iat"));
        Assert.NotEqual(jwt.Id, new JsonWebToken(fresh).Id);
        var check = await new JsonWebTokenHandler().ValidateTokenAsync(first, new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(AppKey.ExportParameters(false)),
            ValidateIssuer = false, ValidateAudience = false, ValidateLifetime = false,
        });
        Assert.True(check.IsValid, check.Exception?.Message);
    }

    // ---- send: classified errors over real HTTP ---------------------------------------------------

    [Theory]
    [InlineData(1300, 400, SendErrorKind.Permanent)]
    [InlineData(1340, 400, SendErrorKind.Permanent)]
    [InlineData(1170, 400, SendErrorKind.Permanent)]
    [InlineData(1000, 429, SendErrorKind.Transient)]
    [InlineData(1030, 500, SendErrorKind.Transient)]
    [InlineData(1070, 402, SendErrorKind.Permanent)]
    public async Task Send_classifies_vonage_problem_types(int code, int httpStatus, SendErrorKind kind)
    {
        const string to = "+447700900150";
        _fx.State.RecipientErrors = new Dictionary<string, RecipientErrorRule> { [to] = new() { Code = code, HttpStatus = httpStatus } };

        var result = await _driver.SendTemplateAsync(BasicContext(), Msg.Template(to, "bill_due", "en_GB"), default);

        Assert.Equal(kind, result.Error!.Kind);
        Assert.Equal(code.ToString(), result.Error.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
    }

    [Fact]
    public async Task Send_with_invalid_parameters_is_a_permanent_1150_naming_the_parameter()
    {
        var result = await _driver.SendTemplateAsync(BasicContext(), Msg.Template("+12", "bill_due", "en_GB"), default);

        Assert.Equal(("1150", SendErrorKind.Permanent), (result.Error!.Code, result.Error.Kind));
        Assert.Contains("to", result.Error.Message);
    }

    [Fact]
    public async Task Send_with_a_wrong_api_secret_is_a_permanent_unauthorized()
    {
        var result = await _driver.SendTemplateAsync(BasicContext("wrong-secret"), Msg.Template("+447700900127", "bill_due", "en_GB"), default);

        Assert.Equal(("unauthorized", SendErrorKind.Permanent), (result.Error!.Code, result.Error.Kind));
    }

    [Fact]
    public async Task Send_throttled_with_429_is_transient_with_the_Retry_After_header()
    {
        _fx.State.Chaos.Configure(new ChaosSettings { Rate429 = 1, RetryAfterSeconds = 9 });

        var result = await _driver.SendTemplateAsync(BasicContext(), Msg.Template("+447700900128", "bill_due", "en_GB"), default);

        Assert.Equal(("throttled", SendErrorKind.Transient), (result.Error!.Code, result.Error.Kind));
        Assert.Equal(TimeSpan.FromSeconds(9), result.Error.RetryAfter);
        Assert.Equal(1, _fx.State.MessageCount);
    }

    [Fact]
    public async Task Send_answered_with_5xx_is_transient_and_not_retried()
    {
        _fx.State.Chaos.Configure(new ChaosSettings { Rate5xx = 1 });

        var result = await _driver.SendTemplateAsync(BasicContext(), Msg.Template("+447700900129", "bill_due", "en_GB"), default);

        Assert.Equal(SendErrorKind.Transient, result.Error!.Kind);
        Assert.Contains(result.Error.Code, new[] { "internal-error", "service-unavailable" });
        Assert.Equal(1, _fx.State.MessageCount);
    }

    [Fact]
    public async Task Many_concurrent_jwt_sends_all_arrive_once_with_distinct_ids()
    {
        var sends = Enumerable.Range(0, 300).Select(i => Msg.Template($"+4477009{i:00000}", "bill_due", "en_GB", ParameterFormat.Positional, ("1", "n" + i)));
        _fx.State.CallbacksConfig = new CallbacksConfig { Enabled = false };
        var results = new System.Collections.Concurrent.ConcurrentBag<SendResult>();
        await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (m, ct) => results.Add(await _driver.SendTemplateAsync(JwtContext(), m, ct)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(300, results.Select(r => r.ProviderMessageId).Distinct().Count());
        Assert.Equal(300, _fx.State.MessageCount);
    }

    // ---- connection test, templates -----------------------------------------------------------------

    [Fact]
    public async Task Test_connection_checks_key_and_secret_against_the_balance_and_reports_a_wrong_secret()
    {
        var ok = await _driver.TestConnectionAsync(BasicContext(), default);
        var bad = await _driver.TestConnectionAsync(BasicContext("wrong-secret"), default);

        Assert.True(ok.Ok, ok.Message);
        Assert.Contains("10.50", ok.Message);
        Assert.False(bad.Ok);
        Assert.Contains("rejected", bad.Message);
    }

    [Fact]
    public async Task Test_connection_with_jwt_only_says_the_key_parses_and_that_the_first_send_checks_the_rest()
    {
        var ok = await _driver.TestConnectionAsync(JwtContext(), default);
        var bad = await _driver.TestConnectionAsync(JwtContext("-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----", providerId: 42), default);

        Assert.True(ok.Ok, ok.Message);
        Assert.Contains("first message", ok.Message);
        Assert.False(bad.Ok);
    }

    [Fact]
    public async Task Template_sync_is_not_supported_and_says_to_add_templates_by_hand()
    {
        var e = await Assert.ThrowsAsync<NotSupportedException>(() => _driver.ListTemplatesAsync(BasicContext(), default));
        Assert.Contains("by hand", e.Message);
    }

    // ---- webhooks --------------------------------------------------------------------------------

    [Fact]
    public async Task Status_callbacks_from_the_fake_verify_and_parse_with_client_ref_and_an_async_failure()
    {
        const string failing = "+447700900140";
        _fx.State.RecipientErrors = new Dictionary<string, RecipientErrorRule> { [failing] = new() { Kind = "async", Code = 1300, Status = "undeliverable" } };
        var okMessage = Msg.Template("+447700900141", "bill_due", "en_GB");
        var badMessage = Msg.Template(failing, "bill_due", "en_GB");
        var ok = await _driver.SendTemplateAsync(BasicContext(), okMessage, default);
        var bad = await _driver.SendTemplateAsync(BasicContext(), badMessage, default);
        Assert.True(ok.Succeeded && bad.Succeeded);
        var hooks = await _fx.WebhooksForAsync((ok.ProviderMessageId!, 3), (bad.ProviderMessageId!, 1)); // submitted, delivered, read + undeliverable

        var updates = new List<StatusUpdate>();
        foreach (var hook in hooks)
        {
            var request = hook.ToRequest();
            Assert.True(_driver.VerifyWebhook(BasicContext(), request), "signed status webhook refused");
            updates.AddRange(_driver.ParseWebhook(request).Statuses);
        }

        var okUpdates = updates.Where(u => u.ProviderMessageId == ok.ProviderMessageId).ToList();
        Assert.Equal([MessageStatus.Accepted, MessageStatus.Delivered, MessageStatus.Read], okUpdates.Select(u => u.Status));
        Assert.All(okUpdates, u => Assert.Equal(okMessage.MessageId, u.ClientReference));
        Assert.All(okUpdates, u => Assert.NotNull(u.At));
        // Vonage's usage says what it charged.
        Assert.All(okUpdates, u => Assert.Equal(((decimal?)0.0333m, "EUR"), (u.Pricing?.Price, u.Pricing?.Currency)));
        var failure = Assert.Single(updates, u => u.ProviderMessageId == bad.ProviderMessageId);
        Assert.Equal((MessageStatus.Undelivered, "1300", badMessage.MessageId), (failure.Status, failure.ErrorCode, failure.ClientReference));
        Assert.False(string.IsNullOrEmpty(failure.ErrorMessage));
    }

    [Fact]
    public async Task Inbound_STOP_from_the_fake_verifies_and_parses_to_e164_with_the_profile_name()
    {
        var request = await _fx.InboundAsync("vonage", ApiKey, "+447700900142", "STOP", InboundUrl, "Ana");

        Assert.True(_driver.VerifyWebhook(BasicContext(), request));
        var inbound = Assert.Single(_driver.ParseWebhook(request).Inbound);

        Assert.Equal(("+447700900142", "STOP", "Ana"), (inbound.From, inbound.Text, inbound.ProfileName));
        Assert.False(string.IsNullOrEmpty(inbound.ProviderMessageId));
    }

    private static WebhookRequest Signed(byte[] body, string? authorization) =>
        new("POST", StatusUrl,
            authorization is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Authorization"] = authorization },
            body, "application/json", new Dictionary<string, string>());

    private static readonly byte[] StatusBody = Encoding.UTF8.GetBytes("""{"message_uuid":"u-1","status":"delivered","timestamp":"2025-01-01T10:00:00.000Z","client_ref":"77"}""");

    [Fact]
    public void VerifyWebhook_accepts_a_fresh_signed_token_and_rejects_tampered_body_wrong_secret_and_missing_header()
    {
        var good = "Bearer " + Signing.VonageWebhookJwt(SignatureSecret, ApiKey, ApplicationId, StatusBody);
        var wrongSecret = "Bearer " + Signing.VonageWebhookJwt("another-secret", ApiKey, ApplicationId, StatusBody);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(StatusBody).Replace("delivered", "read"));

        Assert.True(_driver.VerifyWebhook(BasicContext(), Signed(StatusBody, good)));
        Assert.False(_driver.VerifyWebhook(BasicContext(), Signed(tampered, good)));
        Assert.False(_driver.VerifyWebhook(BasicContext(), Signed(StatusBody, wrongSecret)));
        Assert.False(_driver.VerifyWebhook(BasicContext(), Signed(StatusBody, null)));
        Assert.False(_driver.VerifyWebhook(BasicContext(), Signed(StatusBody, "Basic abc")));
    }

    [Fact]
    public void VerifyWebhook_rejects_a_token_issued_more_than_five_minutes_ago_and_a_wrong_payload_hash()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var stale = Signing.CreateHs256Jwt(SignatureSecret, new Dictionary<string, object>
        {
            ["iat"] = now - 6 * 60, ["jti"] = Guid.NewGuid().ToString(), ["payload_hash"] = Signing.Sha256Hex(StatusBody),
        });
        var wrongHash = Signing.CreateHs256Jwt(SignatureSecret, new Dictionary<string, object>
        {
            ["iat"] = now, ["jti"] = Guid.NewGuid().ToString(), ["payload_hash"] = Signing.Sha256Hex("{}"u8),
        });
        var noHash = Signing.CreateHs256Jwt(SignatureSecret, new Dictionary<string, object> { ["iat"] = now });

        Assert.False(_driver.VerifyWebhook(BasicContext(), Signed(StatusBody, "Bearer " + stale)));
        Assert.False(_driver.VerifyWebhook(BasicContext(), Signed(StatusBody, "Bearer " + wrongHash)));
        Assert.False(_driver.VerifyWebhook(BasicContext(), Signed(StatusBody, "Bearer " + noHash)));
    }

    [Fact]
    public void VerifyWebhook_uses_the_clock_for_freshness()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var driver = new VonageDriver(_fx.Services.GetRequiredService<IHttpClientFactory>(), NullLogger<VonageDriver>.Instance, clock);
        var token = "Bearer " + Signing.VonageWebhookJwt(SignatureSecret, ApiKey, null, StatusBody);

        Assert.True(driver.VerifyWebhook(BasicContext(), Signed(StatusBody, token)));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.False(driver.VerifyWebhook(BasicContext(), Signed(StatusBody, token)));
    }

    [Fact]
    public void VerifyWebhook_refuses_everything_when_no_signature_secret_is_configured()
    {
        var good = "Bearer " + Signing.VonageWebhookJwt(SignatureSecret, ApiKey, ApplicationId, StatusBody);

        Assert.False(_driver.VerifyWebhook(BasicContext(signature: false), Signed(StatusBody, good)));
    }

    [Theory]
    [InlineData("submitted", MessageStatus.Accepted)]
    [InlineData("delivered", MessageStatus.Delivered)]
    [InlineData("read", MessageStatus.Read)]
    [InlineData("rejected", MessageStatus.Failed)]
    [InlineData("undeliverable", MessageStatus.Undelivered)]
    public void Status_webhook_statuses_map_to_our_scale(string vonageStatus, MessageStatus expected)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"message_uuid":"u-2","status":"{{vonageStatus}}","timestamp":"2025-01-01T10:00:00.000Z","client_ref":"not-a-number"}""");

        var update = Assert.Single(_driver.ParseWebhook(Signed(body, null)).Statuses);

        Assert.Equal(expected, update.Status);
        Assert.Null(update.ClientReference);
        Assert.Equal(new DateTime(2025, 1, 1, 10, 0, 0, DateTimeKind.Utc), update.At);
    }

    [Fact]
    public void Status_webhook_error_code_comes_from_the_type_url_or_the_title()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"message_uuid":"u-3","status":"rejected","timestamp":"2025-01-01T10:00:00Z",
             "error":{"type":"https://developer.nexmo.com/api-errors/messages-olympus#1340","title":1340,"detail":"Outside the window"}}
            """);
        var byTitle = Encoding.UTF8.GetBytes("""{"message_uuid":"u-4","status":"rejected","error":{"title":"1300","detail":"Not on WhatsApp"}}""");

        var update = Assert.Single(_driver.ParseWebhook(Signed(body, null)).Statuses);
        var titled = Assert.Single(_driver.ParseWebhook(Signed(byTitle, null)).Statuses);

        Assert.Equal(("1340", "Outside the window"), (update.ErrorCode, update.ErrorMessage));
        Assert.Equal("1300", titled.ErrorCode);
    }
}
