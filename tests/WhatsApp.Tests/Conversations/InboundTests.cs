using WhatsApp.Api.Features.Conversations;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Tests.Infrastructure;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace WhatsApp.Tests.Conversations;

public class InboundTests(InboxHarness h) : IClassFixture<InboxHarness>
{
    public static TheoryData<string, string, InboundKind> Kinds()
    {
        var data = new TheoryData<string, string, InboundKind>();
        foreach (var provider in new[] { "twilio", "meta", "vonage" })
        {
            data.Add(provider, "text", InboundKind.Text);
            data.Add(provider, "image", InboundKind.Image);
            data.Add(provider, "document", InboundKind.Document);
            data.Add(provider, "audio", InboundKind.Audio);
            data.Add(provider, "video", InboundKind.Video);
            data.Add(provider, "location", InboundKind.Location);
            data.Add(provider, "button", InboundKind.Button);
        }
        foreach (var provider in new[] { "meta", "vonage" })
        {
            data.Add(provider, "quick_reply", InboundKind.QuickReply);
            data.Add(provider, "reaction", InboundKind.Reaction);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_from_every_provider_is_stored_with_its_text_and_metadata(string provider, string kind, InboundKind expected)
    {
        var phone = TestPhones.Next();
        var media = kind is "image" or "document" or "audio" or "video";
        var id = await h.InboundAsync(provider, phone, text: kind == "audio" ? "" : $"{kind} from {provider}", kind: kind,
            mediaUrl: media ? (provider == "meta" ? "1234567890" : "https://media.example/file-1") : null,
            mediaType: media ? (kind == "document" ? "application/pdf" : kind == "audio" ? "audio/ogg" : kind == "video" ? "video/mp4" : "image/jpeg") : null,
            latitude: kind == "location" ? 38.7223 : null, longitude: kind == "location" ? -9.1393 : null,
            payload: kind is "button" or "quick_reply" ? "PAY_NOW" : null, contextId: kind == "reaction" ? "wamid.ours-1" : null);

        var conversation = await h.ConversationOfAsync(phone);
        var item = Assert.Single((await h.TimelineAsync(conversation.Id)).Items);
        Assert.Equal(TimelineDirection.Inbound, item.Direction);
        var inbound = item.Inbound!;
        Assert.Equal(expected, inbound.Kind);
        Assert.Equal(id, inbound.ProviderMessageId);
        Assert.Equal(provider, inbound.ProviderType);
        if (media)
        {
            Assert.Equal(provider == "meta" ? "1234567890" : "https://media.example/file-1", inbound.Metadata[InboundKeys.MediaRef]);
            if (kind != "audio") Assert.Equal($"{kind} from {provider}", inbound.Text);
        }
        if (kind == "location")
        {
            Assert.StartsWith("38.7223", inbound.Metadata[InboundKeys.Latitude]);
            Assert.StartsWith("-9.1393", inbound.Metadata[InboundKeys.Longitude]);
        }
        if (kind is "button" or "quick_reply")
        {
            Assert.Equal("PAY_NOW", inbound.Metadata[InboundKeys.Payload]);
            Assert.Equal($"{kind} from {provider}", inbound.Text);
        }
        if (kind == "reaction") Assert.Equal("wamid.ours-1", inbound.Metadata[InboundKeys.ReactedTo]);
        if (kind == "text") Assert.Equal($"text from {provider}", inbound.Text);
    }

    [Theory]
    [InlineData("twilio")]
    [InlineData("meta")]
    [InlineData("vonage")]
    public async Task A_webhook_delivered_twice_is_stored_once_and_counted_unread_once(string provider)
    {
        var phone = TestPhones.Next();
        var id = await h.InboundAsync(provider, phone, "is my line down?");
        await h.InboundAsync(provider, phone, "is my line down?", messageId: id);

        var conversation = await h.ConversationOfAsync(phone);
        Assert.Equal(1, conversation.UnreadCount);
        Assert.Single((await h.TimelineAsync(conversation.Id)).Items);
    }

    [Fact]
    public async Task The_same_message_arriving_concurrently_is_stored_once()
    {
        var phone = TestPhones.Next();
        var id = "wamid." + Guid.NewGuid().ToString("N");
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => h.InboundAsync("meta", phone, "hello?", messageId: id)));

        var count = await h.App.WithDbAsync(db => db.Set<ReceivedMessage>().CountAsync(m => m.ProviderMessageId == id));
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task A_message_from_an_unknown_number_opens_a_conversation_without_consent()
    {
        var phone = TestPhones.Next();
        await h.InboundAsync("twilio", phone, "who is this?", profileName: "Stranger");

        var conversation = await h.ConversationOfAsync(phone);
        Assert.Null(conversation.CustomerId);
        Assert.Equal("Stranger", conversation.Name);
        Assert.Equal(ConversationStatus.Open, conversation.Status);
        Assert.True(conversation.WindowOpen);
        Assert.False(await h.App.WithDbAsync(db => db.Set<Customer>().AnyAsync(c => c.Phone == phone)));
    }

    [Fact]
    public async Task A_known_customers_message_joins_their_conversation_and_writing_is_not_consent()
    {
        var phone = TestPhones.Next();
        var customerId = await h.AddCustomerAsync(phone, optIn: false, name: "Bruno Lima");
        await h.InboundAsync("meta", phone, "hi");

        var conversation = await h.ConversationOfAsync(phone);
        Assert.Equal(customerId, conversation.CustomerId);
        Assert.Equal("Bruno Lima", conversation.Name);
        Assert.False(await h.App.WithDbAsync(db => db.Set<Customer>().Where(c => c.Id == customerId).Select(c => c.WhatsAppOptIn).SingleAsync()));
    }

    [Fact]
    public async Task STOP_is_stored_in_the_thread_and_still_opts_out_and_a_repeated_STOP_after_START_changes_nothing()
    {
        var phone = TestPhones.Next();
        var customerId = await h.AddCustomerAsync(phone);
        var stop = await h.InboundAsync("twilio", phone, "STOP");
        Assert.False(await OptedInAsync(customerId));
        await h.InboundAsync("twilio", phone, "START");
        Assert.True(await OptedInAsync(customerId));

        await h.InboundAsync("twilio", phone, "STOP", messageId: stop);
        Assert.True(await OptedInAsync(customerId));
        var texts = (await h.TimelineAsync((await h.ConversationOfAsync(phone)).Id)).Items.Select(i => i.Text);
        Assert.Equal(["START", "STOP"], texts);
    }

    [Fact]
    public async Task A_reply_to_one_of_our_messages_records_which_message_it_answers()
    {
        var phone = TestPhones.Next();
        await h.AddCustomerAsync(phone);
        var sent = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", new
        {
            to = phone, templateName = "bill_due", parameters = new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "$5" },
        })).ReadAsAsync<WhatsApp.Api.Features.Messaging.MessageDto>(System.Net.HttpStatusCode.Created);

        await h.InboundAsync("twilio", phone, "I already paid", contextId: sent.ProviderMessageId);

        var items = (await h.TimelineAsync((await h.ConversationOfAsync(phone)).Id)).Items;
        Assert.Equal([TimelineDirection.Inbound, TimelineDirection.Outbound], items.Select(i => i.Direction));
        Assert.Equal(sent.Id, items[0].Inbound!.ReplyToMessageId);
        Assert.Equal("Hi Ana, your bill of $5 is due.", items[1].Text);
    }

    private Task<bool> OptedInAsync(int customerId) =>
        h.App.WithDbAsync(db => db.Set<Customer>().Where(c => c.Id == customerId).Select(c => c.WhatsAppOptIn).SingleAsync());
}
