namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>What a driver needs to talk to one configured account: decrypted credentials, the base URL override, our webhook URLs.</summary>
public sealed record ProviderContext(
    int ProviderId,
    IReadOnlyDictionary<string, string> Credentials,
    /// <summary>Replaces scheme and host (and a path prefix, if any) of every API URL the driver calls; null for the provider's own.</summary>
    string? BaseUrl,
    /// <summary>Where the provider should post status callbacks for this account (Twilio takes it per message).</summary>
    string StatusCallbackUrl,
    string InboundUrl);

/// <summary>How a template's parameters are keyed: {{1}}, {{2}} … or {{customer_name}} ….</summary>
public enum ParameterFormat { Positional, Named }

/// <summary>What a template's header is (WhatsApp's HEADER formats); None: no header.</summary>
public enum HeaderFormat { None, Text, Image, Video, Document, Location }

/// <summary>WhatsApp's template button kinds.</summary>
public enum ButtonType { QuickReply, Url, PhoneNumber, CopyCode, Otp }

/// <summary>
/// A filled template header. <see cref="Value"/> is what fills the header's one variable (the text variable's value, or
/// for media what fills the media URL's placeholder); <see cref="Link"/> is the whole media URL the provider fetches;
/// <see cref="Placeholder"/> is the variable's name inside the header ("1", "bill_no", or Twilio's ContentVariables key),
/// null when the header's only variable is the whole media link (Meta's media headers).
/// </summary>
public sealed record OutgoingHeader(HeaderFormat Format, string Value, string? Placeholder, string? Link = null, string? FileName = null);

/// <summary>
/// A filled button (a URL button's dynamic suffix, a copy code) at its 0-based <see cref="Index"/> among the template's
/// buttons; <see cref="Placeholder"/> is the variable's name inside the button (Twilio's ContentVariables key), if any.
/// </summary>
public sealed record OutgoingButton(int Index, ButtonType Type, string Value, string? Placeholder);

/// <summary>One message to send. Parameters are in placeholder order, keyed by placeholder name ("1", "2" or "customer_name").</summary>
public sealed record OutgoingMessage(
    long MessageId,
    /// <summary>E.164, with the leading '+'.</summary>
    string To,
    /// <summary>The template's id at this provider: Twilio's ContentSid, Vonage's and Meta's template name.</summary>
    string ExternalTemplateId,
    /// <summary>The template language/locale at this provider, e.g. en_US.</summary>
    string Language,
    ParameterFormat ParameterFormat,
    IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary>
    /// A free-form session message (no template: ExternalTemplateId and Parameters are empty). Providers deliver it only
    /// inside the 24-hour customer-service window; the app checks the window before queueing it.
    /// </summary>
    public string? Text { get; init; }

    /// <summary>A session message's attachment (its caption is <see cref="Text"/>); null for text only and for templates.</summary>
    public OutgoingMedia? Media { get; init; }

    /// <summary>The header's parameter, when the template's header has a variable part; null otherwise.</summary>
    public OutgoingHeader? Header { get; init; }

    /// <summary>The buttons that take a parameter, in button order; quick replies and phone buttons are fixed and absent.</summary>
    public IReadOnlyList<OutgoingButton> Buttons { get; init; } = [];

    public static OutgoingMessage FreeText(long messageId, string to, string text) =>
        new(messageId, to, "", "", ParameterFormat.Positional, []) { Text = text };
}

/// <summary>Our own status scale. The numbers are the order: status only moves up; 50 and above are terminal.</summary>
public enum MessageStatus
{
    Queued = 0,
    /// <summary>The provider took the message (Twilio queued/accepted, Vonage 202, Meta 200).</summary>
    Accepted = 10,
    Sent = 20,
    Delivered = 30,
    Read = 40,
    Failed = 50,
    Undelivered = 51,
    /// <summary>Never handed to a provider: cancelled, or the recipient opted out before it went.</summary>
    Canceled = 60,
}

public enum SendErrorKind
{
    /// <summary>Will fail again as it is: bad number, bad template, bad credentials. Fail the message now.</summary>
    Permanent,
    /// <summary>Might work later: throttled, provider down, timeout before the request was sent. Retry with backoff.</summary>
    Transient,
    /// <summary>The recipient blocked us or opted out (Twilio 63014/21610, Meta 131050): fail it and record the opt-out.</summary>
    OptedOut,
    /// <summary>The recipient stopped marketing messages only (Meta 131050): fail it and end marketing consent; bills still go.</summary>
    StoppedMarketing,
}

public sealed record SendError(SendErrorKind Kind, string Code, string Message, TimeSpan? RetryAfter = null)
{
    /// <summary>True when the request may have reached the provider (timeout or connection reset after sending): a retry could duplicate.</summary>
    public bool MayHaveBeenDelivered { get; init; }
}

public sealed record SendResult(string? ProviderMessageId, MessageStatus Status, SendError? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>What the provider's answer said beyond "accepted" (Meta holding the message for quality), for the message's history.</summary>
    public string? Note { get; init; }

    public static SendResult Accepted(string providerMessageId, MessageStatus status = MessageStatus.Accepted) => new(providerMessageId, status, null);
    public static SendResult Failed(SendError error) => new(null, MessageStatus.Failed, error);
}

public sealed record ConnectionTestResult(bool Ok, string Message);

/// <summary>A template as the provider lists it, for sync.</summary>
public sealed record RemoteTemplate(
    /// <summary>Twilio ContentSid; Vonage/Meta: the template name.</summary>
    string ExternalId,
    string Name,
    string Language,
    /// <summary>UTILITY, MARKETING or AUTHENTICATION.</summary>
    string Category,
    /// <summary>APPROVED, PENDING, REJECTED, PAUSED or DISABLED.</summary>
    string Status,
    string? RejectionReason,
    string Body,
    ParameterFormat ParameterFormat,
    /// <summary>Placeholder name → sample value.</summary>
    IReadOnlyDictionary<string, string> Samples)
{
    /// <summary>The header as the provider defines it (text with its placeholder, a media URL pattern); null: none.</summary>
    public RemoteHeader? Header { get; init; }
    public string? Footer { get; init; }
    public IReadOnlyList<RemoteButton> Buttons { get; init; } = [];
}

/// <summary>A template header as listed: <see cref="Text"/> for TEXT (may hold one placeholder), <see cref="MediaUrl"/> for a media URL the provider fills (Twilio: may hold a placeholder), a sample.</summary>
public sealed record RemoteHeader(HeaderFormat Format, string? Text = null, string? MediaUrl = null, string? Sample = null);

/// <summary>A template button as listed: its text, and its URL, phone number or code (with placeholders where the provider allows them).</summary>
public sealed record RemoteButton(ButtonType Type, string Text, string? Url = null, string? PhoneNumber = null, string? Code = null, string? Sample = null);

/// <summary>An incoming webhook call, captured raw so signatures can be checked over the exact bytes.</summary>
public sealed record WebhookRequest(
    string Method,
    /// <summary>The public URL the provider called (App:PublicBaseUrl + path + query): what Twilio signs.</summary>
    string PublicUrl,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    string? ContentType,
    IReadOnlyDictionary<string, string> Query);

public sealed record StatusUpdate(
    string ProviderMessageId,
    MessageStatus Status,
    DateTime? At,
    string? ErrorCode,
    string? ErrorMessage,
    /// <summary>Vonage echoes our client_ref (the message id), which finds the row even before its provider id was stored.</summary>
    long? ClientReference = null)
{
    /// <summary>What the provider says it charges for the message, when the report says (Meta's <c>pricing</c>); null: not reported.</summary>
    public MessagePricing? Pricing { get; init; }
}

/// <summary>
/// A provider's word on a message's charge. <see cref="Category"/> is the provider's pricing category in lower case
/// (marketing, utility, authentication, service, referral_conversion …); <see cref="Price"/> and <see cref="Currency"/>
/// are an amount the provider reported (Twilio's price), null when it reports only the category.
/// </summary>
public sealed record MessagePricing(string? Category, bool? Billable, decimal? Price = null, string? Currency = null);

/// <summary>What a customer sent. Every kind is one of these, so storing it never needs to know the provider.</summary>
public enum InboundKind { Text, Image, Document, Audio, Video, Sticker, Location, Contacts, Reaction, Button, QuickReply, Unsupported }

/// <summary>
/// One message a customer sent us, parsed from any provider's webhook into the same shape.
/// <see cref="Text"/> is what a person reads: the body, a media caption, a button's or quick reply's visible text,
/// a location's name/address, a reaction's emoji ("" when there is none). <see cref="Metadata"/> keeps the rest by
/// well-known keys (<see cref="InboundKeys"/>): never credentials, only the provider's references (e.g. a media id or URL).
/// </summary>
public sealed record InboundMessage(string From, string Text, string? ProviderMessageId, string? ProfileName)
{
    public InboundKind Kind { get; init; } = InboundKind.Text;
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    /// <summary>The provider's id of the message this one answers (Meta context.id, Twilio OriginalRepliedMessageSid, Vonage context.message_uuid).</summary>
    public string? ContextMessageId { get; init; }
    /// <summary>When the customer sent it, as the provider says; null when it does not say (then: when we received it).</summary>
    public DateTime? SentAt { get; init; }
}

/// <summary>The keys drivers use in <see cref="InboundMessage.Metadata"/>.</summary>
public static class InboundKeys
{
    /// <summary>Meta's media id, or the URL Twilio/Vonage serve the file at (fetched later with the account's credentials).</summary>
    public const string MediaRef = "mediaRef";
    public const string MediaType = "mediaType";
    public const string FileName = "fileName";
    public const string Latitude = "latitude";
    public const string Longitude = "longitude";
    public const string Address = "address";
    /// <summary>A button's or quick reply's payload/id, as opposed to its visible text.</summary>
    public const string Payload = "payload";
    /// <summary>The provider message id a reaction is about.</summary>
    public const string ReactedTo = "reactedTo";
    /// <summary>Shared contacts as the provider's JSON.</summary>
    public const string Contacts = "contacts";
    /// <summary>The provider's own name for a kind we do not model.</summary>
    public const string ProviderType = "providerType";
}

public sealed record WebhookEvents(IReadOnlyList<StatusUpdate> Statuses, IReadOnlyList<InboundMessage> Inbound)
{
    public static readonly WebhookEvents None = new([], []);

    /// <summary>Changes to templates the provider announces as they happen (Meta's template webhooks).</summary>
    public IReadOnlyList<TemplateEvent> Templates { get; init; } = [];
}

/// <summary>
/// One announced change to a template at the provider, as the provider words it. Only the fields the change is about are
/// set: <c>Status</c> (APPROVED, REJECTED, PAUSED, DISABLED …), <c>Quality</c> (GREEN, YELLOW, RED, UNKNOWN),
/// <c>Category</c> (the new one, with <c>PreviousCategory</c>). <c>Name</c> is the template's name at the provider (its binding).
/// </summary>
public sealed record TemplateEvent(string Name, string? Language, string? Status = null, string? Quality = null, string? Category = null,
    string? PreviousCategory = null, string? Reason = null);

/// <summary>The answer to a GET verification handshake (Meta's hub.challenge), or null when the driver has none.</summary>
public sealed record WebhookChallenge(bool Accepted, string? Body);
