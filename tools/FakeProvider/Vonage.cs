using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace FakeProvider;

/// <summary>Vonage Messages API (WhatsApp channel) with RFC 7807 problem bodies.</summary>
internal static class VonageApi
{
    private const string ProblemJson = "application/problem+json";
    private const string InvalidParamsType = "https://developer.vonage.com/api-errors/messages#1150";

    // Vonage's WhatsApp sandbox number, for inbound messages that do not say which number was written to.
    private const string DefaultNumber = "14157386102";

    private sealed record InvalidParameter(string name, string reason);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/v1/messages", SendAsync);
        routes.MapGet("/account/get-balance", GetBalance);
    }

    private static async Task<IResult> SendAsync(HttpContext ctx, FakeProviderState state, WebhookDispatcher hooks)
    {
        var body = await Wire.ReadBodyAsync(ctx.Request);
        if (body is null) return Problem(413, "https://developer.vonage.com/api-errors#payload-too-large", "Payload Too Large", "The request body is too large.");

        var msg = new ReceivedMessage
        {
            UserAgent = ctx.Request.Headers.UserAgent.ToString(),
            Provider = "vonage",
            RawBodyUtf8 = state.TrimRawBody(body, out var truncated),
            RawBodyTruncated = truncated,
        };
        var parsed = Wire.TryParseJson(body, out var root) && root.ValueKind == JsonValueKind.Object;
        if (parsed) Describe(root, msg);

        IResult Reject(int status, string type, string title, string detail, IReadOnlyList<InvalidParameter>? invalid = null)
        {
            state.Record(msg, status, $"{status}:{type[(type.LastIndexOf('#') + 1)..]}");
            return Problem(status, type, title, detail, invalid);
        }

        switch (await state.Chaos.ApplyAsync(ctx.RequestAborted))
        {
            case ChaosOutcome.Timeout:
                msg.Id = Wire.Uuid();
                state.Record(msg, 0, "timeout");
                return await state.Chaos.HoldThenAbortAsync(ctx);
            case ChaosOutcome.TooManyRequests:
                state.Chaos.SetRetryAfter(ctx.Response);
                return Reject(429, "https://developer.vonage.com/api-errors#throttled", "Too Many Requests", "Please wait, then retry your request");
            case ChaosOutcome.InternalError:
                return Reject(500, "https://developer.vonage.com/api-errors#internal-error", "Internal Error", "An internal error occurred. Please try again later.");
            case ChaosOutcome.ServiceUnavailable:
                return Reject(503, "https://developer.vonage.com/api-errors#service-unavailable", "Service Unavailable", "The service is temporarily unavailable. Please try again later.");
        }

        var (app, scheme) = Authenticate(ctx.Request, state);
        if (app is null)
            return Reject(401, "https://developer.vonage.com/api-errors#unauthorized", "Unauthorized", "You did not provide correct credentials.");
        msg.AccountId = app.Account.ApiKey;
        msg.AuthScheme = scheme;

        if (!parsed)
            return Reject(400, "https://developer.vonage.com/api-errors#bad-request", "Bad Request", "The request body did not contain valid JSON.");

        var invalid = Validate(root);
        if (invalid.Count > 0)
            return Reject(422, InvalidParamsType, "Invalid params", "The value of one or more parameters is invalid.", invalid);

        // Free-form messages, text or media, are session messages: only inside the customer's 24-hour window.
        var rule = Wire.Str(root, "message_type") is "text" or "image" or "file" or "video" or "audio"
            ? state.FindFreeTextError("vonage", msg.To) : state.FindRecipientError(msg.To);
        if (rule is { IsSync: true })
            return Reject(rule.HttpStatus ?? 400, $"https://developer.vonage.com/api-errors/messages#{rule.Code}",
                Title(rule.Code), rule.Message ?? Detail(rule.Code));

        var id = Wire.Uuid();
        msg.Id = id;
        state.Record(msg, 202, "accepted");
        MediaFetch.Start(ctx, msg, MediaFetch.VonageLinks(root));
        ScheduleStatusCallbacks(state, hooks, app.Account, id, msg.To!, msg.From!, msg.ClientRef, rule);
        return Results.Json(new { message_uuid = id }, Wire.Json, statusCode: 202);
    }

    /// <summary>Used by apps to test credentials: query parameters like the real endpoint, or Basic.</summary>
    private static IResult GetBalance(HttpContext ctx, FakeProviderState state)
    {
        string? key = ctx.Request.Query["api_key"], secret = ctx.Request.Query["api_secret"];
        if (key is null && Wire.TryParseBasic(ctx.Request, out var user, out var password)) (key, secret) = (user, password);
        var account = key is null ? null : state.GetVonageAccount(key);
        if (account is null || account.ApiSecret != secret)
            return Problem(401, "https://developer.vonage.com/api-errors#unauthorized", "Unauthorized", "You did not provide correct credentials.");
        return Results.Json(new { value = 10.5, autoReload = false }, Wire.Json);
    }

    private static void Describe(JsonElement root, ReceivedMessage msg)
    {
        msg.To = Wire.Str(root, "to");
        msg.From = Wire.Str(root, "from");
        msg.ClientRef = Wire.Str(root, "client_ref");
        switch (Wire.Str(root, "message_type"))
        {
            case "template" when Wire.Obj(root, "template") is { } template:
                msg.Template = Wire.Str(template, "name");
                msg.Language = Wire.Obj(root, "whatsapp") is { } wa ? Wire.Str(wa, "locale") : null;
                msg.Parameters = Wire.Arr(template, "parameters")?.EnumerateArray().Select(Wire.AsText).ToArray();
                break;
            // "custom" carries Meta's own template format.
            case "custom" when Wire.Obj(root, "custom") is { } custom && Wire.Obj(custom, "template") is { } template:
                msg.Template = Wire.Str(template, "name");
                msg.Language = Wire.Obj(template, "language") is { } language ? Wire.Str(language, "code") : null;
                msg.Parameters = MetaApi.BodyParameters(template).Select(p => p.Text ?? "").ToArray();
                (msg.HeaderParameter, msg.ButtonParameters) = MetaApi.SentComponents(template);
                break;
        }
    }

    private static readonly string[] SessionMediaTypes = ["image", "file", "video", "audio"];

    private static List<InvalidParameter> Validate(JsonElement root)
    {
        var invalid = new List<InvalidParameter>();
        var type = Wire.Str(root, "message_type");
        if (type is null) invalid.Add(new("message_type", "Must be provided"));
        else if (type is not ("template" or "custom" or "text") && !SessionMediaTypes.Contains(type))
            invalid.Add(new("message_type", "Must be one of: template, custom, text, image, file, video, audio"));

        if (Wire.Str(root, "channel") != "whatsapp") invalid.Add(new("channel", "Must be 'whatsapp'"));
        CheckNumber(root, "to", invalid);
        CheckNumber(root, "from", invalid);

        switch (type)
        {
            case "template":
                if (Wire.Obj(root, "template") is not { } template)
                {
                    invalid.Add(new("template", "Must be provided"));
                }
                else
                {
                    if (string.IsNullOrEmpty(Wire.Str(template, "name"))) invalid.Add(new("template.name", "Must be provided"));
                    if (template.TryGetProperty("parameters", out var parameters)
                        && (parameters.ValueKind != JsonValueKind.Array || parameters.EnumerateArray().Any(p => p.ValueKind != JsonValueKind.String)))
                        invalid.Add(new("template.parameters", "Must be an array of strings"));
                }

                var whatsapp = Wire.Obj(root, "whatsapp");
                if (whatsapp is null || Wire.Str(whatsapp.Value, "policy") != "deterministic")
                    invalid.Add(new("whatsapp.policy", "Must be 'deterministic'"));
                if (whatsapp is null || string.IsNullOrEmpty(Wire.Str(whatsapp.Value, "locale")))
                    invalid.Add(new("whatsapp.locale", "Must be provided"));
                break;
            case "custom":
                if (Wire.Obj(root, "custom") is null) invalid.Add(new("custom", "Must be provided"));
                break;
            case "image" or "file" or "video" or "audio":
                // A media message names a public URL Vonage fetches; a caption only where WhatsApp shows one.
                if (Wire.Obj(root, type) is not { } media || string.IsNullOrEmpty(Wire.Str(media, "url"))) invalid.Add(new($"{type}.url", "Must be provided"));
                else if (!Uri.TryCreate(Wire.Str(media, "url"), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    invalid.Add(new($"{type}.url", "Must be a valid URL"));
                else if (type == "audio" && Wire.Str(media, "caption") is not null) invalid.Add(new("audio.caption", "Not allowed for audio"));
                break;
            case "text":
                var text = Wire.Str(root, "text");
                if (string.IsNullOrEmpty(text)) invalid.Add(new("text", "Must be provided"));
                else if (text.Length > 4096) invalid.Add(new("text", "Must not be longer than 4096 characters"));
                break;
        }
        return invalid;
    }

    private static void CheckNumber(JsonElement root, string name, List<InvalidParameter> invalid)
    {
        var value = Wire.Str(root, name);
        if (string.IsNullOrEmpty(value)) invalid.Add(new(name, "Must be provided"));
        else if (!Wire.IsMsisdn(value)) invalid.Add(new(name, "Must be a number in E.164 format without a leading + or 00"));
    }

    private static (VonageApp? App, string? Scheme) Authenticate(HttpRequest request, FakeProviderState state)
    {
        if (Wire.TryParseBasic(request, out var user, out var password))
            return state.GetVonageApp(user) is { } app && app.Account.ApiSecret == password ? (app, "basic") : (null, null);
        return Wire.Bearer(request) is { } token && VerifyApplicationJwt(token, state) is { } jwtApp ? (jwtApp, "jwt") : (null, null);
    }

    /// <summary>RS256 against the application's key, application_id registered, exp not passed.</summary>
    internal static VonageApp? VerifyApplicationJwt(string token, FakeProviderState state)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        // Clients reuse a token for many sends; RSA verification is the expensive part, so cache hits.
        if (state.VonageJwtCache.TryGetValue(token, out var hit))
            return hit.Expires is null || hit.Expires > now ? hit.App : null;

        if (!Signing.TryDecodeJwt(token, out var header, out var payload) || Wire.Str(header, "alg") != "RS256") return null;
        var app = state.GetVonageAppByApplication(Wire.Str(payload, "application_id"));
        if (app is null || !app.HasKey) return null;

        var expires = NumericClaim(payload, "exp");
        if (expires <= now) return null;
        if (NumericClaim(payload, "nbf") > now + 60) return null;
        if (!app.Verify(token)) return null;

        if (state.VonageJwtCache.Count > 10_000) state.VonageJwtCache.Clear();
        state.VonageJwtCache[token] = new CachedJwt(app, expires);
        return app;
    }

    private static long? NumericClaim(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? (v.TryGetInt64(out var l) ? l : (long)v.GetDouble())
            : null;

    private static void ScheduleStatusCallbacks(
        FakeProviderState state, WebhookDispatcher hooks, VonageAccount account,
        string id, string to, string from, string? clientRef, RecipientErrorRule? rule)
    {
        var config = state.CallbacksConfig;
        if (!config.Enabled || string.IsNullOrEmpty(account.StatusUrl)) return;

        string[] statuses = rule is { IsAsync: true }
            ? [FailureStatus(rule.Status)]
            : config.Statuses.Select(s => s == "sent" ? "submitted" : s).ToArray();

        var steps = statuses.Select(status => (Func<WebhookRequest?>)(() =>
        {
            var failure = rule is { IsAsync: true } ? rule : null;
            var body = Json(w =>
            {
                w.WriteString("message_uuid", id);
                w.WriteString("to", to);
                w.WriteString("from", from);
                w.WriteString("timestamp", Wire.IsoMillis(DateTimeOffset.UtcNow));
                w.WriteString("status", status);
                w.WriteString("channel", "whatsapp");
                if (clientRef is not null) w.WriteString("client_ref", clientRef);
                if (failure is not null)
                {
                    w.WriteStartObject("error");
                    w.WriteString("type", $"https://developer.vonage.com/api-errors/messages#{failure.Code}");
                    w.WriteString("title", failure.Code.ToString(CultureInfo.InvariantCulture));
                    w.WriteString("detail", failure.Message ?? Detail(failure.Code));
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteStartObject("usage");
                    w.WriteString("currency", "EUR");
                    w.WriteString("price", "0.0333");
                    w.WriteEndObject();
                }
            });
            return Signed("status", account.StatusUrl!, account, body, id, status);
        })).ToArray();

        hooks.Enqueue(config.DelayMs, steps);
    }

    /// <summary>An inbound WhatsApp message of any kind as Vonage posts it to the application's inbound URL.</summary>
    internal static WebhookRequest BuildInbound(VonageAccount account, InboundRequest request, string url)
    {
        var id = request.MessageId ?? Wire.Uuid();
        var kind = request.KindOrText;
        var text = request.Text ?? "";
        var type = kind switch { "document" => "file", "quick_reply" => "reply", "contacts" => "vcard", _ => kind };
        var body = Json(w =>
        {
            w.WriteString("to", request.To is null ? DefaultNumber : Wire.Digits(request.To));
            w.WriteString("from", Wire.Digits(request.From));
            w.WriteString("channel", "whatsapp");
            w.WriteString("message_uuid", id);
            w.WriteString("timestamp", Wire.IsoMillis(request.SentAt));
            w.WriteString("message_type", type);
            if (kind == "text") w.WriteString("text", text);
            else
            {
                w.WriteStartObject(type);
                switch (kind)
                {
                    case "image" or "document" or "audio" or "video" or "sticker" or "contacts":
                        w.WriteString("url", request.MediaUrl ?? $"https://api-eu.vonage.com/v1/files/{Wire.Uuid()}");
                        if (text.Length > 0) w.WriteString("caption", text);
                        if (kind == "document") w.WriteString("name", request.FileName ?? "file.pdf");
                        break;
                    case "location":
                        w.WriteNumber("lat", request.Latitude!.Value);
                        w.WriteNumber("long", request.Longitude!.Value);
                        break;
                    case "button":
                        w.WriteString("payload", request.Payload ?? text);
                        w.WriteString("text", text);
                        break;
                    case "quick_reply":
                        w.WriteString("id", request.Payload ?? text);
                        w.WriteString("title", text);
                        break;
                    case "reaction":
                        w.WriteString("action", "react");
                        w.WriteString("emoji", text);
                        break;
                }
                w.WriteEndObject();
            }
            if (request.ContextId is { Length: > 0 } context)
            {
                w.WriteStartObject("context");
                w.WriteString("message_uuid", context);
                w.WriteEndObject();
            }
            w.WriteStartObject("profile");
            w.WriteString("name", request.ProfileName ?? "Fake User");
            w.WriteEndObject();
        });
        return Signed("inbound", url, account, body, id, null);
    }

    // Vonage signs webhooks only for accounts with a signature secret, as with "signed webhooks" enabled.
    private static WebhookRequest Signed(string kind, string url, VonageAccount account, byte[] body, string id, string? status) =>
        new("vonage", kind, url, body, "application/json",
            account.SignatureSecret is { Length: > 0 } secret
                ? [new("Authorization", "Bearer " + Signing.VonageWebhookJwt(secret, account.ApiKey, account.ApplicationId, body))]
                : [],
            id, status);

    private static byte[] Json(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, Wire.Writer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static string FailureStatus(string? requested) => requested?.ToLowerInvariant() switch
    {
        "undeliverable" or "undelivered" => "undeliverable",
        _ => "rejected",
    };

    private static IResult Problem(int status, string type, string title, string detail, IReadOnlyList<InvalidParameter>? invalid = null) =>
        Results.Json(new
        {
            type,
            title,
            detail,
            instance = Wire.Uuid(),
            invalid_parameters = invalid,
        }, Wire.JsonOmitNulls, ProblemJson, status);

    private static string Title(int code) => code switch
    {
        1000 => "Throttled",
        1020 => "Invalid params",
        1120 => "Illegal Sender Address - rejected",
        1150 => "Invalid params",
        1160 => "Non Whitelisted Destination",
        1170 => "Invalid or Missing MSISDN",
        1300 => "Not part of the provider network",
        1320 => "Message already sent",
        1330 => "Unknown from the provider",
        1340 => "Outside of the allowed window",
        1360 => "TTL was activated",
        1380 => "Invalid resource",
        _ => "Injected error",
    };

    private static string Detail(int code) => code switch
    {
        1170 => "The recipient number is invalid or missing.",
        1300 => "The recipient is not a WhatsApp user.",
        1340 => "The message was sent outside the 24 hour customer care window; use a template.",
        _ => $"Injected error {code}.",
    };
}
