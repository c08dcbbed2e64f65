using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace WhatsApp.Api.Infrastructure;

/// <summary>
/// What <c>dotnet ef … --context SqliteAppDbContext</c> builds: the SQLite model, on <c>ConnectionStrings__Default</c>
/// when set, else the default file under backend/ (dotnet ef runs in the project's directory).
/// </summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SqliteAppDbContext>()
        .UseAppSqlite(DatabaseSetup.ResolveSqlitePath(DesignTime.ConnectionString(DatabaseSetup.DefaultSqliteConnection),
            Directory.GetCurrentDirectory())).Options);
}

/// <summary>
/// What <c>dotnet ef … --context PostgresAppDbContext</c> builds. Adding a migration needs no server; <c>database update</c>
/// uses <c>ConnectionStrings__Default</c> (default: a local server's <c>whatsapp</c> database).
/// </summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<PostgresAppDbContext>()
        .UseAppPostgres(DesignTime.ConnectionString("Host=localhost;Database=whatsapp;Username=postgres")).Options);
}

internal static class DesignTime
{
    public static string ConnectionString(string fallback) =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Default") is { Length: > 0 } configured ? configured : fallback;
}
