using System.Net;
using System.Net.Http.Json;
using System.Text;
using FakeProvider;
using WhatsApp.Api.Features.ApiKeys;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Consent;

/// <summary>Service consent and marketing consent: which templates need which, and what ends each.</summary>
public class ConsentPurposeTests(ConsentHarness h) : IClassFixture<ConsentHarness>
{
    [Fact]
    public async Task A_customer_gets_both_consents_recorded_each_with_its_purpose_and_wording()
    {
        var detail = await h.CustomerAsync(service: true, marketing: true);

        Assert.True(detail.Customer.WhatsAppOptIn);
        Assert.True(detail.Customer.MarketingOptIn);
        Assert.Equal([ConsentPurpose.Service, ConsentPurpose.Marketing], detail.ConsentHistory.Select(r => r.Purpose).Order());
        Assert.Equal(ConsentService.MarketingOptInWording, detail.ConsentHistory.Single(r => r.Purpose == ConsentPurpose.Marketing).Text);
        Assert.Equal(ConsentService.MarketingOptInWording, detail.MarketingConsentWording);

        var updated = await (await h.Admin.PutAsJsonAsync($"/api/customers/{detail.Customer.Id}", new { marketingOptIn = false }))
            .ReadAsAsync<CustomerDetailDto>();
        Assert.Equal((true, false), (updated.Customer.WhatsAppOptIn, updated.Customer.MarketingOptIn));
        Assert.Equal((false, ConsentPurpose.Marketing), (updated.ConsentHistory[0].OptedIn, updated.ConsentHistory[0].Purpose));
    }

    [Fact]
    public async Task A_marketing_template_needs_marketing_consent_and_a_utility_template_service_consent()
    {
        var serviceOnly = (await h.CustomerAsync(service: true, marketing: false)).Customer;
        var offersOnly = (await h.CustomerAsync(service: false, marketing: true)).Customer;

        var refused = await (await h.SendAsync(serviceOnly.Phone, ConsentHarness.Offer)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("No marketing consent", refused.GetProperty("title").GetString());
        AssertGoing(await h.SentAsync(serviceOnly.Phone, ConsentHarness.Bill));

        var noService = await (await h.SendAsync(offersOnly.Phone, ConsentHarness.Bill)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Recipient has not opted in", noService.GetProperty("title").GetString());
        AssertGoing(await h.SentAsync(offersOnly.Phone, ConsentHarness.Offer));
    }

    [Theory]
    [InlineData("stop promotions")]
    [InlineData("Stop offers.")]
    public async Task A_stop_promotions_reply_ends_marketing_consent_only(string reply)
    {
        var customer = (await h.CustomerAsync()).Customer;

        await h.ReplyAsync(customer.Phone, reply);

        var detail = await h.WaitForCustomerAsync(customer.Id, c => !c.MarketingOptIn);
        Assert.True(detail.Customer.WhatsAppOptIn);
        var record = detail.ConsentHistory[0];
        Assert.Equal((false, ConsentPurpose.Marketing, ConsentSource.StopReply), (record.OptedIn, record.Purpose, record.Source));
        AssertGoing(await h.SentAsync(customer.Phone, ConsentHarness.Bill));
    }

    [Fact]
    public async Task The_stop_promotions_quick_reply_button_ends_marketing_consent_only()
    {
        var customer = (await h.CustomerAsync()).Customer;

        await h.ReplyAsync(customer.Phone, "Stop promotions", kind: "quick_reply", payload: "STOP_PROMOTIONS");

        var detail = await h.WaitForCustomerAsync(customer.Id, c => !c.MarketingOptIn);
        Assert.True(detail.Customer.WhatsAppOptIn);
    }

    [Fact]
    public async Task STOP_ends_both_consents_and_START_restores_service_messages_only()
    {
        var customer = (await h.CustomerAsync()).Customer;

        await h.ReplyAsync(customer.Phone, "STOP");
        var stopped = await h.WaitForCustomerAsync(customer.Id, c => !c.WhatsAppOptIn && !c.MarketingOptIn);
        Assert.Equal([ConsentPurpose.Service, ConsentPurpose.Marketing],
            stopped.ConsentHistory.Where(r => !r.OptedIn).Select(r => r.Purpose).Order());

        await h.ReplyAsync(customer.Phone, "START");
        var started = await h.WaitForCustomerAsync(customer.Id, c => c.WhatsAppOptIn);
        Assert.False(started.Customer.MarketingOptIn);
    }

    [Theory]
    [InlineData("async")]
    [InlineData("sync")]
    public async Task Meta_131050_ends_marketing_consent_only_and_the_bill_still_goes(string kind)
    {
        var customer = (await h.CustomerAsync()).Customer;
        h.FakeState.SetRecipientError(customer.Phone, new RecipientErrorRule { Kind = kind, Code = 131050, Template = ConsentHarness.Offer });

        var offer = await (await h.SendAsync(customer.Phone, ConsentHarness.Offer)).ReadAsAsync<MessageDto>(HttpStatusCode.Created);
        var failed = await h.WaitForMessageAsync(offer.Id, m => m.Status == MessageStatus.Failed);
        Assert.Equal("131050", failed.Error?.Code);

        var detail = await h.WaitForCustomerAsync(customer.Id, c => !c.MarketingOptIn);
        Assert.True(detail.Customer.WhatsAppOptIn);
        var record = detail.ConsentHistory[0];
        Assert.Equal((false, ConsentPurpose.Marketing, ConsentSource.ProviderError), (record.OptedIn, record.Purpose, record.Source));
        Assert.Single(detail.ConsentHistory, r => !r.OptedIn);

        var bill = await h.SentAsync(customer.Phone, ConsentHarness.Bill);
        Assert.Equal(MessageStatus.Read, (await h.WaitForMessageAsync(bill.Id, m => m.Status == MessageStatus.Read)).Status);
    }

    [Fact]
    public async Task A_broadcast_of_an_offer_skips_those_without_marketing_consent_and_a_bill_broadcast_does_not()
    {
        var both = (await h.CustomerAsync()).Customer;
        var serviceOnly = (await h.CustomerAsync(marketing: false)).Customer;
        var none = (await h.CustomerAsync(service: false, marketing: false)).Customer;
        var audience = new { customerIds = new[] { both.Id, serviceOnly.Id, none.Id } };
        var variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = "$30" };

        var offer = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/broadcasts/preview", new { templateId = h.OfferId, audience, variables }))
            .ReadAsAsync<BroadcastPreviewDto>();
        Assert.Equal((1, 2, 0), (offer.Counts.Recipients, offer.Counts.SkippedBreakdown.NoMarketingConsent, offer.Counts.SkippedBreakdown.NotOptedIn));
        Assert.Equal(both.Id, offer.Sample!.CustomerId);

        var bill = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/broadcasts/preview", new { templateId = h.BillId, audience, variables }))
            .ReadAsAsync<BroadcastPreviewDto>();
        Assert.Equal((2, 0, 1), (bill.Counts.Recipients, bill.Counts.SkippedBreakdown.NoMarketingConsent, bill.Counts.SkippedBreakdown.NotOptedIn));
    }

    [Fact]
    public async Task An_offer_queued_before_the_customer_stopped_offers_is_not_sent_but_their_scheduled_bill_is()
    {
        var customer = (await h.CustomerAsync()).Customer;
        var at = DateTime.UtcNow.AddSeconds(3);
        var variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = "$30" };
        var audience = new { customerIds = new[] { customer.Id } };
        var offer = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/broadcasts", new { templateId = h.OfferId, audience, variables, scheduledAt = at }))
            .ReadAsAsync<BroadcastDto>(HttpStatusCode.Created);
        var bill = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/broadcasts", new { templateId = h.BillId, audience, variables, scheduledAt = at }))
            .ReadAsAsync<BroadcastDto>(HttpStatusCode.Created);

        // Both are written (queued for their time) before the customer stops offers: the dispatcher is what must hold the offer back.
        await WaitForBroadcastMessageAsync(offer.Id, m => m.Status == MessageStatus.Queued);
        await WaitForBroadcastMessageAsync(bill.Id, m => m.Status == MessageStatus.Queued);
        await h.ReplyAsync(customer.Phone, "STOP PROMOTIONS");
        await h.WaitForCustomerAsync(customer.Id, c => !c.MarketingOptIn);

        var offerMessage = await WaitForBroadcastMessageAsync(offer.Id, m => m.Status == MessageStatus.Canceled);
        Assert.Equal(NoConsent.MarketingCode, offerMessage.Error?.Code);
        await WaitForBroadcastMessageAsync(bill.Id, m => m.Status >= MessageStatus.Accepted && m.Status < MessageStatus.Failed);
    }

    [Fact]
    public async Task An_import_records_the_marketing_column_as_its_own_consent()
    {
        var (a, b) = (TestPhones.Next(), TestPhones.Next());
        using var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"name,phone,whatsAppOptIn,marketingOptIn\nAna,{a},yes,yes\nBia,{b},yes,maybe\n"));
        file.Headers.ContentType = new("text/csv");
        content.Add(file, "file", "spring.csv");

        var result = await (await h.Admin.PostAsync("/api/customers/import", content)).ReadAsAsync<CustomerImportResult>();

        Assert.Equal(1, result.Created);
        Assert.Equal((3, "marketingOptIn"), (result.Errors.Single().Row, result.Errors.Single().Field));
        var page = await (await h.Admin.GetAsync($"/api/customers?q={Uri.EscapeDataString(a)}")).ReadAsAsync<CustomerPage>();
        var detail = await h.DetailAsync(page.Items.Single().Id);
        Assert.True(detail.Customer.MarketingOptIn);
        var marketing = detail.ConsentHistory.Single(r => r.Purpose == ConsentPurpose.Marketing);
        Assert.Equal(ConsentSource.Import, marketing.Source);
        Assert.Contains("spring.csv", marketing.Text);
        Assert.Contains(ConsentService.MarketingOptInWording, marketing.Text);
    }

    [Fact]
    public async Task An_admin_opt_out_needs_a_reason_and_records_it_with_who_and_source_Admin()
    {
        var customer = (await h.CustomerAsync()).Customer;

        await (await h.Admin.PutAsJsonAsync($"/api/customers/{customer.Id}", new { whatsAppOptIn = false, marketingOptIn = false, consentSource = "Admin" }))
            .AssertFieldErrorAsync("consentReason");
        var detail = await (await h.Admin.PutAsJsonAsync($"/api/customers/{customer.Id}",
            new { whatsAppOptIn = false, marketingOptIn = false, consentSource = "Admin", consentReason = "Customer disputes consent — phoned" })).ReadAsAsync<CustomerDetailDto>();

        Assert.Equal((false, false), (detail.Customer.WhatsAppOptIn, detail.Customer.MarketingOptIn));
        var records = detail.ConsentHistory.Where(r => !r.OptedIn).ToList();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal((ConsentSource.Admin, AppFactory.AdminEmail, "Customer disputes consent — phoned"), (r.Source, r.Actor, r.Text)));
        // How the opt-in was captured stays in the history beside the dispute.
        Assert.Contains(detail.ConsentHistory, r => r.OptedIn && r.Purpose == ConsentPurpose.Service && r.Text == ConsentService.OptInWording);
    }

    [Fact]
    public async Task An_event_raised_through_the_events_API_for_an_offer_automation_says_the_customer_has_no_marketing_consent()
    {
        (await h.Admin.PutAsJsonAsync($"/api/settings/whatsapp-automations/{EventTypes.PaymentReceived}", new
        {
            enabled = true, templateId = h.OfferId, variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = "thanks" },
        })).EnsureSuccessStatusCode();
        var key = await (await h.Admin.PostAsJsonAsync("/api/settings/api-keys", new { name = "billing" })).ReadAsAsync<CreatedApiKeyDto>(HttpStatusCode.Created);
        using var billing = h.App.CreateClient();
        billing.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        var serviceOnly = (await h.CustomerAsync(marketing: false)).Customer;

        var accepted = await (await billing.PostAsJsonAsync("/api/events", new
        {
            type = EventTypes.PaymentReceived, customerId = serviceOnly.Id, data = new { amount = "20.00", currency = "USD", billNumber = "B-1" },
        })).ReadAsAsync<EventAcceptedDto>(HttpStatusCode.Accepted);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        AutomationEventDto raised;
        do
        {
            raised = await (await billing.GetAsync($"/api/events/{accepted.EventId}")).ReadAsAsync<AutomationEventDto>();
            if (raised.Status != AutomationEventStatus.Pending) break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal((AutomationEventStatus.Skipped, NoConsent.MarketingCode), (raised.Status, raised.SkipReason));
        (await h.Admin.PutAsJsonAsync($"/api/settings/whatsapp-automations/{EventTypes.PaymentReceived}", new { enabled = false })).EnsureSuccessStatusCode();
    }

    /// <summary>Taken by the provider (its webhooks may already have moved it on).</summary>
    private static void AssertGoing(MessageDto message) =>
        Assert.True(message.Status is >= MessageStatus.Accepted and < MessageStatus.Failed, $"Message {message.Id} is {message.Status}.");

    private async Task<MessageDto> WaitForBroadcastMessageAsync(int broadcastId, Func<MessageDto, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        MessageDto? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var page = await (await h.Admin.GetAsync($"/api/whatsapp/messages?broadcastId={broadcastId}")).ReadAsAsync<MessagePage>();
            last = page.Items.SingleOrDefault();
            if (last is not null && condition(last)) return last;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"Broadcast {broadcastId}'s message never met the condition; last seen: {last}");
    }
}
