using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Customers;

/// <summary>
/// Each customer's one-click unsubscribe link, <c>/u/{token}</c>. The token is the customer id sealed with Data Protection
/// (authenticated encryption): it cannot be guessed from an id, and a changed character makes it invalid. It never expires:
/// a link in a year-old message must still work.
/// </summary>
public sealed class UnsubscribeLinks(IDataProtectionProvider dataProtection, PublicUrls urls)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("WhatsApp.Unsubscribe.v1");

    public const string PathPrefix = "/u/";

    public string TokenFor(int customerId)
    {
        Span<byte> id = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(id, customerId);
        return WebEncoders.Base64UrlEncode(_protector.Protect(id.ToArray()));
    }

    /// <summary>The absolute link, under App:PublicBaseUrl.</summary>
    public string UrlFor(int customerId) => urls.For(PathPrefix + TokenFor(customerId));

    /// <summary>The customer id sealed in the token, or null for a token this application did not issue.</summary>
    public int? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512) return null;
        try
        {
            var bytes = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            return bytes.Length == 4 ? BinaryPrimitives.ReadInt32BigEndian(bytes) : null;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }
}
