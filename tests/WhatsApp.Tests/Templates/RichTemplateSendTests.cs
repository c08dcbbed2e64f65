using System.Net;
using System.Net.Http.Json;
using FakeProvider;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Templates;

/// <summary>
/// Rich, multi-language Meta templates end to end: synced into the database, sent through the send API to the fake
/// over HTTP, with a missing part refused by the app before any provider sees it.
/// </summary>
public class RichTemplateSendTests : IAsyncLifetime
{
    private readonly SendingHarness _h = new();
    private const string PdfUrl = "https://billing.example.com/media/tok-1";

    public async Task InitializeAsync()
    {
        await _h.InitializeAsync();
        await _h.AddMetaProviderAsync();
        _h.FakeState.SeedMetaTemplates(SendingHarness.MetaWaba,
        [
            new MetaTemplate
            {
                Name = "bill_ready", Language = "en_US", Body = "Hi {{1}}, your bill is attached.", Header = new MetaHeader("DOCUMENT"),
                Buttons = [new MetaButton("QUICK_REPLY", "Talk to an agent"), new MetaButton("URL", "Pay now", Url: "https://pay.example.com/{{1}}")],
            },
            new MetaTemplate
            {
                Name = "bill_ready", Language = "pt_BR", Body = "Olá {{1}}, sua fatura está anexa.", Header = new MetaHeader("DOCUMENT"),
                Buttons = [new MetaButton("QUICK_REPLY", "Falar com atendente"), new MetaButton("URL", "Pagar", Url: "https://pay.example.com/{{1}}")],
            },
            new MetaTemplate { Name = "store_map", Language = "en_US", Body = "Find us here.", Header = new MetaHeader("LOCATION") },
        ]);
        (await _h.Admin.PostAsync("/api/whatsapp/templates/sync", null)).EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => _h.DisposeAsync();

    private async Task<List<TemplateDto>> TemplatesAsync() =>
        await (await _h.Admin.GetAsync("/api/whatsapp/templates")).ReadAsAsync<List<TemplateDto>>();

    private async Task AddCustomerAsync(string phone, string? language) =>
        (await _h.Admin.PostAsJsonAsync("/api/customers", new { name = "Ana Souza", phone, language, whatsAppOptIn = true })).EnsureSuccessStatusCode();

    private static Dictionary<string, string?> Full(string name = "Ana") => new()
    {
        ["1"] = name, [TemplateParts.HeaderMedia] = PdfUrl, ["button:1"] = "B-1001",
    };

    [Fact]
    public async Task Sync_keeps_the_quick_reply_actions_and_the_document_file_name_set_in_the_app()
    {
        var en = (await TemplatesAsync()).Single(t => t.Name == "bill_ready" && t.Language == "en_US");
        var buttons = en.Buttons.Select(b => b.Type == ButtonType.QuickReply ? b with { Action = QuickReplyAction.AskForAgent } : b).ToList();
        (await _h.Admin.PutAsJsonAsync($"/api/whatsapp/templates/{en.Id}", new SaveTemplateRequest(en.Name, en.Language, en.Category, en.Body,
            en.Variables.ToList(), en.Status, en.Bindings.ToList(), en.Header! with { FileName = "bill.pdf" }, en.Footer, buttons))).EnsureSuccessStatusCode();

        (await _h.Admin.PostAsync("/api/whatsapp/templates/sync", null)).EnsureSuccessStatusCode();

        var synced = (await TemplatesAsync()).Single(t => t.Id == en.Id);
        Assert.Equal("bill.pdf", synced.Header!.FileName);
        Assert.Equal(QuickReplyAction.AskForAgent, synced.Buttons.Single(b => b.Type == ButtonType.QuickReply).Action);
    }

    [Fact]
    public async Task Sync_keeps_one_variant_per_name_and_language_each_with_its_own_body_and_components()
    {
        var again = await (await _h.Admin.PostAsync("/api/whatsapp/templates/sync", null)).ReadAsAsync<TemplateSyncResult>();
        Assert.Equal((0, 0, 3), (again.Created, again.Updated, again.Unchanged));

        var variants = (await TemplatesAsync()).Where(t => t.Name == "bill_ready").OrderBy(t => t.Language).ToList();
        Assert.Equal(["en_US", "pt_BR"], variants.Select(v => v.Language));
        Assert.Equal("Olá {{1}}, sua fatura está anexa.", variants[1].Body);
        Assert.Equal("Falar com atendente", variants[1].Buttons[0].Text);
        Assert.All(variants, v => Assert.True(v.Sendable, v.NotSendableReason));
        Assert.Equal(["1", TemplateParts.HeaderMedia, "button:1"], variants[0].Variables.Select(v => v.Key));
    }

    [Fact]
    public async Task A_template_with_a_location_header_syncs_as_not_sendable_with_the_reason()
    {
        var store = (await TemplatesAsync()).Single(t => t.Name == "store_map");
        Assert.Equal(TemplateStatus.APPROVED, store.Status);
        Assert.False(store.Sendable);
        Assert.Contains("location header", store.NotSendableReason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("bill.pdf")]
    public async Task A_missing_or_unfetchable_header_parameter_is_refused_before_sending_naming_it(string? link)
    {
        await AddCustomerAsync("+14155550181", "en_US");
        var parameters = Full();
        if (link is null) parameters.Remove(TemplateParts.HeaderMedia);
        else parameters[TemplateParts.HeaderMedia] = link;

        var response = await _h.Admin.PostAsJsonAsync("/api/whatsapp/messages", new SendMessageRequest("+14155550181", "bill_ready", parameters, "en_US"));

        await response.AssertFieldErrorAsync("parameters.header:media");
        Assert.Empty(_h.FakeState.GetMessages("meta"));
    }

    [Fact]
    public async Task The_send_api_carries_the_document_link_and_button_suffix_to_the_provider()
    {
        await AddCustomerAsync("+14155550182", "en_US");

        var sent = await (await _h.Admin.PostAsJsonAsync("/api/whatsapp/messages", new SendMessageRequest("+14155550182", "bill_ready", Full(), "en_US")))
            .ReadAsAsync<MessageDto>(HttpStatusCode.Created);

        Assert.True(sent.Status >= MessageStatus.Accepted, sent.Error?.Message);
        var received = Assert.Single(_h.FakeState.GetMessages("meta"));
        Assert.Equal((PdfUrl, "B-1001"), (received.HeaderParameter, received.ButtonParameters![1]));
    }

    [Fact]
    public async Task A_two_language_template_goes_in_Portuguese_to_a_pt_BR_customer_and_in_English_to_the_others()
    {
        await AddCustomerAsync("+14155550183", "pt_BR");
        await AddCustomerAsync("+14155550184", "pt");
        await AddCustomerAsync("+14155550185", "de_DE");
        await AddCustomerAsync("+14155550186", null);

        var languages = new List<string>();
        foreach (var phone in new[] { "+14155550183", "+14155550184", "+14155550185", "+14155550186" })
        {
            var sent = await (await _h.Admin.PostAsJsonAsync("/api/whatsapp/messages", new SendMessageRequest(phone, "bill_ready", Full())))
                .ReadAsAsync<MessageDto>(HttpStatusCode.Created);
            Assert.True(sent.Status >= MessageStatus.Accepted, sent.Error?.Message);
            languages.Add(sent.Language);
        }

        Assert.Equal(["pt_BR", "pt_BR", "en_US", "en_US"], languages);
        Assert.Equal(["pt_BR", "pt_BR", "en_US", "en_US"], _h.FakeState.GetMessages("meta").OrderBy(m => m.To).Select(m => m.Language));
    }
}
