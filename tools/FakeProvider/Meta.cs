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
            if (template is { } tc) (msg.HeaderParameter, msg.ButtonParameters) = SentComponents(tc);
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
            if (seeded.Count > 0 && CheckAgainstTemplate(seeded, name, msg.Language!, parameters, tpl) is { } problem)
                return Reject(problem.Status, problem.Code, problem.Message, problem.Details);
        }
        else if (type == "text")
        {
            if (Wire.Obj(root, "text") is not { } text || string.IsNullOrEmpty(Wire.Str(text, "body")))
                return Reject(400, 100, "(#100) The parameter text['body'] is required.");
        }
        else if (SessionMediaTypes.Contains(type))
        {
            // A media message names the file by a public link (or an uploaded media id); a caption only on image, video, document.
            if (Wire.Obj(root, type) is not { } media || (string.IsNullOrEmpty(Wire.Str(media, "link")) && string.IsNullOrEmpty(Wire.Str(media, "id"))))
                return Reject(400, 100, $"(#100) The parameter {type}['link'] or {type}['id'] is required.");
            if (Wire.Str(media, "link") is { } link && (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
                return Reject(400, 131009, "(#131009) Parameter value is not valid", $"{type}['link'] is not a valid URL.");
            if (type is "audio" or "sticker" && Wire.Str(media, "caption") is not null)
                return Reject(400, 131009, "(#131009) Parameter value is not valid", $"A caption is not allowed on {type} messages.");
        }
        else
        {
            return Reject(400, 100, "(#100) Invalid parameter", $"Unknown message type '{type}': template, text, image, document, video, audio or sticker.");
        }

        // Text and media messages are session messages: deliverable only inside the customer's 24-hour window.
        var rule = type == "template" ? state.FindRecipientError(to, msg.Template) : state.FindFreeTextError("meta", to);
        if (rule is { IsSync: true })
            return Reject(rule.HttpStatus ?? 400, rule.Code, $"(#{rule.Code}) {rule.Message ?? Title(rule.Code)}", rule.Message ?? Title(rule.Code));

        if (!state.TakePairRateTurn(phoneNumberId, to))
            return Reject(400, 131056, "(#131056) (Business Account, Consumer Account) pair rate limit hit",
                "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.");

        var digits = Wire.Digits(to);
        var id = Wire.Wamid(digits);
        msg.Id = id;
        state.Record(msg, 200, "accepted");
        MediaFetch.Start(ctx, msg, MediaFetch.MetaLinks(root));
        // A held message gets no status until Meta lets it go, which the fake never does.
        if (rule is not { IsHeld: true })
            ScheduleStatusCallbacks(state, hooks, account, id, digits, rule, Charge(state, account, type, msg.Template, msg.Language, to));
        var messageStatus = rule is { IsHeld: true } ? rule.Status ?? RecipientErrorRule.HeldStatuses[0] : "accepted";

        return Results.Json(new
        {
            messaging_product = "whatsapp",
            contacts = new[] { new { input = to, wa_id = digits } },
            messages = new[] { new { id, message_status = messageStatus } },
        }, Wire.Json);
    }

    /// <summary>Apps read the phone number (or WABA) to test credentials.</summary>
    private static readonly string[] SessionMediaTypes = ["image", "document", "video", "audio", "sticker"];

    private static IResult GetNode(HttpContext ctx, string version, string nodeId, FakeProviderState state)
    {
        if (!GraphVersion().IsMatch(version)) return UnknownPath(ctx);
        var token = Wire.Bearer(ctx.Request);
        if (token is null || !state.IsKnownMetaToken(token)) return Error(401, 190, "Invalid OAuth access token - Cannot parse access token");
        if (InboundMediaFiles.MetaLookup(ctx, nodeId, token, state) is { } media) return media;

        if (state.GetMetaAccount(nodeId) is { } phone && phone.AccessToken == token)
        {
            var node = new Dictionary<string, object?>
            {
                ["verified_name"] = phone.VerifiedName ?? "Fake Business",
                ["code_verification_status"] = "VERIFIED",
                ["display_phone_number"] = FormatDisplay(phone.DisplayDigits),
                ["quality_rating"] = "GREEN",
                ["platform_type"] = "CLOUD_API",
                ["throughput"] = new { level = "STANDARD" },
                ["id"] = phone.PhoneNumberId,
            };
            // The messaging limit is read by field: messaging_limit_tier up to v23.0, whatsapp_business_manager_messaging_limit
            // from v24.0 (the old name then no longer exists). Graph omits a field without a value.
            var limitField = GraphMajor(version) >= 24 ? "whatsapp_business_manager_messaging_limit" : "messaging_limit_tier";
            if (phone.MessagingLimitTier is { } tier) node[limitField] = tier;
            if (ctx.Request.Query["fields"].ToString() is not { Length: > 0 } fields) return Results.Json(node, Wire.Json);
            var picked = new Dictionary<string, object?>();
            foreach (var field in fields.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // Graph refuses a field the node's type does not have in that version, and leaves out one without a value.
                if (!node.ContainsKey(field) && field != limitField && !OptionalPhoneFields.Contains(field))
                    return Error(400, 100, $"(#100) Tried accessing nonexisting field ({field}) on node type (WhatsAppBusinessPhoneNumber)");
                if (node.TryGetValue(field, out var value)) picked[field] = value;
            }
            picked["id"] = phone.PhoneNumberId;
            return Results.Json(picked, Wire.Json);
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

    /// <summary>Phone number fields the fake knows but holds no value for (Graph then leaves them out).</summary>
    private static readonly HashSet<string> OptionalPhoneFields = ["name_status", "new_display_name", "new_name_status", "is_official_business_account"];

    private static int GraphMajor(string version) => int.TryParse(version[1..version.IndexOf('.')], out var major) ? major : 0;

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

        var components = new List<object>();
        if (t.Header is { } header)
        {
            var h = new Dictionary<string, object?> { ["type"] = "HEADER", ["format"] = header.Format.ToUpperInvariant() };
            if (header.Text is not null) h["text"] = header.Text;
            if (header.IsMedia) h["example"] = new { header_handle = new[] { header.Example ?? "https://scontent.example/sample" } };
            else if (header.HasTextVariable) h["example"] = new { header_text = new[] { header.Example ?? "example_header" } };
            components.Add(h);
        }
        components.Add(component);
        if (t.Footer is not null) components.Add(new Dictionary<string, object?> { ["type"] = "FOOTER", ["text"] = t.Footer });
        if (t.Buttons.Length > 0)
            components.Add(new Dictionary<string, object?>
            {
                ["type"] = "BUTTONS",
                ["buttons"] = t.Buttons.Select(b =>
                {
                    var json = new Dictionary<string, object?> { ["type"] = b.Type.ToUpperInvariant(), ["text"] = b.Text };
                    if (b.Url is not null) json["url"] = b.Url;
                    if (b.PhoneNumber is not null) json["phone_number"] = b.PhoneNumber;
                    if (b.TakesParameter) json["example"] = new[] { b.Example ?? "example" };
                    return json;
                }).ToArray(),
            });

        var json = new Dictionary<string, object?>
        {
            ["name"] = t.Name,
            ["parameter_format"] = t.IsNamed ? "NAMED" : "POSITIONAL",
            ["components"] = components,
            ["language"] = t.Language,
            ["status"] = t.Status,
            ["category"] = t.Category,
            ["id"] = t.Id,
        };
        if (t.RejectedReason is not null) json["rejected_reason"] = t.RejectedReason;
        return json;
    }

    private sealed record TemplateProblem(int Status, int Code, string Message, string Details);

    private static TemplateProblem? CheckAgainstTemplate(IReadOnlyList<MetaTemplate> seeded, string name, string language, IReadOnlyList<BodyParameter> parameters, JsonElement sent)
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

        if (CheckComponents(template, sent) is { } componentProblem) return componentProblem;

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

    /// <summary>
    /// The header and buttons as WhatsApp checks them: a media header needs one parameter of its own type with a link
    /// (else 132012, format mismatch), a text header's variable one text parameter, and every button that takes a
    /// parameter (dynamic URL, copy code, OTP) one "button" component with its index and sub_type (else 132000, count
    /// mismatch). Parameters for parts the template does not have are 132000 too.
    /// </summary>
    private static TemplateProblem? CheckComponents(MetaTemplate template, JsonElement sent)
    {
        var components = Wire.Arr(sent, "components")?.EnumerateArray().ToList() ?? [];
        var headers = components.Where(c => Is(c, "header")).ToList();
        var header = template.Header;
        var headerParams = headers.SelectMany(h => Wire.Arr(h, "parameters")?.EnumerateArray().ToList() ?? []).ToList();
        if (header is { IsMedia: true })
        {
            var format = header.Format.ToUpperInvariant();
            var p = headerParams.FirstOrDefault();
            var type = p.ValueKind == JsonValueKind.Object ? Wire.Str(p, "type")?.ToUpperInvariant() : null;
            if (type != format)
                return new(400, 132012, "(#132012) Parameter format does not match format in the created template",
                    $"header: Format mismatch, expected {format}, received {type ?? "UNKNOWN"}");
            var media = Wire.Obj(p, format.ToLowerInvariant());
            var link = media is { } m ? Wire.Str(m, "link") : null;
            if (media is null || (link is null && Wire.Str(media.Value, "id") is null)
                || link is not null && !(Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
                return new(400, 132012, "(#132012) Parameter format does not match format in the created template",
                    $"header: {format.ToLowerInvariant()} needs a link (an http(s) URL) or a media id");
        }
        else
        {
            var expected = header is { HasTextVariable: true } ? 1 : 0;
            if (headerParams.Count != expected)
                return new(400, 132000, "(#132000) Number of parameters does not match the expected number of params",
                    $"header: number of localizable_params ({headerParams.Count}) does not match the expected number of params ({expected})");
            if (expected == 1 && (Wire.Str(headerParams[0], "type") != "text" || string.IsNullOrWhiteSpace(Wire.Str(headerParams[0], "text"))))
                return new(400, 132012, "(#132012) Parameter format does not match format in the created template",
                    "header: Format mismatch, expected TEXT");
        }

        var buttons = components.Where(c => Is(c, "button")).ToList();
        for (var i = 0; i < template.Buttons.Length; i++)
        {
            var b = template.Buttons[i];
            var given = buttons.Where(c => IndexOf(c) == i).ToList();
            if (!b.TakesParameter)
            {
                if (given.Any(g => !string.Equals(Wire.Str(g, "sub_type"), "quick_reply", StringComparison.OrdinalIgnoreCase)))
                    return new(400, 132000, "(#132000) Number of parameters does not match the expected number of params",
                        $"buttons: button at index {i} takes no parameters");
                continue;
            }
            var subType = b.Type.ToUpperInvariant() == "COPY_CODE" ? "copy_code" : "url";
            var p = given.Where(g => string.Equals(Wire.Str(g, "sub_type"), subType, StringComparison.OrdinalIgnoreCase))
                .SelectMany(g => Wire.Arr(g, "parameters")?.EnumerateArray().ToList() ?? []).ToList();
            var value = p.Count == 1 ? (subType == "copy_code" ? Wire.Str(p[0], "coupon_code") : Wire.Str(p[0], "text")) : null;
            if (string.IsNullOrWhiteSpace(value))
                return new(400, 132000, "(#132000) Number of parameters does not match the expected number of params",
                    $"buttons: number of localizable_params ({p.Count}) does not match the expected number of params (1) for the {b.Type} button at index {i}");
        }
        if (buttons.FirstOrDefault(c => IndexOf(c) is not { } n || n < 0 || n >= template.Buttons.Length) is { ValueKind: JsonValueKind.Object } stray)
            return new(400, 131009, "(#131009) Parameter value is not valid", $"buttons: there is no button at index {Wire.Str(stray, "index")}");
        return null;

        static bool Is(JsonElement c, string type) => string.Equals(Wire.Str(c, "type"), type, StringComparison.OrdinalIgnoreCase);
        static int? IndexOf(JsonElement c) => int.TryParse(Wire.Str(c, "index"), out var n) ? n : null;
    }

    /// <summary>The header's parameter (a link or text) and the buttons' (suffix or code) by index, as sent.</summary>
    internal static (string? Header, IReadOnlyDictionary<int, string>? Buttons) SentComponents(JsonElement template)
    {
        string? header = null;
        Dictionary<int, string>? buttons = null;
        if (Wire.Arr(template, "components") is not { } components) return (null, null);
        foreach (var c in components.EnumerateArray())
        {
            var type = Wire.Str(c, "type")?.ToLowerInvariant();
            var p = Wire.Arr(c, "parameters")?.EnumerateArray().FirstOrDefault() ?? default;
            if (p.ValueKind != JsonValueKind.Object) continue;
            var pType = Wire.Str(p, "type") ?? "";
            var value = pType switch
            {
                "text" => Wire.Str(p, "text"),
                "coupon_code" => Wire.Str(p, "coupon_code"),
                "payload" => Wire.Str(p, "payload"),
                _ => Wire.Obj(p, pType) is { } media ? Wire.Str(media, "link") ?? Wire.Str(media, "id") : null,
            };
            if (type == "header") header = value;
            else if (type == "button" && int.TryParse(Wire.Str(c, "index"), out var i) && value is not null) (buttons ??= [])[i] = value;
        }
        return (header, buttons);
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

    /// <summary>Meta's pricing of a message (per-message pricing since July 2025).</summary>
    internal sealed record Pricing(string Category, bool Billable, string Type);

    /// <summary>
    /// How Meta prices a send: a free-form message is a free service message; a template by its category (utility when
    /// the fake was not told the template), and a utility template inside the customer's open service window is free.
    /// </summary>
    private static Pricing Charge(FakeProviderState state, MetaAccount account, string type, string? template, string? language, string? to)
    {
        if (type != "template") return new("service", false, "free_customer_service");
        var category = state.GetMetaTemplates(account.WabaOrSelf)
            .FirstOrDefault(t => t.Name == template && (t.Language == language || language is null))?.Category.ToLowerInvariant() ?? "utility";
        return category == "utility" && state.IsWindowOpen(to) ? new(category, false, "free_customer_service") : new(category, true, "regular");
    }

    private static void ScheduleStatusCallbacks(FakeProviderState state, WebhookDispatcher hooks, MetaAccount account, string id, string recipient,
        RecipientErrorRule? rule, Pricing pricing)
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
                    value.WriteBoolean("billable", pricing.Billable);
                    value.WriteString("pricing_model", "PMP");
                    value.WriteString("category", pricing.Category);
                    value.WriteString("type", pricing.Type);
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
            if (kind == "contacts") WriteContacts(value, request);
            else
            {
                value.WriteStartObject(type);
                WriteInboundPart(value, request, kind);
                value.WriteEndObject();
            }
            value.WriteEndObject();
            value.WriteEndArray();
        });
        return Signed("inbound", url, account, body, id, "received");
    }

    /// <summary>Shared contacts are an array beside "type", not an object named after it.</summary>
    private static void WriteContacts(Utf8JsonWriter w, InboundRequest request)
    {
        var name = string.IsNullOrEmpty(request.Text) ? "Fake Contact" : request.Text;
        w.WriteStartArray("contacts");
        w.WriteStartObject();
        w.WriteStartObject("name");
        w.WriteString("formatted_name", name);
        w.WriteString("first_name", name.Split(' ')[0]);
        w.WriteEndObject();
        w.WriteStartArray("phones");
        w.WriteStartObject();
        w.WriteString("phone", "+" + Wire.Digits(request.Payload ?? "15550001111"));
        w.WriteString("type", "CELL");
        w.WriteString("wa_id", Wire.Digits(request.Payload ?? "15550001111"));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteInboundPart(Utf8JsonWriter w, InboundRequest request, string kind)
    {
        var text = request.Text ?? "";
        switch (kind)
        {
            case "image" or "document" or "audio" or "video" or "sticker":
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
