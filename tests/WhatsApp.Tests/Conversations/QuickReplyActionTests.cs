using System.Net;
using System.Net.Http.Json;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Conversations;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Conversations;

/// <summary>A tap on a quick reply of one of our messages runs that button's action and shows in the message's history.</summary>
public class QuickReplyActionTests(InboxHarness h) : IClassFixture<InboxHarness>
{
    private async Task<MessageDto> SendAsync(string phone, bool marketingOptIn = false)
    {
        var name = $"qr_{Guid.NewGuid():N}"[..20];
        (await h.Admin.PostAsJsonAsync("/api/whatsapp/templates", new SaveTemplateRequest(name, "en_US", TemplateCategory.UTILITY,
            "Your bill is ready.", null, TemplateStatus.APPROVED, [new TemplateBindingDto(h.TwilioId, "HX" + Guid.NewGuid().ToString("N"))],
            Buttons:
            [
                new TemplateButton(ButtonType.QuickReply, "Talk to an agent", Action: QuickReplyAction.AskForAgent),
                new TemplateButton(ButtonType.QuickReply, "Report an outage", Action: QuickReplyAction.OpenTicket),
                new TemplateButton(ButtonType.QuickReply, "Stop messages", Action: QuickReplyAction.StopAll),
                new TemplateButton(ButtonType.QuickReply, "No more offers", Action: QuickReplyAction.StopMarketing),
                new TemplateButton(ButtonType.QuickReply, "Thanks"),
            ]))).EnsureSuccessStatusCode();
        await h.AddCustomerAsync(phone, marketingOptIn: marketingOptIn);
        var sent = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", new SendMessageRequest(phone, name, null)))
            .ReadAsAsync<MessageDto>(HttpStatusCode.Created);
        Assert.NotNull(sent.ProviderMessageId);
        return sent;
    }

    private async Task<List<string?>> HistoryAsync(long id) =>
        (await (await h.Admin.GetAsync($"/api/whatsapp/messages/{id}")).ReadAsAsync<MessageDetailDto>()).History.Select(e => e.Detail).ToList();

    [Fact]
    public async Task Asking_for_an_agent_opens_the_conversation_and_is_recorded_on_the_message()
    {
        const string phone = "+14155550191";
        var sent = await SendAsync(phone);

        await h.InboundAsync("twilio", phone, "Talk to an agent", kind: "button", payload: "agent", contextId: sent.ProviderMessageId);

        Assert.Equal(ConversationStatus.Open, (await h.ConversationOfAsync(phone)).Status);
        Assert.Contains(await HistoryAsync(sent.Id), d => d?.StartsWith("Quick reply 'Talk to an agent': conversation #", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Reporting_an_outage_opens_a_ticket_for_the_customer()
    {
        const string phone = "+14155550192";
        var sent = await SendAsync(phone);

        await h.InboundAsync("twilio", phone, "Report an outage", kind: "button", contextId: sent.ProviderMessageId);

        Assert.Contains(await HistoryAsync(sent.Id), d => d?.Contains("ticket T-", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_ticket_opened_by_a_quick_reply_raises_ticket_created_like_one_opened_in_the_app()
    {
        const string phone = "+14155550194";
        var sent = await SendAsync(phone);

        await h.InboundAsync("twilio", phone, "Report an outage", kind: "button", contextId: sent.ProviderMessageId);

        var events = await (await h.Admin.GetAsync($"/api/settings/whatsapp-automations/events?type=ticket.created&customerId={sent.CustomerId}"))
            .ReadAsAsync<AutomationEventPage>();
        var raised = Assert.Single(events.Items);
        Assert.Matches(@"^ticket:\d+$", raised.EntityRef);
        var ticketId = raised.EntityRef["ticket:".Length..];
        Assert.Contains(await HistoryAsync(sent.Id), d => d == $"Quick reply 'Report an outage': ticket T-{int.Parse(ticketId):D5} opened.");
    }

    [Fact]
    public async Task Stop_opts_the_customer_out_and_a_button_without_an_action_or_someone_elses_tap_does_nothing()
    {
        const string phone = "+14155550193";
        var sent = await SendAsync(phone);

        await h.InboundAsync("twilio", phone, "Thanks", kind: "button", contextId: sent.ProviderMessageId);
        await h.InboundAsync("twilio", "+14155550199", "Stop messages", kind: "button", contextId: sent.ProviderMessageId);
        Assert.DoesNotContain(await HistoryAsync(sent.Id), d => d?.StartsWith("Quick reply", StringComparison.Ordinal) == true);

        await h.InboundAsync("twilio", phone, "Stop messages", kind: "button", contextId: sent.ProviderMessageId);
        Assert.Contains(await HistoryAsync(sent.Id), d => d == "Quick reply 'Stop messages': opted out of WhatsApp messages.");
        var customer = await (await h.Admin.GetAsync($"/api/customers/{sent.CustomerId}")).ReadAsAsync<CustomerDetailDto>();
        Assert.False(customer.Customer.WhatsAppOptIn);
    }

    [Fact]
    public async Task Stopping_offers_ends_marketing_consent_only_and_bills_still_go()
    {
        const string phone = "+14155550194";
        var sent = await SendAsync(phone, marketingOptIn: true);

        await h.InboundAsync("twilio", phone, "No more offers", kind: "button", contextId: sent.ProviderMessageId);

        Assert.Contains(await HistoryAsync(sent.Id), d => d == "Quick reply 'No more offers': opted out of marketing messages; service messages still go.");
        var customer = await (await h.Admin.GetAsync($"/api/customers/{sent.CustomerId}")).ReadAsAsync<CustomerDetailDto>();
        Assert.False(customer.Customer.MarketingOptIn);
        Assert.True(customer.Customer.WhatsAppOptIn);
    }
}
