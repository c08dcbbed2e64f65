using System.Net;
using System.Net.Http.Json;
using WhatsApp.Api.Features.Conversations;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Conversations;

public class ConversationListTests(InboxHarness h) : IClassFixture<InboxHarness>
{
    private async Task<ConversationPage> ListAsync(string query) =>
        await (await h.Admin.GetAsync("/api/whatsapp/conversations?" + query)).ReadAsAsync<ConversationPage>();

    private async Task<ConversationDto> PutAsync(int id, string what, object body) =>
        await (await h.Admin.PutAsJsonAsync($"/api/whatsapp/conversations/{id}/{what}", body)).ReadAsAsync<ConversationDto>();

    [Fact]
    public async Task The_list_is_newest_activity_first_in_keyset_pages_that_neither_skip_nor_repeat()
    {
        var phones = Enumerable.Range(0, 5).Select(_ => TestPhones.Next()).ToList();
        foreach (var phone in phones) await h.InboundAsync("meta", phone, "hi " + phone);
        await h.InboundAsync("vonage", phones[0], "me again");

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await ListAsync("limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(c => c.Phone));
            cursor = page.NextCursor;
        } while (cursor is not null);

        var ours = seen.Where(phones.Contains).ToList();
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal([phones[0], phones[4], phones[3], phones[2], phones[1]], ours);
    }

    [Fact]
    public async Task Search_finds_by_customer_name_profile_name_and_phone()
    {
        var customerPhone = TestPhones.Next();
        await h.AddCustomerAsync(customerPhone, name: "Zelda Quintanilha");
        await h.InboundAsync("twilio", customerPhone, "hi");
        var strangerPhone = TestPhones.Next();
        await h.InboundAsync("twilio", strangerPhone, "hi", profileName: "Xavier Profile");

        Assert.Equal(customerPhone, Assert.Single((await ListAsync("q=quintanilha")).Items).Phone);
        Assert.Equal(strangerPhone, Assert.Single((await ListAsync("q=xavier%20prof")).Items).Phone);
        Assert.Equal(strangerPhone, Assert.Single((await ListAsync("q=" + Uri.EscapeDataString(strangerPhone))).Items).Phone);
    }

    [Fact]
    public async Task Reading_clears_unread_and_a_new_message_counts_again()
    {
        var phone = TestPhones.Next();
        await h.InboundAsync("twilio", phone, "one");
        await h.InboundAsync("twilio", phone, "two");
        var conversation = await h.ConversationOfAsync(phone);
        Assert.Equal(2, conversation.UnreadCount);
        Assert.Contains(conversation.Id, (await ListAsync("unread=true&limit=200")).Items.Select(c => c.Id));
        Assert.True((await (await h.Admin.GetAsync("/api/whatsapp/conversations/unread")).ReadAsAsync<InboxUnread>()).Messages >= 2);

        var read = await (await h.Admin.PostAsync($"/api/whatsapp/conversations/{conversation.Id}/read", null)).ReadAsAsync<ConversationDto>();
        Assert.Equal(0, read.UnreadCount);
        Assert.DoesNotContain(conversation.Id, (await ListAsync("unread=true&limit=200")).Items.Select(c => c.Id));

        await h.InboundAsync("twilio", phone, "three");
        Assert.Equal(1, (await h.ConversationOfAsync(phone)).UnreadCount);
    }

    [Fact]
    public async Task Assigning_filters_by_mine_and_unassigned_and_an_unknown_user_is_a_400()
    {
        var phone = TestPhones.Next();
        await h.InboundAsync("twilio", phone, "help");
        var conversation = await h.ConversationOfAsync(phone);
        Assert.Contains(conversation.Id, (await ListAsync("assignee=None&limit=200")).Items.Select(c => c.Id));

        var me = (await (await h.Admin.GetAsync("/api/auth/me")).ReadAsAsync<WhatsApp.Api.Features.Auth.CurrentUser>()).Id;
        var assigned = await PutAsync(conversation.Id, "assignee", new AssignRequest(me));
        Assert.Equal(me, assigned.AssigneeId);
        Assert.Equal(AppFactory.AdminEmail, assigned.AssigneeName);
        Assert.Contains(conversation.Id, (await ListAsync("assignee=Me&limit=200")).Items.Select(c => c.Id));
        Assert.DoesNotContain(conversation.Id, (await ListAsync("assignee=None&limit=200")).Items.Select(c => c.Id));

        await (await h.Admin.PutAsJsonAsync($"/api/whatsapp/conversations/{conversation.Id}/assignee", new AssignRequest("no-such-user")))
            .AssertFieldErrorAsync("assigneeId");
        Assert.Null((await PutAsync(conversation.Id, "assignee", new AssignRequest(null))).AssigneeId);
    }

    [Fact]
    public async Task Resolving_hides_it_from_open_and_a_new_message_reopens_it()
    {
        var phone = TestPhones.Next();
        await h.InboundAsync("meta", phone, "thanks, fixed");
        var conversation = await h.ConversationOfAsync(phone);

        Assert.Equal(ConversationStatus.Resolved, (await PutAsync(conversation.Id, "status", new ConversationStatusRequest(ConversationStatus.Resolved))).Status);
        Assert.DoesNotContain(conversation.Id, (await ListAsync("status=Open&limit=200")).Items.Select(c => c.Id));
        Assert.Contains(conversation.Id, (await ListAsync("status=Resolved&limit=200")).Items.Select(c => c.Id));

        await h.InboundAsync("meta", phone, "it broke again");
        Assert.Equal(ConversationStatus.Open, (await h.ConversationOfAsync(phone)).Status);
        await (await h.Admin.PutAsJsonAsync($"/api/whatsapp/conversations/{conversation.Id}/status", new { status = (string?)null }))
            .AssertFieldErrorAsync("status");
    }

    [Fact]
    public async Task The_timeline_merges_both_directions_by_time_in_pages_that_neither_skip_nor_repeat()
    {
        var phone = TestPhones.Next();
        await h.AddCustomerAsync(phone);
        var expected = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            await h.InboundAsync("twilio", phone, $"customer {i}");
            expected.Add($"customer {i}");
            var conversationId = (await h.ConversationOfAsync(phone)).Id;
            (await h.Admin.PostAsJsonAsync($"/api/whatsapp/conversations/{conversationId}/messages", new ReplyRequest($"staff {i}"))).EnsureSuccessStatusCode();
            expected.Add($"staff {i}");
        }
        expected.Reverse();

        var id = (await h.ConversationOfAsync(phone)).Id;
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await h.TimelineAsync(id, cursor, limit: 3);
            seen.AddRange(page.Items.Select(i => i.Text));
            cursor = page.NextCursor;
        } while (cursor is not null);
        Assert.Equal(expected, seen);
    }

    [Theory]
    [InlineData("/api/whatsapp/conversations?cursor=nonsense")]
    [InlineData("/api/whatsapp/conversations/1/messages?cursor=1.2")]
    public async Task A_bad_cursor_is_a_400_naming_it(string url)
    {
        await (await h.Admin.GetAsync(url)).AssertFieldErrorAsync("cursor");
    }
}
