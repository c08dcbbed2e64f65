using System.Net;
using System.Net.Http.Json;
using FakeProvider;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Stats;
using WhatsApp.Tests.Consent;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Costs;

/// <summary>
/// Meta (the fake) active: the messaging limit as Meta reports it, counted in unique people reached outside their
/// service window, and Meta's pricing of each message by its template's category and the window.
/// </summary>
public class MessagingLimitTests(ConsentHarness h) : IClassFixture<ConsentHarness>
{
    private async Task<MessagingLimitDto> UsageAsync() =>
        (await (await h.Admin.GetAsync("/api/whatsapp/stats/health")).ReadAsAsync<List<ProviderHealthDto>>()).Single(p => p.Id == h.ProviderId).MessagingLimit;

    private async Task<string?> ReadTierAsync()
    {
        await using var scope = h.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MessagingTierSync>().ReadAsync(h.ProviderId, CancellationToken.None);
    }

    private async Task<MessageDto> AcceptedAsync(string phone, string template) =>
        await h.WaitForMessageAsync((await h.SentAsync(phone, template)).Id, m => m.Status >= MessageStatus.Accepted && m.Status < MessageStatus.Failed);

    [Fact]
    public async Task The_limit_is_read_from_meta_and_counts_unique_people_reached_outside_their_window_not_messages()
    {
        Assert.Equal("TIER_250", await ReadTierAsync());
        var provider = await (await h.Admin.GetAsync($"/api/settings/whatsapp-providers/{h.ProviderId}")).ReadAsAsync<ProviderDto>();
        Assert.Equal("TIER_250", provider.MessagingTier);
        var before = await UsageAsync();
        var (twice, once, wrote) = ((await h.CustomerAsync()).Customer, (await h.CustomerAsync()).Customer, (await h.CustomerAsync()).Customer);
        await h.ReplyAsync(wrote.Phone, "Hello, my internet is down");

        await AcceptedAsync(twice.Phone, ConsentHarness.Bill);
        await AcceptedAsync(twice.Phone, ConsentHarness.Bill);
        await AcceptedAsync(once.Phone, ConsentHarness.Bill);
        await AcceptedAsync(wrote.Phone, ConsentHarness.Bill);

        var after = await UsageAsync();
        Assert.Equal((250, MessagingTiers.FromProvider, "TIER_250"), (after.Limit, after.Source, after.Tier));
        // Four messages, three people, one of them inside the window they opened: two reached.
        Assert.Equal(before.Reached + 2, after.Reached);
        Assert.Equal(250 - after.Reached, after.Remaining);

        // Meta's next tier is read as it scales the account up.
        h.FakeState.RegisterMeta(new MetaAccount(SendingHarness.MetaPhoneId, SendingHarness.MetaToken, SendingHarness.MetaAppSecret, SendingHarness.MetaWaba,
            CallbackUrl: $"http://localhost/api/webhooks/whatsapp/{h.ProviderId}/status", MessagingLimitTier: "TIER_2K"));
        Assert.Equal("TIER_2K", await ReadTierAsync());
        Assert.Equal(2000, (await UsageAsync()).Limit);
    }

    [Fact]
    public async Task The_fake_graph_serves_the_limit_under_the_field_name_of_the_version_asked_and_refuses_the_other()
    {
        using var graph = new HttpClient { BaseAddress = new Uri(h.FakeUrl) };
        graph.DefaultRequestHeaders.Authorization = new("Bearer", SendingHarness.MetaToken);
        var old = await (await graph.GetAsync($"/v23.0/{SendingHarness.MetaPhoneId}?fields=messaging_limit_tier")).ReadJsonAsync();
        Assert.StartsWith("TIER_", old.GetProperty("messaging_limit_tier").GetString());
        var renamed = await graph.GetAsync($"/v23.0/{SendingHarness.MetaPhoneId}?fields=whatsapp_business_manager_messaging_limit");
        Assert.Equal(100, (await renamed.ReadJsonAsync(HttpStatusCode.BadRequest)).GetProperty("error").GetProperty("code").GetInt32());
        var current = await (await graph.GetAsync($"/v24.0/{SendingHarness.MetaPhoneId}?fields=whatsapp_business_manager_messaging_limit")).ReadJsonAsync();
        Assert.StartsWith("TIER_", current.GetProperty("whatsapp_business_manager_messaging_limit").GetString());
    }

    [Fact]
    public async Task Metas_reports_price_a_message_by_its_templates_category_and_a_utility_inside_an_open_window_costs_nothing()
    {
        h.FakeState.SeedMetaTemplates(SendingHarness.MetaWaba, [
            new MetaTemplate { Name = ConsentHarness.Bill, Category = "UTILITY", Body = "Hi {{1}}, your bill of {{2}} is due." },
            new MetaTemplate { Name = ConsentHarness.Offer, Category = "MARKETING", Body = "Hi {{1}}, fibre 1G is {{2}} this month." }]);
        var (shopper, wrote) = ((await h.CustomerAsync()).Customer, (await h.CustomerAsync()).Customer);
        await h.ReplyAsync(wrote.Phone, "When is my bill due?");

        var offer = await h.WaitForMessageAsync((await h.SentAsync(shopper.Phone, ConsentHarness.Offer)).Id, m => m.Status == MessageStatus.Read && m.Cost is not null);
        var bill = await h.WaitForMessageAsync((await h.SentAsync(wrote.Phone, ConsentHarness.Bill)).Id, m => m.Status == MessageStatus.Read && m.Cost is not null);

        // The example card's prices: marketing 0.025, utility 0.004 (USD, any country).
        Assert.Equal(("marketing", (bool?)true, (decimal?)0.025m, CostSources.Card), (offer.PricingCategory, offer.Billable, offer.Cost, offer.CostSource));
        Assert.Equal(("utility", (bool?)false, (decimal?)0m), (bill.PricingCategory, bill.Billable, bill.Cost));
    }

    [Fact]
    public async Task Compose_estimates_a_utility_to_someone_whose_window_is_open_at_nothing_and_does_not_count_them_against_the_limit()
    {
        await ReadTierAsync();
        var (reached, wrote, fresh) = ((await h.CustomerAsync()).Customer, (await h.CustomerAsync()).Customer, (await h.CustomerAsync()).Customer);
        await AcceptedAsync(reached.Phone, ConsentHarness.Bill);
        await h.ReplyAsync(wrote.Phone, "Hi");

        var preview = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/broadcasts/preview", new
        {
            templateId = h.BillId, audience = new { customerIds = new[] { reached.Id, wrote.Id, fresh.Id } },
            variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = "$30" },
        })).ReadAsAsync<BroadcastPreviewDto>();

        Assert.Equal((3, 1), (preview.Estimate!.Priced, preview.Estimate.FreeInWindow));
        Assert.Equal([new(0.008m, "USD")], preview.Estimate.Totals);
        var limit = preview.MessagingLimit!;
        Assert.Equal((1, 0), (limit.NewRecipients, limit.Over));
        Assert.Equal(limit.Usage.Limit - limit.Usage.Reached, limit.Usage.Remaining);
    }
}
