using System.Net;
using System.Net.Http.Json;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Templates;

/// <summary>A template's header, footer and buttons: stored, turned into parameters, and judged sendable or not.</summary>
public class TemplateComponentTests(SendingHarness h) : IClassFixture<SendingHarness>
{
    private const string Path = "/api/whatsapp/templates";

    private Task<HttpResponseMessage> CreateAsync(string name, TemplateHeader? header, List<TemplateButton>? buttons, string? footer = null, string body = "Hi {{1}}, your bill is ready.") =>
        h.Admin.PostAsJsonAsync(Path, new SaveTemplateRequest(name, "en_US", TemplateCategory.UTILITY, body, null, TemplateStatus.APPROVED, null,
            header, footer, buttons));

    [Fact]
    public async Task Every_variable_part_of_every_component_becomes_a_parameter_after_the_body()
    {
        var created = await (await CreateAsync("bill_pdf",
            new TemplateHeader(HeaderFormat.Document, FileName: "bill.pdf"),
            [
                new TemplateButton(ButtonType.QuickReply, "Talk to an agent"),
                new TemplateButton(ButtonType.Url, "Pay now", Url: "https://pay.example.com/bills/{{1}}"),
                new TemplateButton(ButtonType.CopyCode, "Copy code"),
                new TemplateButton(ButtonType.PhoneNumber, "Call us", PhoneNumber: "+14155550100"),
                new TemplateButton(ButtonType.Url, "Help", Url: "https://example.com/help"),
            ], footer: "Reply STOP to opt out")).ReadAsAsync<TemplateDto>(HttpStatusCode.Created);

        Assert.Equal(["1", TemplateParts.HeaderMedia, "button:1", "button:2"], created.Variables.Select(v => v.Key));
        Assert.Equal("Header document URL", created.Variables[1].Label);
        Assert.Equal(HeaderFormat.Document, created.Header!.Format);
        Assert.Equal("Reply STOP to opt out", created.Footer);
        Assert.Equal(5, created.Buttons.Count);

        var fetched = await (await h.Admin.GetAsync($"{Path}/{created.Id}")).ReadAsAsync<TemplateDto>();
        Assert.Equal(created.Buttons, fetched.Buttons);
        Assert.Equal(created.Header, fetched.Header);
    }

    [Fact]
    public async Task A_text_header_variable_is_a_parameter_and_a_fixed_media_url_is_not()
    {
        var text = await (await CreateAsync("header_text", new TemplateHeader(HeaderFormat.Text, Text: "Bill {{1}}"), null))
            .ReadAsAsync<TemplateDto>(HttpStatusCode.Created);
        Assert.Equal(["1", TemplateParts.HeaderText], text.Variables.Select(v => v.Key));

        var image = await (await CreateAsync("header_image_fixed", new TemplateHeader(HeaderFormat.Image, MediaUrl: "https://cdn.example.com/logo.png"), null))
            .ReadAsAsync<TemplateDto>(HttpStatusCode.Created);
        Assert.Equal(["1"], image.Variables.Select(v => v.Key));
    }

    [Theory]
    [InlineData(HeaderFormat.Location, null, "location header")]
    [InlineData(HeaderFormat.None, ButtonType.Otp, "one-time-password")]
    public async Task A_part_the_app_cannot_fill_is_never_sendable_and_says_why(HeaderFormat header, ButtonType? button, string reason)
    {
        var created = await (await CreateAsync($"unfillable_{Guid.NewGuid():N}"[..30], header == HeaderFormat.None ? null : new TemplateHeader(header),
            button is null ? null : [new TemplateButton(button.Value, "Copy")])).ReadAsAsync<TemplateDto>(HttpStatusCode.Created);
        Assert.False(created.Sendable);
        Assert.Contains(reason, created.NotSendableReason);
    }

    [Fact]
    public async Task Removing_the_header_removes_its_parameter()
    {
        var created = await (await CreateAsync("header_removed", new TemplateHeader(HeaderFormat.Video), null)).ReadAsAsync<TemplateDto>(HttpStatusCode.Created);
        Assert.Contains(created.Variables, v => v.Key == TemplateParts.HeaderMedia);
        var updated = await (await h.Admin.PutAsJsonAsync($"{Path}/{created.Id}", new { header = new { format = "None" } })).ReadAsAsync<TemplateDto>();
        Assert.Null(updated.Header);
        Assert.Equal(["1"], updated.Variables.Select(v => v.Key));
    }

    [Theory]
    [InlineData("{\"format\":\"Text\",\"text\":\"Bill {{1}} of {{2}}\"}", null, "header:text")]
    [InlineData("{\"format\":\"Image\",\"mediaUrl\":\"ftp://x/y.png\"}", null, "header.mediaUrl")]
    [InlineData(null, "[{\"type\":\"Url\",\"text\":\"Pay\",\"url\":\"https://x/{{1}}/pay\"}]", "buttons[0].url")]
    [InlineData(null, "[{\"type\":\"Url\",\"text\":\"Pay\"}]", "buttons[0].url")]
    [InlineData(null, "[{\"type\":\"PhoneNumber\",\"text\":\"Call\",\"phoneNumber\":\"call me\"}]", "buttons[0].phoneNumber")]
    [InlineData(null, "[{\"type\":\"QuickReply\",\"text\":\"A button text far longer than WhatsApp allows\"}]", "buttons[0].text")]
    public async Task Components_beyond_WhatsApps_limits_are_400_naming_the_field(string? header, string? buttons, string field)
    {
        var json = $"{{\"name\":\"bad_{Guid.NewGuid():N}\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"body\":\"Hi\""
            + (header is null ? "" : $",\"header\":{header}") + (buttons is null ? "" : $",\"buttons\":{buttons}") + "}";
        var response = await h.Admin.PostAsync(Path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await response.AssertFieldErrorAsync(field);
    }
}
