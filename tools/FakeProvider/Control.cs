using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace FakeProvider;

/// <summary>
/// Body of <c>POST /_fake/inbound</c>. <c>Kind</c>: text (default), image, document, audio, video, location, button,
/// quick_reply, reaction (Meta and Vonage). <c>Text</c> is the body, caption, button text or reaction emoji;
/// <c>MediaUrl</c> the media reference (Meta: its media id); <c>ContextId</c> the provider id of the message answered
/// (or reacted to); <c>Timestamp</c> backdates the message (Meta and Vonage carry it; the window follows it).
/// </summary>
public sealed record InboundRequest(
    string Provider,
    string AccountId,
    string From,
    string? Text,
    string? Url = null,
    string? To = null,
    string? ProfileName = null,
    string? MessageId = null,
    string? Kind = null,
    string? MediaUrl = null,
    string? MediaType = null,
    string? FileName = null,
    double? Latitude = null,
    double? Longitude = null,
    string? Payload = null,
    string? ContextId = null,
    DateTimeOffset? Timestamp = null,
    string? MediaBase64 = null,
    long? MediaSize = null,
    int MediaFailures = 0)
{
    public static readonly string[] Kinds = ["text", "image", "document", "audio", "video", "sticker", "location", "contacts", "button", "quick_reply", "reaction"];
    public static readonly string[] MediaKinds = ["image", "document", "audio", "video", "sticker"];

    public string KindOrText => string.IsNullOrEmpty(Kind) ? "text" : Kind.ToLowerInvariant();
    public bool IsMedia => MediaKinds.Contains(KindOrText);

    /// <summary>A file comes with it: media, and shared contacts where the provider sends them as a vCard file (Twilio, Vonage).</summary>
    public bool CarriesFile => IsMedia || KindOrText == "contacts" && !string.Equals(Provider, "meta", StringComparison.OrdinalIgnoreCase);
    public DateTimeOffset SentAt => Timestamp ?? DateTimeOffset.UtcNow;
}

/// <summary>The unauthenticated <c>/_fake</c> API tests and benchmarks use to set up and inspect the fake.</summary>
internal static class ControlApi
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/_fake");

        g.MapGet("/health", () => Results.Json(new { status = "ok" }));

        g.MapPost("/accounts/twilio", ([FromBody] TwilioAccount a, FakeProviderState s) => Apply(() => s.RegisterTwilio(a), () => new { registered = a.AccountSid }));
        g.MapPost("/accounts/vonage", ([FromBody] VonageAccount a, FakeProviderState s) => Apply(() => s.RegisterVonage(a), () => new { registered = a.ApiKey }));
        g.MapPost("/accounts/meta", ([FromBody] MetaAccount a, FakeProviderState s) => Apply(() => s.RegisterMeta(a), () => new { registered = a.PhoneNumberId }));
        g.MapGet("/accounts", (FakeProviderState s) => Results.Json(new { twilio = s.TwilioAccounts, vonage = s.VonageAccounts, meta = s.MetaAccounts }));

        g.MapPost("/templates/twilio", ([FromBody] JsonElement items, bool? append, FakeProviderState s) =>
        {
            if (items.ValueKind != JsonValueKind.Array) return BadRequest("Expected a JSON array of content items.");
            var templates = items.EnumerateArray().Select(TwilioApi.ParseTemplate).ToArray();
            s.SeedTwilioTemplates(templates, append ?? false);
            return Results.Json(new { count = s.TwilioTemplates.Count, sids = templates.Select(t => t.Sid) });
        });
        g.MapGet("/templates/twilio", (FakeProviderState s) => Results.Json(s.TwilioTemplates));
        g.MapPost("/templates/meta/{wabaId}", (string wabaId, [FromBody] MetaTemplate[] items, bool? append, FakeProviderState s) =>
            Apply(() => s.SeedMetaTemplates(wabaId, items, append ?? false), () => new { count = s.GetMetaTemplates(wabaId).Count }));
        g.MapGet("/templates/meta/{wabaId}", (string wabaId, FakeProviderState s) => Results.Json(s.GetMetaTemplates(wabaId)));

        g.MapGet("/messages", WriteMessagesAsync);
        g.MapGet("/messages/count", (FakeProviderState s) => Results.Json(new { count = s.MessageCount }));
        g.MapDelete("/messages", (FakeProviderState s) =>
        {
            s.ClearMessages();
            return Results.NoContent();
        });

        g.MapGet("/callbacks", (string? provider, string? messageId, FakeProviderState s) =>
        {
            IEnumerable<CallbackDelivery> all = s.GetCallbacks();
            if (!string.IsNullOrEmpty(provider)) all = all.Where(c => string.Equals(c.Provider, provider, StringComparison.OrdinalIgnoreCase));
            if (!string.IsNullOrEmpty(messageId)) all = all.Where(c => c.MessageId == messageId);
            return Results.Json(all);
        });
        g.MapGet("/callbacks/count", (FakeProviderState s, WebhookDispatcher hooks) => Results.Json(new { count = s.CallbackCount, pending = hooks.Pending }));
        g.MapDelete("/callbacks", (FakeProviderState s) =>
        {
            s.ClearCallbacks();
            return Results.NoContent();
        });

        g.MapGet("/chaos", (FakeProviderState s) => Results.Json(s.Chaos.Settings));
        g.MapPut("/chaos", ([FromBody] ChaosSettings c, FakeProviderState s) => Apply(() => s.Chaos.Configure(c), () => s.Chaos.Settings));

        g.MapGet("/callbacks-config", (FakeProviderState s) => Results.Json(s.CallbacksConfig));
        g.MapPut("/callbacks-config", ([FromBody] CallbacksConfig c, FakeProviderState s) => Apply(() => s.CallbacksConfig = c, () => s.CallbacksConfig));

        g.MapGet("/recipient-errors", (FakeProviderState s) => Results.Json(s.RecipientErrors));
        g.MapPut("/recipient-errors", ([FromBody] Dictionary<string, RecipientErrorRule> rules, FakeProviderState s) =>
            Apply(() => s.RecipientErrors = rules, () => s.RecipientErrors));
        g.MapDelete("/recipient-errors", (FakeProviderState s) =>
        {
            s.RecipientErrors = new Dictionary<string, RecipientErrorRule>();
            return Results.NoContent();
        });

        g.MapGet("/pair-rate", (FakeProviderState s) => Results.Json(new PairRate((int?)s.MetaPairRateSpacing?.TotalMilliseconds)));
        g.MapPut("/pair-rate", ([FromBody] PairRate p, FakeProviderState s) =>
        {
            s.MetaPairRateSpacing = p.MetaSpacingMs is > 0 and var ms ? TimeSpan.FromMilliseconds(ms) : null;
            return Results.Json(p);
        });
        g.MapGet("/twilio-pricing", (FakeProviderState s) => Results.Json(s.TwilioPricing));
        g.MapPut("/twilio-pricing", ([FromBody] TwilioPricing p, FakeProviderState s) => Results.Json(s.TwilioPricing = p));

        g.MapPost("/inbound", InboundAsync);
        g.MapPost("/template-events/meta", TemplateEventAsync);

        g.MapPost("/reset", (bool? keepAccounts, FakeProviderState s, MediaFetches media, InboundMediaFiles files) =>
        {
            s.Reset(keepAccounts ?? false);
            media.Clear();
            files.Clear();
            return Results.NoContent();
        });
    }

    /// <summary>Runs a state change; ArgumentException (bad input) becomes a 400 with the reason.</summary>
    private static IResult Apply(Action change, Func<object> result)
    {
        try
        {
            change();
        }
        catch (ArgumentException e)
        {
            return BadRequest(e.Message);
        }
        return Results.Json(result());
    }

    private static IResult BadRequest(string error) => Results.Json(new { error }, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>Streams the list: with 100k messages a buffered response would double the memory.</summary>
    private static async Task WriteMessagesAsync(HttpContext ctx, FakeProviderState state, string? provider, string? to, int? skip, int? take)
    {
        var messages = state.GetMessages(provider, to).Skip(skip ?? 0).Take(take ?? int.MaxValue);
        ctx.Response.ContentType = "application/json; charset=utf-8";
        var pipe = ctx.Response.BodyWriter;
        using var w = new Utf8JsonWriter(pipe, Wire.Writer);
        w.WriteStartArray();
        var written = 0;
        foreach (var m in messages)
        {
            WriteMessage(w, m);
            if (++written % 256 == 0)
            {
                w.Flush();
                await pipe.FlushAsync(ctx.RequestAborted);
            }
        }
        w.WriteEndArray();
        w.Flush();
        await pipe.FlushAsync(ctx.RequestAborted);
    }

    private static void WriteMessage(Utf8JsonWriter w, ReceivedMessage m)
    {
        w.WriteStartObject();
        w.WriteNumber("seq", m.Seq);
        w.WriteString("id", m.Id);
        w.WriteString("provider", m.Provider);
        w.WriteString("receivedAt", m.ReceivedAt);
        w.WriteString("accountId", m.AccountId);
        w.WriteString("to", m.To);
        w.WriteString("from", m.From);
        w.WriteString("template", m.Template);
        w.WriteString("language", m.Language);
        w.WritePropertyName("parameters");
        if (m.Parameters is { } list)
        {
            w.WriteStartArray();
            foreach (var p in list) w.WriteStringValue(p);
            w.WriteEndArray();
        }
        else if (m.ContentVariables is { } vars && Wire.TryParseJson(System.Text.Encoding.UTF8.GetBytes(vars), out var obj) && obj.ValueKind == JsonValueKind.Object)
        {
            obj.WriteTo(w);
        }
        else
        {
            w.WriteNullValue();
        }
        w.WriteString("authScheme", m.AuthScheme);
        w.WriteString("clientRef", m.ClientRef);
        w.WriteString("userAgent", m.UserAgent);
        w.WriteString("outcome", m.Outcome);
        w.WriteNumber("httpStatus", m.HttpStatus);
        w.WriteString("rawBody", m.RawBody);
        w.WriteBoolean("rawBodyTruncated", m.RawBodyTruncated);
        w.WriteEndObject();
    }

    private static async Task<IResult> TemplateEventAsync([FromBody] TemplateEventRequest request, FakeProviderState state, WebhookDispatcher hooks, CancellationToken ct)
    {
        if (state.GetMetaAccount(request.PhoneNumberId) is not { } meta) return BadRequest($"No Meta phone number {request.PhoneNumberId}.");
        if (!TemplateEventRequest.Fields.Contains(request.Field)) return BadRequest($"field must be one of {string.Join(", ", TemplateEventRequest.Fields)}.");
        if (string.IsNullOrEmpty(request.Name)) return BadRequest("name is required.");
        var url = request.Url ?? meta.CallbackUrl;
        if (string.IsNullOrEmpty(url)) return BadRequest("url is required: the phone number has no callbackUrl.");
        var templateId = MetaTemplateWebhooks.ApplyToSeeded(state, meta.WabaOrSelf, request);
        var delivery = await hooks.DeliverAsync(MetaTemplateWebhooks.Build(meta, request, url, templateId), ct);
        return Results.Json(new { statusCode = delivery.StatusCode ?? 0, body = delivery.ResponseBody, error = delivery.Error, url });
    }

    private static async Task<IResult> InboundAsync(HttpContext ctx, [FromBody] InboundRequest request, FakeProviderState state, WebhookDispatcher hooks,
        InboundMediaFiles files, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.AccountId) || string.IsNullOrEmpty(request.From))
            return BadRequest("accountId and from are required.");
        if (!InboundRequest.Kinds.Contains(request.KindOrText))
            return BadRequest($"kind must be one of {string.Join(", ", InboundRequest.Kinds)}.");
        if (request.KindOrText is "quick_reply" or "reaction" && request.Provider?.ToLowerInvariant() == "twilio")
            return BadRequest("Twilio forwards neither quick replies nor reactions as their own kind; use button or text.");
        if (request.KindOrText == "location" && (request.Latitude is null || request.Longitude is null))
            return BadRequest("latitude and longitude are required for a location.");

        // The file is kept here and served with the provider's own auth; the webhook carries its reference.
        if (request.Provider is { } p && p.ToLowerInvariant() is "twilio" or "meta" or "vonage")
            request = files.Attach(request, $"{ctx.Request.Scheme}://{ctx.Request.Host}");

        WebhookRequest webhook;
        switch (request.Provider?.ToLowerInvariant())
        {
            case "twilio":
                if (state.GetTwilioAccount(request.AccountId) is not { } twilio) return BadRequest($"No Twilio account {request.AccountId}.");
                // Twilio's inbound URL is configured per number, which the fake does not model.
                if (string.IsNullOrEmpty(request.Url)) return BadRequest("url is required for Twilio.");
                webhook = TwilioApi.BuildInbound(twilio, request, request.Url);
                break;
            case "vonage":
                if (state.GetVonageAccount(request.AccountId) is not { } vonage) return BadRequest($"No Vonage account {request.AccountId}.");
                var vonageUrl = request.Url ?? vonage.InboundUrl;
                if (string.IsNullOrEmpty(vonageUrl)) return BadRequest("url is required: the account has no inboundUrl.");
                webhook = VonageApi.BuildInbound(vonage, request, vonageUrl);
                break;
            case "meta":
                if (state.GetMetaAccount(request.AccountId) is not { } meta) return BadRequest($"No Meta phone number {request.AccountId}.");
                var metaUrl = request.Url ?? meta.CallbackUrl;
                if (string.IsNullOrEmpty(metaUrl)) return BadRequest("url is required: the phone number has no callbackUrl.");
                webhook = MetaApi.BuildInbound(meta, request, metaUrl);
                break;
            default:
                return BadRequest("provider must be twilio, vonage or meta.");
        }

        // Writing to the business opens the customer-service window for free-form replies, as on the real platform.
        state.RecordInbound(request.From, request.SentAt);
        var delivery = await hooks.DeliverAsync(webhook, ct);
        return Results.Json(new
        {
            statusCode = delivery.StatusCode ?? 0,
            body = delivery.ResponseBody,
            error = delivery.Error,
            url = webhook.Url,
            messageId = webhook.MessageId,
        });
    }
}

/// <summary>Meta's pair rate: sends to one recipient sooner than this many milliseconds apart are refused with 131056; null or 0: off.</summary>
public sealed record PairRate(int? MetaSpacingMs);
