namespace WhatsApp.Api.Features.Media;

/// <summary>The <c>Media</c> settings.</summary>
public sealed class MediaOptions
{
    /// <summary>How long a media link works: long enough for a provider's retries and a late reader, short enough to leak little.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Where uploaded header media are kept; relative paths are under the app's content root. Several instances (PostgreSQL)
    /// must point this at one shared directory, or a link minted on one instance is a 404 on the others.
    /// </summary>
    public string UploadDirectory { get; set; } = "App_Data/media";
}
