using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Conversations;
using WhatsApp.Api.Features.Media;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Conversations;

/// <summary>
/// Files customers send, downloaded by the app from the fake over real HTTP with each provider's own auth (Twilio
/// Basic and a redirect to a presigned URL, Meta's media id look-up and bearer token, Vonage's URL), kept in the
/// files store, and served to signed-in staff only.
/// </summary>
public class InboundMediaTests(FileStoreInboxHarness h) : IClassFixture<FileStoreInboxHarness>
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 1, 2, 3, 4, 5, 0xFF, 0xD9];

    [Theory]
    [InlineData("twilio")]
    [InlineData("meta")]
    [InlineData("vonage")]
    public async Task An_image_from_each_provider_is_downloaded_with_the_accounts_credentials_and_shown_inline_to_staff(string provider)
    {
        var phone = TestPhones.Next();
        var (id, file) = await h.SendFileAsync(provider, phone, "image", "image/jpeg", content: Jpeg, caption: "the router lights");
        var conversation = await h.ConversationOfAsync(phone);

        var (item, media) = await h.SettledFileAsync(conversation.Id, id);
        Assert.Equal(InboundMediaState.Stored, media.State);
        Assert.Equal(MediaKind.Image, media.Kind);
        Assert.Equal("image/jpeg", media.ContentType);
        Assert.Equal(Jpeg.Length, media.Size);
        Assert.Equal("the router lights", item.Text);
        Assert.Equal(1, file!.Downloads);

        using var staff = await h.App.StaffAsync();
        var served = await staff.GetAsync(media.Url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", served.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(Jpeg, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_document_is_served_as_a_download_under_its_name_and_every_kind_of_file_is_kept()
    {
        var phone = TestPhones.Next();
        var (doc, _) = await h.SendFileAsync("meta", phone, "document", "application/pdf", fileName: "contract.pdf");
        var (audio, _) = await h.SendFileAsync("twilio", phone, "audio", "audio/ogg");
        var (video, _) = await h.SendFileAsync("vonage", phone, "video", "video/mp4");
        var (sticker, _) = await h.SendFileAsync("meta", phone, "sticker", "image/webp", size: 1000);
        var conversation = await h.ConversationOfAsync(phone);

        var (_, pdf) = await h.SettledFileAsync(conversation.Id, doc);
        Assert.Equal((InboundMediaState.Stored, MediaKind.Document, "contract.pdf"), (pdf.State, pdf.Kind, pdf.FileName));
        var served = await h.Admin.GetAsync(pdf.Url);
        Assert.Equal("attachment", served.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("contract.pdf", served.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("application/pdf", served.Content.Headers.ContentType?.MediaType);

        Assert.Equal((InboundMediaState.Stored, MediaKind.Audio, "audio/ogg"), Kept((await h.SettledFileAsync(conversation.Id, audio)).Media));
        Assert.Equal((InboundMediaState.Stored, MediaKind.Video, "video/mp4"), Kept((await h.SettledFileAsync(conversation.Id, video)).Media));
        Assert.Equal((InboundMediaState.Stored, MediaKind.Sticker, "image/webp"), Kept((await h.SettledFileAsync(conversation.Id, sticker)).Media));
    }

    [Theory]
    [InlineData("twilio")]
    [InlineData("meta")]
    [InlineData("vonage")]
    public async Task Shared_contacts_arrive_as_contacts_from_every_provider_and_no_file_is_fetched_for_them(string provider)
    {
        var phone = TestPhones.Next();
        var (id, _) = await h.SendFileAsync(provider, phone, "contacts", caption: "Rui Lopes");
        var conversation = await h.ConversationOfAsync(phone);

        var item = Assert.Single((await h.TimelineAsync(conversation.Id)).Items);
        Assert.Equal((InboundKind.Contacts, id), (item.Inbound!.Kind, item.Inbound.ProviderMessageId));
        Assert.Null(item.Media);
        if (provider == "meta") Assert.Contains("Rui Lopes", item.Inbound.Metadata[InboundKeys.Contacts]);
        else Assert.True(item.Inbound.Metadata.ContainsKey(InboundKeys.MediaRef)); // the vCard's link
    }

    private static (InboundMediaState, MediaKind, string?) Kept(MessageMediaDto media) => (media.State, media.Kind, media.ContentType);

    [Theory]
    [InlineData("twilio")]
    [InlineData("meta")]
    public async Task A_file_over_WhatsApps_limit_is_not_kept_and_the_thread_names_the_limit(string provider)
    {
        var phone = TestPhones.Next();
        var (id, _) = await h.SendFileAsync(provider, phone, "image", "image/jpeg", size: 5 * 1024 * 1024 + 1);
        var conversation = await h.ConversationOfAsync(phone);

        var (_, media) = await h.SettledFileAsync(conversation.Id, id);
        Assert.Equal(InboundMediaState.Refused, media.State);
        Assert.Null(media.Url);
        Assert.Contains("at most 5 MB", media.Reason);
    }

    [Fact]
    public async Task A_file_whose_content_is_no_type_WhatsApp_carries_is_not_kept_whatever_it_was_called()
    {
        var phone = TestPhones.Next();
        var (id, _) = await h.SendFileAsync("vonage", phone, "document", "application/pdf", content: "MZ\u0090\0not a pdf"u8.ToArray(), fileName: "invoice.pdf");
        var conversation = await h.ConversationOfAsync(phone);

        var (_, media) = await h.SettledFileAsync(conversation.Id, id);
        Assert.Equal(InboundMediaState.Refused, media.State);
        Assert.Contains("not a type WhatsApp carries", media.Reason);
    }

    [Fact]
    public async Task A_webhook_delivered_twice_downloads_its_file_once()
    {
        var phone = TestPhones.Next();
        var (id, first) = await h.SendFileAsync("twilio", phone, "image", "image/jpeg");
        var (_, second) = await h.SendFileAsync("twilio", phone, "image", "image/jpeg", messageId: id);
        var conversation = await h.ConversationOfAsync(phone);

        Assert.Equal(InboundMediaState.Stored, (await h.SettledFileAsync(conversation.Id, id)).Media.State);
        Assert.Equal(1, first!.Downloads);
        Assert.Equal(0, second!.Downloads);
        Assert.Equal(1, await h.App.WithDbAsync(db => db.Set<InboundMediaFile>().CountAsync(f => f.Message!.ProviderMessageId == id)));
    }

    [Fact]
    public async Task A_provider_hiccup_is_tried_again_and_the_file_is_kept()
    {
        var phone = TestPhones.Next();
        var (id, file) = await h.SendFileAsync("twilio", phone, "image", "image/jpeg", failures: 1);
        var conversation = await h.ConversationOfAsync(phone);

        var (_, media) = await h.SettledFileAsync(conversation.Id, id);
        Assert.Equal(InboundMediaState.Stored, media.State);
        Assert.Equal(1, file!.Downloads);
        Assert.Equal(2, await h.App.WithDbAsync(db => db.Set<InboundMediaFile>().Where(f => f.Message!.ProviderMessageId == id).Select(f => f.Attempts).SingleAsync()));
    }

    [Fact]
    public async Task A_provider_that_keeps_failing_is_given_up_after_the_configured_tries_and_the_thread_says_so()
    {
        var phone = TestPhones.Next();
        var (id, file) = await h.SendFileAsync("vonage", phone, "document", "application/pdf", failures: 10);
        var conversation = await h.ConversationOfAsync(phone);

        var (_, media) = await h.SettledFileAsync(conversation.Id, id);
        Assert.Equal(InboundMediaState.Failed, media.State);
        Assert.Contains("gave up after 3 tries", media.Reason); // Media:FetchAttempts in the harness
        Assert.Equal(0, file!.Downloads);
    }

    [Fact]
    public async Task A_file_whose_job_was_lost_is_fetched_by_the_recovery_pass()
    {
        var phone = TestPhones.Next();
        var (id, file) = await h.SendFileAsync("vonage", phone, "image", "image/jpeg");
        var conversation = await h.ConversationOfAsync(phone);
        Assert.Equal(InboundMediaState.Stored, (await h.SettledFileAsync(conversation.Id, id)).Media.State);

        // As if the app had died before its job ran: the row is due again and Hangfire knows nothing of it.
        await h.App.WithDbAsync(db => db.Set<InboundMediaFile>().Where(f => f.Message!.ProviderMessageId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, InboundMediaState.Pending).SetProperty(f => f.StoreKey, (string?)null)
                .SetProperty(f => f.NextAttemptAt, DateTime.UtcNow)));
        await using (var scope = h.App.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<InboundMediaDownloads>().RecoverAsync(default);

        Assert.Equal(InboundMediaState.Stored, (await h.SettledFileAsync(conversation.Id, id)).Media.State);
        Assert.Equal(2, file!.Downloads);
    }

    [Fact]
    public async Task A_file_the_provider_does_not_have_is_not_kept_and_the_thread_says_why()
    {
        var phone = TestPhones.Next();
        var id = await h.InboundAsync("meta", phone, "", kind: "image", mediaUrl: "4242424242", mediaType: "image/jpeg");
        var conversation = await h.ConversationOfAsync(phone);

        var (_, media) = await h.SettledFileAsync(conversation.Id, id);
        Assert.Equal(InboundMediaState.Failed, media.State);
        Assert.StartsWith("Not kept:", media.Reason);
    }

    [Fact]
    public async Task Only_signed_in_staff_get_a_file_and_only_through_its_own_conversation()
    {
        var phone = TestPhones.Next();
        var (id, _) = await h.SendFileAsync("twilio", phone, "image", "image/jpeg");
        var conversation = await h.ConversationOfAsync(phone);
        var (item, media) = await h.SettledFileAsync(conversation.Id, id);

        using var anonymous = h.App.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(media.Url)).StatusCode);
        using var forged = h.App.Anonymous();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync(media.Url)).StatusCode);

        var other = await h.ConversationOfAsync((await SecondConversationAsync()).Phone);
        Assert.Equal(HttpStatusCode.NotFound, (await h.Admin.GetAsync($"/api/whatsapp/conversations/{other.Id}/media/{item.Inbound!.Id}")).StatusCode);
    }

    private async Task<ConversationDto> SecondConversationAsync()
    {
        var phone = TestPhones.Next();
        await h.InboundAsync("twilio", phone, "hi");
        return await h.ConversationOfAsync(phone);
    }
}
