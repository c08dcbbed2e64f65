namespace WhatsApp.Api.Features.Media;

/// <summary>The <c>Media</c> settings.</summary>
public sealed class MediaOptions
{
    /// <summary>How long a media link works: long enough for a provider's retries and a late reader, short enough to leak little.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Where staff uploads were kept before they went to <see cref="Store"/>; relative paths are under the app's content
    /// root. Uploads found there are still served; nothing new is written there.
    /// </summary>
    public string UploadDirectory { get; set; } = "App_Data/media";

    /// <summary>Where files the app keeps (inbound media, staff uploads) live: <see cref="MediaStoreKind.Files"/> or <see cref="MediaStoreKind.Database"/>.</summary>
    public MediaStoreKind Store { get; set; } = MediaStoreKind.Files;

    /// <summary>
    /// The <see cref="MediaStoreKind.Files"/> store's directory, relative paths under the content root. Several instances
    /// need one shared directory (or <see cref="MediaStoreKind.Database"/>), or a file kept by one is missing on the others.
    /// </summary>
    public string StoreDirectory { get; set; } = "App_Data/media/kept";

    /// <summary>Tries at a file a customer sent before it is given up as not kept (transient failures only).</summary>
    public int FetchAttempts { get; set; } = 5;

    /// <summary>The wait before the second try at a customer's file; it doubles for each try after.</summary>
    public TimeSpan FetchRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
