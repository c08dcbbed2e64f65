using System.Net;
using System.Net.Http.Json;
using FakeProvider;
using WhatsApp.Api.Features.Conversations;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Conversations;

/// <summary>
/// The app with all three providers configured against the fake (Twilio active, with the template "bill_due"), so
/// the fake can post each provider's signed inbound webhook into the app.
/// </summary>
public class InboxHarness : SendingHarness
{
    public const string VonageKey = "abcd1234";
    public const string VonageSecret = "vonage-harness-secret";
    public const string VonageSignature = "vonage-harness-signature-secret-0123456789";

    public int TwilioId { get; private set; }
    public int MetaId { get; private set; }
    public int VonageId { get; private set; }
    public HttpClient FakeClient { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        FakeClient = new HttpClient { BaseAddress = new Uri(FakeUrl) };
        MetaId = await AddMetaProviderAsync(activate: false);
        TwilioId = await AddTwilioProviderAsync();
        await AddTemplateAsync(TwilioId);
        FakeState.RegisterVonage(new VonageAccount(VonageKey, VonageSecret, SignatureSecret: VonageSignature));
        var vonage = await (await Admin.PostAsJsonAsync("/api/settings/whatsapp-providers", new
        {
            name = "Vonage",
            providerType = "vonage",
            credentials = new { apiKey = VonageKey, apiSecret = VonageSecret, signatureSecret = VonageSignature, from = "+447700900001" },
            settings = new { baseUrl = FakeUrl, messagesPerSecond = 80 },
        })).ReadJsonAsync(HttpStatusCode.Created);
        VonageId = vonage.GetProperty("id").GetInt32();
    }

    public override async Task DisposeAsync()
    {
        FakeClient.Dispose();
        await base.DisposeAsync();
    }

    public int ProviderIdOf(string provider) => provider switch { "twilio" => TwilioId, "meta" => MetaId, _ => VonageId };

    /// <summary>The fake posts a customer's message as <paramref name="provider"/> posts it, signed; asserts the app took it.</summary>
    public async Task<string> InboundAsync(string provider, string from, string? text = "Hello", string? kind = null, string? messageId = null,
        string? mediaUrl = null, string? mediaType = null, double? latitude = null, double? longitude = null, string? payload = null,
        string? contextId = null, DateTimeOffset? timestamp = null, string? profileName = null)
    {
        var answer = await (await FakeClient.PostAsJsonAsync("/_fake/inbound", new InboundRequest(provider,
            provider switch { "twilio" => TwilioSid, "meta" => MetaPhoneId, _ => VonageKey }, from, text,
            Url: $"http://localhost/api/webhooks/whatsapp/{ProviderIdOf(provider)}/inbound", ProfileName: profileName, MessageId: messageId,
            Kind: kind, MediaUrl: mediaUrl, MediaType: mediaType, Latitude: latitude, Longitude: longitude, Payload: payload,
            ContextId: contextId, Timestamp: timestamp))).ReadJsonAsync();
        Assert.True(answer.GetProperty("statusCode").GetInt32() == 200, $"The app refused the inbound webhook: {answer}");
        return answer.GetProperty("messageId").GetString()!;
    }

    public async Task<ConversationDto> ConversationOfAsync(string phone)
    {
        var page = await (await Admin.GetAsync($"/api/whatsapp/conversations?q={Uri.EscapeDataString(phone)}")).ReadAsAsync<ConversationPage>();
        return Assert.Single(page.Items, c => c.Phone == phone);
    }

    public async Task<TimelinePage> TimelineAsync(int conversationId, string? cursor = null, int limit = 50) =>
        await (await Admin.GetAsync($"/api/whatsapp/conversations/{conversationId}/messages?limit={limit}"
            + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).ReadAsAsync<TimelinePage>();
}
