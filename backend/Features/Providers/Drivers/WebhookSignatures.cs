using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>Meta's and Vonage's webhook signature schemes (Twilio's is the SDK's RequestValidator). Every comparison is constant-time.</summary>
public static class WebhookSignatures
{
    // ---- Meta -------------------------------------------------------------------------------------

    /// <summary>X-Hub-Signature-256 value: "sha256=" + lowercase hex HMAC-SHA256(appSecret, raw body).</summary>
    public static string MetaSignature(string appSecret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    public static bool VerifyMeta(string appSecret, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(appSecret) || header is null) return false;
        var value = header.AsSpan().Trim();
        if (!value.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase)) return false;
        byte[] given;
        try
        {
            given = Convert.FromHexString(value["sha256=".Length..]);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body), given);
    }

    // ---- Vonage -----------------------------------------------------------------------------------

    /// <summary>Why a Vonage signed webhook was refused; <see cref="VonageCheck.Valid"/> when it was not.</summary>
    public enum VonageCheck { Valid, MissingToken, BadSignature, PayloadHashMismatch, MissingIssuedAt, Stale }

    private static readonly JsonWebTokenHandler TokenHandler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>
    /// Vonage signed webhooks: "Authorization: Bearer &lt;JWT&gt;", HS256 with the signature secret, claim payload_hash =
    /// hex SHA-256 of the raw body, and iat no older than <paramref name="maxAge"/> (nor that far in the future).
    /// </summary>
    public static VonageCheck VerifyVonage(string signatureSecret, ReadOnlySpan<byte> body, string? authorizationHeader,
        DateTimeOffset now, TimeSpan maxAge)
    {
        if (string.IsNullOrEmpty(signatureSecret)) return VonageCheck.BadSignature;
        if (authorizationHeader is null || !authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return VonageCheck.MissingToken;
        var token = authorizationHeader["Bearer ".Length..].Trim();
        if (token.Length == 0) return VonageCheck.MissingToken;

        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(HmacKey(signatureSecret)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false, // Vonage sets no exp; freshness is checked on iat below
            RequireExpirationTime = false,
            RequireSignedTokens = true,
        };
        // No configuration manager is involved, so validation completes synchronously.
        var result = TokenHandler.ValidateTokenAsync(token, parameters).GetAwaiter().GetResult();
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt) return VonageCheck.BadSignature;

        if (!jwt.TryGetPayloadValue<string>("payload_hash", out var hash) || hash is null) return VonageCheck.PayloadHashMismatch;
        byte[] given;
        try
        {
            given = Convert.FromHexString(hash);
        }
        catch (FormatException)
        {
            return VonageCheck.PayloadHashMismatch;
        }
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(body), given)) return VonageCheck.PayloadHashMismatch;

        if (!jwt.TryGetPayloadValue<long>("iat", out var iat) || iat <= 0) return VonageCheck.MissingIssuedAt;
        var age = now - DateTimeOffset.FromUnixTimeSeconds(iat);
        return age > maxAge || age < -maxAge ? VonageCheck.Stale : VonageCheck.Valid;
    }

    /// <summary>
    /// IdentityModel refuses HS256 keys under 256 bits, but Vonage secrets can be shorter. HMAC right-pads a short key
    /// with zero bytes to the hash block size anyway (RFC 2104 §2), so padding it to 32 bytes ourselves yields the
    /// very same MAC.
    /// </summary>
    internal static byte[] HmacKey(string secret)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        if (key.Length >= 32) return key;
        var padded = new byte[32];
        key.CopyTo(padded, 0);
        return padded;
    }
}
