using System.Net;
using System.Net.Http.Json;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Broadcasts;

/// <summary>A broadcast of a template that exists in two languages sends each recipient their own.</summary>
public class BroadcastLanguageTests(BroadcastHarness h) : IClassFixture<BroadcastHarness>
{
    [Fact]
    public async Task A_two_language_template_goes_in_Portuguese_to_pt_BR_customers_and_in_English_to_the_others()
    {
        (await h.Admin.PostAsJsonAsync("/api/whatsapp/templates", new
        {
            name = "news", language = "pt_BR", category = "UTILITY", body = "Olá {{1}}, {{2}}", status = "APPROVED",
            bindings = new[] { new { providerId = h.ProviderId, externalId = "HX" + Guid.NewGuid().ToString("N") } },
        })).EnsureSuccessStatusCode();
        var customers = await h.SeedAsync(3);
        await h.App.WithDbAsync(async db =>
        {
            var tracked = db.Set<WhatsApp.Api.Features.Customers.Customer>().Where(c => customers.Select(x => x.Id).Contains(c.Id)).OrderBy(c => c.Id).ToList();
            (tracked[0].Language, tracked[1].Language, tracked[2].Language) = ("pt_BR", "en_US", null);
            await db.SaveChangesAsync();
        });

        var created = await h.CreateAsync(new { customerIds = customers.Select(c => c.Id) });
        await h.WaitForAsync(created.Id, BroadcastHarness.IsCompleted);

        var page = await (await h.Admin.GetAsync($"/api/whatsapp/messages?broadcastId={created.Id}")).ReadAsAsync<MessagePage>();
        var byCustomer = page.Items.ToDictionary(m => m.CustomerId!.Value, m => m.Language);
        Assert.Equal(["pt_BR", "en_US", "en_US"], customers.Select(c => byCustomer[c.Id]));
    }
}
