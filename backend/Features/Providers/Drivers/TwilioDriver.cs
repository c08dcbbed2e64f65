using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>Twilio Programmable Messaging for WhatsApp, over its REST API.</summary>
public sealed class TwilioDriver(
    IHttpClientFactory httpClientFactory,
    ILogger<TwilioDriver> logger,
    TimeProvider clock,
    IOptions<WhatsAppDriverOptions> options) : IWhatsAppDriver
{
    /// <summary>Messages API host; replaced by <see cref="ProviderContext.BaseUrl"/> when set.</summary>
    public const string ApiOrigin = "https://api.twilio.com";

    /// <summary>Content API host (templates); also replaced by the one base URL.</summary>
    public const string ContentOrigin = "https://content.twilio.com";

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

    // ---- send -----------------------------------------------------------------------------------

    public async Task<SendResult> SendTemplateAsync(ProviderContext context, OutgoingMessage message, CancellationToken ct)
    {
        var c = context.Credentials;
        if (c.Get("accountSid") is not { } accountSid)
            return SendResult.Failed(ProviderErrors.Configuration("missing_credentials", "The Twilio Account SID is not set."));
        if (Auth(c) is not { } auth)
            return SendResult.Failed(ProviderErrors.Configuration("missing_credentials", "Set the Twilio Auth Token or an API key and secret."));
        if (c.Get("from") is null && c.Get("messagingServiceSid") is null)
            return SendResult.Failed(ProviderErrors.Configuration("missing_credentials", "Set the WhatsApp sender or a Messaging Service SID."));

        var body = BuildSendForm(context, message);
        var url = DriverHttp.Origin(context.BaseUrl, ApiOrigin) + "/2010-04-01/Accounts/" + Uri.EscapeDataString(accountSid) + "/Messages.json";
        using var content = new TrackedContent(body, 0, body.Length, new MediaTypeHeaderValue(DriverHttp.FormContentType));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Authorization = auth;

        HttpResponseMessage? response;
        try
        {
            response = await httpClientFactory.CreateClient(DriverHttp.SendClient).SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (SendExchange.NetworkFailure(e, content.Started, ct) is { } failure)
        {
            return Fail(message, failure);
        }
        using (response)
        {
            var status = (int)response!.StatusCode;
            using var json = await DriverJson.ReadAsync(response, ct).ConfigureAwait(false);
            var root = json?.RootElement ?? default;
            if (response.IsSuccessStatusCode)
            {
                if (root.Str("sid") is not { Length: > 0 } sid)
                {
                    DriverLog.UnreadableAnswer(logger, Type, status, json is null ? "(not JSON)" : "(no sid)");
                    return Fail(message, ProviderErrors.Network("invalid_response", mayHaveBeenDelivered: true, detail: $"HTTP {status} without a message sid"));
                }
                var messageStatus = MapStatus(root.Str("status")) ?? MessageStatus.Accepted;
                if (messageStatus is MessageStatus.Failed or MessageStatus.Undelivered)
                {
                    var error = ProviderErrors.Classify(Type, 400, root.Str("error_code"), root.Str("error_message"), null);
                    DriverLog.Failure(logger, Type, message.MessageId, error);
                    return new SendResult(sid, messageStatus, error);
                }
                return SendResult.Accepted(sid, messageStatus);
            }

            // REST 2010 errors: {"code":21211,"message":"…","more_info":"…","status":400}
            return Fail(message, ProviderErrors.Classify(Type, status, root.Str("code"), root.Str("message"),
                DriverHttp.RetryAfter(response, clock)));
        }
    }

    private SendResult Fail(OutgoingMessage message, SendError error)
    {
        DriverLog.Failure(logger, Type, message.MessageId, error);
        return SendResult.Failed(error);
    }

    /// <summary>API key and secret when both are set (recommended), else Account SID and Auth Token.</summary>
    private static AuthenticationHeaderValue? Auth(IReadOnlyDictionary<string, string> c)
    {
        if (c.Get("apiKeySid") is { } keySid && c.Get("apiKeySecret") is { } keySecret) return AuthHeaders.Basic(keySid, keySecret);
        if (c.Get("accountSid") is { } sid && c.Get("authToken") is { } token) return AuthHeaders.Basic(sid, token);
        return null;
    }

    internal static byte[] BuildSendForm(ProviderContext context, OutgoingMessage message)
    {
        var c = context.Credentials;
        var form = new StringBuilder(384);
        Append(form, "To", "whatsapp:" + PhoneAddress.E164(message.To));
        if (c.Get("from") is { } from) Append(form, "From", "whatsapp:" + PhoneAddress.E164(from));
        // With both, Twilio sends from the given sender of the service's pool.
        if (c.Get("messagingServiceSid") is { } service) Append(form, "MessagingServiceSid", service);
        Append(form, "ContentSid", message.ExternalTemplateId);
        if (message.Parameters.Count > 0) Append(form, "ContentVariables", ContentVariables(message.Parameters));
        if (!string.IsNullOrWhiteSpace(context.StatusCallbackUrl)) Append(form, "StatusCallback", context.StatusCallbackUrl);
        return Encoding.UTF8.GetBytes(form.ToString());
    }

    private static void Append(StringBuilder form, string name, string value)
    {
        if (form.Length > 0) form.Append('&');
        form.Append(name).Append('=').Append(Uri.EscapeDataString(value));
    }

    /// <summary>{"1":"Ana","2":"$20"} or {"customer_name":"Ana"}: keys are the placeholder names.</summary>
    internal static string ContentVariables(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        using var buffer = new MemoryStream(64 + parameters.Count * 32);
        using (var w = new Utf8JsonWriter(buffer, DriverJson.Writer))
        {
            w.WriteStartObject();
            foreach (var (key, value) in parameters) w.WriteString(key, value);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Twilio message statuses on our scale; null for ones we do not track (received, receiving…).</summary>
    internal static MessageStatus? MapStatus(string? status) => status?.ToLowerInvariant() switch
    {
        "queued" or "accepted" or "scheduled" => MessageStatus.Accepted,
        "sending" or "sent" => MessageStatus.Sent,
        "delivered" => MessageStatus.Delivered,
        "read" => MessageStatus.Read,
        "undelivered" => MessageStatus.Undelivered,
        "failed" => MessageStatus.Failed,
        "canceled" => MessageStatus.Canceled,
        _ => null,
    };

    // ---- connection test ---------------------------------------------------------------------------

    public async Task<ConnectionTestResult> TestConnectionAsync(ProviderContext context, CancellationToken ct)
    {
        var c = context.Credentials;
        if (c.Get("accountSid") is not { } accountSid || Auth(c) is not { } auth)
            return new(false, "Set the Account SID and the Auth Token (or an API key and secret).");
        var url = DriverHttp.Origin(context.BaseUrl, ApiOrigin) + "/2010-04-01/Accounts/" + Uri.EscapeDataString(accountSid) + ".json";
        try
        {
            var (status, body, raw) = await ApiReads.GetAsync(httpClientFactory, url, auth, DisplayName, ct).ConfigureAwait(false);
            using (body)
            {
                var root = body?.RootElement ?? default;
                if (status == HttpStatusCode.OK)
                {
                    var accountStatus = root.Str("status") ?? "unknown";
                    var name = root.Str("friendly_name") ?? accountSid;
                    return accountStatus.Equals("active", StringComparison.OrdinalIgnoreCase)
                        ? new(true, $"Connected to Twilio account \"{name}\".")
                        : new(false, $"The Twilio account \"{name}\" is {accountStatus}.");
                }
                return new(false, ErrorText(status, root, raw));
            }
        }
        catch (HttpRequestException e)
        {
            return new(false, e.Message);
        }
    }

    private string ErrorText(HttpStatusCode status, JsonElement root, string raw)
    {
        var code = root.Str("code");
        var message = root.Str("message");
        var meaning = code is null ? null : ProviderErrors.Describe(Type, code)?.Meaning;
        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            return $"Twilio rejected the credentials ({(int)status}{(code is null ? "" : ", error " + code)}): {meaning ?? message ?? "check the Account SID and Auth Token or API key."}";
        return $"Twilio answered {(int)status}{(code is null ? "" : ", error " + code)}: {message ?? meaning ?? raw}";
    }

    // ---- templates -----------------------------------------------------------------------------------

    /// <summary>
    /// Content API items with their WhatsApp approval, every page. Approval status and rejection reason are read from
    /// the top level of approval_requests (the shape ContentAndApprovals returns; chatwoot/chatwoot#15350), falling
    /// back to approval_requests.whatsapp.
    /// </summary>
    public async Task<IReadOnlyList<RemoteTemplate>> ListTemplatesAsync(ProviderContext context, CancellationToken ct)
    {
        var c = context.Credentials;
        if (Auth(c) is not { } auth) throw new InvalidOperationException("Set the Twilio Auth Token or an API key and secret to sync templates.");
        var pageSize = Math.Clamp(options.Value.TemplatePageSize, 1, 1000);
        var url = DriverHttp.Origin(context.BaseUrl, ContentOrigin) + "/v1/ContentAndApprovals?PageSize=" + pageSize.ToString(CultureInfo.InvariantCulture);
        return await ApiReads.GetAllPagesAsync(httpClientFactory, url, auth, DisplayName, context.BaseUrl, ContentOrigin,
            "contents", page => page.Obj("meta").Str("next_page_url"), ParseTemplate, ErrorText, ct).ConfigureAwait(false);
    }

    internal static RemoteTemplate? ParseTemplate(JsonElement item)
    {
        if (item.Str("sid") is not { Length: > 0 } sid) return null;
        var approval = item.Obj("approval_requests");
        var whatsapp = approval.Obj("whatsapp");
        string? Approval(string name) => NonEmpty(approval.Str(name)) ?? NonEmpty(whatsapp.Str(name));

        var body = "";
        var types = item.Obj("types");
        if (types.ValueKind == JsonValueKind.Object)
        {
            body = types.Obj("twilio/text").Str("body") ?? "";
            if (body.Length == 0)
                foreach (var type in types.EnumerateObject())
                    if (type.Value.Str("body") is { Length: > 0 } b) { body = b; break; }
        }

        var samples = new Dictionary<string, string>(StringComparer.Ordinal);
        var variables = item.Obj("variables");
        if (variables.ValueKind == JsonValueKind.Object)
            foreach (var v in variables.EnumerateObject())
                samples[v.Name] = DriverJson.AsText(v.Value) ?? "";

        var rejection = Approval("rejection_reason");
        return new RemoteTemplate(
            ExternalId: sid,
            Name: Approval("name") ?? NonEmpty(item.Str("friendly_name")) ?? sid,
            Language: NonEmpty(item.Str("language")) ?? "en",
            Category: (Approval("category") ?? "UTILITY").ToUpperInvariant(),
            Status: MapApproval(Approval("status")),
            RejectionReason: rejection,
            Body: body,
            ParameterFormat: TemplatePlaceholders.FormatOf(body),
            Samples: samples);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Twilio approval states → APPROVED, PENDING, REJECTED, PAUSED, DISABLED.</summary>
    internal static string MapApproval(string? status) => status?.ToLowerInvariant() switch
    {
        "approved" => "APPROVED",
        "rejected" => "REJECTED",
        "paused" => "PAUSED",
        "disabled" or "deleted" => "DISABLED",
        _ => "PENDING", // unsubmitted, received, pending, in_review, or no approval yet
    };

    // ---- webhooks ------------------------------------------------------------------------------------

    /// <summary>X-Twilio-Signature over <see cref="WebhookRequest.PublicUrl"/> and the form parameters, with the Auth Token.</summary>
    public bool VerifyWebhook(ProviderContext context, WebhookRequest request)
    {
        if (context.Credentials.Get("authToken") is not { } token)
        {
            DriverLog.WebhookRejected(logger, Type, context.ProviderId, "no Auth Token is configured");
            return false;
        }
        var signature = WebhookInput.Find(request.Headers, "X-Twilio-Signature");
        if (signature is null)
        {
            DriverLog.WebhookRejected(logger, Type, context.ProviderId, "no X-Twilio-Signature header");
            return false;
        }
        // Twilio signs form parameters only for form posts; other bodies are signed by URL alone (bodySHA256 in it).
        var isForm = request.ContentType?.StartsWith(DriverHttp.FormContentType, StringComparison.OrdinalIgnoreCase) ?? request.Body.Length > 0;
        var parameters = isForm ? WebhookInput.ParseFormPairs(request.Body) : [];
        if (WebhookSignatures.VerifyTwilio(token, request.PublicUrl, parameters, signature)) return true;
        DriverLog.WebhookRejected(logger, Type, context.ProviderId,
            "signature mismatch (check that App:PublicBaseUrl is the exact URL Twilio calls, scheme and host included)");
        return false;
    }

    /// <summary>Internal so tests can check Twilio's published vector directly.</summary>
    internal static string ComputeSignature(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters) =>
        WebhookSignatures.TwilioSignature(authToken, url, parameters);

    /// <summary>A form with MessageStatus is a status callback; one with Body and no MessageStatus is an inbound message.</summary>
    public WebhookEvents ParseWebhook(WebhookRequest request)
    {
        var form = WebhookInput.ParseForm(request.Body);
        var sid = form.GetValueOrDefault("MessageSid") ?? form.GetValueOrDefault("SmsMessageSid") ?? form.GetValueOrDefault("SmsSid");
        var rawStatus = form.GetValueOrDefault("MessageStatus");

        if (rawStatus is not null && MapStatus(rawStatus) is { } status && sid is not null)
        {
            var code = NonEmpty(form.GetValueOrDefault("ErrorCode"));
            var errorMessage = NonEmpty(form.GetValueOrDefault("ErrorMessage"))
                ?? (code is null ? null : ProviderErrors.Describe(Type, code)?.Meaning);
            return new WebhookEvents([new StatusUpdate(sid, status, null, code, errorMessage)], []);
        }

        if (form.TryGetValue("Body", out var text) && form.GetValueOrDefault("From") is { Length: > 0 } from)
        {
            return new WebhookEvents([], [new InboundMessage(PhoneAddress.E164(from), text,
                sid, NonEmpty(form.GetValueOrDefault("ProfileName")))]);
        }
        return WebhookEvents.None;
    }
}
