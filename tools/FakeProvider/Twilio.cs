using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace FakeProvider;

/// <summary>Twilio Programmable Messaging (WhatsApp) and the Content API, REST 2010 error format.</summary>
internal static partial class TwilioApi
{
    private const string ApiVersion = "2010-04-01";

    // Twilio's WhatsApp sandbox sender: used where a real callback would name the sender the
    // Messaging Service picked.
    private const string DefaultSender = "whatsapp:+14155238886";

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", SendAsync);
        routes.MapGet("/2010-04-01/Accounts/{accountSid}/Messages.json", ListMessages);
        routes.MapGet("/2010-04-01/Accounts/{accountSid}.json", GetAccount);
        routes.MapGet("/2010-04-01/Accounts/{accountSid}/Messages/{sid}.json", FetchMessage);
        routes.MapGet("/v1/ContentAndApprovals", ListContent);
    }

    private static async Task<IResult> SendAsync(HttpContext ctx, string accountSid, FakeProviderState state, WebhookDispatcher hooks)
    {
        var body = await Wire.ReadBodyAsync(ctx.Request);
        if (body is null) return Error(413, 20001, "Request entity too large");

        // Twilio reads parameters from a form body only: any other body leaves them all missing.
        var form = IsForm(ctx.Request) ? QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)) : [];
        string? Field(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;

        var to = Field("To");
        var from = Field("From");
        var service = Field("MessagingServiceSid");
        var contentSid = Field("ContentSid");
        var variables = Field("ContentVariables");
        var text = Field("Body");
        var callbackUrl = Field("StatusCallback");

        var msg = new ReceivedMessage
        {
            UserAgent = ctx.Request.Headers.UserAgent.ToString(),
            Provider = "twilio",
            AccountId = accountSid,
            To = to,
            From = from ?? service,
            Template = contentSid,
            ContentVariables = variables,
            RawBodyUtf8 = state.TrimRawBody(body, out var truncated),
            RawBodyTruncated = truncated,
        };

        IResult Reject(int status, int code, string message)
        {
            state.Record(msg, status, $"{status}:{code}");
            return Error(status, code, message);
        }

        switch (await state.Chaos.ApplyAsync(ctx.RequestAborted))
        {
            case ChaosOutcome.Timeout:
                msg.Id = Wire.TwilioSid("SM");
                state.Record(msg, 0, "timeout");
                return await state.Chaos.HoldThenAbortAsync(ctx);
            case ChaosOutcome.TooManyRequests:
                state.Chaos.SetRetryAfter(ctx.Response);
                return Reject(429, 20429, "Too Many Requests");
            case ChaosOutcome.InternalError:
                return Reject(500, 20500, "Internal Server Error");
            case ChaosOutcome.ServiceUnavailable:
                return Reject(503, 20503, "Service Unavailable");
        }

        var (account, scheme) = Authenticate(ctx.Request, state);
        if (account is null || account.AccountSid != accountSid) return Reject(401, 20003, "Authenticate");
        msg.AuthScheme = scheme;

        if (string.IsNullOrEmpty(to)) return Reject(400, 21604, "A 'To' phone number is required.");
        if (!IsWhatsAppAddress(to)) return Reject(400, 21211, $"Invalid 'To' Phone Number: {to}");
        if (string.IsNullOrEmpty(from) && string.IsNullOrEmpty(service))
            return Reject(400, 21603, "A 'From' phone number is required.");
        if (!string.IsNullOrEmpty(from) && !IsWhatsAppAddress(from))
            return Reject(400, 63007, "Twilio could not find a Channel with the specified From address");
        if (!string.IsNullOrEmpty(service) && !service.StartsWith("MG", StringComparison.Ordinal))
            return Reject(400, 21701, $"The Messaging Service Sid {service} is invalid.");

        if (string.IsNullOrEmpty(contentSid))
        {
            if (variables is not null) return Reject(400, 21619, "ContentVariables can only be used together with a ContentSid.");
            // Free-form Body and/or MediaUrl are still valid inside the 24-hour window, so they are accepted without a template.
            var mediaUrls = form.TryGetValue("MediaUrl", out var urls) ? urls.ToArray() : [];
            if (string.IsNullOrEmpty(text) && mediaUrls.Length == 0) return Reject(400, 21619, "A text message body, media URL or ContentSid must be specified.");
            if (mediaUrls.Any(u => u is null || !IsHttpUrl(u))) return Reject(400, 21620, "Invalid media URL(s).");
        }
        else if (!contentSid.StartsWith("HX", StringComparison.Ordinal))
        {
            return Reject(400, 21655, $"The ContentSid {contentSid} is invalid.");
        }

        JsonElement? parsedVariables = null;
        if (variables is not null)
        {
            if (!Wire.TryParseJson(Encoding.UTF8.GetBytes(variables), out var v) || v.ValueKind != JsonValueKind.Object)
                return Reject(400, 21656, "The ContentVariables Parameter is invalid.");
            parsedVariables = v;
        }

        // Every variable of the Content (body, media URL, card title, button URL or code) needs a value, as Twilio
        // refuses a template whose variables are not all given.
        if (contentSid is not null && state.FindTwilioTemplate(contentSid) is { } content)
        {
            var missing = RequiredVariables(content).FirstOrDefault(v =>
                parsedVariables is not { } given || Wire.Str(given, v) is not { } value || string.IsNullOrWhiteSpace(value));
            if (missing is not null)
                return Reject(400, 21656, $"The ContentVariables Parameter is invalid: variable '{missing}' of {contentSid} has no value.");
        }

        if (callbackUrl is not null && !IsHttpUrl(callbackUrl))
            return Reject(400, 21609, $"The StatusCallback URL {callbackUrl} is not a valid URL.");

        var rule = string.IsNullOrEmpty(contentSid) ? state.FindFreeTextError("twilio", to) : state.FindRecipientError(to);
        if (rule is { IsSync: true }) return Reject(rule.HttpStatus ?? 400, rule.Code, rule.Message ?? Describe(rule.Code, to));

        var template = contentSid is null ? null : state.FindTwilioTemplate(contentSid);
        var sid = Wire.TwilioSid("SM");
        msg.Id = sid;
        msg.Language = template?.Language;
        state.Record(msg, 201, "accepted");
        MediaFetch.Start(ctx, msg, MediaFetch.TwilioLinks(form, template?.Types));

        if (callbackUrl is not null)
            ScheduleStatusCallbacks(state, hooks, account, callbackUrl, sid, to, from ?? DefaultSender, service, rule);

        return Results.Json(MessageResource(accountSid, sid, to, from, service, template is null ? text ?? "" : Render(template.Body, parsedVariables),
            DateTimeOffset.UtcNow), Wire.Json, statusCode: 201);
    }

    /// <summary>
    /// One message of the account (auth as for sends; another account's message is a 404 as at Twilio). Its price appears
    /// <see cref="TwilioPricing.DelayMs"/> after the send; the status is the last one the callbacks report.
    /// </summary>
    private static IResult FetchMessage(HttpContext ctx, string accountSid, string sid, FakeProviderState state)
    {
        var (account, _) = Authenticate(ctx.Request, state);
        if (account is null || account.AccountSid != accountSid) return Error(401, 20003, "Authenticate");
        var sent = state.GetMessages("twilio").FirstOrDefault(m => m.AccountId == accountSid && m.Id == sid && m.Outcome == "accepted");
        if (sent is null) return Error(404, 20404, $"The requested resource /2010-04-01/Accounts/{accountSid}/Messages/{sid}.json was not found");
        var pricing = state.TwilioPricing;
        var priced = DateTimeOffset.UtcNow - sent.ReceivedAt >= TimeSpan.FromMilliseconds(pricing.DelayMs);
        var isService = sent.From is { } f && f.StartsWith("MG", StringComparison.Ordinal);
        return Results.Json(MessageResource(accountSid, sid, sent.To, isService ? null : sent.From, isService ? sent.From : null, "", sent.ReceivedAt,
            status: state.CallbacksConfig.Statuses.LastOrDefault(), price: priced ? (pricing.Price, pricing.PriceUnit) : null), Wire.Json);
    }

    /// <summary>A Message resource as the REST 2010 API writes it (create answers and list items).</summary>
    private static object MessageResource(string accountSid, string sid, string? to, string? from, string? service, string body, DateTimeOffset created,
        string? status = null, (string Price, string Unit)? price = null) => new
    {
        account_sid = accountSid,
        api_version = ApiVersion,
        body,
        date_created = Wire.Rfc2822(created),
        date_sent = (string?)null,
        date_updated = Wire.Rfc2822(created),
        direction = "outbound-api",
        error_code = (int?)null,
        error_message = (string?)null,
        from = string.IsNullOrEmpty(from) ? null : from,
        messaging_service_sid = string.IsNullOrEmpty(service) ? null : service,
        num_media = "0",
        num_segments = "1",
        price = price?.Price,
        price_unit = price?.Unit,
        sid,
        // With a Messaging Service Twilio first "accepts" and picks a sender later.
        status = status ?? (string.IsNullOrEmpty(service) ? "queued" : "accepted"),
        subresource_uris = new { media = $"/2010-04-01/Accounts/{accountSid}/Messages/{sid}/Media.json" },
        to,
        uri = $"/2010-04-01/Accounts/{accountSid}/Messages/{sid}.json",
    };

    /// <summary>
    /// The account's accepted messages, newest first, in REST 2010 list pages (PageSize, Page). The fake keeps no
    /// status history, so each shows the status its send was answered with.
    /// </summary>
    private static IResult ListMessages(HttpContext ctx, string accountSid, FakeProviderState state)
    {
        var (account, _) = Authenticate(ctx.Request, state);
        if (account is null || account.AccountSid != accountSid) return Error(401, 20003, "Authenticate");

        var query = ctx.Request.Query;
        var pageSize = int.TryParse(query["PageSize"], out var ps) ? Math.Clamp(ps, 1, 1000) : 50;
        var page = int.TryParse(query["Page"], out var p) ? Math.Max(0, p) : 0;
        var sent = state.GetMessages("twilio").Where(m => m.AccountId == accountSid && m.Outcome == "accepted" && m.Id is not null).Reverse().ToList();
        var items = sent.Skip(page * pageSize).Take(pageSize).ToList();
        var path = $"/2010-04-01/Accounts/{accountSid}/Messages.json";
        string PageUri(int index) => $"{path}?PageSize={pageSize}&Page={index}";
        var start = page * pageSize;

        return Results.Json(new
        {
            end = items.Count == 0 ? start : start + items.Count - 1,
            first_page_uri = PageUri(0),
            messages = items.Select(m => MessageResource(accountSid, m.Id!, m.To, m.From is { } f && f.StartsWith("MG", StringComparison.Ordinal) ? null : m.From,
                m.From is { } s && s.StartsWith("MG", StringComparison.Ordinal) ? s : null, "", m.ReceivedAt)),
            next_page_uri = start + items.Count < sent.Count ? PageUri(page + 1) : null,
            page,
            page_size = pageSize,
            previous_page_uri = page > 0 ? PageUri(page - 1) : null,
            start,
            uri = PageUri(page),
        }, Wire.Json);
    }

    /// <summary>
    /// The Accounts resource takes the Account SID and Auth Token (or a Main API key, which the fake does not model):
    /// a Standard API key, the kind registered here, may not read it.
    /// </summary>
    private static IResult GetAccount(HttpContext ctx, string accountSid, FakeProviderState state)
    {
        var (account, scheme) = Authenticate(ctx.Request, state);
        if (account is null || account.AccountSid != accountSid || scheme != "basic") return Error(401, 20003, "Authenticate");

        var created = Wire.Rfc2822(DateTimeOffset.UtcNow.AddYears(-1));
        return Results.Json(new
        {
            date_created = created,
            date_updated = created,
            friendly_name = account.FriendlyName ?? "Fake Twilio Account",
            owner_account_sid = account.AccountSid,
            sid = account.AccountSid,
            status = "active",
            subresource_uris = new
            {
                messages = $"/2010-04-01/Accounts/{account.AccountSid}/Messages.json",
                balance = $"/2010-04-01/Accounts/{account.AccountSid}/Balance.json",
            },
            type = "Full",
            uri = $"/2010-04-01/Accounts/{account.AccountSid}.json",
        }, Wire.Json);
    }

    private static IResult ListContent(HttpContext ctx, FakeProviderState state)
    {
        var (account, _) = Authenticate(ctx.Request, state);
        if (account is null) return Error(401, 20003, "Authenticate");

        var query = ctx.Request.Query;
        var pageSize = int.TryParse(query["PageSize"], out var ps) ? Math.Clamp(ps, 1, 1000) : 50;
        var page = int.TryParse(query["Page"], out var p) ? Math.Max(0, p) : 0;
        var offset = page * pageSize;
        string? token = query["PageToken"];
        if (!string.IsNullOrEmpty(token))
        {
            if (!TryDecodePageToken(token, out offset)) return Error(400, 20001, $"Invalid PageToken: {token}");
            page = offset / pageSize;
        }

        var visible = state.TwilioTemplates.Where(t => t.AccountSid is null || t.AccountSid == account.AccountSid).ToList();
        var items = visible.Skip(offset).Take(pageSize).ToList();
        var hasMore = offset + items.Count < visible.Count;

        var baseUrl = Wire.BaseUrl(ctx.Request);
        string PageUrl(int pageIndex, int pageOffset) =>
            $"{baseUrl}/v1/ContentAndApprovals?PageSize={pageSize}&Page={pageIndex}"
            + (pageOffset > 0 ? $"&PageToken={EncodePageToken(pageOffset)}" : "");

        return Results.Json(new
        {
            contents = items.Select(t => ContentItem(t, account, baseUrl)),
            meta = new
            {
                page,
                page_size = pageSize,
                first_page_url = PageUrl(0, 0),
                previous_page_url = page > 0 ? PageUrl(page - 1, Math.Max(0, offset - pageSize)) : null,
                url = PageUrl(page, offset),
                next_page_url = hasMore ? PageUrl(page + 1, offset + items.Count) : null,
                key = "contents",
            },
        }, Wire.Json);
    }

    private static object ContentItem(TwilioTemplate t, TwilioAccount account, string baseUrl) => new
    {
        account_sid = t.AccountSid ?? account.AccountSid,
        date_created = Wire.Iso(t.DateCreated),
        date_updated = Wire.Iso(t.DateUpdated),
        friendly_name = t.FriendlyName,
        language = t.Language,
        links = new
        {
            approval_create = $"{baseUrl}/v1/Content/{t.Sid}/ApprovalRequests/whatsapp",
            approval_fetch = $"{baseUrl}/v1/Content/{t.Sid}/ApprovalRequests",
        },
        sid = t.Sid,
        types = t.Types is { } raw ? (object)raw : new Dictionary<string, object> { [t.ContentType] = new { body = t.Body } },
        url = $"{baseUrl}/v1/Content/{t.Sid}",
        variables = t.Variables,
        // status and rejection_reason sit directly on approval_requests (not under "whatsapp"): a known
        // parsing trap that the fake reproduces on purpose.
        approval_requests = new
        {
            name = t.FriendlyName,
            category = t.Category,
            content_type = t.ContentType,
            status = t.Status,
            rejection_reason = t.RejectionReason,
            allow_category_change = true,
        },
    };

    /// <summary>The placeholders in every text of the Content's types (or its flat body): what ContentVariables must fill.</summary>
    internal static IEnumerable<string> RequiredVariables(TwilioTemplate t)
    {
        var texts = new List<string> { t.Body };
        void Collect(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String: texts.Add(e.GetString()!); break;
                case JsonValueKind.Object: foreach (var p in e.EnumerateObject()) Collect(p.Value); break;
                case JsonValueKind.Array: foreach (var i in e.EnumerateArray()) Collect(i); break;
            }
        }
        if (t.Types is { } types) Collect(types);
        return texts.SelectMany(x => VariablePattern().Matches(x).Select(m => m.Groups[1].Value)).Distinct();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")]
    private static partial System.Text.RegularExpressions.Regex VariablePattern();

    /// <summary>Accepts the real Content API item shape or a flat one (sid, friendlyName, body, status...).</summary>
    internal static TwilioTemplate ParseTemplate(JsonElement e)
    {
        string? S(JsonElement o, string a, string? b = null) => Wire.Str(o, a) ?? (b is null ? null : Wire.Str(o, b));

        var sid = S(e, "sid") ?? Wire.TwilioSid("HX");
        var body = S(e, "body") ?? "";
        var contentType = S(e, "contentType", "content_type") ?? "twilio/text";
        JsonElement? types = null;
        if (Wire.Obj(e, "types") is { } t)
        {
            types = t.Clone();
            foreach (var type in t.EnumerateObject())
            {
                contentType = type.Name;
                body = Wire.Str(type.Value, "body") ?? body;
                break;
            }
        }

        var variables = new Dictionary<string, string>();
        if (Wire.Obj(e, "variables") is { } vars)
            foreach (var v in vars.EnumerateObject()) variables[v.Name] = Wire.AsText(v.Value);

        var approval = Wire.Obj(e, "approval_requests") ?? Wire.Obj(e, "approvalRequests") ?? default;
        var friendly = S(e, "friendly_name", "friendlyName") ?? S(approval, "name") ?? sid;
        return new TwilioTemplate
        {
            Sid = sid,
            AccountSid = S(e, "account_sid", "accountSid"),
            FriendlyName = friendly,
            Language = S(e, "language") ?? "en",
            Body = body,
            Variables = variables,
            Category = S(approval, "category") ?? S(e, "category") ?? "UTILITY",
            Status = S(approval, "status") ?? S(e, "status") ?? "approved",
            RejectionReason = S(approval, "rejection_reason") ?? S(e, "rejectionReason", "rejection_reason") ?? "",
            ContentType = S(approval, "content_type") ?? contentType,
            Types = types,
        };
    }

    /// <summary>An inbound WhatsApp message as Twilio posts it to a number's webhook: text, media (MediaUrl0), location or a button tap.</summary>
    internal static WebhookRequest BuildInbound(TwilioAccount account, InboundRequest request, string url)
    {
        var sid = request.MessageId ?? Wire.TwilioSid(request.CarriesFile ? "MM" : "SM");
        var from = "whatsapp:+" + Wire.Digits(request.From);
        var kind = request.KindOrText;
        var fields = new List<KeyValuePair<string, string>>
        {
            new("SmsMessageSid", sid),
            new("NumMedia", request.CarriesFile ? "1" : "0"),
            new("ProfileName", request.ProfileName ?? "Fake User"),
            new("MessageType", kind),
            new("SmsSid", sid),
            new("WaId", Wire.Digits(request.From)),
            new("SmsStatus", "received"),
            new("Body", request.Text ?? ""),
            new("To", request.To is null ? DefaultSender : "whatsapp:+" + Wire.Digits(request.To)),
            new("NumSegments", "1"),
            new("ReferralNumMedia", "0"),
            new("MessageSid", sid),
            new("AccountSid", account.AccountSid),
            new("From", from),
            new("ApiVersion", ApiVersion),
        };
        if (request.CarriesFile)
        {
            fields.Add(new("MediaUrl0", request.MediaUrl ?? $"https://api.twilio.com/2010-04-01/Accounts/{account.AccountSid}/Messages/{sid}/Media/{Wire.TwilioSid("ME")}"));
            fields.Add(new("MediaContentType0", request.MediaType ?? "image/jpeg"));
        }
        if (kind == "location")
        {
            fields.Add(new("Latitude", request.Latitude!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            fields.Add(new("Longitude", request.Longitude!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (kind == "button")
        {
            fields.Add(new("ButtonPayload", request.Payload ?? request.Text ?? ""));
            fields.Add(new("ButtonText", request.Text ?? ""));
        }
        if (request.ContextId is { Length: > 0 } replied) fields.Add(new("OriginalRepliedMessageSid", replied));
        return SignedForm("inbound", url, account, fields, sid, "received");
    }

    private static void ScheduleStatusCallbacks(
        FakeProviderState state, WebhookDispatcher hooks, TwilioAccount account, string url,
        string sid, string to, string from, string? service, RecipientErrorRule? rule)
    {
        var config = state.CallbacksConfig;
        if (!config.Enabled) return;

        IEnumerable<(string Status, int? Code)> statuses = rule is { IsAsync: true }
            ? [(FailureStatus(rule.Status), rule.Code)]
            : config.Statuses.Select(s => (s, (int?)null));

        var steps = statuses.Select(s => (Func<WebhookRequest?>)(() =>
        {
            var fields = new List<KeyValuePair<string, string>>
            {
                new("MessageSid", sid),
                new("SmsSid", sid),
                new("MessageStatus", s.Status),
                new("SmsStatus", s.Status),
                new("AccountSid", account.AccountSid),
                new("From", from),
                new("To", to),
                new("ApiVersion", ApiVersion),
                new("ChannelPrefix", "whatsapp"),
                new("ChannelToAddress", "+" + Wire.Digits(to)),
            };
            if (!string.IsNullOrEmpty(service)) fields.Add(new("MessagingServiceSid", service));
            if (s.Code is int code) fields.Add(new("ErrorCode", code.ToString(CultureInfo.InvariantCulture)));
            return SignedForm("status", url, account, fields, sid, s.Status);
        })).ToArray();

        hooks.Enqueue(config.DelayMs, steps);
    }

    // Twilio signs with the account's Auth Token even when the request used an API key.
    private static WebhookRequest SignedForm(string kind, string url, TwilioAccount account, List<KeyValuePair<string, string>> fields, string sid, string status) =>
        new("twilio", kind, url, Encoding.UTF8.GetBytes(Wire.FormEncode(fields)), "application/x-www-form-urlencoded",
            [new("X-Twilio-Signature", Signing.TwilioSignature(account.AuthToken, url, fields)), new("User-Agent", "TwilioProxy/1.1")],
            sid, status);

    private static string FailureStatus(string? requested) => requested?.ToLowerInvariant() switch
    {
        "undelivered" or "undeliverable" => "undelivered",
        _ => "failed",
    };

    internal static (TwilioAccount? Account, string? Scheme) Authenticate(HttpRequest request, FakeProviderState state)
    {
        if (!Wire.TryParseBasic(request, out var user, out var password)) return (null, null);
        if (state.GetTwilioAccount(user) is { } account && account.AuthToken == password) return (account, "basic");
        if (state.GetTwilioAccountByApiKey(user) is { } owner && owner.ApiKeySecret == password) return (owner, "apikey");
        return (null, null);
    }

    private static IResult Error(int status, int code, string message) => Results.Json(new
    {
        code,
        message,
        more_info = $"https://www.twilio.com/docs/errors/{code}",
        status,
    }, Wire.Json, statusCode: status);

    private static string Describe(int code, string to) => code switch
    {
        21211 => $"Invalid 'To' Phone Number: {to}",
        21408 => "Permission to send an SMS has not been enabled for the region indicated by the 'To' number",
        21610 => "Attempt to send to unsubscribed recipient",
        21614 => $"'To' number {to} is not a valid mobile number",
        63003 => "Channel could not find To address",
        63016 => "Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.",
        63018 => "Rate limit exceeded for Channel",
        63024 => "Invalid message recipient",
        63038 => "Account exceeded the daily messages limit",
        _ => $"Injected error {code} for {to}",
    };

    private static bool IsWhatsAppAddress(string value) =>
        value.StartsWith("whatsapp:+", StringComparison.Ordinal) && Wire.IsMsisdn(value.AsSpan("whatsapp:+".Length));

    private static bool IsForm(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    internal static string Render(string body, JsonElement? variables)
    {
        if (variables is not { } vars) return body;
        foreach (var v in vars.EnumerateObject())
            body = body.Replace("{{" + v.Name + "}}", Wire.AsText(v.Value), StringComparison.Ordinal);
        return body;
    }

    // Opaque to clients like Twilio's own tokens; only this fake has to read it back.
    private static string EncodePageToken(int offset) => "PA" + System.Buffers.Text.Base64Url.EncodeToString(Encoding.ASCII.GetBytes("offset:" + offset.ToString(CultureInfo.InvariantCulture)));

    private static bool TryDecodePageToken(string token, out int offset)
    {
        offset = 0;
        if (!token.StartsWith("PA", StringComparison.Ordinal)) return false;
        try
        {
            var text = Encoding.ASCII.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(2)));
            return text.StartsWith("offset:", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
