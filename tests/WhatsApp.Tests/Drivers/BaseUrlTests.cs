using System.Collections.Concurrent;
using System.Net;
using System.Text;
using FakeProvider;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Tests.Drivers;

/// <summary>
/// ProviderContext.BaseUrl replaces scheme, host and path prefix of every URL a driver calls, next-page links included.
/// The fake here answers provider routes only under <see cref="PrefixedDriverFixture.Prefix"/>.
/// </summary>
public sealed class BaseUrlTests : IClassFixture<PrefixedDriverFixture>
{
    private readonly PrefixedDriverFixture _fx;

    public BaseUrlTests(PrefixedDriverFixture fx)
    {
        _fx = fx;
        _fx.Reset();
        _fx.State.CallbacksConfig = new CallbacksConfig { Enabled = false };
    }

    [Fact]
    public async Task Twilio_send_connection_test_and_paged_template_sync_all_go_through_the_base_url_and_its_prefix()
    {
        _fx.State.RegisterTwilio(new TwilioAccount(TwilioDriverTests.AccountSid, TwilioDriverTests.AuthToken));
        _fx.State.SeedTwilioTemplates(
        [
            new TwilioTemplate { Sid = "HXaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", FriendlyName = "one", Body = "One" },
            new TwilioTemplate { Sid = "HXbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", FriendlyName = "two", Body = "Two" },
        ]);
        var driver = _fx.Driver<TwilioDriver>();
        var context = Msg.Context(_fx.BaseUrl, new Dictionary<string, string>
        {
            ["accountSid"] = TwilioDriverTests.AccountSid, ["authToken"] = TwilioDriverTests.AuthToken, ["from"] = "+14155550100",
        });

        var sent = await driver.SendTemplateAsync(context, Msg.Template("+14155550123", "HX0123456789abcdef0123456789abcdef"), default);
        var test = await driver.TestConnectionAsync(context, default);
        var templates = await driver.ListTemplatesAsync(context, default); // page 2 comes from a next_page_url without the prefix

        Assert.True(sent.Succeeded, sent.Error?.Message);
        Assert.Equal(1, _fx.State.MessageCount);
        Assert.True(test.Ok, test.Message);
        Assert.Equal(["one", "two"], templates.Select(t => t.Name));
    }

    [Fact]
    public async Task Vonage_send_and_connection_test_go_through_the_base_url_and_its_prefix()
    {
        _fx.State.RegisterVonage(new VonageAccount("abcd1234", "vonage-secret"));
        var driver = _fx.Driver<VonageDriver>();
        var context = Msg.Context(_fx.BaseUrl, new Dictionary<string, string> { ["apiKey"] = "abcd1234", ["apiSecret"] = "vonage-secret", ["from"] = "+447700900001" });

        var sent = await driver.SendTemplateAsync(context, Msg.Template("+447700900123", "bill_due", "en_GB"), default);
        var test = await driver.TestConnectionAsync(context, default);

        Assert.True(sent.Succeeded, sent.Error?.Message);
        Assert.Equal(1, _fx.State.MessageCount);
        Assert.True(test.Ok, test.Message);
    }

    [Fact]
    public async Task Meta_send_connection_test_and_paged_template_sync_all_go_through_the_base_url_and_its_prefix()
    {
        _fx.State.RegisterMeta(new MetaAccount("106540352242922", "EAAG-token", BusinessAccountId: "102290129340398"));
        _fx.State.SeedMetaTemplates("102290129340398",
        [
            new MetaTemplate { Name = "one", Body = "One {{1}}" },
            new MetaTemplate { Name = "two", Body = "Two" },
        ]);
        var driver = _fx.Driver<MetaDriver>();
        var context = Msg.Context(_fx.BaseUrl, new Dictionary<string, string>
        {
            ["phoneNumberId"] = "106540352242922", ["accessToken"] = "EAAG-token", ["businessAccountId"] = "102290129340398",
        });

        var sent = await driver.SendTemplateAsync(context, Msg.Template("+14155550123", "two"), default);
        var test = await driver.TestConnectionAsync(context, default);
        var templates = await driver.ListTemplatesAsync(context, default);

        Assert.True(sent.Succeeded, sent.Error?.Message);
        Assert.Equal(1, _fx.State.MessageCount);
        Assert.True(test.Ok, test.Message);
        Assert.Equal(["one", "two"], templates.Select(t => t.Name));
    }

    [Fact]
    public async Task A_base_url_without_the_prefix_misses_the_provider_so_the_prefix_checks_above_are_meaningful()
    {
        _fx.State.RegisterMeta(new MetaAccount("106540352242922", "EAAG-token"));
        var root = _fx.BaseUrl[..^PrefixedDriverFixture.Prefix.Length];
        var context = Msg.Context(root, new Dictionary<string, string> { ["phoneNumberId"] = "106540352242922", ["accessToken"] = "EAAG-token" });

        var result = await _fx.Driver<MetaDriver>().SendTemplateAsync(context, Msg.Template("+14155550123", "two"), default);

        Assert.Equal(("http_404", SendErrorKind.Permanent), (result.Error!.Code, result.Error.Kind));
    }
    [Fact]
    public async Task A_twilio_answer_that_is_not_twilios_error_json_is_classified_by_its_http_status()
    {
        _fx.State.RegisterTwilio(new TwilioAccount(TwilioDriverTests.AccountSid, TwilioDriverTests.AuthToken));
        var root = _fx.BaseUrl[..^PrefixedDriverFixture.Prefix.Length]; // the fake answers 404 {"error": …} outside the prefix
        var context = Msg.Context(root, new Dictionary<string, string>
        {
            ["accountSid"] = TwilioDriverTests.AccountSid, ["authToken"] = TwilioDriverTests.AuthToken, ["from"] = "+14155550100",
        });

        var result = await _fx.Driver<TwilioDriver>().SendTemplateAsync(context, Msg.Template("+14155550123", "HX0123456789abcdef0123456789abcdef"), default);

        Assert.Equal(("http_404", SendErrorKind.Permanent, false), (result.Error!.Code, result.Error.Kind, result.Error.MayHaveBeenDelivered));
    }
}

/// <summary>Without a base URL the drivers call the providers' own hosts (answered here by a stub, there is no internet).</summary>
public sealed class RealHostTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(HttpMethod Method, Uri Uri)> _calls = new();
    private ServiceProvider _services = null!;

    public Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWhatsAppDrivers(o => o.TemplatePageSize = 1);
        var stub = () => (HttpMessageHandler)new StubProvider(_calls);
        foreach (var client in new[] { DriverHttp.SendClient, DriverHttp.ApiClient, TwilioClients.SendClient, TwilioClients.ApiClient })
            services.AddHttpClient(client).ConfigurePrimaryHttpMessageHandler(stub);
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Every_call_goes_to_the_real_provider_hosts_and_twilio_paging_stays_on_content_twilio_com()
    {
        var twilio = Msg.Context(null, new Dictionary<string, string> { ["accountSid"] = TwilioDriverTests.AccountSid, ["authToken"] = "t", ["from"] = "+14155550100" });
        var vonage = Msg.Context(null, new Dictionary<string, string> { ["apiKey"] = "k", ["apiSecret"] = "s", ["from"] = "+447700900001" });
        var meta = Msg.Context(null, new Dictionary<string, string> { ["phoneNumberId"] = "1065", ["accessToken"] = "a", ["businessAccountId"] = "1022" });

        Assert.True((await _services.GetRequiredService<TwilioDriver>().SendTemplateAsync(twilio, Msg.Template("+14155550123", "HX1"), default)).Succeeded);
        Assert.True((await _services.GetRequiredService<TwilioDriver>().TestConnectionAsync(twilio, default)).Ok);
        Assert.Equal(2, (await _services.GetRequiredService<TwilioDriver>().ListTemplatesAsync(twilio, default)).Count);
        Assert.True((await _services.GetRequiredService<VonageDriver>().SendTemplateAsync(vonage, Msg.Template("+447700900123", "t", "en_GB"), default)).Succeeded);
        Assert.True((await _services.GetRequiredService<VonageDriver>().TestConnectionAsync(vonage, default)).Ok);
        Assert.True((await _services.GetRequiredService<MetaDriver>().SendTemplateAsync(meta, Msg.Template("+14155550123", "t"), default)).Succeeded);
        Assert.True((await _services.GetRequiredService<MetaDriver>().TestConnectionAsync(meta, default)).Ok);
        Assert.Single(await _services.GetRequiredService<MetaDriver>().ListTemplatesAsync(meta, default));

        Assert.Equal(
        [
            "POST https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json",
            "GET https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef.json",
            "GET https://content.twilio.com/v1/ContentAndApprovals?PageSize=1",
            "GET https://content.twilio.com/v1/ContentAndApprovals?PageSize=1&Page=1&PageToken=PA1",
            "POST https://api.nexmo.com/v1/messages",
            "GET https://rest.nexmo.com/account/get-balance?api_key=k&api_secret=s",
            $"POST https://graph.facebook.com/{MetaDriver.GraphVersion}/1065/messages",
            $"GET https://graph.facebook.com/{MetaDriver.GraphVersion}/1065?fields=verified_name,display_phone_number,quality_rating",
            $"GET https://graph.facebook.com/{MetaDriver.GraphVersion}/1022/message_templates?limit=1&fields=name%2Clanguage%2Cstatus%2Ccategory%2Cparameter_format%2Ccomponents%2Crejected_reason%2Cid",
        ], _calls.Select(c => $"{c.Method} {c.Uri.OriginalString}"));
    }

    private sealed class StubProvider(ConcurrentQueue<(HttpMethod, Uri)> calls) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            calls.Enqueue((request.Method, uri));
            var json = (uri.Host, uri.AbsolutePath) switch
            {
                ("api.twilio.com", var p) when p.EndsWith("/Messages.json") => """{"sid":"SM1","status":"queued"}""",
                ("api.twilio.com", _) => """{"status":"active","friendly_name":"Real"}""",
                // The next link points at another host on purpose: the driver must keep to content.twilio.com.
                ("content.twilio.com", _) when !uri.Query.Contains("Page=1") =>
                    """{"contents":[{"sid":"HX1","types":{"twilio/text":{"body":"a"}},"approval_requests":{"status":"approved"}}],"meta":{"page":0,"page_size":1,"first_page_url":"https://content.twilio.com/v1/ContentAndApprovals?PageSize=1&Page=0","previous_page_url":null,"url":"https://content.twilio.com/v1/ContentAndApprovals?PageSize=1&Page=0","next_page_url":"https://elsewhere.example/v1/ContentAndApprovals?PageSize=1&Page=1&PageToken=PA1","key":"contents"}}""",
                ("content.twilio.com", _) => """{"contents":[{"sid":"HX2","types":{"twilio/text":{"body":"b"}}}],"meta":{"page":1,"page_size":1,"first_page_url":"https://content.twilio.com/v1/ContentAndApprovals?PageSize=1&Page=0","previous_page_url":"https://content.twilio.com/v1/ContentAndApprovals?PageSize=1&Page=0","url":"https://content.twilio.com/v1/ContentAndApprovals?PageSize=1&Page=1","next_page_url":null,"key":"contents"}}""",
                ("api.nexmo.com", _) => """{"message_uuid":"u1"}""",
                ("rest.nexmo.com", _) => """{"value":1.5}""",
                ("graph.facebook.com", var p) when p.EndsWith("/messages") => """{"messages":[{"id":"wamid.1"}]}""",
                ("graph.facebook.com", var p) when p.EndsWith("/message_templates") => """{"data":[{"name":"t","language":"en","status":"APPROVED","components":[]}],"paging":{}}""",
                ("graph.facebook.com", _) => """{"verified_name":"Real","display_phone_number":"+1 555"}""",
                _ => """{}""",
            };
            var status = request.Method == HttpMethod.Post ? uri.Host == "api.twilio.com" ? HttpStatusCode.Created : uri.Host == "api.nexmo.com" ? HttpStatusCode.Accepted : HttpStatusCode.OK : HttpStatusCode.OK;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }
}
