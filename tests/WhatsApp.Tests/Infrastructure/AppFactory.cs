using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Tests.Infrastructure;

/// <summary>One app instance shared by the tests of a class (xunit wants a single constructor).</summary>
public sealed class SharedApp() : AppFactory();

/// <summary>
/// The real application on a real, temporary database: a SQLite file, or, when <see cref="PostgresEnvironmentVariable"/>
/// holds a PostgreSQL server's connection string, a fresh database on that server named after the path. Two factories
/// given the same <see cref="DatabasePath"/> are two instances of the app sharing one database. The factory that made
/// up its own path deletes the database on dispose; whoever passes a path cleans up with <see cref="DeleteDatabaseFiles"/>.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Admin-Password-1!";

    private readonly Dictionary<string, string?> _settings;

    public AppFactory(string? databasePath = null, IDictionary<string, string?>? settings = null)
    {
        OwnsDatabase = databasePath is null;
        DatabasePath = databasePath ?? Path.Combine(Path.GetTempPath(), "whatsapp-tests", $"{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        if (UsesPostgres) TestPostgres.EnsureDatabase(DatabasePath);
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = ConnectionString(DatabasePath),
            ["Database:Provider"] = UsesPostgres ? "Postgres" : "Sqlite",
            ["Admin:Email"] = AdminEmail,
            ["Admin:Password"] = AdminPassword,
            ["Auth:LoginAttemptsPerMinute"] = "10000",
            ["App:PublicBaseUrl"] = "http://localhost",
            // Regional base URLs in provider tests are on example.com; loopback (the fake provider) is allowed outside Production.
            ["Providers:AllowedBaseUrlHosts"] = "*.example.com",
            ["Logging:LogLevel:WhatsApp.Api.Features.Messaging"] = "Debug",
            // Tests send to one phone several times in a row; the pair-rate spacing has its own tests (RecipientPacingTests).
            ["Dispatch:RecipientSpacing"] = "00:00:00",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) _settings[k] = v;
    }

    /// <summary>Set to a PostgreSQL server's connection string (no database) to run the tests on PostgreSQL.</summary>
    public const string PostgresEnvironmentVariable = "WHATSAPP_TEST_POSTGRES";

    public static bool UsesPostgres => TestPostgres.Server is not null;

    /// <summary>The app's connection string for the database that <paramref name="databasePath"/> names.</summary>
    public static string ConnectionString(string databasePath) =>
        UsesPostgres ? TestPostgres.ConnectionString(databasePath) : $"Data Source={databasePath}";

    /// <summary>An open ADO.NET connection to that database, for tests that go behind the app's back.</summary>
    public static async Task<System.Data.Common.DbConnection> OpenConnectionAsync(string databasePath)
    {
        System.Data.Common.DbConnection connection = UsesPostgres
            ? new Npgsql.NpgsqlConnection(TestPostgres.ConnectionString(databasePath))
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The key of the database: a SQLite file's path, or what the PostgreSQL database's name is made from.</summary>
    public string DatabasePath { get; }
    private bool OwnsDatabase { get; }

    /// <summary>Every log message the app wrote, formatted, for asserting that no secret is ever logged.</summary>
    public ConcurrentQueue<string> LogMessages { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddProvider(new CollectingLoggerProvider(LogMessages));
        });
    }

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    public Task<HttpClient> AdminAsync() => SignedInAsync(AdminEmail, AdminPassword);

    /// <summary>Creates a Staff user through the API (as the admin) and signs in as them.</summary>
    public async Task<HttpClient> StaffAsync()
    {
        using var admin = await AdminAsync();
        var email = $"staff-{Guid.NewGuid():N}@test.local";
        const string password = "Staff-Password-1!";
        var created = await admin.PostAsJsonAsync("/api/users", new { email, password, role = "Staff" });
        created.EnsureSuccessStatusCode();
        return await SignedInAsync(email, password);
    }

    public async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public async Task WithDbAsync(Func<AppDbContext, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && OwnsDatabase) DeleteDatabaseFiles(DatabasePath);
    }

    public static void DeleteDatabaseFiles(string path)
    {
        if (UsesPostgres)
        {
            TestPostgres.DropDatabase(path);
            return;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // Hangfire's jobs file beside it (Jobs:Storage=Sqlite, the default) goes with it.
        var jobs = JobStorageSetup.SqliteJobsPath(ConnectionString(path), Path.GetTempPath());
        foreach (var file in new[] { path, jobs }.SelectMany(f => new[] { f, f + "-wal", f + "-shm" }))
            try { File.Delete(file); } catch (IOException) { /* a pooled handle lingers; the temp dir is disposable */ }
    }

    private sealed record TokenResponse(string AccessToken);

    private sealed class CollectingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Collector(categoryName, sink);
        public void Dispose() { }

        private sealed class Collector(string category, ConcurrentQueue<string> sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
