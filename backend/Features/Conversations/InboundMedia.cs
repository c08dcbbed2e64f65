using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsApp.Api.Features.Media;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Conversations;

public enum InboundMediaState
{
    /// <summary>Not downloaded yet (or a transient failure will be tried again at <see cref="InboundMediaFile.NextAttemptAt"/>).</summary>
    Pending,
    /// <summary>Kept in the media store; staff can open it.</summary>
    Stored,
    /// <summary>Not kept on purpose: too large or a type WhatsApp does not carry (<see cref="InboundMediaFile.Reason"/> names the limit).</summary>
    Refused,
    /// <summary>Could not be downloaded: the provider refused, or kept failing (<see cref="InboundMediaFile.Reason"/>).</summary>
    Failed,
}

/// <summary>
/// The file a customer sent with a <see cref="ReceivedMessage"/> (image, document, audio, video, sticker), as the app
/// keeps it: one row per message, written with the message, so a duplicate webhook (stored nothing) downloads nothing.
/// The bytes are in the <see cref="IMediaStore"/> under <see cref="StoreKey"/>.
/// </summary>
public class InboundMediaFile
{
    /// <summary>The kinds of message that carry a file to keep, and what kind of file each is (until its content says).</summary>
    public static readonly IReadOnlyDictionary<InboundKind, MediaKind> KindOfMessage = new Dictionary<InboundKind, MediaKind>
    {
        [InboundKind.Image] = MediaKind.Image, [InboundKind.Document] = MediaKind.Document, [InboundKind.Audio] = MediaKind.Audio,
        [InboundKind.Video] = MediaKind.Video, [InboundKind.Sticker] = MediaKind.Sticker,
    };

    public static bool CarriesFile(InboundKind kind) => KindOfMessage.ContainsKey(kind);

    public long Id { get; set; }
    public long ReceivedMessageId { get; set; }
    public ReceivedMessage? Message { get; set; }
    public InboundMediaState State { get; set; }
    /// <summary>The type read from the content once kept (before: what the provider declared).</summary>
    public string? ContentType { get; set; }
    public long? Size { get; set; }
    public string? FileName { get; set; }
    public string? StoreKey { get; set; }
    /// <summary>Why it was not kept, or the last transient failure while it is still pending.</summary>
    public string? Reason { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    /// <summary>The download's lease: a second run of the job for the same file finds it held and does nothing.</summary>
    public Guid? ClaimToken { get; set; }
    public DateTime? ClaimedUntil { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StoredAt { get; set; }

    /// <summary>The row for a newly received message that carries a file, or null when it carries none.</summary>
    public static InboundMediaFile? For(ReceivedMessage message, IReadOnlyDictionary<string, string> metadata, DateTime now) =>
        CarriesFile(message.Kind) && metadata.GetValueOrDefault(InboundKeys.MediaRef) is { Length: > 0 }
            ? new InboundMediaFile
            {
                Message = message,
                State = InboundMediaState.Pending,
                ContentType = metadata.GetValueOrDefault(InboundKeys.MediaType).Truncate(128),
                FileName = metadata.GetValueOrDefault(InboundKeys.FileName).Truncate(200),
                CreatedAt = now,
                NextAttemptAt = now,
            }
            : null;
}

internal sealed class InboundMediaFileConfiguration : IEntityTypeConfiguration<InboundMediaFile>
{
    public void Configure(EntityTypeBuilder<InboundMediaFile> e)
    {
        e.Property(f => f.State).HasConversion<string>().HasMaxLength(16);
        e.Property(f => f.ContentType).HasMaxLength(128);
        e.Property(f => f.FileName).HasMaxLength(200);
        e.Property(f => f.StoreKey).HasMaxLength(MediaStoreKeysLength);
        e.Property(f => f.Reason).HasMaxLength(500);
        e.HasIndex(f => f.ReceivedMessageId).IsUnique();
        // Recovery's look for files still to fetch.
        e.HasIndex(f => new { f.State, f.NextAttemptAt });
        e.HasOne(f => f.Message).WithMany().HasForeignKey(f => f.ReceivedMessageId).OnDelete(DeleteBehavior.Cascade);
    }

    private const int MediaStoreKeysLength = 64;
}
