using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WhatsApp.Api.Infrastructure;

public enum DatabaseProvider { Sqlite, Postgres }

public static class DatabaseSetup
{
    public const string DefaultSqliteConnection = "Data Source=App_Data/whatsapp.db";

    public static DatabaseProvider GetDatabaseProvider(this IConfiguration configuration) =>
        Enum.TryParse<DatabaseProvider>(configuration["Database:Provider"], ignoreCase: true, out var provider)
            ? provider
            : DatabaseProvider.Sqlite;

    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = configuration.GetDatabaseProvider();
        var connectionString = configuration.GetConnectionString("Default");

        services.AddSingleton<SqliteWriteGate>();
        // Everything injects AppDbContext; the registered type is the provider's subclass, whose migrations match its store.
        // Contexts are pooled, and their options built once (they depend on configuration only): built per context, as by
        // default, the options were a tenth of a status callback's CPU (EF's warnings configuration alone), and a fresh
        // context's internal services about 4 % of the loop's (bench/README.md, webhooks and loop).
        switch (provider)
        {
            case DatabaseProvider.Postgres:
                var postgres = connectionString ?? throw new InvalidOperationException(
                    "Database:Provider is Postgres but ConnectionStrings:Default is not set.");
                services.AddDbContextPool<AppDbContext, PostgresAppDbContext>(options => options.UseAppPostgres(postgres));
                break;
            default:
                var sqlite = ResolveSqlitePath(connectionString ?? DefaultSqliteConnection, environment.ContentRootPath);
                services.AddDbContextPool<AppDbContext, SqliteAppDbContext>(options => options.UseAppSqlite(sqlite));
                break;
        }
        return services;
    }

    internal static TBuilder UseAppSqlite<TBuilder>(this TBuilder options, string connectionString) where TBuilder : DbContextOptionsBuilder
    {
        // A list in a query (ids.Contains(m.Id)) goes as one JSON parameter (json_each), as before EF Core 10. EF 10's
        // default, a parameter per element, makes the SQL depend on the list's length: EF cannot cache it, so each run
        // rebuilt and re-generated the SQL and SQLite parsed it anew — 6 % of the app's CPU under status callbacks, whose
        // look-ups take a list per group (perf, bench/README.md, webhooks).
        options.UseSqlite(connectionString, sqlite => sqlite.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
            .AddInterceptors(SqliteConnectionSetup.Instance);
        return options;
    }

    internal static TBuilder UseAppPostgres<TBuilder>(this TBuilder options, string connectionString) where TBuilder : DbContextOptionsBuilder
    {
        options.UseNpgsql(WithAutoPrepare(connectionString));
        return options;
    }

    /// <summary>
    /// Npgsql prepares the statements a connection runs often, unless the connection string says otherwise. Unprepared,
    /// the server parsed and planned every statement afresh: in the loop bench that was about 45 % of PostgreSQL's CPU
    /// (perf: <c>GetCachedPlan</c>, <c>parse_analyze</c>), on the 2 cores it shares with the app (bench/README.md, loop).
    /// </summary>
    internal static string WithAutoPrepare(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        // A connection string that names it, 0 included, keeps its own choice.
        var named = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => k.Replace(" ", "").Equals(nameof(builder.MaxAutoPrepare), StringComparison.OrdinalIgnoreCase));
        if (!named) builder.MaxAutoPrepare = AutoPreparedStatements;
        return builder.ConnectionString;
    }

    /// <summary>Statements kept prepared per connection: the app's hot ones are a few dozen.</summary>
    internal const int AutoPreparedStatements = 256;

    /// <summary>A relative SQLite path is taken from the content root, so the database does not move with the working directory.</summary>
    internal static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } path && path != ":memory:" && !Path.IsPathRooted(path))
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, path));
        if (builder.DataSource is { Length: > 0 } full && full != ":memory:")
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // Writers wait for each other instead of failing with SQLITE_BUSY.
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
        return builder.ToString();
    }

    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (db.Database.IsSqlite())
        {
            // WAL lets the Sent Log be read while jobs write; the mode is persistent in the file.
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.CloseConnectionAsync();
        }
        await db.Database.MigrateAsync();
    }
}

/// <summary>
/// With WAL, synchronous=NORMAL syncs at checkpoints instead of at every commit: a process crash loses nothing, only a
/// power cut may lose the last commits. Without it every delivery report pays an fsync and status webhooks queue up.
/// The setting belongs to the connection, so it is applied on every open.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSetup Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    internal const int WalPagesPerCheckpoint = 10_000;

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        // A 1 MB page cache per connection instead of 2 MB: a busy instance pools a dozen or more connections, and the
        // indexes the hot paths walk fit either way (bench/README.md, memory).
        // Temporary files in memory: a statement that changes many rows inside a transaction (a claim, a group of
        // outcomes) keeps the pages it changes in a statement journal, which SQLite moves to a temp file past 64 KiB.
        // In a 100,000 send those files took 88 MB of writes in 4 s against the WAL's 3.5 MB, and the send rate went
        // from 4,300 to 5,850–6,060 msg/s with them in memory (bench/README.md, session 13).
        // A checkpoint every 10,000 WAL pages (about 40 MB) instead of SQLite's 1,000. A checkpoint runs in the commit
        // that crosses the mark, and the writer gate stays held until that commit returns. Each one costs two fsyncs: the
        // WAL, then the database file. In a 100,000 send, the checkpoints came 6 times a second, and their fsyncs kept
        // the app's threads in disk waits for 0.8 s of every 6 s, a third of the CPU's idle time. Claims and outcomes
        // queued behind the gate meanwhile. Less often, each checkpoint also writes a page changed by many commits only
        // once. Measured in pairs of runs: 7,343–7,514 msg/s against 6,788–7,459, and 166–172 µs of app CPU a message
        // against 166–185 (bench/README.md, session 17).
        command.CommandText = $"PRAGMA synchronous=NORMAL; PRAGMA cache_size=-1024; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint={WalPagesPerCheckpoint};";
        command.ExecuteNonQuery();
    }
}
