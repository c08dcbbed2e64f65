using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Media;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Media;

/// <summary>
/// Two instances of the app on one database with <c>Media:Store=Database</c>, each with a file directory of its own that
/// nothing may be written to: what staff upload on one is served by the other.
/// </summary>
public sealed class DatabaseUploadApps : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "whatsapp-tests", $"media-{Guid.NewGuid():N}");
    private readonly string _database;

    public DatabaseUploadApps()
    {
        _database = Path.Combine(_root, "app.db");
        A = new AppFactory(_database, SettingsFor("a"));
        B = new AppFactory(_database, SettingsFor("b"));
        _ = A.Server;
        _ = B.Server;
    }

    public AppFactory A { get; }
    public AppFactory B { get; }

    /// <summary>The instances' own directories: a Files store's and the old upload directory.</summary>
    public string DirectoryOf(string instance) => Path.Combine(_root, instance);

    private Dictionary<string, string?> SettingsFor(string instance) => new()
    {
        ["Media:Store"] = "Database",
        ["Media:StoreDirectory"] = Path.Combine(DirectoryOf(instance), "kept"),
        ["Media:UploadDirectory"] = Path.Combine(DirectoryOf(instance), "uploads"),
    };

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
        AppFactory.DeleteDatabaseFiles(_database);
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}

public class DatabaseUploadTests(DatabaseUploadApps apps) : IClassFixture<DatabaseUploadApps>
{
    [Fact]
    public async Task A_document_uploaded_on_one_instance_is_served_by_another_sharing_only_the_database()
    {
        var pdf = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(pdf);
        "%PDF-1.7\n"u8.CopyTo(pdf);
        using var staff = await apps.A.StaffAsync();
        var part = new ByteArrayContent(pdf);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent { { part, "file", "price list.pdf" } };

        var uploaded = await (await staff.PostAsync("/api/whatsapp/media", form)).ReadAsAsync<MediaUploadDto>(HttpStatusCode.Created);

        // The link A handed out, and a fresh one B makes from the id (as a send on B does), both work on B.
        var fresh = apps.B.Services.GetRequiredService<MediaLinks>().UrlFor(UploadedMedia.For(uploaded.Id));
        foreach (var url in new[] { uploaded.Url, fresh })
        {
            var served = await apps.B.Anonymous().GetAsync(new Uri(url).PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("application/pdf", served.Content.Headers.ContentType?.MediaType);
            Assert.Equal("price list.pdf", served.Content.Headers.ContentDisposition?.FileNameStar);
            Assert.Equal(pdf, await served.Content.ReadAsByteArrayAsync());
        }
        Assert.True(await apps.B.WithDbAsync(db => db.Set<StoredMediaBlob>().AnyAsync(b => b.Key == $"upload-{uploaded.Id}")));
        Assert.False(Directory.Exists(apps.DirectoryOf("a")) || Directory.Exists(apps.DirectoryOf("b")), "an upload was written to a directory");
    }
}
