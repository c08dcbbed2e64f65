using System.ComponentModel.DataAnnotations;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Providers;

/// <summary>A credential as the API shows it: plain when not secret, masked when secret.</summary>
public record CredentialValue(string? Value, bool HasValue, bool Secret);

/// <param name="DailyMessagingLimit">The account's messaging tier (business-initiated messages per 24 h); null when not set.</param>
public record ProviderSettings(string? BaseUrl, int MessagesPerSecond, int? DailyMessagingLimit);

public record ProviderSettingsInput(string? BaseUrl, int? MessagesPerSecond, int? DailyMessagingLimit);

/// <param name="CredentialsReadable">False when the stored credentials can no longer be decrypted and must be re-entered.</param>
public record ProviderDto(
    int Id,
    string Name,
    string ProviderType,
    bool IsActive,
    bool IsStandby,
    Dictionary<string, CredentialValue> Credentials,
    bool CredentialsReadable,
    ProviderSettings Settings,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>The messaging limit as the provider last reported it (Meta: TIER_250 … TIER_UNLIMITED), which overrides the setting; null: it has not said.</summary>
    public string? MessagingTier { get; init; }
    public DateTime? MessagingTierReadAt { get; init; }
}

/// <summary>Create or update. On update, a secret that is omitted, null or still masked keeps its stored value.</summary>
public record SaveProviderRequest(
    [property: StringLength(100), PlainText] string? Name,
    string? ProviderType,
    Dictionary<string, string?>? Credentials,
    ProviderSettingsInput? Settings);

public record ProviderTypeDto(string Type, string DisplayName, IReadOnlyList<CredentialField> CredentialFields);

/// <summary>What Staff may know of a provider.</summary>
public record ProviderSummaryDto(int Id, string Name, string ProviderType, bool IsActive, bool IsStandby);
