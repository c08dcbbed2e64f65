using Microsoft.Extensions.Configuration;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Tests.Infrastructure;

/// <summary><c>Jobs:Storage</c>: which storage each setting gives, and the settings refused at start-up.</summary>
public class JobStorageSettingsTests
{
    private static IConfiguration Settings(string? database, string? jobs) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = database, ["Jobs:Storage"] = jobs })
        .Build();

    [Theory]
    [InlineData(null, null, JobStorageKind.Sqlite)]
    [InlineData("Sqlite", null, JobStorageKind.Sqlite)]
    [InlineData("Postgres", null, JobStorageKind.Postgres)]
    [InlineData("Sqlite", "InMemory", JobStorageKind.InMemory)]
    [InlineData("Postgres", "inmemory", JobStorageKind.InMemory)]
    [InlineData("Sqlite", "sqlite", JobStorageKind.Sqlite)]
    public void The_storage_follows_the_database_unless_memory_is_asked_for(string? database, string? jobs, JobStorageKind expected) =>
        Assert.Equal(expected, Settings(database, jobs).GetJobStorageKind());

    [Theory]
    [InlineData("Sqlite", "Postgres")]
    [InlineData("Postgres", "Sqlite")]
    [InlineData("Sqlite", "Redis")]
    [InlineData("Sqlite", "7")]
    public void A_storage_the_database_cannot_host_is_refused_naming_the_key(string database, string jobs)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Settings(database, jobs).GetJobStorageKind());
        Assert.Contains("Jobs:Storage", error.Message);
    }

    [Fact]
    public void The_jobs_file_is_named_after_the_app_database_beside_it()
    {
        var root = Path.Combine(Path.GetTempPath(), "whatsapp-tests");
        Assert.Equal(Path.Combine(root, "App_Data", "whatsapp.hangfire.db"), JobStorageSetup.SqliteJobsPath("Data Source=App_Data/whatsapp.db", root));
        Assert.Equal(Path.Combine(root, "demo.hangfire.db"), JobStorageSetup.SqliteJobsPath($"Data Source={Path.Combine(root, "demo.db")}", "/elsewhere"));
    }

    [Fact]
    public void An_in_memory_app_database_has_no_place_for_the_jobs_file() =>
        Assert.Throws<InvalidOperationException>(() => JobStorageSetup.SqliteJobsPath("Data Source=:memory:", Path.GetTempPath()));
}
