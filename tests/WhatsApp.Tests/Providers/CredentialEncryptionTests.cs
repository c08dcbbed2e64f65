using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Providers;

public class CredentialEncryptionTests
{
    private const string Path = "/api/settings/whatsapp-providers";

    [SqliteOnlyFact("it reads the database file's bytes")]
    public async Task The_database_file_holds_no_plaintext_secret()
    {
        using var app = new AppFactory();
        using var admin = await app.AdminAsync();
        (await admin.PostAsJsonAsync(Path, ProviderRequests.Twilio())).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync(Path, ProviderRequests.Meta())).EnsureSuccessStatusCode();

        // Fold the WAL into the main file so every byte written is in one place, then read it all.
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);"));
        var bytes = new List<byte>();
        foreach (var file in new[] { app.DatabasePath, app.DatabasePath + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var ms = new MemoryStream();
            await stream.CopyToAsync(ms);
            bytes.AddRange(ms.ToArray());
        }
        var content = Encoding.UTF8.GetString(bytes.ToArray());
        Assert.Contains("Main Twilio", content); // proves we are reading the right file
        foreach (var secret in new[] { ProviderRequests.TwilioAuthToken, "EAAG-meta-access-token-998877", "meta-app-secret-445566" })
        {
            Assert.DoesNotContain(secret, content);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), content);
        }
    }

    [Fact]
    public async Task A_second_app_instance_on_the_same_database_decrypts_the_credentials()
    {
        using var first = new AppFactory();
        using (var admin = await first.AdminAsync())
            (await admin.PostAsJsonAsync(Path, ProviderRequests.Twilio())).EnsureSuccessStatusCode();

        using var second = new AppFactory(first.DatabasePath);
        using var admin2 = await second.AdminAsync();
        var provider = (await (await admin2.GetAsync($"{Path}/1")).ReadJsonAsync());
        Assert.True(provider.GetProperty("credentialsReadable").GetBoolean());
        Assert.Equal("••••" + ProviderRequests.TwilioAuthToken[^4..],
            provider.GetProperty("credentials").GetProperty("authToken").GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin2.PostAsync($"{Path}/1/set-active", null)).StatusCode);
    }

    [Fact]
    public async Task When_the_key_ring_is_lost_the_api_asks_for_the_credentials_again_instead_of_failing()
    {
        var databasePath = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "whatsapp-tests", $"{Guid.NewGuid():N}.db");
        try
        {
            using (var first = new AppFactory(databasePath))
            using (var admin = await first.AdminAsync())
                (await admin.PostAsJsonAsync(Path, ProviderRequests.Twilio())).EnsureSuccessStatusCode();

            await using (var connection = await AppFactory.OpenConnectionAsync(databasePath))
            {
                await using var delete = connection.CreateCommand();
                delete.CommandText = "DELETE FROM \"DataProtectionKeys\";";
                await delete.ExecuteNonQueryAsync();
            }

            using var second = new AppFactory(databasePath);
            using var admin2 = await second.AdminAsync();
            var provider = await (await admin2.GetAsync($"{Path}/1")).ReadJsonAsync();
            Assert.False(provider.GetProperty("credentialsReadable").GetBoolean());
            Assert.True(provider.GetProperty("credentials").GetProperty("authToken").GetProperty("hasValue").GetBoolean());

            var activate = await (await admin2.PostAsync($"{Path}/1/set-active", null)).AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("re-enter", activate.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
            await (await admin2.PutAsJsonAsync($"{Path}/1", new { name = "Still broken" })).AssertProblemAsync(HttpStatusCode.Conflict);

            (await admin2.PutAsJsonAsync($"{Path}/1", ProviderRequests.Twilio(authToken: "re-entered-token-1234"))).EnsureSuccessStatusCode();
            var fixedProvider = await (await admin2.GetAsync($"{Path}/1")).ReadJsonAsync();
            Assert.True(fixedProvider.GetProperty("credentialsReadable").GetBoolean());
            Assert.Equal(HttpStatusCode.OK, (await admin2.PostAsync($"{Path}/1/set-active", null)).StatusCode);
        }
        finally
        {
            AppFactory.DeleteDatabaseFiles(databasePath);
        }
    }

    [Fact]
    public async Task No_secret_appears_in_the_logs()
    {
        using var app = new AppFactory();
        using var admin = await app.AdminAsync();
        (await admin.PostAsJsonAsync(Path, ProviderRequests.Twilio())).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"{Path}/1", ProviderRequests.Twilio(authToken: "updated-secret-token-4242"))).EnsureSuccessStatusCode();
        (await admin.PostAsync($"{Path}/1/set-active", null)).EnsureSuccessStatusCode();
        await admin.GetAsync(Path);

        Assert.NotEmpty(app.LogMessages);
        Assert.DoesNotContain(app.LogMessages, m => m.Contains(ProviderRequests.TwilioAuthToken) || m.Contains("updated-secret-token-4242"));
        Assert.DoesNotContain(app.LogMessages, m => m.Contains(AppFactory.AdminPassword));
    }
}
