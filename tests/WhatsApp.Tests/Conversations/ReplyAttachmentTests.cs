using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FakeProvider;
using WhatsApp.Api.Features.Conversations;
using WhatsApp.Api.Features.Media;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Conversations;

/// <summary>
/// Staff attach an uploaded file to a reply inside the window: each provider gets its own session media message with a
/// signed link, and the fake downloads the file through it as WhatsApp would. The fake refuses what the real APIs refuse.
/// </summary>
public class ReplyAttachmentTests(FileStoreInboxHarness h) : IClassFixture<FileStoreInboxHarness>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3];
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"u8.ToArray();

    private async Task<MediaUploadDto> UploadAsync(byte[] bytes, string fileName)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", fileName } };
        return await (await h.Admin.PostAsync("/api/whatsapp/media", form)).ReadAsAsync<MediaUploadDto>(HttpStatusCode.Created);
    }

    private async Task<ConversationDto> CustomerWroteAsync(string provider)
    {
        (await h.Admin.PostAsync($"/api/settings/whatsapp-providers/{h.ProviderIdOf(provider)}/set-active", null)).EnsureSuccessStatusCode();
        var phone = TestPhones.Next();
        await h.InboundAsync(provider, phone, "can you send me the bill?");
        return await h.ConversationOfAsync(phone);
    }

    [Theory]
    [InlineData("twilio", "image", "MediaUrl=")]
    [InlineData("meta", "document", "\"type\":\"document\"")]
    [InlineData("vonage", "document", "\"message_type\":\"file\"")]
    public async Task A_reply_with_an_attachment_is_a_session_media_message_whose_link_the_provider_can_fetch(string provider, string kind, string wire)
    {
        var conversation = await CustomerWroteAsync(provider);
        var upload = kind == "image" ? await UploadAsync(Png, "map.png") : await UploadAsync(Pdf, "bill-1001.pdf");

        var reply = await (await h.Admin.PostAsJsonAsync($"/api/whatsapp/conversations/{conversation.Id}/messages", new ReplyRequest("Here it is", upload.Id)))
            .ReadAsAsync<MessageDto>(HttpStatusCode.Created);
        Assert.Null(reply.Error);
        Assert.NotEqual(MessageStatus.Queued, reply.Status);

        var sent = Assert.Single(h.FakeState.GetMessages(provider), m => Digits(m.To) == Digits(conversation.Phone));
        Assert.Contains(wire, sent.RawBody);
        var body = Uri.UnescapeDataString(sent.RawBody!.Replace('+', ' ')); // a Twilio form or a JSON body, read alike
        Assert.Contains("Here it is", body);
        if (kind == "document") Assert.Contains("bill-1001.pdf", body);
        var fetch = Assert.Single(await h.Fake.MediaFetches().WaitForAsync(sent.Id!));
        Assert.Equal(200, fetch.StatusCode);
        Assert.Equal(kind == "image" ? Png.Length : Pdf.Length, fetch.Bytes);
        Assert.StartsWith(kind == "image" ? "image/png" : "application/pdf", fetch.ContentType);

        var item = (await h.TimelineAsync(conversation.Id)).Items[0];
        Assert.Equal(TimelineDirection.Outbound, item.Direction);
        Assert.Equal(kind == "image" ? MediaKind.Image : MediaKind.Document, item.Media!.Kind);
        Assert.Equal(kind == "image" ? "map.png" : "bill-1001.pdf", item.Media.FileName);
    }

    private static string Digits(string? phone) => new((phone ?? "").Where(char.IsAsciiDigit).ToArray());

    [Fact]
    public async Task A_reply_naming_no_uploaded_file_is_refused_naming_the_field()
    {
        var conversation = await CustomerWroteAsync("twilio");
        var problem = await (await h.Admin.PostAsJsonAsync($"/api/whatsapp/conversations/{conversation.Id}/messages",
            new ReplyRequest(null, "0123456789abcdef0123456789abcdef"))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("mediaId", out _));
    }

    [Fact]
    public async Task The_fake_refuses_media_messages_as_the_providers_do()
    {
        using var meta = new HttpClient();
        meta.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SendingHarness.MetaToken);
        var noLink = await meta.PostAsJsonAsync($"{h.FakeUrl}/v23.0/{SendingHarness.MetaPhoneId}/messages",
            new { messaging_product = "whatsapp", to = "15550001234", type = "image", image = new { caption = "no link" } });
        Assert.Equal(HttpStatusCode.BadRequest, noLink.StatusCode);
        Assert.Contains("image['link']", await noLink.Content.ReadAsStringAsync());

        // Outside the customer's window the media message is taken, then failed as the real API fails it.
        var phone = TestPhones.Next();
        var outside = await meta.PostAsJsonAsync($"{h.FakeUrl}/v23.0/{SendingHarness.MetaPhoneId}/messages",
            new { messaging_product = "whatsapp", to = phone.TrimStart('+'), type = "image", image = new { link = "https://example.com/a.png" } });
        Assert.Equal(HttpStatusCode.OK, outside.StatusCode);
        var id = Assert.Single(h.FakeState.GetMessages("meta"), m => Digits(m.To) == Digits(phone)).Id;
        await WaitAsync(() => h.FakeState.GetCallbacks().Any(c => c.MessageId == id && c.Body?.Contains("131047") == true));

        using var twilio = new HttpClient();
        twilio.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{SendingHarness.TwilioSid}:{SendingHarness.TwilioToken}")));
        var badUrl = await twilio.PostAsync($"{h.FakeUrl}/2010-04-01/Accounts/{SendingHarness.TwilioSid}/Messages.json", new FormUrlEncodedContent(
            [new("To", "whatsapp:+15550001234"), new("From", "whatsapp:+14155550100"), new("MediaUrl", "not a url")]));
        Assert.Contains("21620", await badUrl.Content.ReadAsStringAsync());
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition never held.");
            await Task.Delay(25);
        }
    }
}
