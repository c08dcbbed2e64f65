using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Newtonsoft.Json.Linq;
using Twilio.Base;
using Twilio.Exceptions;
using Twilio.Rest;
using Twilio.Rest.Api.V2010;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Rest.Content.V1;
using Twilio.Security;
using Twilio.Types;
using TwilioRequest = Twilio.Http.Request;
using TwilioMethod = Twilio.Http.HttpMethod;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>
/// Twilio Programmable Messaging for WhatsApp, through Twilio's official SDK: sends the SDK's create request for a
/// Message (<see cref="CreateMessageOptions"/>, <see cref="CreateRequest"/>), lists templates
/// from the Content API's ContentAndApprovals, checks webhooks with <see cref="RequestValidator"/>. The SDK's requests
/// go through the app's HTTP clients (<see cref="TwilioClients"/>, <see cref="TwilioHttp"/>).
/// </summary>
public sealed partial class TwilioDriver(
    IHttpClientFactory httpClientFactory,
    IHttpMessageHandlerFactory httpHandlers,
    ILogger<TwilioDriver> logger,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<WhatsAppDriverOptions> options) : IWhatsAppDriver
{
    /// <summary>Content API host (templates); next-page links are kept on it.</summary>
    public const string ContentOrigin = "https://content.twilio.com";

    private readonly TwilioClients _clients = new(httpHandlers);

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
            return Failed(message, ProviderErrors.Configuration("missing_credentials", "The Twilio Account SID is not set."));
        if (SendLogin(c) is not { } login)
            return Failed(message, ProviderErrors.Configuration("missing_credentials", "Set the Twilio Auth Token or an API key and secret."));
        if (c.Get("from") is null && c.Get("messagingServiceSid") is null)
            return Failed(message, ProviderErrors.Configuration("missing_credentials", "Set the WhatsApp sender or a Messaging Service SID."));
        if (message.Text is null && TwiceUsed(ContentVariablesOf(message)) is { } clash)
            return Failed(message, ProviderErrors.Configuration("template_variables",
                $"Variable {{{{{clash}}}}} fills two parts of the Content (Twilio numbers one sequence across body, media and buttons): renumber the template's header or buttons."));
        ct.ThrowIfCancellationRequested();

        using var call = TwilioCall.ForOneRequest(context.BaseUrl, ct, readsSuccessItself: true);
        TwilioSentMessage? sent;
        try
        {
            await _clients.Send(login, accountSid).RequestAsync(CreateRequest(call, accountSid, SendOptions(context, message))).ConfigureAwait(false);
            sent = TwilioSentMessage.Read(call.SuccessBody);
        }
        catch (ApiConnectionException e)
        {
            // The send client never retries, so this one request is all that may have reached Twilio.
            var cause = e.InnerException ?? e;
            if (SendExchange.NetworkFailure(cause, call.RequestStarted, ct) is { } failure) return Failed(message, failure);
            ct.ThrowIfCancellationRequested();
            return Failed(message, ProviderErrors.Network("network_error", call.RequestStarted, detail: cause.GetType().Name));
        }
        catch (TwilioException e)
        {
            var status = call.Status ?? StatusOf(e);
            var (code, text) = Fault(e);
            return Failed(message, ProviderErrors.Classify(Type, status, code, text, DriverHttp.RetryAfter(call.RetryAfter, clock)));
        }

        // A success status whose body is not a message resource: Twilio may have taken the message.
        if (sent is null) return DriverLog.Unreadable(logger, Type, message.MessageId, call.Status ?? 201, "not a message resource");
        if (string.IsNullOrEmpty(sent.Sid))
            return DriverLog.Unreadable(logger, Type, message.MessageId, call.Status ?? 201, "without a message sid");
        var messageStatus = MapStatus(sent.Status) ?? MessageStatus.Accepted;
        if (messageStatus is MessageStatus.Failed or MessageStatus.Undelivered)
        {
            // Refused at once yet created: the failure is the message's own, and it has a sid for its callbacks.
            var error = ProviderErrors.Classify(Type, 400, sent.ErrorCode?.ToString(CultureInfo.InvariantCulture), sent.ErrorMessage, null);
            DriverLog.Failure(logger, Type, message.MessageId, error);
            return new SendResult(sent.Sid, messageStatus, error);
        }
        return SendResult.Accepted(sent.Sid, messageStatus);
    }

    /// <summary>The same create request: a free-form message carries Body instead of ContentSid (see <see cref="SendOptions"/>).</summary>
    public Task<SendResult> SendTextAsync(ProviderContext context, OutgoingMessage message, CancellationToken ct) =>
        SendTemplateAsync(context, message, ct);

    /// <summary>
    /// The SDK's create request for a Message, as <see cref="MessageResource.CreateAsync(CreateMessageOptions, Twilio.Clients.ITwilioRestClient)"/>
    /// builds it; its answer is read by <see cref="TwilioSentMessage"/>.
    /// </summary>
    internal static TwilioRequest CreateRequest(TwilioCall call, string accountSid, CreateMessageOptions options) =>
        new TwilioCall.CarriedBy(call, TwilioMethod.Post, Domain.Api, MessagesPath(accountSid), options.GetParams());

    /// <summary>The Messages resource of an account; the last one is kept, as every send of an account goes there.</summary>
    private static string MessagesPath(string accountSid)
    {
        if (_lastMessagesPath is { } last && last.AccountSid == accountSid) return last.Path;
        var path = $"/2010-04-01/Accounts/{accountSid}/Messages.json";
        _lastMessagesPath = new AccountPath(accountSid, path);
        return path;
    }

    private sealed record AccountPath(string AccountSid, string Path);

    private static volatile AccountPath? _lastMessagesPath;

    /// <summary>The first variable name given two values; a message has a handful, so a pairwise look allocates nothing.</summary>
    private static string? TwiceUsed(IReadOnlyList<KeyValuePair<string, string>> variables)
    {
        for (var i = 1; i < variables.Count; i++)
        for (var j = 0; j < i; j++)
            if (variables[i].Key == variables[j].Key) return variables[i].Key;
        return null;
    }

    private SendResult Failed(OutgoingMessage message, SendError error) => DriverLog.Failed(logger, Type, message.MessageId, error);

    /// <summary>What sends authenticate with: the API key when both its parts are set (recommended), else the Auth Token.</summary>
    private static TwilioLogin? SendLogin(IReadOnlyDictionary<string, string> c)
    {
        if (c.Get("apiKeySid") is { } keySid && c.Get("apiKeySecret") is { } keySecret) return new(keySid, keySecret);
        return TokenLogin(c);
    }

    private static TwilioLogin? TokenLogin(IReadOnlyDictionary<string, string> c) =>
        c.Get("accountSid") is { } sid && c.Get("authToken") is { } token ? new(sid, token) : null;

    /// <summary>
    /// To and From as WhatsApp addresses, the sender or the Messaging Service (with both, Twilio sends from the given
    /// sender of the service's pool), the template as ContentSid with its ContentVariables (a free-form message: Body),
    /// and our status callback.
    /// </summary>
    internal static CreateMessageOptions SendOptions(ProviderContext context, OutgoingMessage message)
    {
        var c = context.Credentials;
        return new CreateMessageOptions(new PhoneNumber(PhoneAddress.WhatsApp(message.To)))
        {
            From = c.Get("from") is { } from ? new PhoneNumber(PhoneAddress.WhatsApp(from)) : null,
            MessagingServiceSid = c.Get("messagingServiceSid"),
            ContentSid = message.Text is null ? message.ExternalTemplateId : null,
            ContentVariables = message.Text is null && ContentVariablesOf(message) is { Count: > 0 } variables ? ContentVariables(variables) : null,
            // A media message may have no caption: Twilio then takes MediaUrl alone.
            Body = message.Media is not null && string.IsNullOrEmpty(message.Text) ? null : message.Text,
            MediaUrl = message.Media is { } media ? [new Uri(media.Link)] : null,
            StatusCallback = Uri.TryCreate(context.StatusCallbackUrl, UriKind.Absolute, out var callback) ? callback : null,
        };
    }

    /// <summary>
    /// Every variable of the Content, in one namespace: the body's, then the one in the header (a card title or a media
    /// URL), then each button's (a URL's suffix, a copy code).
    /// </summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> ContentVariablesOf(OutgoingMessage message)
    {
        if (message.Header?.Placeholder is null && message.Buttons.All(b => b.Placeholder is null)) return message.Parameters;
        var all = message.Parameters.ToList();
        if (message.Header is { Placeholder: { } h }) all.Add(new(h, message.Header.Value));
        all.AddRange(message.Buttons.Where(b => b.Placeholder is not null).Select(b => new KeyValuePair<string, string>(b.Placeholder!, b.Value)));
        return all;
    }

    /// <summary>{"1":"Ana","2":"$20"} or {"customer_name":"Ana"}: keys are the placeholder names.</summary>
    internal static string ContentVariables(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        // One buffer and writer a thread, reset for each send: a new stream and writer grew a buffer of their own for
        // every send, 7 % of what a send allocated (session 19).
        var (buffer, w) = _contentVariablesWriter ??= NewContentVariablesWriter();
        buffer.ResetWrittenCount();
        w.Reset(buffer);
        w.WriteStartObject();
        foreach (var (key, value) in parameters) w.WriteString(key, value);
        w.WriteEndObject();
        w.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [ThreadStatic] private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? _contentVariablesWriter;

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewContentVariablesWriter()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        return (buffer, new Utf8JsonWriter(buffer, DriverJson.Writer));
    }

    /// <summary>The HTTP status an SDK exception carries (0 when it carries none).</summary>
    private static int StatusOf(TwilioException e) => e switch
    {
        ApiException a => a.Status,
        ApiStandardException s => s.Status,
        _ => 0,
    };

    /// <summary>Twilio's error code and message (REST 2010 or RFC 9457 body); both null when the body was neither.</summary>
    private static (string? Code, string? Message) Fault(TwilioException e) => e switch
    {
        ApiException { Code: not 0 } a => (a.Code.ToString(CultureInfo.InvariantCulture), a.Message),
        ApiStandardException { Code: not 0 } s => (s.Code.ToString(CultureInfo.InvariantCulture), string.Join(": ", new[] { s.Title, s.Detail }.Where(t => !string.IsNullOrEmpty(t)))),
        _ => (null, null),
    };

    /// <summary>Twilio message statuses on our scale; null for ones we do not track (received, receiving…).</summary>
    internal static MessageStatus? MapStatus(string? status) => ProviderStatuses.Map("twilio", status);

    // ---- connection test ---------------------------------------------------------------------------

    /// <summary>
    /// Fetches the account with the Auth Token (its name and state; the token also signs every webhook, so a wrong
    /// one would lose every status callback), then, when an API key is set, reads one page of the account's Messages
    /// with it — the resource sends use. A Standard API key may not read the Accounts resource, only a Main key may.
    /// </summary>
    public async Task<ConnectionTestResult> TestConnectionAsync(ProviderContext context, CancellationToken ct)
    {
        var c = context.Credentials;
        if (c.Get("accountSid") is not { } accountSid || TokenLogin(c) is not { } token)
            return new(false, "Set the Account SID and the Auth Token.");
        var key = SendLogin(c) is { IsApiKey: true } k ? k : null;

        using var call = TwilioCall.Begin(context.BaseUrl, ct);
        AccountResource account;
        try
        {
            account = await AccountResource.FetchAsync(accountSid, _clients.Api(token, accountSid)).ConfigureAwait(false);
        }
        catch (TwilioException e)
        {
            ct.ThrowIfCancellationRequested();
            return new(false, ErrorText(e, call, "check the Account SID and Auth Token"));
        }

        var name = string.IsNullOrEmpty(account.FriendlyName) ? accountSid : account.FriendlyName;
        var state = account.Status?.ToString() ?? "unknown";
        if (!state.Equals("active", StringComparison.OrdinalIgnoreCase)) return new(false, $"The Twilio account \"{name}\" is {state}.");
        if (key is null) return new(true, $"Connected to Twilio account \"{name}\".");

        try
        {
            await MessageResource.ReadAsync(new ReadMessageOptions { PathAccountSid = accountSid, PageSize = 1, Limit = 1 }, _clients.Api(key, accountSid))
                .ConfigureAwait(false);
        }
        catch (TwilioException e)
        {
            ct.ThrowIfCancellationRequested();
            return new(false, $"The Auth Token works for \"{name}\", but the API key does not: " + ErrorText(e, call, "check the API Key SID and Secret, and that the key belongs to this account"));
        }
        return new(true, $"Connected to Twilio account \"{name}\" with the Auth Token and the API key {key.User}.");
    }

    // ---- price read back ---------------------------------------------------------------------------

    public bool ReportsPrices => true;

    /// <summary>
    /// Fetches the Message resource (<see cref="MessageResource.FetchAsync(string, string, Twilio.Clients.ITwilioRestClient)"/>):
    /// Twilio fills <c>price</c> (negative: a charge, e.g. "-0.00500") and <c>price_unit</c> some time after sending.
    /// </summary>
    public async Task<MessagePricing?> FetchPriceAsync(ProviderContext context, string providerMessageId, CancellationToken ct)
    {
        var c = context.Credentials;
        if (c.Get("accountSid") is not { } accountSid || SendLogin(c) is not { } login) return null;
        using var call = TwilioCall.Begin(context.BaseUrl, ct);
        MessageResource message;
        try
        {
            message = await MessageResource.FetchAsync(providerMessageId, accountSid, _clients.Api(login, accountSid)).ConfigureAwait(false);
        }
        catch (TwilioException e)
        {
            ct.ThrowIfCancellationRequested();
            throw new HttpRequestException(ErrorText(e, call, "check the credentials"), e);
        }
        if (!decimal.TryParse(message.Price, NumberStyles.Number, CultureInfo.InvariantCulture, out var price) || string.IsNullOrEmpty(message.PriceUnit)) return null;
        return new MessagePricing(null, null, Math.Abs(price), message.PriceUnit.ToUpperInvariant());
    }

    private string ErrorText(TwilioException e, TwilioCall call, string hint)
    {
        if (e is ApiConnectionException)
            return $"Twilio could not be reached: {(e.InnerException ?? e).Message}";
        var status = call.Status ?? StatusOf(e);
        var (code, message) = Fault(e);
        var meaning = code is null ? null : ProviderErrors.Describe(Type, code)?.Meaning;
        var codeText = code is null ? "" : ", error " + code;
        if (status is 401 or 403)
            return $"Twilio rejected the credentials ({status}{codeText}): {meaning ?? message ?? hint + "."}";
        return $"Twilio answered {status}{codeText}: {message ?? meaning ?? e.Message}";
    }

    // ---- templates -----------------------------------------------------------------------------------

    /// <summary>
    /// Every ContentAndApprovals page, with each item's WhatsApp approval. Pages are read with the SDK's request and page
    /// types, awaited one after the other: the SDK's own ResourceSet fetches further pages synchronously. Next-page
    /// links are kept on content.twilio.com (then moved onto the base URL by <see cref="TwilioHttp"/>).
    /// </summary>
    public async Task<IReadOnlyList<RemoteTemplate>> ListTemplatesAsync(ProviderContext context, CancellationToken ct)
    {
        var c = context.Credentials;
        if (c.Get("accountSid") is not { } accountSid || SendLogin(c) is not { } login)
            throw new InvalidOperationException("Set the Twilio Account SID and the Auth Token (or an API key and secret) to sync templates.");
        var pageSize = Math.Clamp(options.Value.TemplatePageSize, 1, 1000);
        var client = _clients.Api(login, accountSid);

        using var call = TwilioCall.Begin(context.BaseUrl, ct);
        var result = new List<RemoteTemplate>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var request = new TwilioRequest(TwilioMethod.Get, Domain.Content, "/v1/ContentAndApprovals",
            queryParams: new ReadContentAndApprovalsOptions { PageSize = pageSize }.GetParams());
        for (var page = 0; page < DriverHttp.MaxPages && request is not null && seen.Add(request.ConstructUrl().AbsoluteUri); page++)
        {
            Page<ContentAndApprovalsResource> contents;
            try
            {
                var response = await client.RequestAsync(request).ConfigureAwait(false);
                contents = Page<ContentAndApprovalsResource>.FromJson("contents", response.Content);
            }
            catch (TwilioException e)
            {
                ct.ThrowIfCancellationRequested();
                throw new HttpRequestException(ErrorText(e, call, "check the credentials"), e, call.Status is { } s ? (System.Net.HttpStatusCode)s : null);
            }
            catch (Exception e) when (e is Newtonsoft.Json.JsonException or ArgumentException or InvalidCastException or NullReferenceException)
            {
                // What the SDK's page reader throws for a body that is not a Content page.
                throw new HttpRequestException($"Twilio answered the template list with something that is not a Content page: {e.Message}", e);
            }
            foreach (var item in contents.Records)
                if (ParseTemplate(item) is { } template) result.Add(template);
            request = contents.HasNextPage()
                ? new TwilioRequest(TwilioMethod.Get, DriverHttp.Rebase(null, ContentOrigin, contents.GetNextPageUrl(Domain.Content)))
                : null;
        }
        return result;
    }

    /// <summary>
    /// One ContentAndApprovals item. Approval status and rejection reason are read from the top level of
    /// approval_requests (the shape ContentAndApprovals returns; chatwoot/chatwoot#15350), falling back to
    /// approval_requests.whatsapp. The body is the twilio/text one, else the first type that has a body.
    /// </summary>
    internal static RemoteTemplate? ParseTemplate(ContentAndApprovalsResource item)
    {
        if (string.IsNullOrEmpty(item.Sid)) return null;
        var approval = item.ApprovalRequests as JObject;
        var whatsapp = approval?["whatsapp"] as JObject;
        string? Approval(string name) => NonEmpty(Text(approval?[name])) ?? NonEmpty(Text(whatsapp?[name]));

        var body = "";
        if (item.Types is JObject types)
        {
            body = Text(types["twilio/text"]?["body"]) ?? "";
            if (body.Length == 0)
                foreach (var (_, type) in types)
                    if (Text(type?["body"]) is { Length: > 0 } b) { body = b; break; }
        }

        var samples = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.Variables is JObject variables)
            foreach (var (name, value) in variables)
                samples[name] = Text(value) ?? "";

        var (header, footer, buttons) = item.Types is JObject typed ? Components(typed, samples) : (null, null, []);
        return new RemoteTemplate(
            ExternalId: item.Sid,
            Name: Approval("name") ?? NonEmpty(item.FriendlyName) ?? item.Sid,
            Language: NonEmpty(item.Language) ?? "en",
            Category: (Approval("category") ?? "UTILITY").ToUpperInvariant(),
            Status: MapApproval(Approval("status")),
            RejectionReason: Approval("rejection_reason"),
            Body: body,
            ParameterFormat: TemplatePlaceholders.FormatOf(body),
            Samples: samples)
        { Header = header, Footer = footer, Buttons = buttons };
    }

    /// <summary>The Content types whose parts become a header, a footer and buttons, richest first.</summary>
    private static readonly string[] RichTypes =
        ["whatsapp/authentication", "whatsapp/card", "twilio/card", "twilio/call-to-action", "twilio/quick-reply", "twilio/media"];

    /// <summary>
    /// The header, footer and buttons of a Content: whatsapp/card (header_text, media, footer, actions), twilio/card
    /// (title, subtitle, media, actions), twilio/call-to-action and twilio/quick-reply (actions), twilio/media (media),
    /// whatsapp/authentication (its copy-code action is a one-time password). A media URL's kind is read from its file
    /// extension, as WhatsApp classifies it from the sample.
    /// </summary>
    internal static (RemoteHeader? Header, string? Footer, IReadOnlyList<RemoteButton> Buttons) Components(JObject types, IReadOnlyDictionary<string, string> samples)
    {
        foreach (var name in RichTypes)
        {
            if (types[name] is not JObject type) continue;
            if (name == "whatsapp/authentication")
                return (null, null, [new RemoteButton(ButtonType.Otp, Text(type["actions"]?.FirstOrDefault()?["copy_code_text"]) ?? "Copy code")]);
            var media = (type["media"] as JArray)?.Select(Text).FirstOrDefault(u => !string.IsNullOrEmpty(u));
            var headerText = NonEmpty(Text(type["header_text"])) ?? NonEmpty(Text(type["title"]));
            RemoteHeader? header = media is not null
                ? new RemoteHeader(MediaFormat(TemplatePlaceholders.Pattern().Replace(media, m => samples.GetValueOrDefault(m.Groups[1].Value, ""))), MediaUrl: media)
                : headerText is not null && name != "twilio/quick-reply" && name != "twilio/call-to-action" ? new RemoteHeader(HeaderFormat.Text, headerText) : null;
            var footer = NonEmpty(Text(type["footer"])) ?? NonEmpty(Text(type["subtitle"]));
            var buttons = new List<RemoteButton>();
            foreach (var action in (type["actions"] as JArray ?? []).OfType<JObject>())
            {
                var title = Text(action["title"]) ?? "";
                var kind = Text(action["type"])?.ToUpperInvariant() ?? (name == "twilio/quick-reply" ? "QUICK_REPLY" : "");
                buttons.Add(kind switch
                {
                    "URL" => new RemoteButton(ButtonType.Url, title, Url: Text(action["url"])),
                    "PHONE_NUMBER" => new RemoteButton(ButtonType.PhoneNumber, title, PhoneNumber: Text(action["phone"])),
                    "COPY_CODE" => new RemoteButton(ButtonType.CopyCode, title, Code: Text(action["code"])),
                    _ => new RemoteButton(ButtonType.QuickReply, title),
                });
            }
            return (header, footer, buttons);
        }
        return (null, null, []);
    }

    private static HeaderFormat MediaFormat(string url)
    {
        var path = url.Split('?', '#')[0];
        var ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".mp4" or ".3gp" or ".3gpp" => HeaderFormat.Video,
            ".jpg" or ".jpeg" or ".png" or ".webp" => HeaderFormat.Image,
            _ => HeaderFormat.Document,
        };
    }

    /// <summary>
    /// A JSON value as text: strings as they are, numbers and booleans as JSON writes them, null/objects as null. The
    /// SDK's JSON reader turns ISO-looking strings into dates; they come back in ISO form.
    /// </summary>
    private static string? Text(JToken? token) => (token as JValue)?.Value switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        DateTime date => date.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture),
        DateTimeOffset date => date.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };

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

    /// <summary>
    /// X-Twilio-Signature checked by the SDK's <see cref="RequestValidator"/> with the Auth Token over
    /// <see cref="WebhookRequest.PublicUrl"/> (with and without the default port) and the form parameters; a body that
    /// is not a form is signed by URL, with its SHA-256 as the URL's bodySHA256.
    /// </summary>
    public bool VerifyWebhook(ProviderContext context, WebhookRequest request)
    {
        if (context.Credentials.Get("authToken") is not { } token)
        {
            DriverLog.WebhookRejected(logger, Type, context.ProviderId, "no Auth Token is configured");
            return false;
        }
        var signature = WebhookInput.Find(request.Headers, "X-Twilio-Signature");
        if (string.IsNullOrWhiteSpace(signature))
        {
            DriverLog.WebhookRejected(logger, Type, context.ProviderId, "no X-Twilio-Signature header");
            return false;
        }

        var isForm = request.ContentType?.StartsWith(DriverHttp.FormContentType, StringComparison.OrdinalIgnoreCase) ?? request.Body.Length > 0;
        var validator = new RequestValidator(token);
        bool valid;
        try
        {
            valid = isForm
                ? validator.Validate(request.PublicUrl, SignedForm(request.Body), signature.Trim())
                : validator.Validate(request.PublicUrl, Encoding.UTF8.GetString(request.Body), signature.Trim());
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException)
        {
            valid = false;
        }
        if (valid) return true;
        DriverLog.WebhookRejected(logger, Type, context.ProviderId,
            "signature mismatch (check that App:PublicBaseUrl is the exact URL Twilio calls, scheme and host included)");
        return false;
    }

    /// <summary>
    /// The form as <see cref="RequestValidator"/> must see it. Twilio signs a repeated name once per value, values sorted
    /// (twilio-python's published vector); the SDK takes one value per name and appends name + value, so the values are
    /// joined by the name itself: "1234" + "Digits" + "5678" hashes as Digits1234Digits5678.
    /// </summary>
    internal static Dictionary<string, string> SignedForm(byte[] body) =>
        QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).ToDictionary(
            kv => kv.Key, kv => string.Join(kv.Key, kv.Value.Select(v => v ?? "").Distinct().Order(StringComparer.Ordinal)), StringComparer.Ordinal);

    /// <summary>A form with MessageStatus is a status callback; one with a Body, media, a location or a button and no MessageStatus is an inbound message.</summary>
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

        if (form.GetValueOrDefault("From") is { Length: > 0 } from && TwilioInbound.IsInbound(form))
            return new WebhookEvents([], [TwilioInbound.Parse(form, PhoneAddress.E164(from), sid, NonEmpty(form.GetValueOrDefault("ProfileName")))]);
        return WebhookEvents.None;
    }
}
