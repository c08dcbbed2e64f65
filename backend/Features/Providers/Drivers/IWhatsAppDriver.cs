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

    /// <summary>Status callbacks and inbound messages in a verified webhook body.</summary>
    WebhookEvents ParseWebhook(WebhookRequest request);

    /// <summary>A GET handshake (Meta's hub.challenge); null when the provider has none.</summary>
    WebhookChallenge? AnswerChallenge(ProviderContext context, WebhookRequest request) => null;
}
