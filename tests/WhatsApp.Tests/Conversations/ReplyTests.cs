using System.Net;
using System.Net.Http.Json;
using FakeProvider;
using WhatsApp.Api.Features.Conversations;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Conversations;

public class ReplyTests(InboxHarness h) : IClassFixture<InboxHarness>
{
    private Task<HttpResponseMessage> ReplyAsync(int conversationId, string? text) =>
        h.Admin.PostAsJsonAsync($"/api/whatsapp/conversations/{conversationId}/messages", new ReplyRequest(text));

    private IReadOnlyList<FakeProvider.ReceivedMessage> FakeMessagesTo(string phone) =>
        h.FakeState.GetMessages("twilio").Where(m => m.To?.EndsWith(phone[1..], StringComparison.Ordinal) == true).ToList();

    [Fact]
    public async Task Inside_the_window_a_free_text_reply_goes_through_the_outbox_and_the_provider_gets_a_free_form_message()
    {
        var phone = TestPhones.Next();
        await h.InboundAsync("twilio", phone, "my internet is down");
        var conversation = await h.ConversationOfAsync(phone);
        Assert.True(conversation.WindowOpen);
        Assert.True(conversation.WindowClosesAt > DateTime.UtcNow.AddHours(23));

        var reply = await (await ReplyAsync(conversation.Id, "We are on it, sorry!")).ReadAsAsync<MessageDto>(HttpStatusCode.Created);
        Assert.Equal(MessageSource.Reply, reply.Source);
        Assert.NotEqual(MessageStatus.Queued, reply.Status);
        var delivered = await h.WaitForMessageAsync(reply.Id, m => m.Status == MessageStatus.Read);
        Assert.Null(delivered.Error);

        var atProvider = Assert.Single(FakeMessagesTo(phone));
        Assert.Null(atProvider.Template);
        Assert.Contains("Body=We+are+on+it%2C+sorry%21", atProvider.RawBody);

        var items = (await h.TimelineAsync(conversation.Id)).Items;
        Assert.Equal([TimelineDirection.Outbound, TimelineDirection.Inbound], items.Select(i => i.Direction));
        Assert.Equal("We are on it, sorry!", items[0].Text);
    }

    [Fact]
    public async Task Outside_the_window_free_text_is_refused_naming_the_window_and_no_provider_is_asked()
    {
        var phone = TestPhones.Next();
        await h.InboundAsync("meta", phone, "hello?", timestamp: DateTimeOffset.UtcNow.AddHours(-25));
        var conversation = await h.ConversationOfAsync(phone);
        Assert.False(conversation.WindowOpen);

        var problem = await (await ReplyAsync(conversation.Id, "Hi!")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Service window closed", problem.GetProperty("title").GetString());
        Assert.Contains("24-hour customer-service window", problem.GetProperty("detail").GetString());
        Assert.Empty(FakeMessagesTo(phone));
    }

    [Fact]
    public async Task A_customer_who_never_wrote_has_no_window_and_gets_only_templates()
    {
        var phone = TestPhones.Next();
        await h.AddCustomerAsync(phone);
        await h.InboundAsync("twilio", phone, "old", timestamp: null);
        var conversation = await h.ConversationOfAsync(phone);
        await h.App.WithDbAsync(async db =>
        {
            var row = await db.Set<Conversation>().FindAsync(conversation.Id);
            row!.LastInboundAt = DateTime.UtcNow.AddDays(-3);
            await db.SaveChangesAsync();
        });

        var problem = await (await ReplyAsync(conversation.Id, "Hi!")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("send a template", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_reply_to_someone_who_said_STOP_is_refused_even_inside_the_window()
    {
        var phone = TestPhones.Next();
        await h.AddCustomerAsync(phone);
        await h.InboundAsync("twilio", phone, "STOP");
        var conversation = await h.ConversationOfAsync(phone);
        Assert.True(conversation.WindowOpen);

        var problem = await (await ReplyAsync(conversation.Id, "Sorry to see you go")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Recipient opted out", problem.GetProperty("title").GetString());
        Assert.Empty(FakeMessagesTo(phone));
    }

    [Fact]
    public async Task An_unknown_contact_who_wrote_can_be_answered_inside_the_window()
    {
        var phone = TestPhones.Next();
        await h.InboundAsync("twilio", phone, "do you cover my street?");
        var conversation = await h.ConversationOfAsync(phone);
        Assert.Null(conversation.CustomerId);

        var reply = await (await ReplyAsync(conversation.Id, "Yes, we do.")).ReadAsAsync<MessageDto>(HttpStatusCode.Created);
        await h.WaitForMessageAsync(reply.Id, m => m.Status == MessageStatus.Read);
    }

    [Fact]
    public async Task The_providers_window_refusal_fails_the_reply_with_its_meaning()
    {
        // The app saw the customer write (a webhook it trusts), the provider did not: Twilio accepts and then fails with 63016.
        var phone = TestPhones.Next();
        var url = $"http://localhost/api/webhooks/whatsapp/{h.TwilioId}/inbound";
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["AccountSid"] = SendingHarness.TwilioSid,
            ["From"] = "whatsapp:" + phone, ["To"] = "whatsapp:+14155550100", ["Body"] = "hello",
        };
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", Signing.TwilioSignature(SendingHarness.TwilioToken, url, form));
        using var anonymous = h.App.Anonymous();
        (await anonymous.SendAsync(request)).EnsureSuccessStatusCode();
        var conversation = await h.ConversationOfAsync(phone);

        var reply = await (await ReplyAsync(conversation.Id, "Hello!")).ReadAsAsync<MessageDto>(HttpStatusCode.Created);
        var failed = await h.WaitForMessageAsync(reply.Id, m => m.Status is MessageStatus.Failed or MessageStatus.Undelivered);
        Assert.Equal("63016", failed.Error!.Code);
        Assert.Contains("24-hour customer-service window", failed.Error.Meaning);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public async Task An_empty_reply_is_a_400_naming_the_text(string? text)
    {
        var phone = TestPhones.Next();
        await h.InboundAsync("twilio", phone, "hi");
        var conversation = await h.ConversationOfAsync(phone);
        await (await ReplyAsync(conversation.Id, text)).AssertFieldErrorAsync("text");
    }

    [Fact]
    public async Task A_reply_to_a_missing_conversation_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await ReplyAsync(999_999, "hi")).StatusCode);
    }
}
