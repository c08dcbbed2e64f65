using System.Text;
using FakeProvider;
using Microsoft.AspNetCore.WebUtilities;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Tests.Drivers;

public sealed class TwilioDriverTests : IClassFixture<DriverFixture>
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "twilio-auth-token-7f3a9c1e5b";
    public const string ApiKeySid = "SK0123456789abcdef0123456789abcdef";
    public const string ApiKeySecret = "twilio-api-key-secret-91ab";
    public const string ServiceSid = "MG0123456789abcdef0123456789abcdef";
    public const string From = "+14155550100";
    private const string StatusUrl = "https://app.example.test/webhooks/twilio/7/status";

    private readonly DriverFixture _fx;
    private readonly TwilioDriver _driver;

    public TwilioDriverTests(DriverFixture fx)
    {
        _fx = fx;
        _fx.Reset();
        _fx.State.RegisterTwilio(new TwilioAccount(AccountSid, AuthToken, ApiKeySid, ApiKeySecret, "Fake Twilio"));
        _driver = fx.Driver<TwilioDriver>();
    }

    private ProviderContext Context(bool apiKey = false, bool service = false, bool from = true, string? authToken = null, string? baseUrl = null)
    {
        var c = new Dictionary<string, string> { ["accountSid"] = AccountSid, ["authToken"] = authToken ?? AuthToken };
        if (apiKey) { c["apiKeySid"] = ApiKeySid; c["apiKeySecret"] = ApiKeySecret; }
        if (from) c["from"] = From;
        if (service) c["messagingServiceSid"] = ServiceSid;
        return Msg.Context(baseUrl ?? _fx.BaseUrl, c, providerId: 7, statusCallbackUrl: StatusUrl);
    }

    private static Dictionary<string, string> Form(ReceivedMessage m) =>
        QueryHelpers.ParseQuery(m.RawBody!).ToDictionary(p => p.Key, p => p.Value.ToString());

    // ---- send: the exact request ----------------------------------------------------------------

    [Fact]
    public async Task Send_goes_out_through_the_official_twilio_sdk()
    {
        var result = await _driver.SendTemplateAsync(Context(), Msg.Template("+14155550122", "HX0123456789abcdef0123456789abcdef"), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.StartsWith("twilio-csharp/8.2.0 ", Assert.Single(_fx.State.GetMessages("twilio")).UserAgent);
    }

    [Fact]
    public async Task Send_text_posts_a_Body_without_ContentSid_through_the_sdk()
    {
        var result = await _driver.SendTextAsync(Context(), OutgoingMessage.FreeText(7003, "+14155550178", "We are on it & sorry."), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var form = Form(Assert.Single(_fx.State.GetMessages("twilio")));
        Assert.Equal(("whatsapp:+14155550178", "We are on it & sorry.", StatusUrl), (form["To"], form["Body"], form["StatusCallback"]));
        Assert.DoesNotContain("ContentSid", form.Keys);
        Assert.DoesNotContain("ContentVariables", form.Keys);
    }

    [Fact]
    public async Task Send_posts_form_with_whatsapp_addresses_content_sid_variables_and_callback_using_account_basic_auth()
    {
        var message = Msg.Template("+14155550123", "HX0123456789abcdef0123456789abcdef", "en", ParameterFormat.Positional, ("1", "Ana María"), ("2", "$20.00 & tax"));

        var result = await _driver.SendTemplateAsync(Context(), message, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(MessageStatus.Accepted, result.Status); // "queued"
        var received = Assert.Single(_fx.State.GetMessages("twilio"));
        Assert.Equal(result.ProviderMessageId, received.Id);
        Assert.StartsWith("SM", result.ProviderMessageId);
        Assert.Equal("basic", received.AuthScheme);
        Assert.Equal(AccountSid, received.AccountId);
        var form = Form(received);
        Assert.Equal("whatsapp:+14155550123", form["To"]);
        Assert.Equal("whatsapp:" + From, form["From"]);
        Assert.False(form.ContainsKey("MessagingServiceSid"));
        Assert.Equal("HX0123456789abcdef0123456789abcdef", form["ContentSid"]);
        Assert.Equal(StatusUrl, form["StatusCallback"]);
        Assert.Equal(new Dictionary<string, string> { ["1"] = "Ana María", ["2"] = "$20.00 & tax" }, received.ContentVariableMap);
        Assert.DoesNotContain("Body", form.Keys);
    }

    [Fact]
    public async Task Send_uses_api_key_basic_auth_when_key_and_secret_are_set()
    {
        var result = await _driver.SendTemplateAsync(Context(apiKey: true), Msg.Template("+14155550124", "HX0123456789abcdef0123456789abcdef"), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("apikey", Assert.Single(_fx.State.GetMessages("twilio")).AuthScheme);
    }

    [Fact]
    public async Task Send_with_only_a_messaging_service_posts_MessagingServiceSid_and_no_From()
    {
        var result = await _driver.SendTemplateAsync(Context(service: true, from: false), Msg.Template("+14155550125", "HX0123456789abcdef0123456789abcdef"), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(MessageStatus.Accepted, result.Status); // "accepted"
        var form = Form(Assert.Single(_fx.State.GetMessages("twilio")));
        Assert.Equal(ServiceSid, form["MessagingServiceSid"]);
        Assert.False(form.ContainsKey("From"));
    }

    [Fact]
    public async Task Send_with_named_parameters_keys_ContentVariables_by_placeholder_name_and_omits_it_without_parameters()
    {
        await _driver.SendTemplateAsync(Context(), Msg.Template("+14155550126", "HX0123456789abcdef0123456789abcdef", "en", ParameterFormat.Named,
            ("customer_name", "Ana"), ("due_date", "1 May")), default);
        await _driver.SendTemplateAsync(Context(), Msg.Template("+14155550127", "HX0123456789abcdef0123456789abcdef"), default);

        var (named, none) = (_fx.State.GetMessages("twilio", "+14155550126").Single(), _fx.State.GetMessages("twilio", "+14155550127").Single());
        Assert.Equal(new Dictionary<string, string> { ["customer_name"] = "Ana", ["due_date"] = "1 May" }, named.ContentVariableMap);
        Assert.False(Form(none).ContainsKey("ContentVariables"));
    }

    [Fact]
    public async Task Send_with_a_wrong_auth_token_is_a_permanent_20003()
    {
        var result = await _driver.SendTemplateAsync(Context(authToken: "wrong"), Msg.Template("+14155550128", "HX0123456789abcdef0123456789abcdef"), default);

        Assert.Equal(SendErrorKind.Permanent, result.Error!.Kind);
        Assert.Equal("20003", result.Error.Code);
    }

    [Fact]
    public async Task A_changed_auth_token_is_the_one_the_next_send_uses_for_the_same_account()
    {
        var template = Msg.Template("+14155550129", "HX0123456789abcdef0123456789abcdef");

        var before = await _driver.SendTemplateAsync(Context(), template, default);
        var changed = await _driver.SendTemplateAsync(Context(authToken: "rotated"), template, default);
        var back = await _driver.SendTemplateAsync(Context(), template, default);

        Assert.Equal((true, "20003", true), (before.Succeeded, changed.Error?.Code, back.Succeeded));
    }

    // ---- send: classified errors over real HTTP ---------------------------------------------------

    [Theory]
    [InlineData(21211, 400, SendErrorKind.Permanent)]
    [InlineData(21614, 400, SendErrorKind.Permanent)]
    [InlineData(21656, 400, SendErrorKind.Permanent)]
    [InlineData(63016, 400, SendErrorKind.Permanent)]
    [InlineData(63021, 400, SendErrorKind.Permanent)]
    [InlineData(30036, 400, SendErrorKind.Permanent)]
    [InlineData(63014, 400, SendErrorKind.OptedOut)]
    [InlineData(21610, 400, SendErrorKind.OptedOut)]
    [InlineData(63018, 429, SendErrorKind.Transient)]
    [InlineData(20429, 429, SendErrorKind.Transient)]
    [InlineData(63038, 429, SendErrorKind.Transient)]
    [InlineData(29999, 400, SendErrorKind.Permanent)] // unknown code, 4xx: permanent
    [InlineData(29998, 502, SendErrorKind.Transient)] // unknown code, 5xx: transient
    public async Task Send_classifies_twilio_error_codes(int code, int httpStatus, SendErrorKind kind)
    {
        const string to = "+14155550150";
        _fx.State.RecipientErrors = new Dictionary<string, RecipientErrorRule> { [to] = new() { Code = code, HttpStatus = httpStatus } };

        var result = await _driver.SendTemplateAsync(Context(), Msg.Template(to, "HX0123456789abcdef0123456789abcdef"), default);

        Assert.False(result.Succeeded);
        Assert.Equal(kind, result.Error!.Kind);
        Assert.Equal(code.ToString(), result.Error.Code);
        Assert.False(result.Error.MayHaveBeenDelivered);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
        if (code == 63038) Assert.True(result.Error.RetryAfter >= TimeSpan.FromHours(1)); // the table's long wait when no Retry-After came
    }

    [Fact]
    public async Task Send_throttled_with_429_is_transient_with_the_Retry_After_header()
    {
        _fx.State.Chaos.Configure(new ChaosSettings { Rate429 = 1, RetryAfterSeconds = 7 });

        var result = await _driver.SendTemplateAsync(Context(), Msg.Template("+14155550129", "HX0123456789abcdef0123456789abcdef"), default);

        Assert.Equal(SendErrorKind.Transient, result.Error!.Kind);
        Assert.Equal("20429", result.Error.Code);
        Assert.Equal(TimeSpan.FromSeconds(7), result.Error.RetryAfter);
        Assert.Equal(1, _fx.State.MessageCount); // not retried by the HTTP layer
    }

    [Fact]
    public async Task Send_answered_with_5xx_is_transient_and_not_retried()
    {
        _fx.State.Chaos.Configure(new ChaosSettings { Rate5xx = 1 });

        var result = await _driver.SendTemplateAsync(Context(), Msg.Template("+14155550130", "HX0123456789abcdef0123456789abcdef"), default);

        Assert.Equal(SendErrorKind.Transient, result.Error!.Kind);
        Assert.Contains(result.Error.Code, new[] { "20500", "20503" });
        Assert.False(result.Error.MayHaveBeenDelivered);
        Assert.Equal(1, _fx.State.MessageCount);
    }

    [Fact]
    public async Task Many_concurrent_sends_all_arrive_once_with_distinct_ids()
    {
        var sends = Enumerable.Range(0, 300).Select(i => Msg.Template($"+1415556{i:0000}", "HX0123456789abcdef0123456789abcdef", "en", ParameterFormat.Positional, ("1", "n" + i)));
        _fx.State.CallbacksConfig = new CallbacksConfig { Enabled = false };
        var results = new System.Collections.Concurrent.ConcurrentBag<SendResult>();
        await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (m, ct) => results.Add(await _driver.SendTemplateAsync(Context(), m, ct)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(300, results.Select(r => r.ProviderMessageId).Distinct().Count());
        Assert.Equal(300, _fx.State.MessageCount);
    }

    // ---- connection test, templates -----------------------------------------------------------------

    [Fact]
    public async Task Test_connection_reads_the_account_with_the_auth_token_and_reports_bad_credentials()
    {
        var ok = await _driver.TestConnectionAsync(Context(), default);
        var bad = await _driver.TestConnectionAsync(Context(authToken: "nope"), default);

        Assert.True(ok.Ok, ok.Message);
        Assert.Contains("Fake Twilio", ok.Message);
        Assert.False(bad.Ok);
        Assert.Contains("401", bad.Message);
    }

    [Fact]
    public async Task Test_connection_with_an_api_key_checks_the_key_on_a_resource_a_standard_key_may_read()
    {
        var ok = await _driver.TestConnectionAsync(Context(apiKey: true), default);
        var wrongKey = await _driver.TestConnectionAsync(Msg.Context(_fx.BaseUrl, new Dictionary<string, string>
        {
            ["accountSid"] = AccountSid, ["authToken"] = AuthToken, ["from"] = From, ["apiKeySid"] = ApiKeySid, ["apiKeySecret"] = "not-the-secret",
        }), default);

        Assert.True(ok.Ok, ok.Message);
        Assert.Contains(ApiKeySid, ok.Message);
        Assert.False(wrongKey.Ok);
        Assert.Contains("API key", wrongKey.Message);
        Assert.Contains("401", wrongKey.Message);
    }

    [Fact]
    public async Task The_fake_like_twilio_refuses_a_standard_api_key_on_the_accounts_resource_but_not_on_messages()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/2010-04-01/Accounts/{AccountSid}.json");
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(ApiKeySid + ":" + ApiKeySecret)));
        using var messages = new HttpRequestMessage(HttpMethod.Get, $"/2010-04-01/Accounts/{AccountSid}/Messages.json?PageSize=1");
        messages.Headers.Authorization = request.Headers.Authorization;

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await _fx.Control.SendAsync(request)).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await _fx.Control.SendAsync(messages)).StatusCode);
    }

    [Fact]
    public async Task Template_sync_follows_next_page_and_reads_status_and_rejection_reason_from_the_top_of_approval_requests()
    {
        _fx.State.SeedTwilioTemplates(
        [
            new TwilioTemplate
            {
                Sid = "HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", FriendlyName = "bill_due", Language = "en",
                Body = "Hi {{1}}, your bill of {{2}} is due.", Variables = new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "$20" },
                Category = "UTILITY", Status = "approved",
            },
            new TwilioTemplate
            {
                Sid = "HXbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", FriendlyName = "spring_sale", Language = "es",
                Body = "Hola {{customer_name}}, rebajas!", Variables = new Dictionary<string, string> { ["customer_name"] = "Ana" },
                Category = "MARKETING", Status = "rejected", RejectionReason = "Variables at the start or end of the message",
            },
            new TwilioTemplate { Sid = "HXcccccccccccccccccccccccccccccccc", FriendlyName = "draft", Body = "Plain text", Status = "received" },
        ]);

        var templates = await _driver.ListTemplatesAsync(Context(), default); // page size 1 in the fixture: three pages

        Assert.Equal(3, templates.Count);
        var approved = templates.Single(t => t.ExternalId == "HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        Assert.Equal(("bill_due", "en", "UTILITY", "APPROVED", (string?)null, ParameterFormat.Positional),
            (approved.Name, approved.Language, approved.Category, approved.Status, approved.RejectionReason, approved.ParameterFormat));
        Assert.Equal("Hi {{1}}, your bill of {{2}} is due.", approved.Body);
        Assert.Equal(new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "$20" }, approved.Samples);

        var rejected = templates.Single(t => t.ExternalId == "HXbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        Assert.Equal("REJECTED", rejected.Status);
        Assert.Equal("Variables at the start or end of the message", rejected.RejectionReason);
        Assert.Equal("MARKETING", rejected.Category);
        Assert.Equal(ParameterFormat.Named, rejected.ParameterFormat);

        Assert.Equal("PENDING", templates.Single(t => t.Name == "draft").Status);
    }

    [Fact]
    public void Template_parsing_reads_approval_fields_at_the_top_level_not_under_whatsapp()
    {
        var resource = Twilio.Rest.Content.V1.ContentAndApprovalsResource.FromJson("""
            {"sid":"HX1","friendly_name":"f","language":"en","variables":{},"types":{"twilio/quick-reply":{"body":"Reply {{1}}"}},
             "approval_requests":{"name":"real_name","category":"utility","status":"rejected","rejection_reason":"top level reason",
                                  "whatsapp":{"status":"approved","rejection_reason":""}}}
            """);

        var t = TwilioDriver.ParseTemplate(resource)!;

        Assert.Equal(("real_name", "REJECTED", "top level reason", "UTILITY", "Reply {{1}}"), (t.Name, t.Status, t.RejectionReason, t.Category, t.Body));
    }

    // ---- webhooks --------------------------------------------------------------------------------

    // The twilio-csharp SDK's own RequestValidator test vectors (test/Twilio.Test/Security/RequestValidatorTest.cs):
    // Auth Token "12345", these form parameters, and the signature Twilio sent for each URL form.
    private const string VectorUrl = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private const string VectorSignature = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    private static ProviderContext VectorContext(string authToken = "12345") =>
        Msg.Context(null, new Dictionary<string, string> { ["accountSid"] = AccountSid, ["authToken"] = authToken });

    private static WebhookRequest VectorRequest(string body, Dictionary<string, string> headers, string url = VectorUrl,
        string contentType = "application/x-www-form-urlencoded") =>
        new("POST", url, headers, Encoding.UTF8.GetBytes(body), contentType, CapturedWebhook.Query(url));

    private static Dictionary<string, string> Signed(string signature) => new() { ["X-Twilio-Signature"] = signature };

    private static string VectorBody(string digits = "1234") =>
        $"CallSid=CA1234567890ABCDE&From=%2B14158675309&Digits={digits}&To=%2B18005551212&Caller=%2B14158675309";

    [Theory]
    [InlineData(VectorUrl, VectorSignature)]
    [InlineData("https://MyCompany.com/myapp.php?foo=1&bar=2", "g9IN/x4Cft2g517EjYvEvM/W7LU=")] // host case as called
    [InlineData("https://MyCompany.com:1234/myapp.php?foo=1&bar=2", "PCqOZm8cnu/L6+u5i5fuEd+Iac4=")] // with a port
    [InlineData("http://MyCompany.com/myapp.php?foo=1&bar=2", "XY7AlKOKL6im4yWyX84gldUrtis=")] // signed with :80 added
    [InlineData("https://mycompany.com:1234/myapp.php?foo=1&bar=2", VectorSignature)] // signed without the port
    [InlineData("http://mycompany.com:1234/myapp.php?foo=1&bar=2", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=")]
    [InlineData(VectorUrl, "kvajT1Ptam85bY51eRf/AJRuM3w=")] // signed with :443 added
    [InlineData("http://mycompany.com/myapp.php?foo=1&bar=2", "0ZXoZLH/DfblKGATFgpif+LLRf4=")] // signed with :80 added
    [InlineData("https://mycompany.com:1234/myapp.php?foo=1&bar=2", "CYn1h0gLBdNxDGkKJg6hYohgeD8=")]
    public void VerifyWebhook_accepts_the_sdks_published_vectors_with_and_without_ports(string url, string signature)
    {
        Assert.True(_driver.VerifyWebhook(VectorContext(), VectorRequest(VectorBody(), Signed(signature), url)));
    }

    [Theory]
    [InlineData("https://MyCompany.com/myapp.php?foo=1&bar=2")] // the signature of the lower-case host
    [InlineData("https://MyCompany.com:1234/myapp.php?foo=1&bar=2")]
    [InlineData("http://MyCompany.com/myapp.php?foo=1&bar=2")]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=3")]
    public void VerifyWebhook_refuses_a_signature_made_for_another_url(string url)
    {
        Assert.False(_driver.VerifyWebhook(VectorContext(), VectorRequest(VectorBody(), Signed(VectorSignature), url)));
    }

    [Fact]
    public void VerifyWebhook_rejects_a_tampered_body_a_wrong_token_and_a_missing_header_and_reads_the_header_in_any_case()
    {
        Assert.True(_driver.VerifyWebhook(VectorContext(), VectorRequest(VectorBody(), new() { ["x-twilio-signature"] = VectorSignature })));
        Assert.False(_driver.VerifyWebhook(VectorContext(), VectorRequest(VectorBody("9999"), Signed(VectorSignature))));
        Assert.False(_driver.VerifyWebhook(VectorContext("54321"), VectorRequest(VectorBody(), Signed(VectorSignature))));
        Assert.False(_driver.VerifyWebhook(VectorContext(), VectorRequest(VectorBody(), new())));
        Assert.False(_driver.VerifyWebhook(VectorContext(), VectorRequest(VectorBody(), Signed("NOT" + VectorSignature))));
    }

    [Fact]
    public void VerifyWebhook_checks_a_json_body_against_the_bodySHA256_in_the_signed_url()
    {
        const string body = "{\"property\": \"value\", \"boolean\": true}";
        const string url = VectorUrl + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

        Assert.True(_driver.VerifyWebhook(VectorContext(), VectorRequest(body, Signed("a9nBmqA0ju/hNViExpshrM61xv4="), url, "application/json")));
        Assert.False(_driver.VerifyWebhook(VectorContext(), VectorRequest(body.Replace("true", "false"), Signed("a9nBmqA0ju/hNViExpshrM61xv4="), url, "application/json")));
        Assert.False(_driver.VerifyWebhook(VectorContext(), VectorRequest(body, Signed(VectorSignature), VectorUrl, "application/json")));
    }

    [Fact]
    public async Task Status_callbacks_from_the_fake_verify_and_parse_including_an_async_failure()
    {
        const string failing = "+14155550140";
        _fx.State.RecipientErrors = new Dictionary<string, RecipientErrorRule> { [failing] = new() { Kind = "async", Code = 63016 } };
        var ok = await _driver.SendTemplateAsync(Context(), Msg.Template("+14155550141", "HX0123456789abcdef0123456789abcdef"), default);
        var bad = await _driver.SendTemplateAsync(Context(), Msg.Template(failing, "HX0123456789abcdef0123456789abcdef"), default);
        Assert.True(ok.Succeeded && bad.Succeeded);
        var hooks = await _fx.WebhooksForAsync((ok.ProviderMessageId!, 3), (bad.ProviderMessageId!, 1)); // sent, delivered, read + failed

        var updates = new List<StatusUpdate>();
        foreach (var hook in hooks)
        {
            var request = hook.ToRequest();
            Assert.Equal(StatusUrl, request.PublicUrl);
            Assert.True(_driver.VerifyWebhook(Context(), request));
            var events = _driver.ParseWebhook(request);
            Assert.Empty(events.Inbound);
            updates.AddRange(events.Statuses);
        }

        Assert.Equal([MessageStatus.Sent, MessageStatus.Delivered, MessageStatus.Read],
            updates.Where(u => u.ProviderMessageId == ok.ProviderMessageId).Select(u => u.Status));
        var failure = Assert.Single(updates, u => u.ProviderMessageId == bad.ProviderMessageId);
        Assert.Equal(MessageStatus.Failed, failure.Status);
        Assert.Equal("63016", failure.ErrorCode);
        Assert.False(string.IsNullOrEmpty(failure.ErrorMessage));
    }

    [Fact]
    public async Task Inbound_STOP_from_the_fake_verifies_and_parses_with_the_whatsapp_prefix_stripped()
    {
        var request = await _fx.InboundAsync("twilio", AccountSid, "+14155550142", "STOP", "https://app.example.test/webhooks/twilio/7/inbound", "Ana");

        Assert.True(_driver.VerifyWebhook(Context(), request));
        var events = _driver.ParseWebhook(request);

        Assert.Empty(events.Statuses);
        var inbound = Assert.Single(events.Inbound);
        Assert.Equal("+14155550142", inbound.From);
        Assert.Equal("STOP", inbound.Text);
        Assert.Equal("Ana", inbound.ProfileName);
        Assert.StartsWith("inbound-", inbound.ProviderMessageId);
    }

    [Theory]
    [InlineData("queued", MessageStatus.Accepted)]
    [InlineData("accepted", MessageStatus.Accepted)]
    [InlineData("scheduled", MessageStatus.Accepted)]
    [InlineData("sending", MessageStatus.Sent)]
    [InlineData("sent", MessageStatus.Sent)]
    [InlineData("delivered", MessageStatus.Delivered)]
    [InlineData("read", MessageStatus.Read)]
    [InlineData("undelivered", MessageStatus.Undelivered)]
    [InlineData("failed", MessageStatus.Failed)]
    [InlineData("canceled", MessageStatus.Canceled)]
    public void Status_callback_statuses_map_to_our_scale(string twilioStatus, MessageStatus expected)
    {
        var body = Encoding.UTF8.GetBytes($"MessageSid=SM1&MessageStatus={twilioStatus}&AccountSid={AccountSid}");
        var events = _driver.ParseWebhook(new WebhookRequest("POST", StatusUrl, new Dictionary<string, string>(), body, "application/x-www-form-urlencoded", new Dictionary<string, string>()));

        Assert.Equal(expected, Assert.Single(events.Statuses).Status);
    }
}
