using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FakeProvider;

/// <summary>
/// The providers' signature schemes, public so tests can compute expected values or mint tokens.
/// JWTs are done by hand: only RS256 verification and HS256/RS256 signing are needed, and it keeps
/// the fake free of package dependencies.
/// </summary>
public static class Signing
{
    /// <summary>
    /// X-Twilio-Signature: Base64(HMAC-SHA1(authToken, url + name1 + value1 + name2 + value2 ...)) with
    /// parameters sorted by name (ordinal, as Twilio's own validators do).
    /// </summary>
    public static string TwilioSignature(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var p in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
            data.Append(p.Key).Append(p.Value);
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
        return Convert.ToBase64String(mac);
    }

    /// <summary>X-Hub-Signature-256 value: "sha256=" + lowercase hex HMAC-SHA256(appSecret, raw body).</summary>
    public static string MetaSignature(string appSecret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>
    /// The Bearer token Vonage puts on signed webhooks: HS256 with the account's signature secret and a
    /// payload_hash binding it to the exact body bytes.
    /// </summary>
    public static string VonageWebhookJwt(string signatureSecret, string apiKey, string? applicationId, ReadOnlySpan<byte> body)
    {
        var claims = new Dictionary<string, object>
        {
            ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["iss"] = "Vonage",
            ["payload_hash"] = Sha256Hex(body),
            ["api_key"] = apiKey,
        };
        if (applicationId is not null) claims["application_id"] = applicationId;
        return CreateHs256Jwt(signatureSecret, claims);
    }

    public static string CreateHs256Jwt(string secret, object claims)
    {
        var signingInput = SigningInput("HS256", claims);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(mac);
    }

    /// <summary>Mints a Vonage-style application JWT (tests use it to exercise the JWT auth path).</summary>
    public static string CreateRs256Jwt(RSA privateKey, object claims)
    {
        var signingInput = SigningInput("RS256", claims);
        var signature = privateKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    public static bool TryDecodeJwt(string token, out JsonElement header, out JsonElement payload)
    {
        header = payload = default;
        var parts = token.Split('.');
        if (parts.Length != 3) return false;
        try
        {
            header = JsonSerializer.Deserialize<JsonElement>(Base64Url.DecodeFromChars(parts[0]));
            payload = JsonSerializer.Deserialize<JsonElement>(Base64Url.DecodeFromChars(parts[1]));
            return header.ValueKind == JsonValueKind.Object && payload.ValueKind == JsonValueKind.Object;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    /// <summary>Checks only the signature; the caller checks alg and claims.</summary>
    public static bool VerifyRs256(string token, RSA publicKey)
    {
        var lastDot = token.LastIndexOf('.');
        if (lastDot <= 0) return false;
        try
        {
            var signature = Base64Url.DecodeFromChars(token.AsSpan(lastDot + 1));
            var signed = Encoding.ASCII.GetBytes(token[..lastDot]);
            return publicKey.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }

    /// <summary>
    /// A verify-only key from either PEM Vonage hands out: the application's public key, or the private
    /// key the app signs with (its public half is derived).
    /// </summary>
    public static RSA LoadRsaPublicKey(string pem)
    {
        using var full = RSA.Create();
        full.ImportFromPem(pem);
        var publicOnly = RSA.Create();
        publicOnly.ImportParameters(full.ExportParameters(includePrivateParameters: false));
        return publicOnly;
    }

    private static string SigningInput(string alg, object claims)
    {
        var header = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new { alg, typ = "JWT" }));
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(claims, claims.GetType()));
        return header + "." + payload;
    }
}
