namespace WhatsApp.Tests.Providers;

/// <summary>Valid request bodies, one per provider type, for tests to start from.</summary>
public static class ProviderRequests
{
    public const string TwilioAuthToken = "twilio-auth-token-7f3a9c1e5b";
    public const string TwilioAccountSid = "AC0123456789abcdef0123456789abcdef";

    public static object Twilio(string name = "Main Twilio", string authToken = TwilioAuthToken, string? baseUrl = null, int messagesPerSecond = 80) => new
    {
        name,
        providerType = "twilio",
        credentials = new Dictionary<string, string?> { ["accountSid"] = TwilioAccountSid, ["authToken"] = authToken, ["from"] = "+14155550100" },
        settings = new { baseUrl, messagesPerSecond },
    };

    public static object Vonage(string name = "Vonage EU") => new
    {
        name,
        providerType = "vonage",
        credentials = new Dictionary<string, string?> { ["apiKey"] = "abcd1234", ["apiSecret"] = "vonage-api-secret-55aa", ["signatureSecret"] = "vonage-signature-secret-77bb", ["from"] = "+447700900001" },
        settings = new { baseUrl = (string?)null, messagesPerSecond = 80 },
    };

    public static object Meta(string name = "Meta Cloud") => new
    {
        name,
        providerType = "meta",
        credentials = new Dictionary<string, string?> { ["phoneNumberId"] = "106540352242922", ["accessToken"] = "EAAG-meta-access-token-998877", ["appSecret"] = "meta-app-secret-445566" },
        settings = new { baseUrl = (string?)null, messagesPerSecond = 80 },
    };
}
