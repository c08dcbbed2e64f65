using System.Net;
using System.Net.Http.Json;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Api.Features.Costs;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Stats;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Costs;

public class RateCardTests
{
    [Fact]
    public async Task A_new_install_has_a_dated_example_card_and_a_bad_card_is_refused_naming_the_field()
    {
        var h = new SendingHarness();
        await h.InitializeAsync();
        try
        {
            var card = await (await h.Admin.GetAsync("/api/settings/rate-card")).ReadAsAsync<RateCardDto>();
            Assert.Contains("EXAMPLE", card.Label);
            Assert.Equal(new DateOnly(2025, 7, 1), card.AsOf);
            Assert.Contains(card.Prices, p => (p.Category, p.Country) == ("marketing", "*"));

            var bad = new RateCardRequest("Meta, BR", new DateOnly(2026, 1, 1),
                [new("utility", "BR", 0.0068m, "USD"), new("utility", "XX", 0.01m, "USD")]);
            await (await h.Admin.PutAsJsonAsync("/api/settings/rate-card", bad)).AssertFieldErrorAsync("prices[1].country");
            var twice = bad with { Prices = [new("utility", "BR", 0.0068m, "USD"), new("utility", "br", 0.01m, "USD")] };
            await (await h.Admin.PutAsJsonAsync("/api/settings/rate-card", twice)).AssertFieldErrorAsync("prices[1].country");
            var negative = bad with { Prices = [new("utility", "BR", -1m, "USD")] };
            await (await h.Admin.PutAsJsonAsync("/api/settings/rate-card", negative)).AssertFieldErrorAsync("prices[0].price");
            var unknown = bad with { Prices = [new("promo", "BR", 1m, "USD")] };
            await (await h.Admin.PutAsJsonAsync("/api/settings/rate-card", unknown)).AssertFieldErrorAsync("prices[0].category");
            await (await h.Admin.PutAsJsonAsync("/api/settings/rate-card", bad with { AsOf = null })).AssertFieldErrorAsync("asOf");

            var after = await (await h.Admin.GetAsync("/api/settings/rate-card")).ReadAsAsync<RateCardDto>();
            Assert.Equal((card.Label, card.AsOf), (after.Label, after.AsOf));
            Assert.Equal(card.Prices, after.Prices);
        }
        finally
        {
            await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_meta_message_costs_the_card_price_of_its_reported_category_in_the_recipients_country()
    {
        var h = new SendingHarness();
        await h.InitializeAsync();
        try
        {
            var saved = await (await h.Admin.PutAsJsonAsync("/api/settings/rate-card", new RateCardRequest("Meta rate card", new DateOnly(2026, 1, 1),
                [new("utility", "br", 0.0068m, "usd"), new("utility", "*", 0.02m, "EUR"), new("marketing", "BR", 0.0625m, "USD")])))
                .ReadAsAsync<RateCardDto>();
            Assert.Contains(new RateCardPriceDto("utility", "BR", 0.0068m, "USD"), saved.Prices);

            var providerId = await h.AddMetaProviderAsync();
            (await h.Admin.PostAsJsonAsync("/api/whatsapp/templates", new
            {
                name = "ticket_update", language = "en_US", category = "UTILITY", status = "APPROVED",
                body = "Ticket {{ticket_number}} is {{status}}.",
                bindings = new[] { new { providerId, externalId = "ticket_update" } },
            })).EnsureSuccessStatusCode();
            await h.AddCustomerAsync("+5511987654321", name: "Bruna");
            await h.AddCustomerAsync("+447400123456", name: "Oli");

            async Task<MessageDto> SendAsync(string to) => await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", new
            {
                to, templateName = "ticket_update", parameters = new Dictionary<string, string> { ["ticket_number"] = "T-1", ["status"] = "open" },
            })).ReadAsAsync<MessageDto>(HttpStatusCode.Created);
            var brazil = await SendAsync("+5511987654321");
            var britain = await SendAsync("+447400123456");

            var br = await h.WaitForMessageAsync(brazil.Id, m => m.Status == MessageStatus.Read);
            var gb = await h.WaitForMessageAsync(britain.Id, m => m.Status == MessageStatus.Read);
            Assert.Equal(("utility", (bool?)true, (decimal?)0.0068m, "USD"), (br.PricingCategory, br.Billable, br.Cost, br.CostCurrency));
            Assert.Equal(((decimal?)0.02m, "EUR"), (gb.Cost, gb.CostCurrency));

            var csv = (await (await h.Admin.GetAsync("/api/whatsapp/messages/export")).Content.ReadAsStringAsync())
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var spend = await (await h.Admin.GetAsync("/api/whatsapp/stats/spend?days=7")).ReadAsAsync<List<SpendDto>>();
            Assert.Equal([new SpendDto("utility", "EUR", 1, 0.02m), new SpendDto("utility", "USD", 1, 0.0068m)], spend.OrderBy(s => s.Currency));

            Assert.EndsWith("pricing_category,billable,cost,cost_currency,cost_source", csv[0]);
            Assert.Contains(csv, line => line.StartsWith($"{brazil.Id},") && line.EndsWith(",utility,true,0.0068,USD,card"));
        }
        finally
        {
            await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_twilio_message_whose_reports_carry_no_pricing_costs_its_template_categorys_price()
    {
        var h = new SendingHarness();
        await h.InitializeAsync();
        try
        {
            (await h.Admin.PutAsJsonAsync("/api/settings/rate-card", new RateCardRequest("Meta rate card", new DateOnly(2026, 1, 1),
                [new("utility", "BR", 0.0068m, "USD"), new("marketing", "BR", 0.0625m, "USD")]))).EnsureSuccessStatusCode();
            var providerId = await h.AddTwilioProviderAsync();
            await h.AddTemplateAsync(providerId);
            await h.AddCustomerAsync("+5511987654321");

            var sent = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", new
            {
                to = "+5511987654321", templateName = "bill_due", parameters = new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "$20" },
            })).ReadAsAsync<MessageDto>(HttpStatusCode.Created);

            var delivered = await h.WaitForMessageAsync(sent.Id, m => m.Status >= MessageStatus.Delivered && m.Cost is not null);
            Assert.Equal(("utility", (bool?)null, (decimal?)0.0068m, "USD"), (delivered.PricingCategory, delivered.Billable, delivered.Cost, delivered.CostCurrency));
        }
        finally
        {
            await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_broadcast_preview_estimates_the_recipients_cost_by_country_and_counts_those_the_card_does_not_price()
    {
        var h = new SendingHarness();
        await h.InitializeAsync();
        try
        {
            (await h.Admin.PutAsJsonAsync("/api/settings/rate-card", new RateCardRequest("Meta rate card", new DateOnly(2026, 1, 1),
                [new("utility", "BR", 0.0068m, "USD"), new("utility", "GB", 0.02m, "EUR")]))).EnsureSuccessStatusCode();
            var providerId = await h.AddTwilioProviderAsync();
            var template = await h.AddTemplateAsync(providerId);
            int[] ids = [
                await h.AddCustomerAsync("+5511987654321", name: "Bruna"), await h.AddCustomerAsync("+5511987654322", name: "Caio"),
                await h.AddCustomerAsync("+447400123456", name: "Oli"), await h.AddCustomerAsync("+14155550123", name: "Ann"),
                await h.AddCustomerAsync("+14155550124", optIn: false, name: "Not opted in")];

            var preview = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/broadcasts/preview", new
            {
                templateId = template.GetProperty("id").GetInt32(), audience = new { customerIds = ids },
                variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = "$30" },
            })).ReadAsAsync<BroadcastPreviewDto>();

            Assert.Equal(4, preview.Counts.Recipients);
            var estimate = preview.Estimate!;
            Assert.Equal([new MoneyDto(0.02m, "EUR"), new MoneyDto(0.0136m, "USD")], estimate.Totals);
            Assert.Equal(("utility", 3, 1), (estimate.Category, estimate.Priced, estimate.Unpriced));
            Assert.Equal([new MoneyDto(0.02m, "EUR"), new MoneyDto(0.0136m, "USD")], estimate.Totals);
        }
        finally
        {
            await h.DisposeAsync();
        }
    }

    [Fact]
    public void A_message_the_provider_does_not_bill_costs_nothing_and_a_country_without_a_row_takes_the_star_row()
    {
        var table = new RateTable([
            new RateCardPrice { Category = "utility", Country = "BR", Price = 0.0068m, Currency = "USD" },
            new RateCardPrice { Category = "utility", Country = "*", Price = 0.01m, Currency = "USD" }]);

        Assert.Equal(new Rate(0m, "USD"), table.Charge("utility", billable: false, "+5511987654321"));
        Assert.Equal(new Rate(0.0068m, "USD"), table.Charge("utility", billable: true, "+5511987654321"));
        Assert.Equal(new Rate(0.01m, "USD"), table.Charge("utility", billable: null, "+447400123456"));
        Assert.Null(table.Charge("marketing", billable: true, "+447400123456"));
        Assert.Equal("GB", RateCardRules.CountryOf("+447400123456"));
        Assert.Equal("BR", RateCardRules.CountryOf("+5511987654322"));
    }
}
