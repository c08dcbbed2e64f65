using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace WhatsApp.Api.Features.ApiKeys;

/// <summary>
/// A key another system sends as <c>X-Api-Key</c> to raise events. Only its SHA-256 is stored: the key is shown once,
/// when it is created. (A fast hash suffices: the key is 256 random bits, not a password anyone could guess.)
/// </summary>
public class ApiKey
{
    public const string KeyPrefix = "wak_";

    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The key's first characters, so people can tell their keys apart; too short to use.</summary>
    public required string Prefix { get; set; }
    /// <summary>SHA-256 of the key, hex.</summary>
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    /// <summary>A new random key, e.g. wak_3q2…, and its row.</summary>
    public static (ApiKey Row, string Key) Generate(string name, string? createdBy, DateTime now)
    {
        var key = KeyPrefix + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return (new ApiKey { Name = name, Prefix = key[..12], Hash = HashOf(key), CreatedAt = now, CreatedBy = createdBy }, key);
    }

    public static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> e)
    {
        e.Property(k => k.Name).HasMaxLength(100);
        e.Property(k => k.Prefix).HasMaxLength(16);
        e.Property(k => k.Hash).HasMaxLength(64);
        e.Property(k => k.CreatedBy).HasMaxLength(254);
        e.Property(k => k.RevokedBy).HasMaxLength(254);
        e.HasIndex(k => k.Hash).IsUnique();
    }
}
