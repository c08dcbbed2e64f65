using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace WhatsApp.Api.Features.Providers;

/// <summary>The credentials could not be decrypted: the key ring that protected them is gone. They must be entered again.</summary>
public sealed class CredentialsUnreadableException(int providerId)
    : Exception($"The credentials of WhatsApp provider {providerId} can no longer be decrypted and must be re-entered.")
{
    public int ProviderId { get; } = providerId;
}

/// <summary>Encrypts a provider's credentials as one blob, and masks them for display.</summary>
public sealed class ProviderCredentials(IDataProtectionProvider dataProtection)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("WhatsApp.ProviderCredentials.v1");

    public const string MaskPrefix = "••••";

    public string Protect(IReadOnlyDictionary<string, string> credentials) =>
        _protector.Protect(JsonSerializer.Serialize(credentials));

    public Dictionary<string, string> Unprotect(WhatsAppProvider provider)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(provider.EncryptedCredentials)) ?? [];
        }
        catch (CryptographicException)
        {
            // The message of the original exception can name the key id; none of it helps the caller.
            throw new CredentialsUnreadableException(provider.Id);
        }
    }

    public bool TryUnprotect(WhatsAppProvider provider, out Dictionary<string, string> credentials)
    {
        try { credentials = Unprotect(provider); return true; }
        catch (CredentialsUnreadableException) { credentials = []; return false; }
    }

    /// <summary>"••••" and the last four characters; secrets too short to keep four hidden show the dots alone.</summary>
    public static string Mask(string secret) => secret.Length >= 12 ? MaskPrefix + secret[^4..] : MaskPrefix;

    public static bool IsMasked(string? value) => value is not null && value.StartsWith(MaskPrefix, StringComparison.Ordinal);
}
