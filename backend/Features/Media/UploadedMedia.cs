using System.Text.Json;
using Microsoft.Extensions.Options;

namespace WhatsApp.Api.Features.Media;

/// <summary>What is kept beside an uploaded file: enough to serve it again without trusting anything the uploader sent but the name.</summary>
public sealed record UploadedMediaInfo(string Id, string ContentType, MediaKind Kind, string FileName, long Size, DateTimeOffset UploadedAt, string? UploadedBy);

/// <summary>
/// Header media staff upload, kept as files under <c>Media:UploadDirectory</c>: <c>{id}</c> holds the bytes, <c>{id}.json</c>
/// what they are. The id is 128 random bits; the files are served only through signed links (kind <c>upload</c>).
/// </summary>
public sealed class UploadedMedia(IOptions<MediaOptions> options, IWebHostEnvironment environment, TimeProvider clock) : IMediaSource
{
    public const string MediaKind = "upload";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Kind => MediaKind;

    public static MediaRef For(string id) => new(MediaKind, id);

    private string Directory => Path.GetFullPath(options.Value.UploadDirectory, environment.ContentRootPath);

    /// <summary>Keeps <paramref name="content"/> (already checked to be <paramref name="type"/>) and returns what was kept.</summary>
    public async Task<UploadedMediaInfo> SaveAsync(Stream content, MediaType type, string fileName, string? uploadedBy, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var id = Guid.NewGuid().ToString("N");
        var path = Path.Combine(Directory, id);
        content.Position = 0;
        // Written under a temporary name and moved: a reader on another instance never sees half a file.
        var partial = path + ".part";
        await using (var file = File.Create(partial))
            await content.CopyToAsync(file, ct);
        var info = new UploadedMediaInfo(id, type.ContentType, type.Kind, fileName, new FileInfo(partial).Length, clock.GetUtcNow(), uploadedBy);
        await File.WriteAllTextAsync(path + ".json", JsonSerializer.Serialize(info, Json), ct);
        File.Move(partial, path);
        return info;
    }

    public async Task<MediaFile?> OpenAsync(string key, CancellationToken ct)
    {
        // Only ids this class makes: no path can be smuggled through a key.
        if (key.Length != 32 || !key.All(char.IsAsciiHexDigitLower)) return null;
        var path = Path.Combine(Directory, key);
        if (!File.Exists(path) || !File.Exists(path + ".json")) return null;
        var info = JsonSerializer.Deserialize<UploadedMediaInfo>(await File.ReadAllTextAsync(path + ".json", ct), Json);
        return info is null ? null : new MediaFile(info.ContentType, info.FileName, PhysicalPath: path);
    }
}
