using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Tests.Infrastructure;

/// <summary>A fresh SQLite file with every migration applied, and a context on it; deleted on disposal.</summary>
public sealed class MigratedSqliteFile : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"whatsapp-migrated-{Guid.NewGuid():N}.db");

    private MigratedSqliteFile(string connectionOptions) =>
        Db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseAppSqlite($"Data Source={_path}{connectionOptions}").Options);

    public SqliteAppDbContext Db { get; }

    /// <param name="connectionOptions">Appended to the connection string, e.g. <c>;Foreign Keys=False</c>.</param>
    public static async Task<MigratedSqliteFile> CreateAsync(string connectionOptions = "")
    {
        var file = new MigratedSqliteFile(connectionOptions);
        await file.Db.Database.MigrateAsync();
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        await Db.DisposeAsync();
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }
}
