using System.Text.Json;
using Microsoft.Extensions.Options;

namespace WhatsApp.Api.Features.Media;

/// <summary>What is kept beside an uploaded file: enough to serve it again without trusting anything the uploader sent but the name.</summary>
public sealed record UploadedMediaInfo(string Id, string ContentType, MediaKind Kind, string FileName, long Size, DateTimeOffset UploadedAt, string? UploadedBy);

/// <summary>
/// Header media and reply attachments staff upload, kept by the app's <see cref="IMediaStore"/> (<c>Media:Store</c>), so
/// with <c>Database</c> every instance serves what any of them took: <c>upload-{id}</c> holds the bytes,
/// <c>upload-{id}-info</c> what they are. The id is 128 random bits; the files are served only through signed links
/// (kind <c>upload</c>). Uploads kept before the store took them (files in <c>Media:UploadDirectory</c>) are still read.
/// </summary>
public sealed class UploadedMedia(IMediaStore store, IOptions<MediaOptions> options, IWebHostEnvironment environment, TimeProvider clock) : IMediaSource
{
    public const string MediaKind = "upload";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Kind => MediaKind;

    public static MediaRef For(string id) => new(MediaKind, id);

    private static string ContentKey(string id) => $"upload-{id}";
    private static string InfoKey(string id) => $"upload-{id}-info";

    /// <summary>Keeps <paramref name="content"/> (already checked to be <paramref name="type"/>) and returns what was kept.</summary>
    public async Task<UploadedMediaInfo> SaveAsync(Stream content, MediaType type, string fileName, string? uploadedBy, CancellationToken ct)
    {
        var id = Guid.NewGuid().ToString("N");
        content.Position = 0;
        var info = new UploadedMediaInfo(id, type.ContentType, type.Kind, fileName, content.Length, clock.GetUtcNow(), uploadedBy);
        await store.SaveAsync(ContentKey(id), content, ct);
        // The info last: whoever finds it finds the whole file.
        using var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(info, Json));
        await store.SaveAsync(InfoKey(id), json, ct);
        return info;
    }

    /// <summary>What the upload <paramref name="id"/> is, or null when there is none.</summary>
    public async Task<UploadedMediaInfo?> FindAsync(string id, CancellationToken ct)
    {
        if (!IsId(id)) return null;
        await using var json = await store.OpenAsync(InfoKey(id), ct);
        if (json is not null) return await JsonSerializer.DeserializeAsync<UploadedMediaInfo>(json, Json, ct);
        return Legacy(id) is { } legacy ? await legacy.InfoAsync(ct) : null;
    }

    public async Task<MediaFile?> OpenAsync(string key, CancellationToken ct)
    {
        if (await FindAsync(key, ct) is not { } info) return null;
        var content = await store.OpenAsync(ContentKey(key), ct);
        if (content is null && Legacy(key) is { } legacy && File.Exists(legacy.Path))
            content = new FileStream(legacy.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
        return content is null ? null : new MediaFile(info.ContentType, info.FileName, Stream: content);
    }

    /// <summary>Only ids this class makes: nothing else can be smuggled through a key.</summary>
    private static bool IsId(string key) => key.Length == 32 && key.All(char.IsAsciiHexDigitLower);

    /// <summary>Where an upload made before uploads went to the store lies: <c>{id}</c> and <c>{id}.json</c> in <c>Media:UploadDirectory</c>.</summary>
    private LegacyUpload? Legacy(string id) =>
        options.Value.UploadDirectory is { Length: > 0 } directory ? new(Path.Combine(Path.GetFullPath(directory, environment.ContentRootPath), id)) : null;

    private sealed record LegacyUpload(string Path)
    {
        public async Task<UploadedMediaInfo?> InfoAsync(CancellationToken ct) =>
            File.Exists(Path) && File.Exists(Path + ".json") ? JsonSerializer.Deserialize<UploadedMediaInfo>(await File.ReadAllTextAsync(Path + ".json", ct), Json) : null;
    }
}
