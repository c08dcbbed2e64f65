using Npgsql;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Tests.Infrastructure;

/// <summary>What the app adds to a PostgreSQL connection string, and what it leaves to the one who wrote it.</summary>
public class PostgresSettingsTests
{
    private static NpgsqlConnectionStringBuilder Applied(string connectionString) => new(DatabaseSetup.WithAutoPrepare(connectionString));

    [Fact]
    public void Statements_are_prepared_automatically_when_the_connection_string_does_not_say()
    {
        var applied = Applied("Host=db;Database=whatsapp;Username=app;Password=s3cret");
        Assert.Equal(DatabaseSetup.AutoPreparedStatements, applied.MaxAutoPrepare);
        Assert.Equal(("db", "whatsapp", "app", "s3cret"), (applied.Host, applied.Database, applied.Username, applied.Password));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=20", 20)]
    [InlineData("Host=db;max auto prepare=7", 7)]
    public void A_connection_string_that_names_automatic_preparation_keeps_its_choice(string connectionString, int expected) =>
        Assert.Equal(expected, Applied(connectionString).MaxAutoPrepare);
}
