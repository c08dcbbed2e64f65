using System.Net;
using System.Net.Http.Json;
using WhatsApp.Api.Features.Conversations;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure.Live;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Conversations;

/// <summary>The live channel as a signed-in browser hears it: what changed, as it happens.</summary>
public class LiveTests(InboxHarness h) : IClassFixture<InboxHarness>
{
    [Fact]
    public async Task A_customers_message_a_reply_its_delivery_reports_and_a_ticket_reach_a_staff_users_live_stream()
    {
        using var staff = await h.App.StaffAsync();
        await using var live = await LiveStream.OpenAsync(staff);
        var phone = TestPhones.Next();
        var customerId = await h.AddCustomerAsync(phone);

        await h.InboundAsync("twilio", phone, "is the outage over?");
        var conversation = await h.ConversationOfAsync(phone);
        await live.NextAsync(e => e.Type == LiveEventTypes.InboundMessage && e.Id == conversation.Id);

        var reply = await (await staff.PostAsJsonAsync($"/api/whatsapp/conversations/{conversation.Id}/messages", new ReplyRequest("Yes, since 10:00")))
            .ReadAsAsync<MessageDto>(HttpStatusCode.Created);
        await live.NextAsync(e => e.Type == LiveEventTypes.ConversationChanged && e.Id == conversation.Id);
        // The fake reports sent, delivered and read; each committed batch of reports is one event.
        await h.WaitForMessageAsync(reply.Id, m => m.Status == MessageStatus.Read);
        await live.NextAsync(e => e.Type == LiveEventTypes.MessageStatus);

        (await staff.PostAsync($"/api/whatsapp/conversations/{conversation.Id}/read", null)).EnsureSuccessStatusCode();
        await live.NextAsync(e => e.Type == LiveEventTypes.ConversationChanged && e.Id == conversation.Id);

        var ticket = await (await staff.PostAsJsonAsync("/api/tickets", new { customerId, subject = "Outage follow-up" })).ReadJsonAsync(HttpStatusCode.Created);
        await live.NextAsync(e => e.Type == LiveEventTypes.TicketChanged && e.Id == ticket.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task The_live_stream_is_only_for_signed_in_staff()
    {
        using var anonymous = h.App.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/live")).StatusCode);
    }
}
