using System.Text;
using System.Text.Json;
using FakeProvider;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Tests.Drivers;

public sealed class MetaDriverTests : IClassFixture<DriverFixture>
{
    private const string PhoneNumberId = "106540352242922";
    private const string AccessToken = "EAAG-meta-access-token-998877";
    private const string AppSecret = "meta-app-secret-445566";
    private const string Waba = "102290129340398";
    private const string VerifyToken = "verify-me-123";
    private const string CallbackUrl = "https://app.example.test/webhooks/meta/5";

    private readonly DriverFixture _fx;
    private readonly MetaDriver _driver;

    public MetaDriverTests(DriverFixture fx)
    {
        _fx = fx;
        _fx.Reset();
        _fx.State.RegisterMeta(new MetaAccount(PhoneNumberId, AccessToken, AppSecret, Waba, CallbackUrl, "+15550100001", "Acme Bills"));
        _fx.State.SeedMetaTemplates(Waba,
        [
            new MetaTemplate { Name = "bill_due", Language = "en_US", Body = "Hi {{1}}, you owe {{2}}.", Examples = ["Ana", "$20"] },
            new MetaTemplate
            {
                Name = "order_ready", Language = "en_US", ParameterFormat = "NAMED", Category = "UTILITY",
                Body = "Hello {{customer_name}}, order {{order_id}} is ready.", Examples = ["Ana", "A-17"],
            },
            new MetaTemplate { Name = "confirmed", Language = "es_ES", Body = "Cita confirmada." },
            new MetaTemplate { Name = "spring_sale", Language = "en_US", Status = "REJECTED", Category = "MARKETING", Body = "Sale {{1}}", RejectedReason = "PROMOTIONAL" },
        ]);
        _driver = fx.Driver<MetaDriver>();
    }

    private ProviderContext Context(string token = AccessToken, bool waba = true, string? appSecret = AppSecret, string? verifyToken = VerifyToken)
    {
        var c = new Dictionary<string, string> { ["phoneNumberId"] = PhoneNumberId, ["accessToken"] = token };
        if (appSecret is not null) c["appSecret"] = appSecret;
        if (waba) c["businessAccountId"] = Waba;
        if (verifyToken is not null) c["verifyToken"] = verifyToken;
        return Msg.Context(_fx.BaseUrl, c, providerId: 5);
    }

    private static JsonElement Body(ReceivedMessage m) => JsonDocument.Parse(m.RawBody!).RootElement;

    // ---- send: the exact request ----------------------------------------------------------------

    [Fact]
    public async Task Send_text_posts_a_free_form_type_text_message_without_a_template()
    {
        var result = await _driver.SendTextAsync(Context(), OutgoingMessage.FreeText(7001, "+14155550177", "We are on it."), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var root = Body(Assert.Single(_fx.State.GetMessages("meta")));
        Assert.Equal(("text", "14155550177", "We are on it."),
            (root.GetProperty("type").GetString(), root.GetProperty("to").GetString(), root.GetProperty("text").GetProperty("body").GetString()));
        Assert.False(root.TryGetProperty("template", out _));
    }

    [Fact]
    public async Task Send_positional_posts_body_component_text_parameters_in_order_with_bearer_token()
    {
        var message = Msg.Template("+14155550123", "bill_due", "en_US", ParameterFormat.Positional, ("1", "Ana"), ("2", "$20 + 5€"));

        var result = await _driver.SendTemplateAsync(Context(), message, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.StartsWith("wamid.", result.ProviderMessageId);
        var received = Assert.Single(_fx.State.GetMessages("meta"));
        Assert.Equal(("bearer", PhoneNumberId, result.ProviderMessageId), (received.AuthScheme, received.AccountId, received.Id));
        var root = Body(received);
        Assert.Equal("whatsapp", root.GetProperty("messaging_product").GetString());
        Assert.Equal("individual", root.GetProperty("recipient_type").GetString());
        Assert.Equal("14155550123", root.GetProperty("to").GetString());
        Assert.Equal("template", root.GetProperty("type").GetString());
        var template = root.GetProperty("template");
        Assert.Equal("bill_due", template.GetProperty("name").GetString());
        Assert.Equal("en_US", template.GetProperty("language").GetProperty("code").GetString());
        var component = Assert.Single(template.GetProperty("components").EnumerateArray());
        Assert.Equal("body", component.GetProperty("type").GetString());
        var parameters = component.GetProperty("parameters").EnumerateArray().ToList();
        Assert.Equal(["Ana", "$20 + 5€"], parameters.Select(p => p.GetProperty("text").GetString()));
        Assert.All(parameters, p => Assert.Equal("text", p.GetProperty("type").GetString()));
        Assert.All(parameters, p => Assert.False(p.TryGetProperty("parameter_name", out _)));
    }

    [Fact]
    public async Task Send_named_adds_parameter_name_to_each_parameter()
    {
        var message = Msg.Template("+14155550124", "order_ready", "en_US", ParameterFormat.Named, ("customer_name", "Ana"), ("order_id", "A-17"));

        var result = await _driver.SendTemplateAsync(Context(), message, default);

        Assert.True(result.Succeeded, result.Error?.Message); // the fake checks the names against the NAMED template
        var parameters = Body(Assert.Single(_fx.State.GetMessages("meta"))).GetProperty("template").GetProperty("components")[0].GetProperty("parameters");
        Assert.Equal([("customer_name", "Ana"), ("order_id", "A-17")],
            parameters.EnumerateArray().Select(p => (p.GetProperty("parameter_name").GetString(), p.GetProperty("text").GetString())));
    }

    [Fact]
    public async Task Send_without_parameters_omits_components()
    {
        var result = await _driver.SendTemplateAsync(Context(), Msg.Template("+34600000001", "confirmed", "es_ES"), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.False(Body(Assert.Single(_fx.State.GetMessages("meta"))).GetProperty("template").TryGetProperty("components", out _));
    }

    // ---- send: the answer's message_status ---------------------------------------------------------

    [Fact]
    public async Task Send_answered_accepted_is_accepted_without_a_note()
    {
        var result = await _driver.SendTemplateAsync(Context(), Msg.Template("+14155550160", "bill_due", "en_US", ParameterFormat.Positional, ("1", "Ana"), ("2", "$1")), default);

        Assert.Equal((MessageStatus.Accepted, (string?)null), (result.Status, result.Note));
    }

    [Theory]
    [InlineData(null, "held_for_quality_assessment")]
    [InlineData("paused", "paused")]
    public async Task Send_that_Meta_holds_is_accepted_with_the_meaning_of_its_message_status(string? status, string expected)
    {
        const string to = "+14155550161";
        _fx.State.RecipientErrors = new Dictionary<string, RecipientErrorRule> { [to] = new() { Kind = "held", Status = status } };

        var result = await _driver.SendTemplateAsync(Context(), Msg.Template(to, "bill_due", "en_US", ParameterFormat.Positional, ("1", "Ana"), ("2", "$1")), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(MessageStatus.Accepted, result.Status);
        Assert.Equal($"{expected}: {ProviderStatuses.Describe("meta", expected)!.Meaning}", result.Note);
    }

    // ---- send: classified errors over real HTTP ---------------------------------------------------

    [Theory]
    [InlineData(130429, 429, SendErrorKind.Transient)]
    [InlineData(131056, 400, SendErrorKind.Transient)]
    [InlineData(131049, 400, SendErrorKind.Transient)]
    [InlineData(131050, 400, SendErrorKind.StoppedMarketing)]
    [InlineData(131026, 400, SendErrorKind.Permanent)]
    [InlineData(131047, 400, SendErrorKind.Permanent)]
    [InlineData(190, 401, SendErrorKind.Permanent)]
    [InlineData(100, 400, SendErrorKind.Permanent)]
    [InlineData(131000, 500, SendErrorKind.Transient)]
    public async Task Send_classifies_graph_error_codes(int code, int httpStatus, SendErrorKind kind)
    {
        const string to = "+14155550150";
        _fx.State.RecipientErrors = new Dictionary<string, RecipientErrorRule> { [to] = new() { Code = code, HttpStatus = httpStatus } };

        var result = await _driver.SendTemplateAsync(Context(), Msg.Template(to, "bill_due", "en_US", ParameterFormat.Positional, ("1", "Ana"), ("2", "$1")), default);

        Assert.Equal(kind, result.Error!.Kind);
        Assert.Equal(code.ToString(), result.Error.Code);
        if (code == 131056) Assert.Equal(TimeSpan.FromSeconds(6), result.Error.RetryAfter);
        if (code == 131049) Assert.True(result.Error.RetryAfter >= TimeSpan.FromHours(12));
    }

    [Fact]
    public async Task Send_with_the_wrong_parameter_count_is_a_permanent_132000()
    {
        var result = await _driver.SendTemplateAsync(Context(), Msg.Template("+14155550125", "bill_due", "en_US", ParameterFormat.Positional, ("1", "Ana")), default);

        Assert.Equal(("132000", SendErrorKind.Permanent), (result.Error!.Code, result.Error.Kind));
        Assert.Contains("fbtrace_id", result.Error.Message);
    }

    [Fact]
    public async Task Send_of_a_template_missing_in_that_language_is_a_permanent_132001()
    {
        var result = await _driver.SendTemplateAsync(Context(), Msg.Template("+14155550126", "bill_due", "fr_FR", ParameterFormat.Positional, ("1", "A"), ("2", "B")), default);

        Assert.Equal(("132001", SendErrorKind.Permanent), (result.Error!.Code, result.Error.Kind));
    }

    [Fact]
    public async Task Send_with_an_empty_parameter_is_a_permanent_100()
    {
        var result = await _driver.SendTemplateAsync(Context(), Msg.Template("+14155550127", "bill_due", "en_US", ParameterFormat.Positional, ("1", "Ana"), ("2", " ")), default);

        Assert.Equal(("100", SendErrorKind.Permanent), (result.Error!.Code, result.Error.Kind));
    }

    [Fact]
    public async Task Send_with_an_invalid_token_is_a_permanent_190()
    {
        var result = await _driver.SendTemplateAsync(Context(token: "EAAG-bad"), Msg.Template("+14155550128", "confirmed", "es_ES"), default);

        Assert.Equal(("190", SendErrorKind.Permanent), (result.Error!.Code, result.Error.Kind));
    }

    [Fact]
    public async Task Send_throttled_with_429_is_transient_with_the_Retry_After_header()
    {
        _fx.State.Chaos.Configure(new ChaosSettings { Rate429 = 1, RetryAfterSeconds = 4 });

        var result = await _driver.SendTemplateAsync(Context(), Msg.Template("+14155550129", "confirmed", "es_ES"), default);

        Assert.Equal(("130429", SendErrorKind.Transient), (result.Error!.Code, result.Error.Kind));
        Assert.Equal(TimeSpan.FromSeconds(4), result.Error.RetryAfter);
        Assert.Equal(1, _fx.State.MessageCount);
    }

    [Fact]
    public async Task Send_answered_with_5xx_is_transient_and_not_retried()
    {
        _fx.State.Chaos.Configure(new ChaosSettings { Rate5xx = 1 });

        var result = await _driver.SendTemplateAsync(Context(), Msg.Template("+14155550130", "confirmed", "es_ES"), default);

        Assert.Equal(SendErrorKind.Transient, result.Error!.Kind);
        Assert.Contains(result.Error.Code, new[] { "1", "2" });
        Assert.Equal(1, _fx.State.MessageCount);
    }

    [Fact]
    public async Task Many_concurrent_sends_all_arrive_once_with_distinct_ids()
    {
        _fx.State.CallbacksConfig = new CallbacksConfig { Enabled = false };
        var sends = Enumerable.Range(0, 300).Select(i => Msg.Template($"+1415556{i:0000}", "bill_due", "en_US", ParameterFormat.Positional, ("1", "n" + i), ("2", "$" + i)));
        var results = new System.Collections.Concurrent.ConcurrentBag<SendResult>();
        await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (m, ct) => results.Add(await _driver.SendTemplateAsync(Context(), m, ct)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(300, results.Select(r => r.ProviderMessageId).Distinct().Count());
        Assert.Equal(300, _fx.State.MessageCount);
    }

    // ---- connection test, templates -----------------------------------------------------------------

    [Fact]
    public async Task Test_connection_reads_the_phone_number_and_reports_a_bad_token()
    {
        var ok = await _driver.TestConnectionAsync(Context(), default);
        var bad = await _driver.TestConnectionAsync(Context(token: "EAAG-bad"), default);

        Assert.True(ok.Ok, ok.Message);
        Assert.Contains("Acme Bills", ok.Message);
        Assert.False(bad.Ok);
        Assert.Contains("190", bad.Message);
    }

    [Fact]
    public async Task Template_sync_reads_named_and_positional_templates_across_pages()
    {
        var templates = await _driver.ListTemplatesAsync(Context(), default); // page size 1: four pages

        Assert.Equal(["bill_due", "order_ready", "confirmed", "spring_sale"], templates.Select(t => t.ExternalId));
        var positional = templates[0];
        Assert.Equal(("bill_due", "en_US", "UTILITY", "APPROVED", ParameterFormat.Positional, "Hi {{1}}, you owe {{2}}."),
            (positional.Name, positional.Language, positional.Category, positional.Status, positional.ParameterFormat, positional.Body));
        Assert.Equal(new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "$20" }, positional.Samples);

        var named = templates[1];
        Assert.Equal(ParameterFormat.Named, named.ParameterFormat);
        Assert.Equal(new Dictionary<string, string> { ["customer_name"] = "Ana", ["order_id"] = "A-17" }, named.Samples);

        Assert.Empty(templates[2].Samples);
        Assert.Equal(("REJECTED", "PROMOTIONAL", "MARKETING"), (templates[3].Status, templates[3].RejectionReason, templates[3].Category));
    }

    [Fact]
    public async Task Template_sync_without_a_business_account_id_says_it_is_needed()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _driver.ListTemplatesAsync(Context(waba: false), default));
        Assert.Contains("Business Account ID", e.Message);
    }

    [Fact]
    public async Task Template_sync_with_a_bad_token_throws_an_http_error_naming_the_code()
    {
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => _driver.ListTemplatesAsync(Context(token: "EAAG-bad"), default));
        Assert.Contains("190", e.Message);
    }

    [Fact]
    public void Template_parsing_treats_rejected_reason_NONE_as_no_reason_and_maps_other_states()
    {
        using var doc = JsonDocument.Parse("""
            {"data":[
              {"name":"a","language":"en","status":"APPROVED","category":"UTILITY","rejected_reason":"NONE","components":[{"type":"BODY","text":"Hi"}]},
              {"name":"b","language":"en","status":"PAUSED","category":"UTILITY","components":[]},
              {"name":"c","language":"en","status":"IN_APPEAL","category":"UTILITY","components":[{"type":"BODY","text":"Hi {{first_name}}"}]},
              {"name":"d","language":"en","status":"DISABLED","category":"UTILITY","components":[]}]}
            """);

        var t = doc.RootElement.GetProperty("data").EnumerateArray().Select(MetaDriver.ParseTemplate).ToList();

        Assert.Null(t[0]!.RejectionReason);
        Assert.Equal(["APPROVED", "PAUSED", "PENDING", "DISABLED"], t.Select(x => x!.Status));
        Assert.Equal(ParameterFormat.Named, t[2]!.ParameterFormat); // inferred when parameter_format is absent
    }

    // ---- webhooks --------------------------------------------------------------------------------

    [Fact]
    public async Task Status_callbacks_from_the_fake_verify_and_parse_including_an_async_failure()
    {
        const string failing = "+14155550140";
        _fx.State.RecipientErrors = new Dictionary<string, RecipientErrorRule> { [failing] = new() { Kind = "async", Code = 131026 } };
        var ok = await _driver.SendTemplateAsync(Context(), Msg.Template("+14155550141", "confirmed", "es_ES"), default);
        var bad = await _driver.SendTemplateAsync(Context(), Msg.Template(failing, "confirmed", "es_ES"), default);
        Assert.True(ok.Succeeded && bad.Succeeded);
        var hooks = await _fx.WebhooksForAsync((ok.ProviderMessageId!, 3), (bad.ProviderMessageId!, 1));

        var updates = new List<StatusUpdate>();
        foreach (var hook in hooks)
        {
            var request = hook.ToRequest();
            Assert.True(_driver.VerifyWebhook(Context(), request));
            updates.AddRange(_driver.ParseWebhook(request).Statuses);
        }

        var okUpdates = updates.Where(u => u.ProviderMessageId == ok.ProviderMessageId).ToList();
        Assert.Equal([MessageStatus.Sent, MessageStatus.Delivered, MessageStatus.Read], okUpdates.Select(u => u.Status));
        Assert.All(okUpdates, u => Assert.Equal(DateTimeKind.Utc, u.At!.Value.Kind));
        var failure = Assert.Single(updates, u => u.ProviderMessageId == bad.ProviderMessageId);
        Assert.Equal((MessageStatus.Failed, "131026"), (failure.Status, failure.ErrorCode));
        Assert.False(string.IsNullOrEmpty(failure.ErrorMessage));
    }

    [Fact]
    public void A_status_carries_metas_pricing_category_and_billable_flag_and_a_status_without_pricing_carries_none()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"statuses":[
              {"id":"wamid.M","status":"sent","timestamp":"1700000000","recipient_id":"447700900001",
               "pricing":{"billable":true,"pricing_model":"PMP","category":"MARKETING","type":"regular"}},
              {"id":"wamid.S","status":"delivered","timestamp":"1700000000","recipient_id":"447700900001",
               "pricing":{"billable":false,"pricing_model":"PMP","category":"service","type":"free_customer_service"}},
              {"id":"wamid.R","status":"read","timestamp":"1700000000","recipient_id":"447700900001"}]}}]}]}
            """);

        var statuses = _driver.ParseWebhook(Post(body, null)).Statuses;

        Assert.Equal(new MessagePricing("marketing", true), statuses[0].Pricing);
        Assert.Equal(new MessagePricing("service", false), statuses[1].Pricing);
        Assert.Null(statuses[2].Pricing);
    }

    [Fact]
    public async Task Inbound_STOP_from_the_fake_verifies_and_parses_with_e164_sender_and_contact_profile_name()
    {
        var request = await _fx.InboundAsync("meta", PhoneNumberId, "+14155550142", "STOP", CallbackUrl, "Ana");

        Assert.True(_driver.VerifyWebhook(Context(), request));
        var events = _driver.ParseWebhook(request);

        Assert.Empty(events.Statuses);
        var inbound = Assert.Single(events.Inbound);
        Assert.Equal(("+14155550142", "STOP", "Ana"), (inbound.From, inbound.Text, inbound.ProfileName));
        Assert.StartsWith("inbound-", inbound.ProviderMessageId);
    }

    [Fact]
    public void Inbound_button_text_is_read_like_a_text_message_and_an_image_comes_with_its_media_id()
    {
        var body = Encoding.UTF8.GetBytes("""
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
              "contacts":[{"profile":{"name":"Bo"},"wa_id":"447700900001"}],
              "messages":[{"from":"447700900001","id":"wamid.B","timestamp":"1700000000","type":"button","button":{"payload":"STOP_PROMOS","text":"Stop promotions"}},
                          {"from":"447700900001","id":"wamid.I","timestamp":"1700000000","type":"image","image":{"id":"1"}}]}}]}]}
            """);

        var inbound = _driver.ParseWebhook(new WebhookRequest("POST", CallbackUrl, new Dictionary<string, string>(), body, "application/json", new Dictionary<string, string>())).Inbound;

        Assert.Equal(2, inbound.Count);
        Assert.Equal(("+447700900001", "Stop promotions", "Bo", InboundKind.Button), (inbound[0].From, inbound[0].Text, inbound[0].ProfileName, inbound[0].Kind));
        Assert.Equal("STOP_PROMOS", inbound[0].Metadata[InboundKeys.Payload]);
        Assert.Equal((InboundKind.Image, "1", ""), (inbound[1].Kind, inbound[1].Metadata[InboundKeys.MediaRef], inbound[1].Text));
    }

    private static WebhookRequest Post(byte[] body, string? signature) =>
        new("POST", CallbackUrl,
            signature is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["X-Hub-Signature-256"] = signature },
            body, "application/json", new Dictionary<string, string>());

    [Fact]
    public void VerifyWebhook_accepts_a_good_signature_and_rejects_tampered_body_wrong_secret_missing_header_and_no_app_secret()
    {
        var body = Encoding.UTF8.GetBytes("""{"object":"whatsapp_business_account","entry":[]}""");
        var good = Signing.MetaSignature(AppSecret, body);

        Assert.True(_driver.VerifyWebhook(Context(), Post(body, good)));
        Assert.True(_driver.VerifyWebhook(Context(), Post(body, good.ToUpperInvariant().Replace("SHA256=", "sha256="))));
        Assert.False(_driver.VerifyWebhook(Context(), Post(Encoding.UTF8.GetBytes("""{"object":"whatsapp_business_account","entry":[{}]}"""), good)));
        Assert.False(_driver.VerifyWebhook(Context(), Post(body, Signing.MetaSignature("another-secret", body))));
        Assert.False(_driver.VerifyWebhook(Context(), Post(body, null)));
        Assert.False(_driver.VerifyWebhook(Context(), Post(body, "sha1=" + good[7..])));
        Assert.False(_driver.VerifyWebhook(Context(appSecret: null), Post(body, good)));
    }

    private static WebhookRequest Challenge(string? mode, string? token, string? challenge = "1158201444", string method = "GET")
    {
        var query = new Dictionary<string, string>();
        if (mode is not null) query["hub.mode"] = mode;
        if (token is not null) query["hub.verify_token"] = token;
        if (challenge is not null) query["hub.challenge"] = challenge;
        return new WebhookRequest(method, CallbackUrl, new Dictionary<string, string>(), [], null, query);
    }

    [Fact]
    public void Challenge_with_the_configured_verify_token_echoes_hub_challenge_and_anything_else_is_refused()
    {
        IWhatsAppDriver driver = _driver;

        Assert.Equal(new WebhookChallenge(true, "1158201444"), driver.AnswerChallenge(Context(), Challenge("subscribe", VerifyToken)));
        Assert.False(driver.AnswerChallenge(Context(), Challenge("subscribe", "wrong"))!.Accepted);
        Assert.False(driver.AnswerChallenge(Context(), Challenge("unsubscribe", VerifyToken))!.Accepted);
        Assert.False(driver.AnswerChallenge(Context(), Challenge("subscribe", null))!.Accepted);
        Assert.False(driver.AnswerChallenge(Context(), Challenge("subscribe", VerifyToken, challenge: null))!.Accepted);
        Assert.False(driver.AnswerChallenge(Context(verifyToken: null), Challenge("subscribe", VerifyToken))!.Accepted);
    }
}
