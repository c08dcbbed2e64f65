using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>Meta's WhatsApp Cloud API (Graph API).</summary>
public sealed partial class MetaDriver(
    IHttpClientFactory httpClientFactory,
    ILogger<MetaDriver> logger,
    TimeProvider clock,
    IOptions<WhatsAppDriverOptions> options) : IWhatsAppDriver
{
    /// <summary>Graph API host; replaced by <see cref="ProviderContext.BaseUrl"/> when set.</summary>
    public const string GraphOrigin = "https://graph.facebook.com";

    /// <summary>The one Graph API version every call uses.</summary>
    public const string GraphVersion = "v23.0";

    private const string TemplateFields = "name,language,status,category,parameter_format,components,rejected_reason,id";

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

    // ---- send -----------------------------------------------------------------------------------

    public async Task<SendResult> SendTemplateAsync(ProviderContext context, OutgoingMessage message, CancellationToken ct)
    {
        var c = context.Credentials;
        if (c.Get("phoneNumberId") is not { } phoneNumberId || c.Get("accessToken") is not { } token)
            return DriverLog.Failed(logger, Type, message.MessageId, ProviderErrors.Configuration("missing_credentials", "Set the Meta phone number ID and access token."));

        var (body, length) = BuildSendJson(message);
        var url = DriverHttp.Origin(context.BaseUrl, GraphOrigin) + "/" + GraphVersion + "/" + Uri.EscapeDataString(phoneNumberId) + "/messages";
        var post = new SendPost(message.MessageId, url, AuthHeaders.Bearer(token), body, length, DriverHttp.JsonMediaType);
        return (await httpClientFactory.PostSendAsync(post, Answers, logger, clock, ct).ConfigureAwait(false)).Result;
    }

    /// <summary>The same call as a template: only the body differs (see <see cref="BuildSendJson"/>).</summary>
    public Task<SendResult> SendTextAsync(ProviderContext context, OutgoingMessage message, CancellationToken ct) =>
        SendTemplateAsync(context, message, ct);

    /// <summary>
    /// 200 {"messages":[{"id":"wamid…","message_status":"accepted"}]} (or held_for_quality_assessment, paused while Meta
    /// paces a template); errors in the Graph error object.
    /// </summary>
    private static readonly SendAnswerShape Answers = new("meta", "messages[0].id",
        root => root.Arr("messages").Select(m => m.Str("id")).FirstOrDefault(id => !string.IsNullOrEmpty(id)),
        GraphError,
        root => root.Arr("messages").Select(m => m.Str("message_status")).FirstOrDefault());

    /// <summary>
    /// {"messaging_product":"whatsapp","recipient_type":"individual","to":…,"type":"template","template":{"name":…,
    /// "language":{"code":…},"components":[{"type":"body","parameters":[{"type":"text","text":…}]}]}}; named templates add
    /// "parameter_name" to each parameter; no parameters, no components. A free-form message is "type":"text","text":{"body":…}.
    /// </summary>
    internal static (byte[] Buffer, int Length) BuildSendJson(OutgoingMessage message)
    {
        var buffer = new MemoryStream(384);
        using (var w = new Utf8JsonWriter(buffer, DriverJson.Writer))
        {
            w.WriteStartObject();
            w.WriteString("messaging_product", "whatsapp");
            w.WriteString("recipient_type", "individual");
            w.WriteString("to", PhoneAddress.Digits(message.To));
            if (message.Media is { } media)
            {
                WriteSessionMedia(w, media, message.Text);
                w.WriteEndObject();
                return FlushedBuffer(w, buffer);
            }
            if (message.Text is { } text)
            {
                w.WriteString("type", "text");
                w.WriteStartObject("text");
                w.WriteBoolean("preview_url", false);
                w.WriteString("body", text);
                w.WriteEndObject();
                w.WriteEndObject();
                return FlushedBuffer(w, buffer);
            }
            w.WriteString("type", "template");
            w.WriteStartObject("template");
            w.WriteString("name", message.ExternalTemplateId);
            w.WriteStartObject("language");
            w.WriteString("code", message.Language);
            w.WriteEndObject();
            WriteComponents(w, message);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return (buffer.GetBuffer(), (int)buffer.Length);
    }

    /// <summary>
    /// template.components: the header's parameter (text, or image/video/document with its link, a document with its
    /// filename), the body's text parameters, then one "button" component per filled button with its sub_type and index
    /// (url: the suffix as text; copy_code: a coupon_code). Named templates add parameter_name to text parameters. Nothing
    /// to fill, no components. Vonage's message_type custom takes the same array.
    /// </summary>
    internal static void WriteComponents(Utf8JsonWriter w, OutgoingMessage message)
    {
        if (message.Parameters.Count == 0 && message.Header is null && message.Buttons.Count == 0) return;
        var named = message.ParameterFormat == ParameterFormat.Named;
        w.WriteStartArray("components");
        if (message.Header is { } header)
        {
            w.WriteStartObject();
            w.WriteString("type", "header");
            w.WriteStartArray("parameters");
            w.WriteStartObject();
            if (header.Format == HeaderFormat.Text)
            {
                w.WriteString("type", "text");
                if (named && header.Placeholder is { } name) w.WriteString("parameter_name", name);
                w.WriteString("text", header.Value);
            }
            else
            {
                var type = header.Format.ToString().ToLowerInvariant();
                w.WriteString("type", type);
                w.WriteStartObject(type);
                w.WriteString("link", header.Link ?? header.Value);
                if (header.Format == HeaderFormat.Document && header.FileName is { Length: > 0 } fileName) w.WriteString("filename", fileName);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        if (message.Parameters.Count > 0)
        {
            w.WriteStartObject();
            w.WriteString("type", "body");
            w.WriteStartArray("parameters");
            foreach (var (key, value) in message.Parameters)
            {
                w.WriteStartObject();
                w.WriteString("type", "text");
                if (named) w.WriteString("parameter_name", key);
                w.WriteString("text", value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        foreach (var button in message.Buttons)
        {
            w.WriteStartObject();
            w.WriteString("type", "button");
            w.WriteString("sub_type", button.Type == ButtonType.CopyCode ? "copy_code" : "url");
            w.WriteString("index", button.Index.ToString(CultureInfo.InvariantCulture));
            w.WriteStartArray("parameters");
            w.WriteStartObject();
            if (button.Type == ButtonType.CopyCode)
            {
                w.WriteString("type", "coupon_code");
                w.WriteString("coupon_code", button.Value);
            }
            else
            {
                w.WriteString("type", "text");
                w.WriteString("text", button.Value);
            }
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static (byte[] Buffer, int Length) FlushedBuffer(Utf8JsonWriter w, MemoryStream buffer)
    {
        w.Flush();
        return (buffer.GetBuffer(), (int)buffer.Length);
    }

    /// <summary>{"error":{"message","type","code","error_subcode","error_data":{"details"},"is_transient","fbtrace_id"}}.</summary>
    internal static ProviderFault GraphError(JsonElement root)
    {
        var error = root.Obj("error");
        if (error.ValueKind != JsonValueKind.Object) return default;
        var message = error.Str("message");
        var details = error.Obj("error_data").Str("details");
        if (!string.IsNullOrEmpty(details) && details != message) message = message is null ? details : $"{message} ({details})";
        if (error.Str("fbtrace_id") is { } trace) message = $"{message} [fbtrace_id {trace}]";
        bool? transient = error.TryGetProperty("is_transient", out var t) && t.ValueKind is JsonValueKind.True or JsonValueKind.False ? t.GetBoolean() : null;
        return new ProviderFault(error.Str("code"), message, transient);
    }

    // ---- connection test ---------------------------------------------------------------------------

    public async Task<ConnectionTestResult> TestConnectionAsync(ProviderContext context, CancellationToken ct)
    {
        var c = context.Credentials;
        if (c.Get("phoneNumberId") is not { } phoneNumberId || c.Get("accessToken") is not { } token)
            return new(false, "Set the phone number ID and the access token.");
        var url = DriverHttp.Origin(context.BaseUrl, GraphOrigin) + "/" + GraphVersion + "/" + Uri.EscapeDataString(phoneNumberId)
            + "?fields=verified_name,display_phone_number,quality_rating";
        try
        {
            var (status, body, raw) = await ApiReads.GetAsync(httpClientFactory, url, AuthHeaders.Bearer(token), DisplayName, ct).ConfigureAwait(false);
            using (body)
            {
                var root = body?.RootElement ?? default;
                if (status == HttpStatusCode.OK && root.ValueKind == JsonValueKind.Object)
                {
                    var name = root.Str("verified_name") ?? "(no verified name)";
                    var number = root.Str("display_phone_number") ?? phoneNumberId;
                    var quality = root.Str("quality_rating");
                    return new(true, $"Connected to {number} ({name})" + (quality is null ? "." : $", quality rating {quality}."));
                }
                return new(false, ErrorText(status, root, raw));
            }
        }
        catch (HttpRequestException e)
        {
            return new(false, e.Message);
        }
    }

    // ---- messaging limit -----------------------------------------------------------------------------

    /// <summary>
    /// GET /{phone-number-id}?fields=messaging_limit_tier: the field Graph serves up to v23.0 (the version every call
    /// here uses); v24.0 renamed it whatsapp_business_manager_messaging_limit, read too should the version move on.
    /// </summary>
    public async Task<string?> ReadMessagingTierAsync(ProviderContext context, CancellationToken ct)
    {
        var c = context.Credentials;
        if (c.Get("phoneNumberId") is not { } phoneNumberId || c.Get("accessToken") is not { } token) return null;
        var url = DriverHttp.Origin(context.BaseUrl, GraphOrigin) + "/" + GraphVersion + "/" + Uri.EscapeDataString(phoneNumberId) + "?fields=messaging_limit_tier";
        var (status, body, raw) = await ApiReads.GetAsync(httpClientFactory, url, AuthHeaders.Bearer(token), DisplayName, ct).ConfigureAwait(false);
        using (body)
        {
            var root = body?.RootElement ?? default;
            if (status != HttpStatusCode.OK) throw new HttpRequestException(ErrorText(status, root, raw), null, status);
            return root.ValueKind != JsonValueKind.Object ? null
                : root.Str("messaging_limit_tier") ?? root.Str("whatsapp_business_manager_messaging_limit");
        }
    }

    private string ErrorText(HttpStatusCode status, JsonElement root, string raw)
    {
        var (code, message, _) = GraphError(root);
        var meaning = code is null ? null : ProviderErrors.Describe(Type, code)?.Meaning;
        return $"Meta answered {(int)status}{(code is null ? "" : $", error {code}")}: {(meaning is null ? message ?? raw : $"{meaning} {message}")}".TrimEnd();
    }

    // ---- templates -----------------------------------------------------------------------------------

    public async Task<IReadOnlyList<RemoteTemplate>> ListTemplatesAsync(ProviderContext context, CancellationToken ct)
    {
        var c = context.Credentials;
        if (c.Get("businessAccountId") is not { } waba)
            throw new InvalidOperationException("Template sync needs the WhatsApp Business Account ID: add it to the Meta provider's settings.");
        if (c.Get("accessToken") is not { } token)
            throw new InvalidOperationException("Template sync needs the Meta access token.");
        var auth = AuthHeaders.Bearer(token);
        var limit = Math.Clamp(options.Value.TemplatePageSize, 1, 1000);
        var url = DriverHttp.Origin(context.BaseUrl, GraphOrigin) + "/" + GraphVersion + "/" + Uri.EscapeDataString(waba)
            + "/message_templates?limit=" + limit.ToString(CultureInfo.InvariantCulture) + "&fields=" + Uri.EscapeDataString(TemplateFields);
        return await ApiReads.GetAllPagesAsync(httpClientFactory, url, auth, DisplayName, context.BaseUrl, GraphOrigin,
            "data", page => page.Obj("paging").Str("next"), ParseTemplate, ErrorText, ct).ConfigureAwait(false);
    }

    internal static RemoteTemplate? ParseTemplate(JsonElement item)
    {
        if (item.Str("name") is not { Length: > 0 } name) return null;
        var bodyComponent = item.Arr("components").FirstOrDefault(x => string.Equals(x.Str("type"), "BODY", StringComparison.OrdinalIgnoreCase));
        var body = bodyComponent.Str("text") ?? "";
        var format = item.Str("parameter_format")?.ToUpperInvariant() switch
        {
            "NAMED" => ParameterFormat.Named,
            "POSITIONAL" => ParameterFormat.Positional,
            _ => TemplatePlaceholders.FormatOf(body),
        };

        var samples = new Dictionary<string, string>(StringComparer.Ordinal);
        var example = bodyComponent.Obj("example");
        foreach (var named in example.Arr("body_text_named_params"))
            if (named.Str("param_name") is { Length: > 0 } key) samples[key] = named.Str("example") ?? "";
        var positional = example.Arr("body_text").FirstOrDefault();
        if (positional.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var value in positional.EnumerateArray())
            {
                i++;
                samples.TryAdd(i.ToString(CultureInfo.InvariantCulture), DriverJson.AsText(value) ?? "");
            }
        }

        var rejected = item.Str("rejected_reason");
        var components = item.Arr("components").ToList();
        return new RemoteTemplate(
            ExternalId: name,
            Name: name,
            Language: item.Str("language") ?? "en_US",
            Category: (item.Str("category") ?? "UTILITY").ToUpperInvariant(),
            Status: MapTemplateStatus(item.Str("status")),
            RejectionReason: string.IsNullOrWhiteSpace(rejected) || rejected.Equals("NONE", StringComparison.OrdinalIgnoreCase) ? null : rejected,
            Body: body,
            ParameterFormat: format,
            Samples: samples)
        {
            Header = ParseHeader(components.FirstOrDefault(x => Is(x, "HEADER"))),
            Footer = components.FirstOrDefault(x => Is(x, "FOOTER")).Str("text"),
            Buttons = components.Where(x => Is(x, "BUTTONS")).SelectMany(x => x.Arr("buttons")).Select(ParseButton).ToList(),
        };
    }

    private static bool Is(JsonElement component, string type) =>
        component.ValueKind == JsonValueKind.Object && string.Equals(component.Str("type"), type, StringComparison.OrdinalIgnoreCase);

    /// <summary>HEADER format → ours; example.header_text / header_handle give the sample.</summary>
    private static RemoteHeader? ParseHeader(JsonElement header)
    {
        if (header.ValueKind != JsonValueKind.Object) return null;
        var format = HeaderFormats.GetValueOrDefault(header.Str("format")?.ToUpperInvariant() ?? "TEXT", HeaderFormat.Text);
        var example = header.Obj("example");
        var sample = example.Arr("header_text").Select(DriverJson.AsText).FirstOrDefault()
            ?? example.Arr("header_text_named_params").Select(p => p.Str("example")).FirstOrDefault()
            ?? example.Arr("header_handle").Select(DriverJson.AsText).FirstOrDefault();
        return new RemoteHeader(format, format == HeaderFormat.Text ? header.Str("text") : null, null, sample);
    }

    private static RemoteButton ParseButton(JsonElement b)
    {
        var type = ButtonTypes.GetValueOrDefault(b.Str("type")?.ToUpperInvariant() ?? "", ButtonType.QuickReply);
        var sample = b.Arr("example").Select(DriverJson.AsText).FirstOrDefault() ?? (b.TryGetProperty("example", out var e) ? DriverJson.AsText(e) : null);
        return new RemoteButton(type, b.Str("text") ?? "", b.Str("url"), b.Str("phone_number"), null, sample);
    }

    /// <summary>Meta's HEADER formats and button types as ours.</summary>
    private static readonly Dictionary<string, HeaderFormat> HeaderFormats = new()
    {
        ["TEXT"] = HeaderFormat.Text, ["IMAGE"] = HeaderFormat.Image, ["VIDEO"] = HeaderFormat.Video,
        ["DOCUMENT"] = HeaderFormat.Document, ["LOCATION"] = HeaderFormat.Location,
    };

    private static readonly Dictionary<string, ButtonType> ButtonTypes = new()
    {
        ["QUICK_REPLY"] = ButtonType.QuickReply, ["URL"] = ButtonType.Url, ["PHONE_NUMBER"] = ButtonType.PhoneNumber,
        ["COPY_CODE"] = ButtonType.CopyCode, ["OTP"] = ButtonType.Otp,
    };

    /// <summary>Graph template states → APPROVED, PENDING, REJECTED, PAUSED, DISABLED.</summary>
    internal static string MapTemplateStatus(string? status) => status?.ToUpperInvariant() switch
    {
        "APPROVED" => "APPROVED",
        "REJECTED" => "REJECTED",
        "PAUSED" => "PAUSED",
        "DISABLED" or "DELETED" or "PENDING_DELETION" or "ARCHIVED" or "LIMIT_EXCEEDED" => "DISABLED",
        _ => "PENDING", // PENDING, IN_APPEAL, …
    };

    // ---- webhooks ------------------------------------------------------------------------------------

    /// <summary>X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256(app secret, raw body).</summary>
    public bool VerifyWebhook(ProviderContext context, WebhookRequest request)
    {
        if (context.Credentials.Get("appSecret") is not { } secret)
        {
            DriverLog.WebhookRejected(logger, Type, context.ProviderId, "no app secret is configured");
            return false;
        }
        var header = WebhookInput.Find(request.Headers, "X-Hub-Signature-256");
        if (WebhookSignatures.VerifyMeta(secret, request.Body, header)) return true;
        DriverLog.WebhookRejected(logger, Type, context.ProviderId, header is null ? "no X-Hub-Signature-256 header" : "signature mismatch");
        return false;
    }

    /// <summary>GET ?hub.mode=subscribe&amp;hub.verify_token=…&amp;hub.challenge=… → echo the challenge when the token matches.</summary>
    public WebhookChallenge? AnswerChallenge(ProviderContext context, WebhookRequest request)
    {
        var mode = WebhookInput.Find(request.Query, "hub.mode");
        var given = WebhookInput.Find(request.Query, "hub.verify_token");
        var challenge = WebhookInput.Find(request.Query, "hub.challenge");
        var expected = context.Credentials.Get("verifyToken");
        var ok = string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase)
            && mode == "subscribe"
            && expected is not null && given is not null && challenge is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
        if (!ok) DriverLog.WebhookRejected(logger, Type, context.ProviderId, expected is null ? "verification GET but no verify token is configured" : "verification GET with a wrong token or mode");
        return ok ? new WebhookChallenge(true, challenge) : new WebhookChallenge(false, null);
    }

    /// <summary>Statuses from entry[].changes[].value.statuses[]; inbound texts (and button/interactive replies) from value.messages[].</summary>
    public WebhookEvents ParseWebhook(WebhookRequest request)
    {
        using var json = DriverJson.Parse(request.Body);
        if (json is null || json.RootElement.ValueKind != JsonValueKind.Object)
        {
            DriverLog.WebhookUnparseable(logger, Type, "not a JSON object");
            return WebhookEvents.None;
        }

        List<StatusUpdate>? statuses = null;
        List<InboundMessage>? inbound = null;
        List<TemplateEvent>? templates = null;
        foreach (var entry in json.RootElement.Arr("entry"))
        foreach (var change in entry.Arr("changes"))
        {
            var value = change.Obj("value");
            if (MetaTemplateEvents.Parse(change.Str("field"), value) is { } templateEvent)
            {
                (templates ??= []).Add(templateEvent);
                continue;
            }
            foreach (var s in value.Arr("statuses"))
            {
                if (s.Str("id") is not { Length: > 0 } id || MapStatus(s.Str("status")) is not { } status) continue;
                var error = s.Arr("errors").FirstOrDefault();
                var code = error.Str("code");
                var text = error.Str("title") ?? error.Str("message") ?? (code is null ? null : ProviderErrors.Describe(Type, code)?.Meaning);
                (statuses ??= []).Add(new StatusUpdate(id, status, UnixTime(s.Str("timestamp")), code, text) { Pricing = Pricing(s.Obj("pricing")) });
            }

            var contacts = value.Arr("contacts").ToList();
            foreach (var m in value.Arr("messages"))
            {
                // Since 2026 a user may have only a business-scoped id and no phone number; such messages cannot be threaded yet.
                if (m.Str("from") is not { Length: > 0 } from) continue;
                var contact = contacts.FirstOrDefault(x => x.Str("wa_id") == from);
                if (contact.ValueKind != JsonValueKind.Object && contacts.Count > 0) contact = contacts[0];
                (inbound ??= []).Add(MetaInbound.Parse(m, PhoneAddress.E164(from), contact.Obj("profile").Str("name"), UnixTime(m.Str("timestamp"))));
            }
        }
        return statuses is null && inbound is null && templates is null
            ? WebhookEvents.None
            : new WebhookEvents(statuses ?? [], inbound ?? []) { Templates = templates ?? [] };
    }

    internal static MessageStatus? MapStatus(string? status) => ProviderStatuses.Map("meta", status);

    /// <summary>
    /// A status's <c>pricing {billable, pricing_model, category, type}</c>; null when absent. Meta reports the category
    /// only (the amount follows from its rate card); "billable" may be a boolean or its text.
    /// </summary>
    private static MessagePricing? Pricing(JsonElement pricing) =>
        pricing.ValueKind != JsonValueKind.Object ? null
            : new MessagePricing(pricing.Str("category")?.Trim().ToLowerInvariant(), bool.TryParse(pricing.Str("billable"), out var billable) ? billable : null);

    private static DateTime? UnixTime(string? seconds) =>
        long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? DateTimeOffset.FromUnixTimeSeconds(s).UtcDateTime : null;
}
