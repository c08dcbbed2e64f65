using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Media;

/// <summary>One file kept by <see cref="DatabaseMediaStore"/>.</summary>
public class StoredMediaBlob
{
    public required string Key { get; set; }
    public required byte[] Content { get; set; }
    public long Size { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// Files as rows of the app's database (<c>Media:Store=Database</c>): every instance on one PostgreSQL database reads
/// what any of them stored, without a shared volume. A file is written in one statement, so it is there whole or not
/// at all. Files are held in memory while written and read (WhatsApp's limits keep them at 100 MB at most).
/// </summary>
public sealed class DatabaseMediaStore(AppDbContext db, SqliteWriteGate gate, TimeProvider clock) : IMediaStore
{
    public async Task SaveAsync(string key, Stream content, CancellationToken ct)
    {
        MediaStoreKeys.Checked(key);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        using var writing = await gate.EnterAsync(db, ct);
        await db.Set<StoredMediaBlob>().Where(b => b.Key == key).ExecuteDeleteAsync(ct);
        var blob = new StoredMediaBlob { Key = key, Content = bytes, Size = bytes.LongLength, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.Add(blob);
        await db.SaveChangesAsync(ct);
        // The caller's context: leave its other tracked entities alone, but do not keep the bytes alive.
        db.Entry(blob).State = EntityState.Detached;
    }

    public async Task<Stream?> OpenAsync(string key, CancellationToken ct)
    {
        MediaStoreKeys.Checked(key);
        var content = await db.Set<StoredMediaBlob>().Where(b => b.Key == key).Select(b => b.Content).FirstOrDefaultAsync(ct);
        return content is null ? null : new MemoryStream(content, writable: false);
    }

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        MediaStoreKeys.Checked(key);
        using var writing = await gate.EnterAsync(db, ct);
        await db.Set<StoredMediaBlob>().Where(b => b.Key == key).ExecuteDeleteAsync(ct);
    }
}

internal sealed class StoredMediaBlobConfiguration : IEntityTypeConfiguration<StoredMediaBlob>
{
    public void Configure(EntityTypeBuilder<StoredMediaBlob> e)
    {
        e.HasKey(b => b.Key);
        e.Property(b => b.Key).HasMaxLength(MediaStoreKeys.MaxLength);
    }
}
