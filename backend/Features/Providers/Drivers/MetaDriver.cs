namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>Meta's WhatsApp Cloud API (Graph API).</summary>
public sealed class MetaDriver : IWhatsAppDriver
{
    public string Type => "meta";
    public string DisplayName => "Meta Cloud API";

    public IReadOnlyList<CredentialField> CredentialFields { get; } =
    [
        new("phoneNumberId", "Phone number ID", Required: true, Secret: false, Help: "WhatsApp Manager → API setup."),
        new("accessToken", "Access token", Required: true, Secret: true, Help: "A system user's permanent token."),
        new("appSecret", "App secret", Required: true, Secret: true, Help: "Verifies the X-Hub-Signature-256 of webhooks."),
        new("businessAccountId", "WhatsApp Business Account ID", Required: false, Secret: false, Help: "Needed to sync templates."),
        new("verifyToken", "Webhook verify token", Required: false, Secret: true, Help: "The token you enter when subscribing the webhook."),
    ];

    public IEnumerable<(string Field, string Message)> ValidateCredentials(IReadOnlyDictionary<string, string> c)
    {
        if (c.Get("phoneNumberId") is { } id && !id.All(char.IsAsciiDigit))
            yield return ("phoneNumberId", "The phone number ID is the numeric ID from WhatsApp Manager, not the phone number.");
        if (c.Get("businessAccountId") is { } waba && !waba.All(char.IsAsciiDigit))
            yield return ("businessAccountId", "The WhatsApp Business Account ID is numeric.");
    }
}
