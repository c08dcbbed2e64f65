using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Messaging;

/// <summary>One active Twilio provider pointing at the fake, an approved template "bill_due" bound to it.</summary>
public sealed class TwilioHarness : SendingHarness
{
    public int ProviderId { get; private set; }
    public string ContentSid { get; } = "HX" + new string('a', 32);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ProviderId = await AddTwilioProviderAsync();
        await AddTemplateAsync(ProviderId, externalId: ContentSid);
    }
}
