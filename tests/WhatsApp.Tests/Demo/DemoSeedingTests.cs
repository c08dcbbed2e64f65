using System.Net;
using System.Net.Http.Json;
using FakeProvider;
using Microsoft.AspNetCore.Builder;
using WhatsApp.Api.Features.Billing;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Tests.Broadcasts;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Demo;

public class DemoSeedingTests : IAsyncLifetime
{
    private WebApplication _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProviderServer.StartAsync(new FakeProviderOptions());

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task The_demo_starts_with_a_working_provider_customers_groups_templates_and_history_and_can_broadcast()
    {
        using var app = new AppFactory(settings: new Dictionary<string, string?> { ["Demo:Enabled"] = "true", ["Demo:FakeProviderUrl"] = _fake.BaseUrl() });
        using var admin = await app.AdminAsync();

        var providers = await (await admin.GetAsync("/api/whatsapp/providers")).ReadJsonAsync();
        Assert.True(Assert.Single(providers.EnumerateArray()).GetProperty("isActive").GetBoolean());
        var templates = await (await admin.GetAsync("/api/whatsapp/templates")).ReadJsonAsync();
        Assert.All(templates.EnumerateArray(), t => Assert.True(t.GetProperty("sendable").GetBoolean()));
        var customers = await (await admin.GetAsync("/api/customers?pageSize=1")).ReadJsonAsync();
        Assert.Equal(120, customers.GetProperty("total").GetInt32());
        var history = await (await admin.GetAsync("/api/whatsapp/messages/count")).ReadJsonAsync();
        Assert.True(history.GetProperty("count").GetInt32() > 300);
        // The fake knows the demo's templates, so Sync works as it would against Twilio, and keeps the rich bill notice rich.
        (await admin.PostAsync("/api/whatsapp/templates/sync", null)).EnsureSuccessStatusCode();
        var synced = await (await admin.GetAsync("/api/whatsapp/templates")).ReadAsAsync<List<TemplateDto>>();
        var notice = synced.Single(t => t is { Name: "bill_notice", Language: "en" });
        Assert.Equal(HeaderFormat.Document, notice.Header?.Format);
        Assert.Equal("http://localhost/media/{{3}}", notice.Header?.MediaUrl);
        Assert.Equal([ButtonType.Url, ButtonType.QuickReply, ButtonType.QuickReply], notice.Buttons.Select(b => b.Type));
        Assert.Equal(QuickReplyAction.AskForAgent, notice.Buttons[1].Action);
        Assert.True(notice.Sendable, notice.NotSendableReason);

        var groups = await (await admin.GetAsync("/api/groups")).ReadJsonAsync();
        var downtown = groups.EnumerateArray().Single(g => g.GetProperty("name").GetString() == "Downtown");
        var template = templates.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "planned_maintenance").GetProperty("id").GetInt32();
        var created = await (await admin.PostAsJsonAsync("/api/whatsapp/broadcasts", BroadcastHarness.Request(template,
            new { groupIds = new[] { downtown.GetProperty("id").GetInt32() } },
            new Dictionary<string, string> { ["1"] = "{{customer.firstName}}", ["2"] = "Sunday 3am" }))).ReadJsonAsync(HttpStatusCode.Created);
        var total = created.GetProperty("total").GetInt32();
        Assert.Equal(downtown.GetProperty("optedInCount").GetInt32(), total);
        await _fake.FakeState().WaitForMessagesAsync(total, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_demo_sends_a_new_bill_as_the_rich_bill_notice_in_the_customers_language_with_its_pay_link()
    {
        using var app = new AppFactory(settings: new Dictionary<string, string?> { ["Demo:Enabled"] = "true", ["Demo:FakeProviderUrl"] = _fake.BaseUrl() });
        using var admin = await app.AdminAsync();
        // The sixth demo customer speaks Portuguese (pt_BR) and is opted in.
        var customer = Assert.Single((await (await admin.GetAsync("/api/customers?q=%2B12125550105")).ReadAsAsync<CustomerPage>()).Items);
        Assert.Equal("pt_BR", customer.Language);

        (await admin.PostAsJsonAsync("/api/bills", new CreateBillRequest(customer.Id, 42m, "USD", DateOnly.FromDateTime(DateTime.UtcNow.AddDays(14))))).EnsureSuccessStatusCode();

        await _fake.FakeState().WaitForMessagesAsync(1, TimeSpan.FromSeconds(30));
        var sent = Assert.Single(_fake.FakeState().GetMessages("twilio", customer.Phone));
        Assert.Equal("HX00000000000000000000000000000006", sent.Template);
        Assert.Matches(@"^B-\d+$", sent.ContentVariableMap!["2"]);
        // The bill's signed PDF link goes as the rest after the Content's fixed "/media/", and the whole link serves the PDF.
        var token = sent.ContentVariableMap["3"];
        Assert.DoesNotContain("/", token);
        var fetch = Assert.Single(await _fake.MediaFetches().WaitForAsync(sent.Id!), f => f.Source == "Content.media");
        Assert.Equal("http://localhost/media/" + token, fetch.Url);
        var pdf = await app.Anonymous().GetAsync("/media/" + token);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_normal_start_has_no_demo_data()
    {
        using var app = new AppFactory(settings: new Dictionary<string, string?> { ["Demo:FakeProviderUrl"] = _fake.BaseUrl() });
        using var admin = await app.AdminAsync();
        Assert.Empty((await (await admin.GetAsync("/api/whatsapp/providers")).ReadJsonAsync()).EnumerateArray());
        Assert.Equal(0, (await (await admin.GetAsync("/api/customers")).ReadJsonAsync()).GetProperty("total").GetInt32());
    }
}
