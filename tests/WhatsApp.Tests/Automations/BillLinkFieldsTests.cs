using System.Net;
using System.Net.Http.Json;
using FakeProvider;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Billing;
using WhatsApp.Tests.Infrastructure;
using static WhatsApp.Tests.Automations.AutomationHarness;

namespace WhatsApp.Tests.Automations;

/// <summary>The automation harness with a pay-link template configured.</summary>
public sealed class PayLinkHarness : AutomationHarness
{
    public const string PayUrlTemplate = "https://pay.example.com/bills/{number}";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Billing:PayUrlTemplate"] = PayUrlTemplate,
    };
}

/// <summary>{{bill.pdfUrl}} and {{bill.payUrl}}: links worked out when a bill event's message is made.</summary>
public class BillLinkFieldsTests(PayLinkHarness h) : IClassFixture<PayLinkHarness>
{
    private async Task<BillDto> BillAsync(int customerId, string? number = null) =>
        await (await h.Admin.PostAsJsonAsync("/api/bills", new { customerId, amount = 42m, currency = "USD", dueDate = "2026-12-01", number }))
            .ReadAsAsync<BillDto>(HttpStatusCode.Created);

    [Fact]
    public async Task A_new_bills_message_carries_a_signed_link_that_serves_its_pdf_and_its_pay_link()
    {
        var template = await h.TemplateAsync("Bill {{1}}: {{2}} — pay at {{3}}");
        await h.EnableAsync(EventTypes.BillCreated, template, Variables("{{bill.number}}", "{{bill.pdfUrl}}", "{{bill.payUrl}}"));
        try
        {
            var (id, phone) = await h.CustomerAsync();
            var bill = await BillAsync(id, number: $"B/{Guid.NewGuid():N}"[..12]);

            var values = await h.SingleMessageAsync(phone, template);
            Assert.Equal(bill.Number, values[0]);
            Assert.StartsWith("http://localhost/media/", values[1]);
            Assert.Equal("https://pay.example.com/bills/" + Uri.EscapeDataString(bill.Number), values[2]);

            // The fake Twilio downloaded the link it was given, as WhatsApp does with a media template's file.
            var sent = Assert.Single(await h.ReceivedAsync(phone, template));
            // Both links are web links; the fake cannot tell the file from the pay link, so it fetches both.
            var fetch = Assert.Single(await h.Fake.MediaFetches().WaitForAsync(sent.Id!, count: 2), f => f.Source == "ContentVariables.2");
            Assert.True(fetch.IsPdf);
            Assert.Equal(200, fetch.StatusCode);

            var pdf = await h.App.Anonymous().GetAsync(new Uri(values[1]).PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
            Assert.Equal(BillPdf.FileName(new Bill { Number = bill.Number, Currency = "USD" }), pdf.Content.Headers.ContentDisposition?.FileNameStar);
        }
        finally
        {
            await h.DisableAsync(EventTypes.BillCreated);
        }
    }

    [Fact]
    public async Task Another_systems_event_naming_someone_elses_bill_gets_no_pdf_link_and_is_skipped_as_missing()
    {
        var template = await h.TemplateAsync("Your bill: {{1}}");
        await h.EnableAsync(EventTypes.BillCreated, template, Variables("{{bill.pdfUrl}}"));
        try
        {
            var (ownerId, _) = await h.CustomerAsync();
            var bill = await BillAsync(ownerId);
            var (otherId, otherPhone) = await h.CustomerAsync();
            var key = await (await h.Admin.PostAsJsonAsync("/api/settings/api-keys", new { name = "Billing system" })).ReadJsonAsync(HttpStatusCode.Created);
            var system = h.App.Anonymous();
            system.DefaultRequestHeaders.Add("X-Api-Key", key.GetProperty("key").GetString());

            (await system.PostAsJsonAsync("/api/events", new
            {
                type = EventTypes.BillCreated, customerId = otherId, data = new { number = bill.Number, amount = 42, currency = "USD", dueDate = "2026-12-01" },
            })).EnsureSuccessStatusCode();

            var decided = Assert.Single(await h.DecidedEventsAsync(otherId, EventTypes.BillCreated));
            Assert.Equal(AutomationEventStatus.Skipped, decided.Status);
            Assert.Equal("missing_value", decided.SkipReason);
            Assert.Contains("bill.pdfUrl", decided.Detail);
            Assert.Empty(h.FakeState.GetMessages("twilio", otherPhone));
        }
        finally
        {
            await h.DisableAsync(EventTypes.BillCreated);
        }
    }

    [Fact]
    public async Task The_links_are_offered_for_new_bills_and_reminders_but_other_systems_cannot_send_them()
    {
        var types = await (await h.Admin.GetAsync("/api/settings/whatsapp-automations")).ReadAsAsync<List<AutomationDto>>();
        foreach (var type in new[] { EventTypes.BillCreated, EventTypes.BillReminder })
        {
            var fields = types.Single(t => t.EventType == type).Fields.Select(f => f.Expression).ToList();
            Assert.Contains("{{bill.pdfUrl}}", fields);
            Assert.Contains("{{bill.payUrl}}", fields);
        }
        Assert.All(EventTypes.All.SelectMany(t => t.Fields).Where(f => f.Path is "bill.pdfUrl" or "bill.payUrl"), f => Assert.Null(f.DataName));
    }
}
