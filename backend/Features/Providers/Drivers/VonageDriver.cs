namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>Vonage Messages API, WhatsApp channel.</summary>
public sealed class VonageDriver : IWhatsAppDriver
{
    public string Type => "vonage";
    public string DisplayName => "Vonage";

    public IReadOnlyList<CredentialField> CredentialFields { get; } =
    [
        new("apiKey", "API key", Required: false, Secret: false, Help: "With the API secret: HTTP Basic authentication."),
        new("apiSecret", "API secret", Required: false, Secret: true),
        new("applicationId", "Application ID", Required: false, Secret: false, Help: "With the private key: JWT authentication (recommended)."),
        new("privateKey", "Private key (PEM)", Required: false, Secret: true, Placeholder: "-----BEGIN PRIVATE KEY-----"),
        new("signatureSecret", "Signature secret", Required: false, Secret: true, Help: "Verifies Vonage's signed webhooks."),
        new("from", "WhatsApp number", Required: true, Secret: false, Placeholder: "+447700900001"),
    ];

    public IEnumerable<(string Field, string Message)> ValidateCredentials(IReadOnlyDictionary<string, string> c)
    {
        var basic = c.Get("apiKey") is not null && c.Get("apiSecret") is not null;
        var jwt = c.Get("applicationId") is not null && c.Get("privateKey") is not null;
        if (!basic && !jwt)
            yield return (c.Get("apiKey") is null && c.Get("applicationId") is null ? "apiKey" : c.Get("apiKey") is null ? "privateKey" : "apiSecret",
                "Give the API key and secret, or the application ID and private key.");
        if (c.Get("privateKey") is { } pem && !pem.Contains("PRIVATE KEY-----"))
            yield return ("privateKey", "The private key must be in PEM form (-----BEGIN PRIVATE KEY-----).");
        if (c.Get("from") is { } from && !CredentialRules.IsE164(from.StartsWith('+') ? from : "+" + from))
            yield return ("from", "The WhatsApp number must be a phone number in international form, e.g. +447700900001.");
    }
}
