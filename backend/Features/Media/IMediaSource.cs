namespace WhatsApp.Api.Features.Media;

/// <summary>
/// A file as <c>/media/{token}</c> serves it: its bytes, or a stream (a document may be 100 MB; the server disposes it),
/// its content type and its name.
/// </summary>
public sealed record MediaFile(string ContentType, string FileName, byte[]? Content = null, Stream? Stream = null);

/// <summary>
/// One kind of file a media link can name. Implementations live with what they serve (the bill PDF in Billing), so Media
/// knows no other feature. Contract: <see cref="OpenAsync"/> returns null for a key that names nothing (anymore) and never
/// throws for a bad key; the key came out of a sealed token, but the thing it names may have been deleted since.
/// </summary>
public interface IMediaSource
{
    /// <summary>The <see cref="MediaRef.Kind"/> this source serves.</summary>
    string Kind { get; }

    Task<MediaFile?> OpenAsync(string key, CancellationToken ct);
}
