using WhatsApp.Testing;

namespace WhatsApp.Tests.Infrastructure;

/// <summary>
/// The app as its own operating-system process (the build next to the tests), on a given database, so a test can
/// kill it the hard way (SIGKILL: no shutdown code runs) and start it again on the same data.
/// </summary>
public static class AppProcess
{
    /// <param name="databasePath">A SQLite file, or on PostgreSQL what names the test database (see <see cref="AppFactory"/>).</param>
    public static Task<RunningApp> StartAsync(string databasePath, IDictionary<string, string> settings)
    {
        if (AppFactory.UsesPostgres) TestPostgres.EnsureDatabase(databasePath);
        var store = new Dictionary<string, string>
        {
            ["ConnectionStrings:Default"] = AppFactory.ConnectionString(databasePath),
            ["Database:Provider"] = AppFactory.UsesPostgres ? "Postgres" : "Sqlite",
        };
        return RunningApp.StartAsync(Path.Combine(AppContext.BaseDirectory, "WhatsApp.Api.dll"), AppFactory.AdminEmail, AppFactory.AdminPassword,
            store.Concat(settings));
    }
}
