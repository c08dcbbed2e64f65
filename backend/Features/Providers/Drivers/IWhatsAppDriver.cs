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
}
