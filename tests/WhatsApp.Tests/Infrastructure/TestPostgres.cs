using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace WhatsApp.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL side of <see cref="AppFactory"/>: one database per database path on the server named by
/// <see cref="AppFactory.PostgresEnvironmentVariable"/>, created on first use and dropped (connections and all) at the end.
/// </summary>
internal static class TestPostgres
{
    public static readonly string? Server =
        Environment.GetEnvironmentVariable(AppFactory.PostgresEnvironmentVariable) is { Length: > 0 } server ? server : null;

    /// <summary>The same path always gives the same name, so two factories on one path share the database.</summary>
    public static string DatabaseName(string databasePath) =>
        "whatsapp_test_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(databasePath))))[..24];

    public static string ConnectionString(string databasePath) =>
        new NpgsqlConnectionStringBuilder(Server) { Database = DatabaseName(databasePath) }.ConnectionString;

    public static void EnsureDatabase(string databasePath)
    {
        var name = DatabaseName(databasePath);
        using var connection = OpenServer();
        using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (exists.ExecuteScalar() is not null) return;
        try
        {
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            create.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another factory on the same path made it first.
        }
    }

    public static void DropDatabase(string databasePath)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString(databasePath));
        // Idle pooled connections of the disposed app would hold the database open; FORCE ends any that remain.
        using (var pooled = new NpgsqlConnection(builder.ConnectionString)) NpgsqlConnection.ClearPool(pooled);
        using var connection = OpenServer();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{builder.Database}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }

    private static NpgsqlConnection OpenServer()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }
}

/// <summary>A test about SQLite itself (its files, its PRAGMAs): skipped when the suite runs on PostgreSQL.</summary>
public sealed class SqliteOnlyFactAttribute : FactAttribute
{
    public SqliteOnlyFactAttribute(string reason)
    {
        if (AppFactory.UsesPostgres) Skip = $"SQLite only: {reason}";
    }
}
