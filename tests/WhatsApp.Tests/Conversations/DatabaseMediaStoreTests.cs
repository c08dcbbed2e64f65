using System.Net;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Conversations;
using WhatsApp.Api.Features.Media;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Conversations;

/// <summary><c>Media:Store=Database</c>: a customer's file is kept as a row of the app's database and served from there.</summary>
public class DatabaseMediaStoreTests(DatabaseStoreInboxHarness h) : IClassFixture<DatabaseStoreInboxHarness>
{
    [Theory]
    [InlineData("twilio")]
    [InlineData("meta")]
    public async Task A_customers_file_is_kept_in_the_database_and_served_to_staff_from_it(string provider)
    {
        var content = "%PDF-1.4\nthe contract\n%%EOF\n"u8.ToArray();
        var phone = TestPhones.Next();
        var (id, file) = await h.SendFileAsync(provider, phone, "document", "application/pdf", content: content, fileName: "contract.pdf");
        var conversation = await h.ConversationOfAsync(phone);

        var (item, media) = await h.SettledFileAsync(conversation.Id, id);
        Assert.Equal(InboundMediaState.Stored, media.State);
        var kept = await h.App.WithDbAsync(db => db.Set<InboundMediaFile>().Where(f => f.ReceivedMessageId == item.Inbound!.Id)
            .Join(db.Set<StoredMediaBlob>(), f => f.StoreKey, b => b.Key, (f, b) => b.Content).SingleAsync());
        Assert.Equal(content, kept);

        var served = await h.Admin.GetAsync(media.Url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(content, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, file!.Downloads);
    }

    [Fact]
    public async Task An_oversized_file_leaves_nothing_in_the_database()
    {
        var phone = TestPhones.Next();
        var (id, _) = await h.SendFileAsync("vonage", phone, "video", "video/mp4", size: 16 * 1024 * 1024 + 1);
        var conversation = await h.ConversationOfAsync(phone);

        var (item, media) = await h.SettledFileAsync(conversation.Id, id);
        Assert.Equal(InboundMediaState.Refused, media.State);
        Assert.Contains("at most 16 MB", media.Reason);
        Assert.False(await h.App.WithDbAsync(db => db.Set<StoredMediaBlob>().AnyAsync(b => b.Key == $"inbound-{item.Inbound!.Id}")));
    }
}
