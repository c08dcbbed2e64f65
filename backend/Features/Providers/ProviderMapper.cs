using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Api.Features.Providers;

/// <summary>Builds the API's view of a provider: declared fields only, secrets masked, never a plaintext secret.</summary>
public sealed class ProviderMapper(DriverRegistry drivers, ProviderCredentials protector)
{
    public ProviderDto ToDto(WhatsAppProvider row)
    {
        var readable = protector.TryUnprotect(row, out var credentials);
        var fields = drivers.Find(row.ProviderType)?.CredentialFields ?? [];
        var shown = fields.ToDictionary(f => f.Key, f =>
        {
            var value = credentials.GetValueOrDefault(f.Key);
            var hasValue = !string.IsNullOrEmpty(value) || (!readable && f.Secret);
            return new CredentialValue(
                Value: value is null ? null : f.Secret ? ProviderCredentials.Mask(value) : value,
                HasValue: hasValue,
                Secret: f.Secret);
        });
        return new ProviderDto(row.Id, row.Name, row.ProviderType, row.IsActive, row.IsStandby, shown, readable,
            new ProviderSettings(row.BaseUrl, row.MessagesPerSecond, row.DailyMessagingLimit), row.CreatedAt, row.UpdatedAt)
        {
            MessagingTier = row.MessagingTier,
            MessagingTierReadAt = row.MessagingTierReadAt,
        };
    }
}
