using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using SQLite;

namespace WhatsApp.Api.Infrastructure;

/// <summary>Where Hangfire keeps its jobs (configuration key <c>Jobs:Storage</c>).</summary>
public enum JobStorageKind
{
    /// <summary>A SQLite file of its own beside the app's (the embedded default): jobs, schedules and history survive restarts.</summary>
    Sqlite,
    /// <summary>The app's PostgreSQL database, schema <c>hangfire</c>: shared by every instance (the default there).</summary>
    Postgres,
    /// <summary>Memory: forgotten on restart (the outboxes are not); for tests and for whoever wants no file.</summary>
    InMemory,
}

/// <summary>
/// Builds Hangfire's storage for the configured kind. None of them is the truth: every job's work is recorded in the
/// app's own tables (the outboxes) and recovered from there at start-up and every minute, whatever Hangfire remembers.
/// </summary>
public static class JobStorageSetup
{
    /// <summary>
    /// How long an idle worker waits before looking at the SQLite queue again, hence the most a kicked job waits to start.
    /// Every worker polls on its own, a cheap indexed read of a small table; the storage has no wake-up signal.
    /// </summary>
    public static readonly TimeSpan SqliteQueuePollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary><c>Jobs:Storage</c>, by default the app's own store; a kind that needs the other store is refused at start-up.</summary>
    public static JobStorageKind GetJobStorageKind(this IConfiguration configuration)
    {
        var database = configuration.GetDatabaseProvider();
        var fallback = database == DatabaseProvider.Postgres ? JobStorageKind.Postgres : JobStorageKind.Sqlite;
        var configured = configuration["Jobs:Storage"];
        if (string.IsNullOrWhiteSpace(configured)) return fallback;
        if (!Enum.TryParse<JobStorageKind>(configured, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            throw new InvalidOperationException($"Jobs:Storage must be Sqlite, Postgres or InMemory, not '{configured}'.");
        if (kind != JobStorageKind.InMemory && kind != fallback)
            throw new InvalidOperationException($"Jobs:Storage={kind} needs Database:Provider={kind}; with {database} use {fallback} or InMemory.");
        return kind;
    }

    public static JobStorage Create(JobStorageKind kind, string? connectionString, string contentRoot) => kind switch
    {
        JobStorageKind.Postgres => CreatePostgres(connectionString ?? throw new InvalidOperationException(
            "Database:Provider is Postgres but ConnectionStrings:Default is not set.")),
        JobStorageKind.Sqlite => CreateSqlite(SqliteJobsPath(connectionString ?? DatabaseSetup.DefaultSqliteConnection, contentRoot)),
        _ => new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(1) }),
    };

    /// <summary>
    /// The jobs file for an app database: <c>App_Data/whatsapp.db</c> → <c>App_Data/whatsapp.hangfire.db</c>. Named after
    /// the app's file, so every app database (the demo's, each test's) has its own, and instances sharing one share this too.
    /// </summary>
    public static string SqliteJobsPath(string appConnectionString, string contentRoot)
    {
        var path = new SqliteConnectionStringBuilder(DatabaseSetup.ResolveSqlitePath(appConnectionString, contentRoot)).DataSource;
        if (string.IsNullOrEmpty(path) || path == ":memory:" || path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("Hangfire's SQLite storage lives beside the app's database file; with an in-memory app database set Jobs:Storage=InMemory.");
        return Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + ".hangfire.db");
    }

    private static PostgreSqlStorage CreatePostgres(string connectionString)
    {
        // Long polling: workers wake on PostgreSQL's NOTIFY when a job is enqueued. A worker busy when the NOTIFY came
        // misses it and looks again only at the poll interval: at the default 15 s a customer's file stayed "pending"
        // past a test's 20 s on a loaded CI run, so idle workers also look every 2 s (one indexed query each).
        var options = new PostgreSqlStorageOptions
        {
            PrepareSchemaIfNecessary = true, SchemaName = "hangfire", EnableLongPolling = true, QueuePollInterval = TimeSpan.FromSeconds(2),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>
    /// A file of its own, so Hangfire's frequent small writes never queue behind the app database's single writer.
    /// Like the app's database it runs in WAL mode with synchronous=NORMAL: the storage commits every insert of a job
    /// on its own, and a sync per commit made enqueuing crawl on a busy disk; a crash loses nothing, a power cut at most
    /// the last jobs, which the outbox recovery redoes. The invisibility timeout is how long a fetched job stays hidden
    /// before another worker may take it again: it must outlast the longest job (a dispatch run hands over after a
    /// minute); after a crash the outbox recovery, not the re-fetch, picks the work up.
    /// </summary>
    private static SQLiteStorage CreateSqlite(string path) => new(
        new SQLiteDbConnectionFactory(() =>
        {
            var connection = new SQLiteConnection(path, SQLiteOpenFlags.ReadWrite | SQLiteOpenFlags.Create | SQLiteOpenFlags.NoMutex, storeDateTimeAsTicks: true)
            {
                BusyTimeout = TimeSpan.FromSeconds(10),
            };
            connection.ExecuteScalar<string>("PRAGMA synchronous = NORMAL");
            return connection;
        }),
        new SQLiteStorageOptions
        {
            QueuePollInterval = SqliteQueuePollInterval,
            InvisibilityTimeout = TimeSpan.FromMinutes(30),
        });
}
