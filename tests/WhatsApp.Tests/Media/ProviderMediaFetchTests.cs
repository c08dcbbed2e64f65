using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FakeProvider;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Billing;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Media;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Media;

/// <summary>
/// The fake provider downloads a send's media links as WhatsApp does before delivering a header, and records what it got:
/// the proof a provider can fetch the bill's PDF through its signed link.
/// </summary>
public class ProviderMediaFetchTests(SendingHarness h) : IClassFixture<SendingHarness>
{
    private async Task<string> BillPdfLinkAsync()
    {
        var customer = await (await h.Admin.PostAsJsonAsync("/api/customers", new { name = "Ana Souza", phone = TestPhones.Next() }))
            .ReadAsAsync<CustomerDetailDto>(HttpStatusCode.Created);
        var bill = await (await h.Admin.PostAsJsonAsync("/api/bills", new { customerId = customer.Customer.Id, amount = 20m, currency = "USD", dueDate = "2026-12-10" }))
            .ReadAsAsync<BillDto>(HttpStatusCode.Created);
        return h.App.Services.GetRequiredService<MediaLinks>().UrlFor(BillPdfMedia.For(bill.Id));
    }

    private sealed record MetaSent(MetaMessageId[] Messages);
    private sealed record MetaMessageId(string Id);

    private async Task<string> SendMetaTemplateAsync(string documentLink)
    {
        h.FakeState.RegisterMeta(new MetaAccount(SendingHarness.MetaPhoneId, SendingHarness.MetaToken, SendingHarness.MetaAppSecret, SendingHarness.MetaWaba));
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SendingHarness.MetaToken);
        var response = await client.PostAsJsonAsync($"{h.FakeUrl}/v21.0/{SendingHarness.MetaPhoneId}/messages", new
        {
            messaging_product = "whatsapp",
            to = TestPhones.Next().TrimStart('+'),
            type = "template",
            template = new
            {
                name = "bill_pdf",
                language = new { code = "en_US" },
                components = new object[]
                {
                    new { type = "header", parameters = new[] { new { type = "document", document = new { link = documentLink, filename = "bill.pdf" } } } },
                    new { type = "body", parameters = new[] { new { type = "text", text = "Ana" } } },
                },
            },
        });
        return Assert.Single((await response.ReadAsAsync<MetaSent>()).Messages).Id;
    }

    [Fact]
    public async Task The_fake_downloads_a_valid_pdf_through_a_bills_signed_link_in_a_meta_document_header()
    {
        var messageId = await SendMetaTemplateAsync(await BillPdfLinkAsync());

        var fetch = Assert.Single(await h.Fake.MediaFetches().WaitForAsync(messageId));

        Assert.Equal("header.document", fetch.Source);
        Assert.Equal(200, fetch.StatusCode);
        Assert.StartsWith("application/pdf", fetch.ContentType);
        Assert.True(fetch.IsPdf);
        Assert.True(fetch.Bytes > 1000);
        Assert.Null(fetch.Error);
    }

    [Fact]
    public async Task A_tampered_link_is_recorded_as_a_failed_download()
    {
        var link = await BillPdfLinkAsync();
        var messageId = await SendMetaTemplateAsync(link[..^4] + "AAAA");

        var fetch = Assert.Single(await h.Fake.MediaFetches().WaitForAsync(messageId));

        Assert.Equal(404, fetch.StatusCode);
        Assert.False(fetch.IsPdf);
    }

    [Fact]
    public async Task The_control_api_lists_downloads_by_message()
    {
        var messageId = await SendMetaTemplateAsync(await BillPdfLinkAsync());
        await h.Fake.MediaFetches().WaitForAsync(messageId);

        using var client = new HttpClient();
        var listed = await client.GetFromJsonAsync<List<MediaFetchRecord>>($"{h.FakeUrl}/_fake/media-fetches?messageId={messageId}");

        Assert.True(Assert.Single(listed!).IsPdf);
    }
}
