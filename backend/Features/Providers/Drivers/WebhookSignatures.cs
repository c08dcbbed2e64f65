using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>The three providers' webhook signature schemes. Every comparison is constant-time.</summary>
public static class WebhookSignatures
{
    // ---- Twilio -----------------------------------------------------------------------------------

    /// <summary>
    /// X-Twilio-Signature: Base64(HMAC-SHA1(authToken, url + name1 + value1 + name2 + value2 …)), form parameters
    /// sorted by name (ordinal), then value for repeated names.
    /// </summary>
    public static string TwilioSignature(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters) =>
        Convert.ToBase64String(TwilioMac(authToken, url, parameters));

    /// <summary>
    /// True when <paramref name="signature"/> matches the URL as given or, like Twilio's own validators, the same URL
    /// with the default port added or removed (Twilio may sign either form).
    /// </summary>
    public static bool VerifyTwilio(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature)
    {
        if (string.IsNullOrEmpty(authToken) || string.IsNullOrWhiteSpace(signature)) return false;
        byte[] expected;
        try
        {
            expected = Convert.FromBase64String(signature.Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var list = parameters as IReadOnlyCollection<KeyValuePair<string, string>> ?? parameters.ToList();
        if (CryptographicOperations.FixedTimeEquals(TwilioMac(authToken, url, list), expected)) return true;
        return AlternatePortForm(url) is { } other && CryptographicOperations.FixedTimeEquals(TwilioMac(authToken, other, list), expected);
    }

    private static byte[] TwilioMac(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url, url.Length + 256);
        foreach (var p in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
            data.Append(p.Key).Append(p.Value);
        return HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
    }

    /// <summary>https://host/x ↔ https://host:443/x (and :80 for http); null when the URL has a non-default port.</summary>
    private static string? AlternatePortForm(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !uri.IsDefaultPort) return null;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) return null;
        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0) authorityEnd = url.Length;
        var authority = url[authorityStart..authorityEnd];
        var portSeparator = authority.LastIndexOf(':');
        var hasPort = portSeparator >= 0 && portSeparator > authority.LastIndexOf(']'); // not the colons of an IPv6 host
        var swapped = hasPort ? authority[..portSeparator] : authority + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Path and query stay exactly as given: Uri would re-escape them and change what was signed.
        return url[..authorityStart] + swapped + url[authorityEnd..];
    }

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
