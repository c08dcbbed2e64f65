using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Conversations;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Support;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Conversations;

/// <summary>Working a conversation: notes, tickets opened from it, unknown contacts turned into customers, canned replies.</summary>
public class ConversationWorkflowTests(InboxHarness h) : IClassFixture<InboxHarness>
{
    private static string Path(int id, string rest = "") => $"/api/whatsapp/conversations/{id}{rest}";

    private IReadOnlyList<FakeProvider.ReceivedMessage> FakeMessagesTo(string phone) =>
        h.FakeState.GetMessages("twilio").Where(m => m.To?.EndsWith(phone[1..], StringComparison.Ordinal) == true).ToList();

    [Fact]
    public async Task A_note_shows_in_the_timeline_after_what_it_is_about_and_is_never_sent()
    {
        var phone = TestPhones.Next();
        await h.InboundAsync("twilio", phone, "my router blinks red");
        var conversation = await h.ConversationOfAsync(phone);

        var note = await (await h.Admin.PostAsJsonAsync(Path(conversation.Id, "/notes"), new NoteRequest("Asked field team to check the line")))
            .ReadAsAsync<NoteDto>(HttpStatusCode.Created);
        Assert.Equal(AppFactory.AdminEmail, note.AuthorName);

        var items = (await h.TimelineAsync(conversation.Id)).Items;
        Assert.Equal([TimelineDirection.Note, TimelineDirection.Inbound], items.Select(i => i.Direction));
        Assert.Equal("Asked field team to check the line", items[0].Text);
        Assert.Equal(note.Id, items[0].Note!.Id);
        Assert.Empty(FakeMessagesTo(phone));

        var problem = await (await h.Admin.PostAsJsonAsync(Path(conversation.Id, "/notes"), new NoteRequest("  "))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
    }

    [Fact]
    public async Task Notes_page_with_the_messages_by_cursor_without_gaps_or_repeats()
    {
        var phone = TestPhones.Next();
        for (var i = 0; i < 3; i++)
        {
            await h.InboundAsync("twilio", phone, $"message {i}");
            await h.Admin.PostAsJsonAsync(Path((await h.ConversationOfAsync(phone)).Id, "/notes"), new NoteRequest($"note {i}"));
        }
        var id = (await h.ConversationOfAsync(phone)).Id;
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await h.TimelineAsync(id, cursor, limit: 2);
            seen.AddRange(page.Items.Select(i => i.Text));
            cursor = page.NextCursor;
        } while (cursor is not null);
        Assert.Equal(["note 2", "message 2", "note 1", "message 1", "note 0", "message 0"], seen);
    }

    [Fact]
    public async Task A_ticket_opened_from_the_conversation_takes_its_subject_from_the_message_raises_ticket_created_and_shows_its_conversation()
    {
        var phone = TestPhones.Next();
        var customerId = await h.AddCustomerAsync(phone);
        await h.InboundAsync("twilio", phone, "No internet since the storm last night\nPlease help");
        var conversation = await h.ConversationOfAsync(phone);

        var ticket = await (await h.Admin.PostAsJsonAsync(Path(conversation.Id, "/tickets"), new OpenConversationTicketRequest(null)))
            .ReadAsAsync<TicketDto>(HttpStatusCode.Created);
        Assert.Equal("No internet since the storm last night", ticket.Subject);
        Assert.Equal(customerId, ticket.CustomerId);
        Assert.StartsWith("T-", ticket.Number);
        Assert.Contains(await h.App.WithDbAsync(db => db.Set<AutomationEvent>().Where(e => e.CustomerId == customerId).Select(e => e.Type).ToListAsync()),
            t => t == EventTypes.TicketCreated);

        var tickets = await (await h.Admin.GetAsync(Path(conversation.Id, "/tickets"))).ReadAsAsync<List<TicketDto>>();
        Assert.Equal([ticket.Id], tickets.Select(t => t.Id));
        var ofTicket = await (await h.Admin.GetAsync($"/api/whatsapp/conversations/by-ticket/{ticket.Id}")).ReadAsAsync<ConversationDto>();
        Assert.Equal(conversation.Id, ofTicket.Id);

        // An existing ticket of the same customer links; another customer's is refused naming the field.
        var older = await (await h.Admin.PostAsJsonAsync("/api/tickets", new { customerId, subject = "Slow speed" })).ReadAsAsync<TicketDto>(HttpStatusCode.Created);
        (await h.Admin.PutAsync(Path(conversation.Id, $"/tickets/{older.Id}"), null)).EnsureSuccessStatusCode();
        Assert.Equal([older.Id, ticket.Id], (await (await h.Admin.GetAsync(Path(conversation.Id, "/tickets"))).ReadAsAsync<List<TicketDto>>()).Select(t => t.Id));
        var stranger = await h.AddCustomerAsync(TestPhones.Next(), name: "Someone Else");
        var theirs = await (await h.Admin.PostAsJsonAsync("/api/tickets", new { customerId = stranger, subject = "Theirs" })).ReadAsAsync<TicketDto>(HttpStatusCode.Created);
        var refused = await (await h.Admin.PutAsync(Path(conversation.Id, $"/tickets/{theirs.Id}"), null)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(refused.GetProperty("errors").TryGetProperty("ticketId", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await h.Admin.GetAsync($"/api/whatsapp/conversations/by-ticket/{theirs.Id}")).StatusCode);
    }

    [Fact]
    public async Task Ticket_notifications_and_the_customers_reply_to_them_land_in_the_same_thread()
    {
        var phone = TestPhones.Next();
        await h.AddCustomerAsync(phone);
        var sid = "HX" + Guid.NewGuid().ToString("N");
        var template = await h.AddTemplateAsync(h.TwilioId, name: $"tk_{Guid.NewGuid():N}"[..20], body: "Ticket {{1}} is {{2}}.", externalId: sid);
        foreach (var type in new[] { EventTypes.TicketCreated, EventTypes.TicketStatusChanged })
            (await h.Admin.PutAsJsonAsync($"/api/settings/whatsapp-automations/{type}", new
            {
                enabled = true, templateId = template.GetProperty("id").GetInt32(),
                variables = new Dictionary<string, string> { ["1"] = "{{ticket.number}}", ["2"] = "{{ticket.status}}" },
            })).EnsureSuccessStatusCode();
        try
        {
            await h.InboundAsync("twilio", phone, "Modem is dead");
            var conversation = await h.ConversationOfAsync(phone);
            var ticket = await (await h.Admin.PostAsJsonAsync(Path(conversation.Id, "/tickets"), new OpenConversationTicketRequest("Dead modem")))
                .ReadAsAsync<TicketDto>(HttpStatusCode.Created);
            (await h.Admin.PutAsJsonAsync($"/api/tickets/{ticket.Id}/status", new { status = "InProgress" })).EnsureSuccessStatusCode();

            var notices = await WaitForOutboundAsync(conversation.Id, 2);
            Assert.Equal([EventTypes.TicketStatusChanged, EventTypes.TicketCreated], notices.Select(n => n.Outbound!.EventType));
            Assert.Equal($"Ticket {ticket.Number} is In progress.", notices[0].Text);
            Assert.All(notices, n => Assert.Equal($"ticket:{ticket.Id}", n.Outbound!.EntityRef));

            var answered = await h.WaitForMessageAsync(notices[0].Outbound!.Id, m => m.ProviderMessageId is not null);
            await h.InboundAsync("twilio", phone, "Thanks!", contextId: answered.ProviderMessageId);
            var newest = (await h.TimelineAsync(conversation.Id)).Items[0];
            Assert.Equal(TimelineDirection.Inbound, newest.Direction);
            Assert.Equal(answered.Id, newest.Inbound!.ReplyToMessageId);
        }
        finally
        {
            foreach (var type in new[] { EventTypes.TicketCreated, EventTypes.TicketStatusChanged })
                (await h.Admin.PutAsJsonAsync($"/api/settings/whatsapp-automations/{type}", new { enabled = false })).EnsureSuccessStatusCode();
        }
    }

    private async Task<List<TimelineItem>> WaitForOutboundAsync(int conversationId, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var outbound = (await h.TimelineAsync(conversationId)).Items.Where(i => i.Direction == TimelineDirection.Outbound).ToList();
            if (outbound.Count >= count) return outbound;
            Assert.True(DateTime.UtcNow < deadline, $"only {outbound.Count} outbound messages in the thread");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task An_unknown_contact_gets_no_ticket_until_linked_and_linking_or_creating_a_customer_never_records_consent()
    {
        var phone = TestPhones.Next();
        await h.InboundAsync("meta", phone, "hi, I want to sign up", profileName: "Carla Dias");
        var conversation = await h.ConversationOfAsync(phone);
        Assert.Null(conversation.CustomerId);

        var refused = await (await h.Admin.PostAsJsonAsync(Path(conversation.Id, "/tickets"), new OpenConversationTicketRequest(null)))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Unknown contact", refused.GetProperty("title").GetString());

        // "Create a customer" in the inbox: the profile form with the phone prefilled and consent left off, then the link.
        var created = await (await h.Admin.PostAsJsonAsync("/api/customers", new { name = "Carla Dias", phone = conversation.Phone }))
            .ReadAsAsync<CustomerDetailDto>(HttpStatusCode.Created);
        var linked = await (await h.Admin.PutAsJsonAsync(Path(conversation.Id, "/customer"), new LinkCustomerRequest(created.Customer.Id)))
            .ReadAsAsync<ConversationDto>();
        Assert.Equal(created.Customer.Id, linked.CustomerId);
        Assert.Equal("Carla Dias", linked.Name);

        var customer = await h.App.WithDbAsync(db => db.Set<Customer>().AsNoTracking().SingleAsync(c => c.Id == created.Customer.Id));
        Assert.False(customer.WhatsAppOptIn);
        Assert.False(customer.MarketingOptIn);
        Assert.Empty(await h.App.WithDbAsync(db => db.Set<ConsentRecord>().Where(r => r.CustomerId == customer.Id).ToListAsync()));
        // Writing again changes nothing either.
        await h.InboundAsync("meta", phone, "START");
        await h.InboundAsync("meta", phone, "yes please send offers");
        Assert.False(await h.App.WithDbAsync(db => db.Set<Customer>().Where(c => c.Id == customer.Id).Select(c => c.MarketingOptIn).SingleAsync()));

        var bad = await (await h.Admin.PutAsJsonAsync(Path(conversation.Id, "/customer"), new LinkCustomerRequest(999_999))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("customerId", out _));
    }

    [Fact]
    public async Task Canned_replies_are_saved_listed_by_title_changed_and_deleted_and_titles_are_unique()
    {
        var title = $"Outage {Guid.NewGuid():N}"[..20];
        var saved = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/canned-replies", new SaveCannedReplyRequest(title, "We know about the outage.")))
            .ReadAsAsync<CannedReplyDto>(HttpStatusCode.Created);
        var duplicate = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/canned-replies", new SaveCannedReplyRequest(title, "again")))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("title", duplicate.GetProperty("field").GetString());
        var missing = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/canned-replies", new SaveCannedReplyRequest("x", ""))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("text", out _));

        var changed = await (await h.Admin.PutAsJsonAsync($"/api/whatsapp/canned-replies/{saved.Id}", new SaveCannedReplyRequest(title, "Fixed by 18:00.")))
            .ReadAsAsync<CannedReplyDto>();
        Assert.Equal("Fixed by 18:00.", changed.Text);
        using var staff = await h.App.StaffAsync();
        Assert.Contains(await (await staff.GetAsync("/api/whatsapp/canned-replies")).ReadAsAsync<List<CannedReplyDto>>(), r => r.Id == saved.Id && r.Text == "Fixed by 18:00.");

        Assert.Equal(HttpStatusCode.NoContent, (await h.Admin.DeleteAsync($"/api/whatsapp/canned-replies/{saved.Id}")).StatusCode);
        Assert.DoesNotContain(await (await h.Admin.GetAsync("/api/whatsapp/canned-replies")).ReadAsAsync<List<CannedReplyDto>>(), r => r.Id == saved.Id);
    }
}
