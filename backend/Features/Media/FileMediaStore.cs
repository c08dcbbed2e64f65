using Microsoft.Extensions.Options;

namespace WhatsApp.Api.Features.Media;

/// <summary>
/// Files under <c>Media:StoreDirectory</c> (relative to the content root), one per key. Written under a temporary name
/// and moved into place, so a reader on this or another instance (a shared volume) never sees half a file.
/// </summary>
public sealed class FileMediaStore(IOptions<MediaOptions> options, IWebHostEnvironment environment) : IMediaStore
{
    private string Directory => Path.GetFullPath(options.Value.StoreDirectory, environment.ContentRootPath);

    private string PathOf(string key) => Path.Combine(Directory, MediaStoreKeys.Checked(key));

    public async Task SaveAsync(string key, Stream content, CancellationToken ct)
    {
        var path = PathOf(key);
        System.IO.Directory.CreateDirectory(Directory);
        var partial = path + "." + Guid.NewGuid().ToString("N") + ".part";
        try
        {
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await content.CopyToAsync(file, ct);
            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    public Task<Stream?> OpenAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }
}
