namespace WhatsApp.Api.Features.ApiKeys;

public record CreateApiKeyRequest(string? Name);

/// <summary>A key as listed: never the key itself, only its first characters (<c>prefix</c>).</summary>
public record ApiKeyDto(int Id, string Name, string Prefix, DateTime CreatedAt, string? CreatedBy, DateTime? LastUsedAt, DateTime? RevokedAt, string? RevokedBy);

/// <summary>The new key: <c>key</c> is shown this once and cannot be read again; store it in the other system now.</summary>
public record CreatedApiKeyDto(ApiKeyDto ApiKey, string Key);
