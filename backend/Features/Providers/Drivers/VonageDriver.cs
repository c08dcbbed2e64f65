using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>Vonage Messages API, WhatsApp channel.</summary>
public sealed partial class VonageDriver(
    IHttpClientFactory httpClientFactory,
    ILogger<VonageDriver> logger,
    TimeProvider clock) : IWhatsAppDriver
{
    /// <summary>Messages API host; replaced by <see cref="ProviderContext.BaseUrl"/> when set.</summary>
    public const string ApiOrigin = "https://api.nexmo.com";

    /// <summary>Account API host (balance, used to test API key and secret); also replaced by the one base URL.</summary>
    public const string RestOrigin = "https://rest.nexmo.com";

    /// <summary>Lifetime of the application JWTs we mint; a cached one is replaced well before it expires.</summary>
    internal static readonly TimeSpan JwtLifetime = TimeSpan.FromMinutes(15);
    internal static readonly TimeSpan JwtReuse = TimeSpan.FromMinutes(5);

    /// <summary>Signed webhooks older than this (by their iat) are refused.</summary>
    internal static readonly TimeSpan MaxWebhookAge = TimeSpan.FromMinutes(5);

    public string Type => "vonage";
    public string DisplayName => "Vonage";

    public IReadOnlyList<CredentialField> CredentialFields { get; } =
    [
        new("apiKey", "API key", Required: false, Secret: false,
            Help: "With the API secret: HTTP Basic authentication. Vonage signs no webhooks for an account set up with the API key and secret only, " +
                "so its status callbacks would be refused here: add the application ID and private key too."),
        new("apiSecret", "API secret", Required: false, Secret: true),
        new("applicationId", "Application ID", Required: false, Secret: false, Help: "With the private key: JWT authentication (recommended)."),
        new("privateKey", "Private key (PEM)", Required: false, Secret: true, Placeholder: "-----BEGIN PRIVATE KEY-----"),
        // Every message's status arrives by callback, and an unsigned callback is refused: without this nothing gets past "accepted".
        new("signatureSecret", "Signature secret", Required: true, Secret: true,
            Help: "Vonage signs its status and inbound callbacks with it (Dashboard → Settings → signature secret, method SHA-256 JWT); callbacks without a valid signature are refused, so statuses need it."),
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

    // ---- send -----------------------------------------------------------------------------------

    public async Task<SendResult> SendTemplateAsync(ProviderContext context, OutgoingMessage message, CancellationToken ct)
    {
        var c = context.Credentials;
        if (c.Get("from") is not { } from)
            return DriverLog.Failed(logger, Type, message.MessageId, ProviderErrors.Configuration("missing_credentials", "The Vonage WhatsApp number is not set."));
        AuthenticationHeaderValue auth;
        try
        {
            if (Auth(context) is not { } header)
                return DriverLog.Failed(logger, Type, message.MessageId, ProviderErrors.Configuration("missing_credentials", "Set the API key and secret, or the application ID and private key."));
            auth = header;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or SecurityTokenException)
        {
            return DriverLog.Failed(logger, Type, message.MessageId, ProviderErrors.Configuration("invalid_credentials", "The Vonage private key cannot be used: " + e.Message));
        }

        var (body, length) = BuildSendJson(message, from);
        var post = new SendPost(message.MessageId, DriverHttp.Origin(context.BaseUrl, ApiOrigin) + "/v1/messages", auth, body, length, DriverHttp.JsonMediaType);
        var (result, status) = await httpClientFactory.PostSendAsync(post, Answers, logger, clock, ct).ConfigureAwait(false);
        if (status == 401 && c.Get("applicationId") is not null) _jwts.TryRemove(context.ProviderId, out _); // mint afresh next time
        return result;
    }

    /// <summary>The same call as a template: only the body differs (see <see cref="BuildSendJson"/>).</summary>
    public Task<SendResult> SendTextAsync(ProviderContext context, OutgoingMessage message, CancellationToken ct) =>
        SendTemplateAsync(context, message, ct);

    /// <summary>202 {"message_uuid":…}; errors as RFC 7807 problems.</summary>
    private static readonly SendAnswerShape Answers = new("vonage", "message_uuid",
        root => root.Str("message_uuid"),
        root =>
        {
            var (code, text) = Problem(root);
            return new ProviderFault(code, text);
        });

    /// <summary>A template (message_type template, whatsapp.policy deterministic) or, with <see cref="OutgoingMessage.Text"/>, message_type text.</summary>
    internal static (byte[] Buffer, int Length) BuildSendJson(OutgoingMessage message, string from)
    {
        var buffer = new MemoryStream(320);
        using (var w = new Utf8JsonWriter(buffer, DriverJson.Writer))
        {
            w.WriteStartObject();
            if (message.Media is { } media)
            {
                WriteSessionMedia(w, media, message.Text, from, message);
                w.WriteEndObject();
                w.Flush();
                return (buffer.GetBuffer(), (int)buffer.Length);
            }
            w.WriteString("message_type", message.Text is not null ? "text" : NeedsCustom(message) ? "custom" : "template");
            w.WriteString("channel", "whatsapp");
            w.WriteString("to", PhoneAddress.Digits(message.To));
            w.WriteString("from", PhoneAddress.Digits(from));
            if (message.Text is { } text)
            {
                w.WriteString("text", text);
                w.WriteString("client_ref", message.MessageId.ToString(CultureInfo.InvariantCulture));
                w.WriteEndObject();
                w.Flush();
                return (buffer.GetBuffer(), (int)buffer.Length);
            }
            if (NeedsCustom(message))
            {
                // Headers, buttons and named parameters have no place in message_type template (positional body
                // parameters only): they go as custom, which carries WhatsApp's own template object.
                w.WriteStartObject("custom");
                w.WriteString("type", "template");
                w.WriteStartObject("template");
                w.WriteString("name", message.ExternalTemplateId);
                w.WriteStartObject("language");
                w.WriteString("policy", "deterministic");
                w.WriteString("code", message.Language);
                w.WriteEndObject();
                MetaDriver.WriteComponents(w, message);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteString("client_ref", message.MessageId.ToString(CultureInfo.InvariantCulture));
                w.WriteEndObject();
                w.Flush();
                return (buffer.GetBuffer(), (int)buffer.Length);
            }
            w.WriteStartObject("template");
            w.WriteString("name", message.ExternalTemplateId);
            if (message.Parameters.Count > 0)
            {
                w.WriteStartArray("parameters");
                foreach (var (_, value) in message.Parameters) w.WriteStringValue(value);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteStartObject("whatsapp");
            w.WriteString("policy", "deterministic");
            w.WriteString("locale", message.Language);
            w.WriteEndObject();
            w.WriteString("client_ref", message.MessageId.ToString(CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        return (buffer.GetBuffer(), (int)buffer.Length);
    }

    /// <summary>A template message that message_type template cannot express: a header or button parameter, or named body parameters.</summary>
    private static bool NeedsCustom(OutgoingMessage message) =>
        message.Text is null && (message.Header is not null || message.Buttons.Count > 0 || message.ParameterFormat == ParameterFormat.Named && message.Parameters.Count > 0);

    /// <summary>
    /// RFC 7807 body → (code, message). The code is the fragment or last segment of "type"
    /// (".../api-errors/messages#1300" → "1300", ".../api-errors#unauthorized" → "unauthorized"), else "title".
    /// </summary>
    internal static (string? Code, string? Message) Problem(JsonElement root)
    {
        var type = root.Str("type");
        var title = root.Str("title");
        var detail = root.Str("detail");
        string? code = null;
        if (!string.IsNullOrWhiteSpace(type))
        {
            var cut = type.LastIndexOf('#');
            if (cut < 0) cut = type.TrimEnd('/').LastIndexOf('/');
            code = type[(cut + 1)..].TrimEnd('/');
        }
        if (string.IsNullOrEmpty(code)) code = string.IsNullOrWhiteSpace(title) ? null : title;

        var invalid = string.Join(", ", root.Arr("invalid_parameters")
            .Select(p => p.Str("name") is { } n ? (p.Str("reason") is { } r ? $"{n}: {r}" : n) : null)
            .Where(p => p is not null));
        var text = (title, detail) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => $"{title}: {detail}",
            ({ Length: > 0 }, _) => title,
            (_, { Length: > 0 }) => detail,
            _ => null,
        };
        if (invalid.Length > 0) text = text is null ? invalid : $"{text} ({invalid})";
        return (code, text);
    }

    // ---- auth: application JWT (RS256) or Basic -----------------------------------------------------

    private sealed class JwtEntry(string applicationId, string privateKey, RsaSecurityKey key)
    {
        public string ApplicationId { get; } = applicationId;
        public string PrivateKey { get; } = privateKey;
        public SigningCredentials Signing { get; } = new(key, SecurityAlgorithms.RsaSha256);
        public Lock Gate { get; } = new();
        public volatile Minted? Current;
    }

    private sealed record Minted(AuthenticationHeaderValue Header, string Token, DateTimeOffset MintedAt);

    private readonly ConcurrentDictionary<int, JwtEntry> _jwts = new();
    private static readonly JsonWebTokenHandler TokenHandler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>JWT Bearer when application ID and private key are set (recommended), else Basic API key:secret; null if neither.</summary>
    private AuthenticationHeaderValue? Auth(ProviderContext context)
    {
        var c = context.Credentials;
        if (c.Get("applicationId") is not null && c.Get("privateKey") is not null) return ApplicationJwt(context).Header;
        if (c.Get("apiKey") is { } key && c.Get("apiSecret") is { } secret) return AuthHeaders.Basic(key, secret);
        return null;
    }

    /// <summary>
    /// The provider's application JWT: RS256 with the private key, claims application_id, iat, jti and exp (15 min).
    /// One token is reused for a few minutes per provider so sends do not pay an RSA signature each.
    /// </summary>
    internal (AuthenticationHeaderValue Header, string Token) ApplicationJwt(ProviderContext context)
    {
        var applicationId = context.Credentials.Get("applicationId")!;
        var pem = context.Credentials.Get("privateKey")!;
        var entry = _jwts.TryGetValue(context.ProviderId, out var cached) && cached.ApplicationId == applicationId && cached.PrivateKey == pem
            ? cached
            : _jwts[context.ProviderId] = new JwtEntry(applicationId, pem, LoadKey(pem));

        var now = clock.GetUtcNow();
        if (entry.Current is { } minted && now - minted.MintedAt < JwtReuse && now >= minted.MintedAt) return (minted.Header, minted.Token);
        lock (entry.Gate)
        {
            if (entry.Current is { } again && now - again.MintedAt < JwtReuse && now >= again.MintedAt) return (again.Header, again.Token);
            var token = TokenHandler.CreateToken(new SecurityTokenDescriptor
            {
                Claims = new Dictionary<string, object>
                {
                    ["application_id"] = applicationId,
                    ["jti"] = Guid.NewGuid().ToString(),
                },
                IssuedAt = now.UtcDateTime,
                Expires = (now + JwtLifetime).UtcDateTime,
                SigningCredentials = entry.Signing,
            });
            var fresh = new Minted(new AuthenticationHeaderValue("Bearer", token), token, now);
            entry.Current = fresh;
            return (fresh.Header, fresh.Token);
        }
    }

    /// <summary>PKCS#8 or PKCS#1 PEM; tolerates keys pasted with literal "\n" sequences.</summary>
    private static RsaSecurityKey LoadKey(string pem)
    {
        if (!pem.Contains('\n') && pem.Contains("\\n", StringComparison.Ordinal)) pem = pem.Replace("\\n", "\n", StringComparison.Ordinal);
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
        return new RsaSecurityKey(rsa);
    }

    // ---- connection test ---------------------------------------------------------------------------

    /// <summary>
    /// With API key and secret: reads the account balance (a real credential check). With only an application ID and
    /// private key Vonage offers no harmless call, so the check is that the key parses and a JWT can be built; the
    /// credentials are fully checked by the first send.
    /// </summary>
    public async Task<ConnectionTestResult> TestConnectionAsync(ProviderContext context, CancellationToken ct)
    {
        var c = context.Credentials;
        string? jwtNote = null;
        if (c.Get("applicationId") is not null && c.Get("privateKey") is not null)
        {
            try
            {
                ApplicationJwt(context);
                jwtNote = "The private key is readable and an application JWT was built";
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException or SecurityTokenException)
            {
                return new(false, "The private key cannot be used: " + e.Message);
            }
        }

        if (c.Get("apiKey") is not { } key || c.Get("apiSecret") is not { } secret)
        {
            return jwtNote is null
                ? new(false, "Set the API key and secret, or the application ID and private key.")
                : new(true, jwtNote + "; Vonage checks the application credentials only when the first message is sent.");
        }

        var url = DriverHttp.Origin(context.BaseUrl, RestOrigin) + "/account/get-balance?api_key=" + Uri.EscapeDataString(key)
            + "&api_secret=" + Uri.EscapeDataString(secret);
        try
        {
            var (status, body, raw) = await ApiReads.GetAsync(httpClientFactory, url, null, DisplayName, ct).ConfigureAwait(false);
            using (body)
            {
                var root = body?.RootElement ?? default;
                if (status == HttpStatusCode.OK && root.Str("value") is { } value)
                {
                    var balance = decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString("0.00", CultureInfo.InvariantCulture) : value;
                    return new(true, $"Connected to Vonage: API key and secret accepted (balance {balance})" + (jwtNote is null ? "." : $". {jwtNote}."));
                }
                var (code, text) = Problem(root);
                return status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                    ? new(false, $"Vonage rejected the API key and secret ({(int)status}).")
                    : new(false, $"Vonage answered {(int)status}{(code is null ? "" : $" ({code})")}: {text ?? raw}");
            }
        }
        catch (HttpRequestException e)
        {
            return new(false, e.Message);
        }
    }

    // ---- templates -----------------------------------------------------------------------------------

    /// <summary>
    /// The Messages API has no template list: WhatsApp templates are managed in Meta's WhatsApp Manager, so they are
    /// added here by hand. Throws, so the sync endpoint tells the user rather than reporting an empty sync.
    /// </summary>
    public Task<IReadOnlyList<RemoteTemplate>> ListTemplatesAsync(ProviderContext context, CancellationToken ct) =>
        throw new NotSupportedException("Vonage does not list WhatsApp templates; add them by hand.");

    // ---- webhooks ------------------------------------------------------------------------------------

    /// <summary>
    /// Signed webhooks only: HS256 JWT with the signature secret, payload_hash of the raw body, iat within 5 minutes.
    /// Without a signature secret configured, every webhook is refused (unsigned ones cannot be trusted).
    /// </summary>
    public bool VerifyWebhook(ProviderContext context, WebhookRequest request)
    {
        if (context.Credentials.Get("signatureSecret") is not { } secret)
        {
            DriverLog.WebhookRejected(logger, Type, context.ProviderId, "no signature secret is configured, so webhooks cannot be verified");
            return false;
        }
        var check = WebhookSignatures.VerifyVonage(secret, request.Body, WebhookInput.Find(request.Headers, "Authorization"), clock.GetUtcNow(), MaxWebhookAge);
        if (check == WebhookSignatures.VonageCheck.Valid) return true;
        DriverLog.WebhookRejected(logger, Type, context.ProviderId, check.ToString());
        return false;
    }

    /// <summary>A body with "status" is a status callback; one with a message_type and no status is an inbound message.</summary>
    /// <summary>A status report's <c>usage {currency, price}</c>: what Vonage charged for the message.</summary>
    private static MessagePricing? Usage(JsonElement usage) =>
        usage.ValueKind == JsonValueKind.Object
        && decimal.TryParse(usage.Str("price"), NumberStyles.Number, CultureInfo.InvariantCulture, out var price)
        && usage.Str("currency") is { Length: 3 } currency
            ? new MessagePricing(null, null, price, currency.ToUpperInvariant())
            : null;

    public WebhookEvents ParseWebhook(WebhookRequest request)
    {
        using var json = DriverJson.Parse(request.Body);
        if (json is null || json.RootElement.ValueKind != JsonValueKind.Object)
        {
            DriverLog.WebhookUnparseable(logger, Type, "not a JSON object");
            return WebhookEvents.None;
        }
        var root = json.RootElement;
        var id = root.Str("message_uuid");
        if (id is null) return WebhookEvents.None;

        if (root.Str("status") is { } rawStatus)
        {
            if (MapStatus(rawStatus) is not { } status) return WebhookEvents.None;
            var error = root.Obj("error");
            string? code = null, text = null;
            if (error.ValueKind == JsonValueKind.Object)
            {
                (code, text) = Problem(error);
                text = error.Str("detail") ?? text;
            }
            long? clientRef = long.TryParse(root.Str("client_ref"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : null;
            return new WebhookEvents([new StatusUpdate(id, status, Timestamp(root.Str("timestamp")), code, text, clientRef) { Pricing = Usage(root.Obj("usage")) }], []);
        }

        if (root.Str("from") is { Length: > 0 } from && root.Str("message_type") is not null)
            return new WebhookEvents([], [VonageInbound.Parse(root, PhoneAddress.E164(from), id, Timestamp(root.Str("timestamp")))]);
        return WebhookEvents.None;
    }

    /// <summary>submitted → Accepted, delivered, read, rejected → Failed, undeliverable → Undelivered.</summary>
    internal static MessageStatus? MapStatus(string status) => ProviderStatuses.Map("vonage", status);

    private static DateTime? Timestamp(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t.UtcDateTime
            : null;
}
