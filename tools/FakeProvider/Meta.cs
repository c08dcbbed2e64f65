using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace FakeProvider;

/// <summary>Meta WhatsApp Cloud API (Graph API) with Graph error bodies.</summary>
internal static partial class MetaApi
{
    internal sealed record BodyParameter(string? Type, string? Text, string? Name);

    [GeneratedRegex(@"^v\d+\.\d+$")]
    private static partial Regex GraphVersion();

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/{version}/{phoneNumberId}/messages", SendAsync);
        routes.MapGet("/{version}/{nodeId}", GetNode);
        routes.MapGet("/{version}/{wabaId}/message_templates", ListTemplates);
    }

    private static async Task<IResult> SendAsync(HttpContext ctx, string version, string phoneNumberId, FakeProviderState state, WebhookDispatcher hooks)
    {
        if (!GraphVersion().IsMatch(version)) return UnknownPath(ctx);
        var body = await Wire.ReadBodyAsync(ctx.Request);
        if (body is null) return Error(413, 100, "(#100) Request body too large");

        var msg = new ReceivedMessage
        {
            UserAgent = ctx.Request.Headers.UserAgent.ToString(),
            Provider = "meta",
            AccountId = phoneNumberId,
            RawBodyUtf8 = state.TrimRawBody(body, out var truncated),
            RawBodyTruncated = truncated,
        };
        var parsed = Wire.TryParseJson(body, out var root) && root.ValueKind == JsonValueKind.Object;
        var template = parsed ? Wire.Obj(root, "template") : null;
        var parameters = template is { } t ? BodyParameters(t) : [];
        if (parsed)
        {
            msg.To = Wire.Str(root, "to");
            msg.Template = template is { } tt ? Wire.Str(tt, "name") : null;
            msg.Language = template is { } tl && Wire.Obj(tl, "language") is { } language ? Wire.Str(language, "code") : null;
            msg.Parameters = template is null ? null : parameters.Select(p => p.Text ?? "").ToArray();
        }

        IResult Reject(int status, int code, string message, string? details = null, int? subcode = null, bool? transient = null)
        {
            state.Record(msg, status, $"{status}:{code}");
            return Error(status, code, message, details, subcode, transient);
        }

        switch (await state.Chaos.ApplyAsync(ctx.RequestAborted))
        {
            case ChaosOutcome.Timeout:
                msg.Id = Wire.Wamid(Wire.Digits(msg.To));
                state.Record(msg, 0, "timeout");
                return await state.Chaos.HoldThenAbortAsync(ctx);
            case ChaosOutcome.TooManyRequests:
                state.Chaos.SetRetryAfter(ctx.Response);
                return Reject(429, 130429, "(#130429) Rate limit hit", "Cloud API message throughput has been reached.");
            case ChaosOutcome.InternalError:
                return Reject(500, 1, "An unknown error has occurred.", transient: true);
            case ChaosOutcome.ServiceUnavailable:
                return Reject(503, 2, "Service temporarily unavailable", transient: true);
        }

        var token = Wire.Bearer(ctx.Request);
        var account = state.GetMetaAccount(phoneNumberId);
        if (token is null || (account?.AccessToken != token && !state.IsKnownMetaToken(token)))
            return Reject(401, 190, "Invalid OAuth access token - Cannot parse access token");
        if (account is null || account.AccessToken != token)
            return Reject(400, 100, NoSuchObject(phoneNumberId), subcode: 33);
        msg.AuthScheme = "bearer";
        msg.From = account.DisplayDigits;

        if (!parsed) return Reject(400, 100, "(#100) Invalid parameter", "Request body is not valid JSON");
        if (Wire.Str(root, "messaging_product") != "whatsapp")
            return Reject(400, 100, "(#100) The parameter messaging_product is required.");
        var to = msg.To;
        if (string.IsNullOrEmpty(to)) return Reject(400, 100, "(#100) The parameter to is required.");
        if (!Wire.IsMsisdn(to.StartsWith('+') ? to[1..] : to))
            return Reject(400, 100, "(#100) Invalid parameter", $"Invalid 'to' parameter: {to}");

        var type = Wire.Str(root, "type") ?? "text";
        if (type == "template")
        {
            if (template is not { } tpl) return Reject(400, 100, "(#100) The parameter template is required.");
            var name = Wire.Str(tpl, "name");
            if (string.IsNullOrEmpty(name)) return Reject(400, 100, "(#100) The parameter template['name'] is required.");
            if (string.IsNullOrEmpty(msg.Language)) return Reject(400, 100, "(#100) The parameter template['language']['code'] is required.");
            // An empty text parameter is a classic 400 from Meta (frappe_whatsapp#221).
            if (parameters.Any(p => p.Type == "text" && string.IsNullOrWhiteSpace(p.Text)))
                return Reject(400, 100, "(#100) Invalid parameter", "Param text cannot be empty.");

            var seeded = state.GetMetaTemplates(account.WabaOrSelf);
            if (seeded.Count > 0 && CheckAgainstTemplate(seeded, name, msg.Language!, parameters) is { } problem)
                return Reject(problem.Status, problem.Code, problem.Message, problem.Details);
        }
        else if (type == "text")
        {
            if (Wire.Obj(root, "text") is not { } text || string.IsNullOrEmpty(Wire.Str(text, "body")))
                return Reject(400, 100, "(#100) The parameter text['body'] is required.");
        }
        else
        {
            return Reject(400, 100, "(#100) Invalid parameter", $"The fake supports message types template and text, not '{type}'");
        }

        var rule = type == "text" ? state.FindFreeTextError("meta", to) : state.FindRecipientError(to, msg.Template);
        if (rule is { IsAsync: false })
            return Reject(rule.HttpStatus ?? 400, rule.Code, $"(#{rule.Code}) {rule.Message ?? Title(rule.Code)}", rule.Message ?? Title(rule.Code));

        var digits = Wire.Digits(to);
        var id = Wire.Wamid(digits);
        msg.Id = id;
        state.Record(msg, 200, "accepted");
        ScheduleStatusCallbacks(state, hooks, account, id, digits, rule);

        return Results.Json(new
        {
            messaging_product = "whatsapp",
            contacts = new[] { new { input = to, wa_id = digits } },
            messages = new[] { new { id, message_status = "accepted" } },
        }, Wire.Json);
    }

    /// <summary>Apps read the phone number (or WABA) to test credentials.</summary>
    private static IResult GetNode(HttpContext ctx, string version, string nodeId, FakeProviderState state)
    {
        if (!GraphVersion().IsMatch(version)) return UnknownPath(ctx);
        var token = Wire.Bearer(ctx.Request);
        if (token is null || !state.IsKnownMetaToken(token)) return Error(401, 190, "Invalid OAuth access token - Cannot parse access token");

        if (state.GetMetaAccount(nodeId) is { } phone && phone.AccessToken == token)
        {
            return Results.Json(new
            {
                verified_name = phone.VerifiedName ?? "Fake Business",
                code_verification_status = "VERIFIED",
                display_phone_number = FormatDisplay(phone.DisplayDigits),
                quality_rating = "GREEN",
                platform_type = "CLOUD_API",
                throughput = new { level = "STANDARD" },
                id = phone.PhoneNumberId,
            }, Wire.Json);
        }

        if (state.MetaAccounts.FirstOrDefault(a => a.BusinessAccountId == nodeId && a.AccessToken == token) is { } owner)
        {
            return Results.Json(new
            {
                id = nodeId,
                name = owner.VerifiedName ?? "Fake Business",
                currency = "USD",
                timezone_id = "1",
                message_template_namespace = "fake_" + nodeId,
            }, Wire.Json);
        }

        return Error(400, 100, NoSuchObject(nodeId), subcode: 33);
    }

    private static IResult ListTemplates(HttpContext ctx, string version, string wabaId, FakeProviderState state)
    {
        if (!GraphVersion().IsMatch(version)) return UnknownPath(ctx);
        var token = Wire.Bearer(ctx.Request);
        if (token is null || !state.IsKnownMetaToken(token)) return Error(401, 190, "Invalid OAuth access token - Cannot parse access token");

        var query = ctx.Request.Query;
        IEnumerable<MetaTemplate> filtered = state.GetMetaTemplates(wabaId);
        if (query["status"].ToString() is { Length: > 0 } status)
            filtered = filtered.Where(t => string.Equals(t.Status, status, StringComparison.OrdinalIgnoreCase));
        if (query["name"].ToString() is { Length: > 0 } nameFilter)
            filtered = filtered.Where(t => t.Name.Contains(nameFilter, StringComparison.OrdinalIgnoreCase));
        var all = filtered.ToList();

        var limit = int.TryParse(query["limit"], out var l) ? Math.Clamp(l, 1, 1000) : 25;
        var start = 0;
        if (query["after"].ToString() is { Length: > 0 } after)
        {
            if (!TryDecodeCursor(after, out var last)) return Error(400, 100, "(#100) Invalid parameter", "Invalid 'after' cursor");
            start = last + 1;
        }
        else if (query["before"].ToString() is { Length: > 0 } before)
        {
            if (!TryDecodeCursor(before, out var first)) return Error(400, 100, "(#100) Invalid parameter", "Invalid 'before' cursor");
            start = Math.Max(0, first - limit);
        }

        var page = all.Skip(start).Take(limit).ToList();
        var data = page.Select(TemplateJson).ToList();
        if (page.Count == 0) return Results.Json(new { data }, Wire.Json);

        var end = start + page.Count - 1;
        string PageUrl(string cursorName, int index)
        {
            var kept = query.Where(q => q.Key is not ("after" or "before" or "limit"))
                .ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
            kept["limit"] = limit.ToString(CultureInfo.InvariantCulture);
            kept[cursorName] = EncodeCursor(index);
            return QueryHelpers.AddQueryString($"{Wire.BaseUrl(ctx.Request)}/{version}/{wabaId}/message_templates", kept);
        }

        return Results.Json(new
        {
            data,
            paging = new
            {
                cursors = new { before = EncodeCursor(start), after = EncodeCursor(end) },
                previous = start > 0 ? PageUrl("before", start) : null,
                next = end + 1 < all.Count ? PageUrl("after", end) : null,
            },
        }, Wire.JsonOmitNulls);
    }

    private static Dictionary<string, object?> TemplateJson(MetaTemplate t)
    {
        var component = new Dictionary<string, object?> { ["type"] = "BODY", ["text"] = t.Body };
        var names = t.Placeholders;
        if (names.Count > 0)
        {
            var samples = names.Select((_, i) => t.Examples is { } e && i < e.Length ? e[i] : $"example_{i + 1}").ToArray();
            component["example"] = t.IsNamed
                ? new { body_text_named_params = names.Select((n, i) => new { param_name = n, example = samples[i] }) }
                : new { body_text = new[] { samples } };
        }

        var json = new Dictionary<string, object?>
        {
            ["name"] = t.Name,
            ["parameter_format"] = t.IsNamed ? "NAMED" : "POSITIONAL",
            ["components"] = new[] { component },
            ["language"] = t.Language,
            ["status"] = t.Status,
            ["category"] = t.Category,
            ["id"] = t.Id,
        };
        if (t.RejectedReason is not null) json["rejected_reason"] = t.RejectedReason;
        return json;
    }

    private sealed record TemplateProblem(int Status, int Code, string Message, string Details);

    private static TemplateProblem? CheckAgainstTemplate(IReadOnlyList<MetaTemplate> seeded, string name, string language, IReadOnlyList<BodyParameter> parameters)
    {
        var template = seeded.FirstOrDefault(t => t.Name == name && t.Language == language);
        if (template is null || template.Status.ToUpperInvariant() is "PENDING" or "REJECTED")
            return new(404, 132001, "(#132001) Template name does not exist in the translation",
                $"template name ({name}) does not exist in {language}");
        switch (template.Status.ToUpperInvariant())
        {
            case "PAUSED":
                return new(400, 132015, "(#132015) Template is Paused", $"Template {name} is paused due to low quality.");
            case "DISABLED":
                return new(400, 132016, "(#132016) Template is Disabled", $"Template {name} has been disabled.");
        }

        var expected = template.Placeholders.Count;
        if (parameters.Count != expected)
            return new(400, 132000, "(#132000) Number of parameters does not match the expected number of params",
                $"body: number of localizable_params ({parameters.Count}) does not match the expected number of params ({expected})");

        if (template.IsNamed)
        {
            foreach (var p in parameters)
            {
                if (string.IsNullOrEmpty(p.Name))
                    return new(400, 100, "(#100) Invalid parameter", "Parameter name is missing or empty");
                if (!template.Placeholders.Contains(p.Name))
                    return new(400, 100, "(#100) Invalid parameter", $"Parameter name '{p.Name}' does not exist in the template");
            }
        }
        return null;
    }

    /// <summary>Parameters of the template's body component (what placeholders count against).</summary>
    internal static IReadOnlyList<BodyParameter> BodyParameters(JsonElement template)
    {
        var result = new List<BodyParameter>();
        if (Wire.Arr(template, "components") is not { } components) return result;
        foreach (var component in components.EnumerateArray())
        {
            if (!string.Equals(Wire.Str(component, "type"), "body", StringComparison.OrdinalIgnoreCase)) continue;
            if (Wire.Arr(component, "parameters") is not { } parameters) continue;
            foreach (var p in parameters.EnumerateArray())
            {
                var type = Wire.Str(p, "type");
                // currency and date_time parameters carry their display text in fallback_value.
                var text = type == "text" ? Wire.Str(p, "text")
                    : Wire.Obj(p, type ?? "") is { } typed ? Wire.Str(typed, "fallback_value") : null;
                result.Add(new BodyParameter(type, text, Wire.Str(p, "parameter_name")));
            }
        }
        return result;
    }

    private static void ScheduleStatusCallbacks(FakeProviderState state, WebhookDispatcher hooks, MetaAccount account, string id, string recipient, RecipientErrorRule? rule)
    {
        var config = state.CallbacksConfig;
        if (!config.Enabled || string.IsNullOrEmpty(account.CallbackUrl)) return;

        var failure = rule is { IsAsync: true } ? rule : null;
        string[] statuses = failure is not null ? ["failed"] : config.Statuses;
        var steps = statuses.Select(status => (Func<WebhookRequest?>)(() =>
        {
            var body = Envelope(account, value =>
            {
                value.WriteStartArray("statuses");
                value.WriteStartObject();
                value.WriteString("id", id);
                value.WriteString("status", status);
                value.WriteString("timestamp", Wire.UnixSeconds(DateTimeOffset.UtcNow));
                value.WriteString("recipient_id", recipient);
                if (failure is not null)
                {
                    var title = failure.Message ?? Title(failure.Code);
                    value.WriteStartArray("errors");
                    value.WriteStartObject();
                    value.WriteNumber("code", failure.Code);
                    value.WriteString("title", title);
                    value.WriteString("message", title);
                    value.WriteStartObject("error_data");
                    value.WriteString("details", title);
                    value.WriteEndObject();
                    value.WriteEndObject();
                    value.WriteEndArray();
                }
                else if (status is "sent" or "delivered")
                {
                    value.WriteStartObject("pricing");
                    value.WriteBoolean("billable", true);
                    value.WriteString("pricing_model", "PMP");
                    value.WriteString("category", "utility");
                    value.WriteEndObject();
                }
                value.WriteEndObject();
                value.WriteEndArray();
            });
            return Signed("status", account.CallbackUrl!, account, body, id, status);
        })).ToArray();

        hooks.Enqueue(config.DelayMs, steps);
    }

    /// <summary>An inbound message of any kind as the Cloud API posts it to the app's webhook.</summary>
    internal static WebhookRequest BuildInbound(MetaAccount account, InboundRequest request, string url)
    {
        var from = Wire.Digits(request.From);
        var id = request.MessageId ?? Wire.Wamid(from);
        var kind = request.KindOrText;
        var body = Envelope(account, value =>
        {
            value.WriteStartArray("contacts");
            value.WriteStartObject();
            value.WriteStartObject("profile");
            value.WriteString("name", request.ProfileName ?? "Fake User");
            value.WriteEndObject();
            value.WriteString("wa_id", from);
            value.WriteEndObject();
            value.WriteEndArray();

            value.WriteStartArray("messages");
            value.WriteStartObject();
            value.WriteString("from", from);
            value.WriteString("id", id);
            value.WriteString("timestamp", Wire.UnixSeconds(request.SentAt));
            if (request.ContextId is { Length: > 0 } context && kind != "reaction")
            {
                value.WriteStartObject("context");
                value.WriteString("from", account.DisplayDigits);
                value.WriteString("id", context);
                value.WriteEndObject();
            }
            var type = kind == "quick_reply" ? "interactive" : kind;
            value.WriteString("type", type);
            value.WriteStartObject(type);
            WriteInboundPart(value, request, kind);
            value.WriteEndObject();
            value.WriteEndObject();
            value.WriteEndArray();
        });
        return Signed("inbound", url, account, body, id, "received");
    }

    private static void WriteInboundPart(Utf8JsonWriter w, InboundRequest request, string kind)
    {
        var text = request.Text ?? "";
        switch (kind)
        {
            case "image" or "document" or "audio" or "video":
                w.WriteString("id", request.MediaUrl ?? Random.Shared.NextInt64(1_000_000_000_000, 9_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("mime_type", request.MediaType ?? (kind == "document" ? "application/pdf" : "image/jpeg"));
                w.WriteString("sha256", Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))));
                if (kind == "document") w.WriteString("filename", request.FileName ?? "file.pdf");
                if (text.Length > 0 && kind is "image" or "document" or "video") w.WriteString("caption", text);
                break;
            case "location":
                w.WriteNumber("latitude", request.Latitude!.Value);
                w.WriteNumber("longitude", request.Longitude!.Value);
                if (text.Length > 0) w.WriteString("name", text);
                break;
            case "button":
                w.WriteString("payload", request.Payload ?? text);
                w.WriteString("text", text);
                break;
            case "quick_reply":
                w.WriteString("type", "button_reply");
                w.WriteStartObject("button_reply");
                w.WriteString("id", request.Payload ?? text);
                w.WriteString("title", text);
                w.WriteEndObject();
                break;
            case "reaction":
                w.WriteString("message_id", request.ContextId ?? "");
                w.WriteString("emoji", text);
                break;
            default:
                w.WriteString("body", text);
                break;
        }
    }

    /// <summary>object / entry / changes / value wrapper shared by every Cloud API webhook.</summary>
    private static byte[] Envelope(MetaAccount account, Action<Utf8JsonWriter> writeValue)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, Wire.Writer))
        {
            w.WriteStartObject();
            w.WriteString("object", "whatsapp_business_account");
            w.WriteStartArray("entry");
            w.WriteStartObject();
            w.WriteString("id", account.WabaOrSelf);
            w.WriteStartArray("changes");
            w.WriteStartObject();
            w.WriteStartObject("value");
            w.WriteString("messaging_product", "whatsapp");
            w.WriteStartObject("metadata");
            w.WriteString("display_phone_number", account.DisplayDigits);
            w.WriteString("phone_number_id", account.PhoneNumberId);
            w.WriteEndObject();
            writeValue(w);
            w.WriteEndObject();
            w.WriteString("field", "messages");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    // Without an app secret the fake cannot sign, like a Meta app that has none configured.
    internal static WebhookRequest Signed(string kind, string url, MetaAccount account, byte[] body, string id, string status) =>
        new("meta", kind, url, body, "application/json",
            account.AppSecret is { Length: > 0 } secret
                ? [new("X-Hub-Signature-256", Signing.MetaSignature(secret, body)), new("User-Agent", "facebookexternalua")]
                : [new("User-Agent", "facebookexternalua")],
            id, status);

    private static IResult Error(int status, int code, string message, string? details = null, int? subcode = null, bool? transient = null) =>
        Results.Json(new
        {
            error = new
            {
                message,
                type = "OAuthException",
                code,
                error_subcode = subcode,
                is_transient = transient,
                error_data = details is null ? null : new { messaging_product = "whatsapp", details },
                fbtrace_id = Wire.FbTraceId(),
            },
        }, Wire.JsonOmitNulls, statusCode: status);

    // "/21.0/..." is a driver bug worth a Graph-style answer; "/_fake/typo" is not a Graph path at all.
    private static IResult UnknownPath(HttpContext ctx) =>
        ctx.Request.Path.StartsWithSegments("/_fake")
            ? Results.Json(new { error = "not_found", detail = $"The fake provider has no route for {ctx.Request.Method} {ctx.Request.Path}" }, statusCode: 404)
            : Error(400, 2500, $"Unknown path components: {ctx.Request.Path}");

    private static string NoSuchObject(string id) =>
        $"Unsupported post request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api";

    private static string Title(int code) => code switch
    {
        130429 => "Rate limit hit",
        131000 => "Something went wrong",
        131026 => "Message undeliverable",
        131047 => "Re-engagement message",
        131049 => "This message was not delivered to maintain healthy ecosystem engagement.",
        131050 => "User stopped receiving marketing messages",
        131051 => "Unsupported message type",
        131056 => "(Business Account, Consumer Account) pair rate limit hit",
        132000 => "Number of parameters does not match the expected number of params",
        132001 => "Template name does not exist in the translation",
        133010 => "Phone number not registered",
        _ => $"Injected error {code}",
    };

    private static string FormatDisplay(string digits) =>
        digits.Length == 11 && digits[0] == '1'
            ? $"+1 {digits[1..4]}-{digits[4..7]}-{digits[7..]}"
            : "+" + digits;

    // Graph cursors are opaque base64; they only need to round-trip through this fake.
    private static string EncodeCursor(int index) =>
        System.Buffers.Text.Base64Url.EncodeToString(Encoding.ASCII.GetBytes("idx:" + index.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDecodeCursor(string cursor, out int index)
    {
        index = 0;
        try
        {
            var text = Encoding.ASCII.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor));
            return text.StartsWith("idx:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out index);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
