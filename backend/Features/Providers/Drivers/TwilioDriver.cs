namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>Twilio Programmable Messaging for WhatsApp, over its REST API.</summary>
public sealed class TwilioDriver : IWhatsAppDriver
{
    public string Type => "twilio";
    public string DisplayName => "Twilio";

    public IReadOnlyList<CredentialField> CredentialFields { get; } =
    [
        new("accountSid", "Account SID", Required: true, Secret: false, Placeholder: "AC…", Help: "Console → Account info."),
        new("authToken", "Auth Token", Required: true, Secret: true, Help: "Also verifies the signatures of Twilio's webhooks."),
        new("apiKeySid", "API Key SID", Required: false, Secret: false, Placeholder: "SK…", Help: "Optional: send with an API key instead of the Auth Token (recommended in production)."),
        new("apiKeySecret", "API Key Secret", Required: false, Secret: true),
        new("from", "WhatsApp sender", Required: false, Secret: false, Placeholder: "+14155550100", Help: "The WhatsApp-enabled number, E.164. Either this or a Messaging Service SID."),
        new("messagingServiceSid", "Messaging Service SID", Required: false, Secret: false, Placeholder: "MG…"),
    ];

    public IEnumerable<(string Field, string Message)> ValidateCredentials(IReadOnlyDictionary<string, string> c)
    {
        if (c.Get("accountSid") is { } sid && !CredentialRules.HasPrefixAndLength(sid, "AC", 34))
            yield return ("accountSid", "An Account SID is 'AC' followed by 32 hexadecimal characters.");
        if ((c.Get("apiKeySid") is null) != (c.Get("apiKeySecret") is null))
            yield return (c.Get("apiKeySid") is null ? "apiKeySid" : "apiKeySecret", "API Key SID and API Key Secret go together.");
        if (c.Get("apiKeySid") is { } keySid && !CredentialRules.HasPrefixAndLength(keySid, "SK", 34))
            yield return ("apiKeySid", "An API Key SID is 'SK' followed by 32 hexadecimal characters.");
        if (c.Get("from") is null && c.Get("messagingServiceSid") is null)
            yield return ("from", "Give the WhatsApp sender number or a Messaging Service SID.");
        if (c.Get("from") is { } from && !CredentialRules.IsE164(from))
            yield return ("from", "The sender must be a phone number in E.164 form, e.g. +14155550100.");
        if (c.Get("messagingServiceSid") is { } ms && !CredentialRules.HasPrefixAndLength(ms, "MG", 34))
            yield return ("messagingServiceSid", "A Messaging Service SID is 'MG' followed by 32 hexadecimal characters.");
    }
}
