using System.Text.Json;
using FakeProvider;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;

namespace WhatsApp.Tests.Drivers;

/// <summary>
/// Templates with headers, footers and buttons, filled the app's way (<see cref="WhatsAppTemplate.Outgoing"/>) and sent
/// by each driver over real HTTP to the fake, which refuses a missing part as the provider does.
/// </summary>
public sealed class RichTemplateDriverTests : IClassFixture<DriverFixture>
{
    private const string PhoneNumberId = "106540352242999";
    private const string AccessToken = "EAAG-meta-rich-token-1122";
    private const string Waba = "102290129340999";
    private const string TwilioSid = "AC0123456789abcdef0123456789abcd99";
    private const string TwilioToken = "twilio-rich-token-5566";
    private const string VonageKey = "rich1234";
    private const string VonageSecret = "vonage-rich-secret-77";
    private const string PdfUrl = "https://billing.example.com/media/tok-123";

    private readonly DriverFixture _fx;

    public RichTemplateDriverTests(DriverFixture fx)
    {
        _fx = fx;
        _fx.Reset();
        _fx.State.RegisterMeta(new MetaAccount(PhoneNumberId, AccessToken, "rich-app-secret", Waba, "https://app.example.test/webhooks/meta/9"));
        _fx.State.RegisterTwilio(new TwilioAccount(TwilioSid, TwilioToken));
        _fx.State.RegisterVonage(new VonageAccount(VonageKey, VonageSecret));
        _fx.State.SeedMetaTemplates(Waba,
        [
            new MetaTemplate
            {
                Name = "bill_ready", Language = "en_US", Body = "Hi {{1}}, your bill is attached.",
                Header = new MetaHeader("DOCUMENT"), Footer = "Acme ISP",
                Buttons = [new MetaButton("QUICK_REPLY", "Talk to an agent"), new MetaButton("URL", "Pay now", Url: "https://pay.example.com/{{1}}", Example: "B-1"),
                    new MetaButton("COPY_CODE", "Copy code", Example: "SAVE10"), new MetaButton("PHONE_NUMBER", "Call us", PhoneNumber: "+14155550100")],
            },
            new MetaTemplate { Name = "bill_ready", Language = "pt_BR", Body = "Olá {{1}}, sua fatura está anexa.", Header = new MetaHeader("DOCUMENT") },
            new MetaTemplate { Name = "outage", Language = "en_US", Body = "Outage in {{1}}.", Header = new MetaHeader("TEXT", "Alert for {{1}}", "Zone 4") },
            new MetaTemplate { Name = "store", Language = "en_US", Body = "Visit us.", Header = new MetaHeader("LOCATION"), Buttons = [new MetaButton("OTP", "Copy")] },
        ]);
    }

    private ProviderContext Meta() => Msg.Context(_fx.BaseUrl, new Dictionary<string, string>
        { ["phoneNumberId"] = PhoneNumberId, ["accessToken"] = AccessToken, ["businessAccountId"] = Waba }, providerId: 9);

    private ProviderContext Twilio() => Msg.Context(_fx.BaseUrl, new Dictionary<string, string>
        { ["accountSid"] = TwilioSid, ["authToken"] = TwilioToken, ["from"] = "+14155550100" }, providerId: 10);

    private ProviderContext Vonage() => Msg.Context(_fx.BaseUrl, new Dictionary<string, string>
        { ["apiKey"] = VonageKey, ["apiSecret"] = VonageSecret, ["from"] = "+447700900001" }, providerId: 11);

    private static WhatsAppTemplate BillReady(string language = "en_US") => new()
    {
        Name = "bill_ready", Language = language, Body = "Hi {{1}}, your bill is attached.", Status = TemplateStatus.APPROVED,
        Variables = [new("1", "1", null)],
        Header = new TemplateHeader(HeaderFormat.Document, FileName: "bill.pdf"), Footer = "Acme ISP",
        Buttons =
        [
            new TemplateButton(ButtonType.QuickReply, "Talk to an agent"), new TemplateButton(ButtonType.Url, "Pay now", Url: "https://pay.example.com/{{1}}"),
            new TemplateButton(ButtonType.CopyCode, "Copy code"), new TemplateButton(ButtonType.PhoneNumber, "Call us", PhoneNumber: "+14155550100"),
        ],
    };

    private static Dictionary<string, string> Filled(params (string Key, string Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

    private static JsonElement Sent(ReceivedMessage m) => JsonDocument.Parse(m.RawBody!).RootElement;

    // ---- Meta ---------------------------------------------------------------------------------------

    [Fact]
    public async Task Meta_sends_the_document_header_link_and_filename_body_and_each_button_parameter_by_index()
    {
        var message = BillReady().Outgoing(1, "+14155550171", "bill_ready",
            Filled(("1", "Ana"), (TemplateParts.HeaderMedia, PdfUrl), ("button:1", "B-1001"), ("button:2", "SAVE10")));

        var result = await _fx.Driver<MetaDriver>().SendTemplateAsync(Meta(), message, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var received = Assert.Single(_fx.State.GetMessages("meta"));
        Assert.Equal(PdfUrl, received.HeaderParameter);
        Assert.Equal(new Dictionary<int, string> { [1] = "B-1001", [2] = "SAVE10" }, received.ButtonParameters);
        var components = Sent(received).GetProperty("template").GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["header", "body", "button", "button"], components.Select(c => c.GetProperty("type").GetString()));
        var document = components[0].GetProperty("parameters")[0];
        Assert.Equal(("document", PdfUrl, "bill.pdf"), (document.GetProperty("type").GetString(),
            document.GetProperty("document").GetProperty("link").GetString(), document.GetProperty("document").GetProperty("filename").GetString()));
        Assert.Equal(("url", "1"), (components[2].GetProperty("sub_type").GetString(), components[2].GetProperty("index").GetString()));
        Assert.Equal(("copy_code", "coupon_code"), (components[3].GetProperty("sub_type").GetString(),
            components[3].GetProperty("parameters")[0].GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Meta_refuses_a_media_header_template_sent_without_its_header_with_132012()
    {
        var bodyOnly = new WhatsAppTemplate { Name = "bill_ready", Language = "pt_BR", Body = "Olá {{1}}", Variables = [new("1", "1", null)] };

        var result = await _fx.Driver<MetaDriver>().SendTemplateAsync(Meta(), bodyOnly.Outgoing(2, "+14155550172", "bill_ready", Filled(("1", "Ana"))), default);

        Assert.False(result.Succeeded);
        Assert.Equal(("132012", SendErrorKind.Permanent), (result.Error!.Code, result.Error.Kind));
    }

    [Fact]
    public async Task Meta_refuses_a_dynamic_url_button_left_unfilled_with_132000()
    {
        var withoutButtons = BillReady();
        withoutButtons.Buttons = [new TemplateButton(ButtonType.QuickReply, "Talk to an agent")];

        var result = await _fx.Driver<MetaDriver>().SendTemplateAsync(Meta(),
            withoutButtons.Outgoing(3, "+14155550173", "bill_ready", Filled(("1", "Ana"), (TemplateParts.HeaderMedia, PdfUrl))), default);

        Assert.Equal("132000", result.Error?.Code);
    }

    [Fact]
    public async Task Meta_sends_a_text_header_variable_as_a_header_text_parameter()
    {
        var outage = new WhatsAppTemplate
        {
            Name = "outage", Language = "en_US", Body = "Outage in {{1}}.", Variables = [new("1", "1", null)],
            Header = new TemplateHeader(HeaderFormat.Text, Text: "Alert for {{1}}"),
        };

        var result = await _fx.Driver<MetaDriver>().SendTemplateAsync(Meta(),
            outage.Outgoing(4, "+14155550174", "outage", Filled(("1", "Zone 4"), (TemplateParts.HeaderText, "Zone 4"))), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("Zone 4", Assert.Single(_fx.State.GetMessages("meta")).HeaderParameter);
    }

    [Fact]
    public async Task Meta_sync_reads_header_footer_and_every_button_type_and_keeps_each_language()
    {
        var templates = await _fx.Driver<MetaDriver>().ListTemplatesAsync(Meta(), default);

        var en = templates.Single(t => t.Name == "bill_ready" && t.Language == "en_US");
        Assert.Equal(HeaderFormat.Document, en.Header!.Format);
        Assert.Equal("Acme ISP", en.Footer);
        Assert.Equal([ButtonType.QuickReply, ButtonType.Url, ButtonType.CopyCode, ButtonType.PhoneNumber], en.Buttons.Select(b => b.Type));
        Assert.Equal("https://pay.example.com/{{1}}", en.Buttons[1].Url);
        Assert.Equal("+14155550100", en.Buttons[3].PhoneNumber);
        Assert.Contains(templates, t => t.Name == "bill_ready" && t.Language == "pt_BR");

        var outage = templates.Single(t => t.Name == "outage");
        Assert.Equal(new RemoteHeader(HeaderFormat.Text, "Alert for {{1}}", null, "Zone 4"), outage.Header);
        var store = templates.Single(t => t.Name == "store");
        Assert.Equal((HeaderFormat.Location, ButtonType.Otp), (store.Header!.Format, store.Buttons.Single().Type));
    }

    // ---- Twilio -------------------------------------------------------------------------------------

    private const string TwilioCard = """
        [{"sid":"SID","friendly_name":"bill_card","language":"en","variables":{"1":"Ana","2":"bills/1.pdf","3":"B-1"},
          "types":{"whatsapp/card":{"body":"Hi {{1}}, your bill.","footer":"Acme ISP","media":["https://cdn.example.com/{{2}}"],
            "actions":[{"type":"QUICK_REPLY","title":"Talk to an agent","id":"agent"},{"type":"URL","title":"Pay now","url":"https://pay.example.com/{{3}}"}]}},
          "approval_requests":{"name":"bill_card","category":"UTILITY","status":"approved"}}]
        """;

    private async Task SeedTwilioCardAsync(string sid) =>
        (await _fx.Control.PostAsync("/_fake/templates/twilio", new StringContent(TwilioCard.Replace("SID", sid), System.Text.Encoding.UTF8, "application/json")))
            .EnsureSuccessStatusCode();

    [Fact]
    public async Task Twilio_sync_reads_a_card_into_a_media_header_footer_and_buttons()
    {
        await SeedTwilioCardAsync("HX0123456789abcdef0123456789abcd01");

        var template = Assert.Single(await _fx.Driver<TwilioDriver>().ListTemplatesAsync(Twilio(), default));

        Assert.Equal(new RemoteHeader(HeaderFormat.Document, MediaUrl: "https://cdn.example.com/{{2}}"), template.Header);
        Assert.Equal("Acme ISP", template.Footer);
        Assert.Equal([ButtonType.QuickReply, ButtonType.Url], template.Buttons.Select(b => b.Type));
        Assert.Equal("https://pay.example.com/{{3}}", template.Buttons[1].Url);
    }

    [Fact]
    public async Task Twilio_fills_the_media_url_and_button_suffix_as_content_variables_and_refuses_a_missing_one_with_21656()
    {
        const string sid = "HX0123456789abcdef0123456789abcd02";
        await SeedTwilioCardAsync(sid);
        var card = new WhatsAppTemplate
        {
            Name = "bill_card", Language = "en", Body = "Hi {{1}}, your bill.", Variables = [new("1", "1", null)],
            Header = new TemplateHeader(HeaderFormat.Document, MediaUrl: "https://cdn.example.com/{{2}}"),
            Buttons = [new TemplateButton(ButtonType.QuickReply, "Talk to an agent"), new TemplateButton(ButtonType.Url, "Pay now", Url: "https://pay.example.com/{{3}}")],
        };

        var ok = await _fx.Driver<TwilioDriver>().SendTemplateAsync(Twilio(),
            card.Outgoing(5, "+14155550175", sid, Filled(("1", "Ana"), (TemplateParts.HeaderMedia, "bills/7.pdf"), ("button:1", "B-7"))), default);
        Assert.True(ok.Succeeded, ok.Error?.Message);
        Assert.Equal(new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "bills/7.pdf", ["3"] = "B-7" },
            Assert.Single(_fx.State.GetMessages("twilio")).ContentVariableMap);

        var bodyOnly = new WhatsAppTemplate { Name = "bill_card", Language = "en", Body = "Hi {{1}}, your bill.", Variables = [new("1", "1", null)] };
        var refused = await _fx.Driver<TwilioDriver>().SendTemplateAsync(Twilio(), bodyOnly.Outgoing(6, "+14155550176", sid, Filled(("1", "Ana"))), default);
        Assert.Equal("21656", refused.Error?.Code);
    }

    [Fact]
    public async Task Twilio_gets_a_whole_link_for_a_media_url_with_a_fixed_start_as_the_rest_and_fetches_the_filled_url()
    {
        const string sid = "HX0123456789abcdef0123456789abcd04";
        await SeedTwilioCardAsync(sid);
        var header = new TemplateHeader(HeaderFormat.Document, MediaUrl: "https://cdn.example.com/{{2}}");
        var card = new WhatsAppTemplate
        {
            Name = "bill_card", Language = "en", Body = "Hi {{1}}, your bill.", Variables = [new("1", "1", null)], Header = header,
            Buttons = [new TemplateButton(ButtonType.QuickReply, "Talk to an agent"), new TemplateButton(ButtonType.Url, "Pay now", Url: "https://pay.example.com/{{3}}")],
        };

        var ok = await _fx.Driver<TwilioDriver>().SendTemplateAsync(Twilio(),
            card.Outgoing(8, "+14155550178", sid, Filled(("1", "Ana"), (TemplateParts.HeaderMedia, "https://cdn.example.com/media/T0K3N"), ("button:1", "B-8"))), default);

        Assert.True(ok.Succeeded, ok.Error?.Message);
        var sent = Assert.Single(_fx.State.GetMessages("twilio"));
        Assert.Equal("media/T0K3N", sent.ContentVariableMap!["2"]);
        // The provider downloads the Content's media URL filled with the variables: the whole link again.
        var fetch = Assert.Single(await _fx.Fake.MediaFetches().WaitForAsync(sent.Id!), f => f.Source == "Content.media");
        Assert.Equal("https://cdn.example.com/media/T0K3N", fetch.Url);
        // A whole link elsewhere can't be sent through it, and says which start it needs.
        Assert.Contains("'https://cdn.example.com/'", TemplateParts.ValueProblem(header, TemplateParts.HeaderMedia, "https://other.example/bill.pdf"));
        Assert.Null(TemplateParts.ValueProblem(header, TemplateParts.HeaderMedia, "bills/7.pdf"));
    }

    [Fact]
    public async Task Twilio_refuses_before_sending_a_template_whose_parts_reuse_one_variable_number()
    {
        var clash = new WhatsAppTemplate
        {
            Name = "clash", Language = "en", Body = "Hi {{1}}", Variables = [new("1", "1", null)],
            Buttons = [new TemplateButton(ButtonType.Url, "Pay", Url: "https://pay.example.com/{{1}}")],
        };

        var result = await _fx.Driver<TwilioDriver>().SendTemplateAsync(Twilio(),
            clash.Outgoing(9, "+14155550179", "HX0123456789abcdef0123456789abcd03", Filled(("1", "Ana"), ("button:0", "B-7"))), default);

        Assert.Equal(("template_variables", SendErrorKind.Permanent), (result.Error?.Code, result.Error?.Kind));
        Assert.Empty(_fx.State.GetMessages("twilio"));
    }

    // ---- Vonage -------------------------------------------------------------------------------------

    [Fact]
    public async Task Vonage_sends_headers_and_buttons_as_a_custom_whatsapp_template()
    {
        var message = BillReady().Outgoing(7, "+447700900171", "bill_ready",
            Filled(("1", "Ana"), (TemplateParts.HeaderMedia, PdfUrl), ("button:1", "B-1001"), ("button:2", "SAVE10")));

        var result = await _fx.Driver<VonageDriver>().SendTemplateAsync(Vonage(), message, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var received = Assert.Single(_fx.State.GetMessages("vonage"));
        Assert.Equal((PdfUrl, "B-1001", "en_US"), (received.HeaderParameter, received.ButtonParameters![1], received.Language));
        var root = Sent(received);
        Assert.Equal("custom", root.GetProperty("message_type").GetString());
        Assert.Equal("deterministic", root.GetProperty("custom").GetProperty("template").GetProperty("language").GetProperty("policy").GetString());
    }

    [Fact]
    public async Task Vonage_sends_named_parameters_by_name_never_by_a_guessed_position()
    {
        var named = new WhatsAppTemplate
        {
            Name = "order_ready", Language = "en_GB", Body = "Hello {{customer_name}}, order {{order_id}}.", ParameterFormat = ParameterFormat.Named,
            Variables = [new("customer_name", null, null), new("order_id", null, null)],
        };

        var result = await _fx.Driver<VonageDriver>().SendTemplateAsync(Vonage(),
            named.Outgoing(8, "+447700900172", "order_ready", Filled(("order_id", "A-17"), ("customer_name", "Ana"))), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var parameters = Sent(Assert.Single(_fx.State.GetMessages("vonage"))).GetProperty("custom").GetProperty("template")
            .GetProperty("components")[0].GetProperty("parameters").EnumerateArray()
            .Select(p => (p.GetProperty("parameter_name").GetString(), p.GetProperty("text").GetString()));
        Assert.Equal([("customer_name", "Ana"), ("order_id", "A-17")], parameters);
    }
}
