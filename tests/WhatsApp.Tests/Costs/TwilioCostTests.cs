using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FakeProvider;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Api.Features.Costs;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Stats;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Costs;

/// <summary>
/// Twilio (the fake) active with the UTILITY template "bill_due", priced by the example card (utility 0.004 USD); the
/// provider's prices are read back when a test runs the job (its schedule never fires here), asked again 2 s later.
/// </summary>
public sealed class TwilioCostHarness : SendingHarness
{
    public int ProviderId { get; private set; }
    public JsonElement Template { get; private set; }
    public HttpClient FakeClient { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Costs:PriceReadBackAfter"] = "00:00:00.200",
        ["Costs:PriceReadBackEvery"] = "00:00:02",
        ["Costs:PriceReadBackCron"] = Hangfire.Cron.Never(),
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        FakeClient = new HttpClient { BaseAddress = new Uri(FakeUrl) };
        ProviderId = await AddTwilioProviderAsync();
        Template = await AddTemplateAsync(ProviderId);
    }

    public override async Task DisposeAsync()
    {
        FakeClient.Dispose();
        await base.DisposeAsync();
    }

    public async Task<(int Id, string Phone)> CustomerAsync()
    {
        var phone = TestPhones.Next();
        return (await AddCustomerAsync(phone), phone);
    }

    public async Task<MessageDto> SendBillAsync(string phone) => await (await Admin.PostAsJsonAsync("/api/whatsapp/messages", new
    {
        to = phone, templateName = "bill_due", parameters = new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "$20" },
    })).ReadAsAsync<MessageDto>(HttpStatusCode.Created);

    public async Task<int> ReadBackPricesAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PriceReadBack>().RunAsync(CancellationToken.None);
    }
}

public class TwilioCostTests(TwilioCostHarness h) : IClassFixture<TwilioCostHarness>
{
    [Fact]
    public async Task Twilios_price_is_read_back_after_sending_and_replaces_the_card_estimate()
    {
        h.FakeState.TwilioPricing = new TwilioPricing("-0.00420", "USD", DelayMs: 300);
        var (_, phone) = await h.CustomerAsync();
        var sent = await h.SendBillAsync(phone);
        var estimated = await h.WaitForMessageAsync(sent.Id, m => m.Status >= MessageStatus.Delivered && m.Cost is not null);
        Assert.Equal(((decimal?)0.004m, CostSources.Card), (estimated.Cost, estimated.CostSource));

        var deadline = DateTime.UtcNow.AddSeconds(15);
        MessageDto read;
        do
        {
            await h.ReadBackPricesAsync();
            read = await h.WaitForMessageAsync(sent.Id, _ => true);
        } while (read.CostSource != CostSources.Provider && DateTime.UtcNow < deadline && await Task.Delay(100).ContinueWith(_ => true));
        Assert.Equal(((decimal?)0.0042m, "USD", CostSources.Provider), (read.Cost, read.CostCurrency, read.CostSource));

        var csv = await (await h.Admin.GetAsync($"/api/whatsapp/messages/export")).Content.ReadAsStringAsync();
        Assert.Contains(csv.Split('\n'), line => line.StartsWith($"{sent.Id},") && line.TrimEnd().EndsWith(",0.0042,USD,provider"));
    }

    [Fact]
    public async Task A_message_twilio_has_not_priced_yet_keeps_the_card_price_and_is_not_asked_about_again_at_once()
    {
        h.FakeState.TwilioPricing = new TwilioPricing("-0.00420", "USD", DelayMs: 600_000);
        var (_, phone) = await h.CustomerAsync();
        var sent = await h.SendBillAsync(phone);
        await h.WaitForMessageAsync(sent.Id, m => m.Status >= MessageStatus.Delivered && m.Cost is not null);
        await Task.Delay(300); // past PriceReadBackAfter

        Assert.Equal(0, await h.ReadBackPricesAsync());
        h.FakeState.TwilioPricing = new TwilioPricing("-0.00420", "USD", DelayMs: 0);
        Assert.Equal(0, await h.ReadBackPricesAsync()); // asked a moment ago: next time in PriceReadBackEvery
        var message = await h.WaitForMessageAsync(sent.Id, _ => true);
        Assert.Equal(((decimal?)0.004m, CostSources.Card), (message.Cost, message.CostSource));
    }

    [Fact]
    public async Task The_fake_serves_a_message_to_its_own_account_only()
    {
        var (_, phone) = await h.CustomerAsync();
        var sent = await h.WaitForMessageAsync((await h.SendBillAsync(phone)).Id, m => m.ProviderMessageId is not null);
        using var client = new HttpClient { BaseAddress = new Uri(h.FakeUrl) };
        var path = $"/2010-04-01/Accounts/{SendingHarness.TwilioSid}/Messages/{sent.ProviderMessageId}.json";
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(path)).StatusCode);
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{SendingHarness.TwilioSid}:{SendingHarness.TwilioToken}")));
        var resource = await (await client.GetAsync(path)).ReadJsonAsync();
        Assert.Equal(sent.ProviderMessageId, resource.GetProperty("sid").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/2010-04-01/Accounts/{SendingHarness.TwilioSid}/Messages/SM{Guid.NewGuid():N}.json")).StatusCode);
    }

    [Fact]
    public async Task A_utility_template_to_someone_whose_service_window_is_open_costs_nothing()
    {
        var (_, phone) = await h.CustomerAsync();
        var inbound = await (await h.FakeClient.PostAsJsonAsync("/_fake/inbound", new InboundRequest("twilio", SendingHarness.TwilioSid, phone, "Is my bill ready?",
            Url: $"http://localhost/api/webhooks/whatsapp/{h.ProviderId}/inbound"))).ReadJsonAsync();
        Assert.Equal(200, inbound.GetProperty("statusCode").GetInt32());

        var sent = await h.SendBillAsync(phone);
        var priced = await h.WaitForMessageAsync(sent.Id, m => m.Status >= MessageStatus.Delivered && m.Cost is not null);
        Assert.Equal(("utility", (bool?)false, (decimal?)0m), (priced.PricingCategory, priced.Billable, priced.Cost));
    }

    [Fact]
    public async Task An_admins_limit_applies_to_a_provider_that_reports_none_and_compose_says_how_many_would_go_past_it()
    {
        var (reached, reachedPhone) = await h.CustomerAsync();
        await h.WaitForMessageAsync((await h.SendBillAsync(reachedPhone)).Id, m => m.Status >= MessageStatus.Accepted);
        var health = await (await h.Admin.GetAsync("/api/whatsapp/stats/health")).ReadAsAsync<List<ProviderHealthDto>>();
        var used = health.Single(p => p.Id == h.ProviderId).MessagingLimit.Reached;
        (await h.Admin.PutAsJsonAsync($"/api/settings/whatsapp-providers/{h.ProviderId}", new
        {
            name = "Twilio", providerType = "twilio", settings = new { baseUrl = h.FakeUrl, messagesPerSecond = 80, dailyMessagingLimit = used + 2 },
        })).EnsureSuccessStatusCode();
        int[] fresh = [(await h.CustomerAsync()).Id, (await h.CustomerAsync()).Id, (await h.CustomerAsync()).Id, (await h.CustomerAsync()).Id];

        try
        {
            var preview = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/broadcasts/preview", new
            {
                templateId = h.Template.GetProperty("id").GetInt32(), audience = new { customerIds = fresh.Append(reached) },
                variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = "$30" },
            })).ReadAsAsync<BroadcastPreviewDto>();

            var limit = preview.MessagingLimit!;
            Assert.Equal((used + 2, MessagingTiers.FromSettings, (string?)null), (limit.Usage.Limit, limit.Usage.Source, limit.Usage.Tier));
            Assert.Equal((used, 2), (limit.Usage.Reached, limit.Usage.Remaining));
            Assert.Equal((4, 2), (limit.NewRecipients, limit.Over));
        }
        finally
        {
            (await h.Admin.PutAsJsonAsync($"/api/settings/whatsapp-providers/{h.ProviderId}", new
            {
                name = "Twilio", providerType = "twilio", settings = new { baseUrl = h.FakeUrl, messagesPerSecond = 80, dailyMessagingLimit = (int?)null },
            })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_vonage_message_costs_what_vonages_status_report_says_it_charged()
    {
        const string key = "vonagecost1", secret = "vonage-cost-secret", signature = "vonage-cost-signature-secret";
        h.FakeState.RegisterVonage(new VonageAccount(key, secret, SignatureSecret: signature));
        var vonageId = (await (await h.Admin.PostAsJsonAsync("/api/settings/whatsapp-providers", new
        {
            name = "Vonage", providerType = "vonage",
            credentials = new { apiKey = key, apiSecret = secret, signatureSecret = signature, from = "+447700900001" },
            settings = new { baseUrl = h.FakeUrl, messagesPerSecond = 80 },
        })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        h.FakeState.RegisterVonage(new VonageAccount(key, secret, SignatureSecret: signature, StatusUrl: $"http://localhost/api/webhooks/whatsapp/{vonageId}/status"));
        var template = await SendingHarness.AddTemplateAsync(h.Admin, vonageId, "vonage_bill", "Hi {{1}}, your bill of {{2}} is due.", externalId: "vonage_bill");
        var (_, phone) = await h.CustomerAsync();

        var test = await (await h.Admin.PostAsJsonAsync($"/api/settings/whatsapp-providers/{vonageId}/test", new
        {
            to = phone, templateId = template.GetProperty("id").GetInt32(), parameters = new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "$20" },
        })).ReadAsAsync<ProviderTestResult>();

        var priced = await h.WaitForMessageAsync(test.SentMessage!.Id, m => m.Status >= MessageStatus.Delivered && m.PricingCategory is not null);
        Assert.Equal(("utility", (decimal?)0.0333m, "EUR", CostSources.Provider), (priced.PricingCategory, priced.Cost, priced.CostCurrency, priced.CostSource));
    }

    [Fact]
    public async Task Spend_adds_up_per_broadcast_template_automation_and_day()
    {
        var templateId = h.Template.GetProperty("id").GetInt32();
        int[] audience = [(await h.CustomerAsync()).Id, (await h.CustomerAsync()).Id];
        var broadcast = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/broadcasts", new
        {
            templateId, audience = new { customerIds = audience },
            variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = "$30" },
        })).ReadAsAsync<BroadcastDto>(HttpStatusCode.Created);
        (await h.Admin.PutAsJsonAsync("/api/settings/whatsapp-automations/customer.registered", new
        {
            enabled = true, templateId, variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = "welcome" },
        })).EnsureSuccessStatusCode();
        var (welcomed, _) = await h.CustomerAsync();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        BroadcastDto progress;
        do progress = await (await h.Admin.GetAsync($"/api/whatsapp/broadcasts/{broadcast.Id}")).ReadAsAsync<BroadcastDto>();
        while (progress.Spend.Sum(s => s.Amount) < 0.008m && DateTime.UtcNow < deadline && await Task.Delay(100).ContinueWith(_ => true));
        Assert.Equal([new MoneyDto(0.008m, "USD")], progress.Spend);

        var byBroadcast = await (await h.Admin.GetAsync("/api/whatsapp/stats/spend/broadcasts?days=1")).ReadAsAsync<List<SpendByDto>>();
        Assert.Contains(new SpendByDto(broadcast.Id.ToString(), broadcast.TemplateName + $", {broadcast.CreatedAt:yyyy-MM-dd HH:mm} UTC", "USD", 2, 0.008m), byBroadcast);
        var byTemplate = await (await h.Admin.GetAsync("/api/whatsapp/stats/spend/templates?days=1")).ReadAsAsync<List<SpendByDto>>();
        Assert.True(byTemplate.Single(s => s.Key == "bill_due").Messages >= 2);
        var daily = await (await h.Admin.GetAsync("/api/whatsapp/stats/spend/daily?days=7")).ReadAsAsync<List<DailySpendDto>>();
        Assert.True(daily.Single(d => d.Day == DateOnly.FromDateTime(DateTime.UtcNow) && d.Currency == "USD").Amount >= 0.008m);

        deadline = DateTime.UtcNow.AddSeconds(20);
        List<SpendByDto> byAutomation;
        do byAutomation = await (await h.Admin.GetAsync("/api/whatsapp/stats/spend/automations?days=1")).ReadAsAsync<List<SpendByDto>>();
        while (byAutomation.Count == 0 && DateTime.UtcNow < deadline && await Task.Delay(100).ContinueWith(_ => true));
        // The audience's own registrations may still be processed after the automation is on: count them too.
        var welcome = Assert.Single(byAutomation);
        Assert.Equal(("customer.registered", "USD"), (welcome.Key, welcome.Currency));
        Assert.Equal(0.004m * welcome.Messages, welcome.Amount);
        (await h.Admin.PutAsJsonAsync("/api/settings/whatsapp-automations/customer.registered", new { enabled = false })).EnsureSuccessStatusCode();
        Assert.True(welcomed > 0);
    }
}
