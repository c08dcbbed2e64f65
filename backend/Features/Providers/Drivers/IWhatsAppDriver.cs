namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>A credential the driver needs, declared as data so the settings form renders itself.</summary>
public record CredentialField(string Key, string Label, bool Required, bool Secret, string? Help = null, string? Placeholder = null);

/// <summary>
/// Everything provider-specific lives behind this interface, one implementation per file in this folder.
/// Adding a provider means adding a driver and one line in <see cref="DriverRegistration"/>.
/// </summary>
public interface IWhatsAppDriver
{
    /// <summary>The stable key stored in <c>WhatsAppProvider.ProviderType</c>, e.g. "twilio".</summary>
    string Type { get; }
    string DisplayName { get; }
    IReadOnlyList<CredentialField> CredentialFields { get; }

    /// <summary>Cross-field rules beyond "required" (formats, alternatives). Yields (credential key, message).</summary>
    IEnumerable<(string Field, string Message)> ValidateCredentials(IReadOnlyDictionary<string, string> credentials);

    /// <summary>Sends one template message. Never throws for provider or network failures: they come back classified.</summary>
    Task<SendResult> SendTemplateAsync(ProviderContext context, OutgoingMessage message, CancellationToken ct);

    /// <summary>
    /// Sends one free-form session message (<see cref="OutgoingMessage.Text"/>, with <see cref="OutgoingMessage.Media"/>
    /// as its caption): Twilio Body (+ MediaUrl), Meta type text (image, document, video), Vonage message_type text (image,
    /// file, video). Never throws for provider or network failures. The caller has checked the service window;
    /// a provider that still refuses (63016, 131047, 1340) comes back as a permanent failure.
    /// </summary>
    Task<SendResult> SendTextAsync(ProviderContext context, OutgoingMessage message, CancellationToken ct);

    /// <summary>
    /// Opens an inbound file for download with the account's credentials: <paramref name="mediaRef"/> is the driver's
    /// <see cref="InboundKeys.MediaRef"/> (Twilio's MediaUrl, Meta's media id, Vonage's URL). Never throws for provider or
    /// network failures: they come back classified (transient ones may be tried again).
    /// </summary>
    Task<MediaFetchResult> FetchMediaAsync(ProviderContext context, string mediaRef, CancellationToken ct);

    /// <summary>Checks the credentials against the provider without sending anything.</summary>
    Task<ConnectionTestResult> TestConnectionAsync(ProviderContext context, CancellationToken ct);

    /// <summary>
    /// Every template the account has, with its approval status (all pages). Throws <see cref="HttpRequestException"/>
    /// when the provider cannot be reached or refuses (its message says why), <see cref="InvalidOperationException"/>
    /// when a credential the list needs is missing, <see cref="NotSupportedException"/> when the provider lists none.
    /// </summary>
    Task<IReadOnlyList<RemoteTemplate>> ListTemplatesAsync(ProviderContext context, CancellationToken ct);

    /// <summary>True when the webhook carries a valid signature for this account.</summary>
    bool VerifyWebhook(ProviderContext context, WebhookRequest request);

    /// <summary>
    /// Status callbacks and inbound messages in a verified webhook body. Every inbound message of every kind comes back
    /// (unknown kinds as <see cref="InboundKind.Unsupported"/>), with the provider's message id for idempotency.
    /// </summary>
    WebhookEvents ParseWebhook(WebhookRequest request);

    /// <summary>
    /// The account's messaging limit as the provider names it (Meta: TIER_250, TIER_2K … TIER_UNLIMITED); null when the
    /// provider does not say. Throws <see cref="HttpRequestException"/> when the provider cannot be reached or refuses.
    /// </summary>
    Task<string?> ReadMessagingTierAsync(ProviderContext context, CancellationToken ct) => Task.FromResult<string?>(null);

    /// <summary>True when <see cref="FetchPriceAsync"/> can tell a message's price (Twilio).</summary>
    bool ReportsPrices => false;

    /// <summary>
    /// What the provider says it charged for a message it took, once it knows (Twilio fills <c>price</c> some time after
    /// sending); null while it has not priced it, or when the provider reports no prices. Throws
    /// <see cref="HttpRequestException"/> when the provider cannot be reached or refuses.
    /// </summary>
    Task<MessagePricing?> FetchPriceAsync(ProviderContext context, string providerMessageId, CancellationToken ct) => Task.FromResult<MessagePricing?>(null);

    /// <summary>A GET handshake (Meta's hub.challenge); null when the provider has none.</summary>
    WebhookChallenge? AnswerChallenge(ProviderContext context, WebhookRequest request) => null;
}
