using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Media;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Media;

/// <summary>The app with its files (the Files store, and the directory uploads were kept in before it) in a temporary directory of its own.</summary>
public sealed class UploadApp() : AppFactory(settings: new Dictionary<string, string?>
{
    ["Media:StoreDirectory"] = System.IO.Path.Combine(Root, "kept"),
    ["Media:UploadDirectory"] = LegacyDirectory,
})
{
    private static readonly string Root = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "whatsapp-tests", $"media-{Guid.NewGuid():N}");
    public static readonly string LegacyDirectory = System.IO.Path.Combine(Root, "uploads");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

/// <summary>Header media staff upload: recognised by content, within WhatsApp's limits, served back through a signed link.</summary>
public class MediaUploadTests(UploadApp app) : IClassFixture<UploadApp>
{
    private const string Path = "/api/whatsapp/media";
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF, 0xE0];

    private static byte[] File(byte[] head, int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        head.CopyTo(bytes, 0);
        return bytes;
    }

    private static MultipartFormDataContent Form(byte[] bytes, string fileName, string? declared)
    {
        var part = new ByteArrayContent(bytes);
        if (declared is not null) part.Headers.ContentType = new MediaTypeHeaderValue(declared);
        return new MultipartFormDataContent { { part, "file", fileName } };
    }

    private async Task<HttpResponseMessage> UploadAsync(byte[] bytes, string fileName, string? declared)
    {
        using var staff = await app.StaffAsync();
        using var form = Form(bytes, fileName, declared);
        return await staff.PostAsync(Path, form);
    }

    private static byte[] OfficePackage(string folder)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in new[] { "[Content_Types].xml", $"{folder}document.xml" })
                using (var writer = new StreamWriter(zip.CreateEntry(entry).Open())) writer.Write("<x/>");
        }
        return stream.ToArray();
    }

    [Fact]
    public async Task An_uploaded_image_is_served_back_unchanged_through_its_signed_link_without_sign_in()
    {
        var png = File(PngSignature, 40_000);

        var uploaded = await (await UploadAsync(png, "logo.png", "image/png")).ReadAsAsync<MediaUploadDto>(HttpStatusCode.Created);

        Assert.Equal(MediaKind.Image, uploaded.Kind);
        Assert.Equal("image/png", uploaded.ContentType);
        Assert.Equal(40_000, uploaded.Size);
        Assert.StartsWith("http://localhost/media/", uploaded.Url);
        var served = await app.Anonymous().GetAsync(new Uri(uploaded.Url).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("logo.png", served.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());

        // The id names the file for good: a fresh link can be made at send time.
        var fresh = app.Services.GetRequiredService<MediaLinks>().UrlFor(UploadedMedia.For(uploaded.Id));
        Assert.Equal(png, await app.Anonymous().GetByteArrayAsync(new Uri(fresh).PathAndQuery));
    }

    [Fact]
    public async Task An_upload_kept_in_the_upload_directory_before_the_store_took_uploads_is_still_served()
    {
        var id = Guid.NewGuid().ToString("N");
        var png = File(PngSignature, 2000);
        Directory.CreateDirectory(UploadApp.LegacyDirectory);
        await System.IO.File.WriteAllBytesAsync(System.IO.Path.Combine(UploadApp.LegacyDirectory, id), png);
        await System.IO.File.WriteAllTextAsync(System.IO.Path.Combine(UploadApp.LegacyDirectory, id + ".json"),
            $$"""{"id":"{{id}}","contentType":"image/png","kind":{{(int)MediaKind.Image}},"fileName":"old.png","size":2000,"uploadedAt":"2026-01-05T10:00:00+00:00","uploadedBy":null}""");

        var served = await app.Anonymous().GetAsync(new Uri(app.Services.GetRequiredService<MediaLinks>().UrlFor(UploadedMedia.For(id))).PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("old.png", served.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bill.pdf", "application/pdf", "application/pdf")]
    [InlineData("contract.docx", null, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("prices.xlsx", "application/octet-stream", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("notes.txt", "text/plain", "text/plain")]
    [InlineData("clip.mp4", "video/mp4", "video/mp4")]
    public async Task Documents_and_videos_whatsapp_takes_are_recognised_by_their_content(string fileName, string? declared, string expected)
    {
        var bytes = System.IO.Path.GetExtension(fileName) switch
        {
            ".pdf" => File("%PDF-1.7\n"u8.ToArray(), 6 * 1024 * 1024), // over an image's limit, well under a document's
            ".docx" => OfficePackage("word/"),
            ".xlsx" => OfficePackage("xl/"),
            ".txt" => "Opening hours: 9–17\r\nTel. 555-0100\n"u8.ToArray(),
            _ => File([0, 0, 0, 0x20, .. "ftypisom"u8], 100_000),
        };

        var uploaded = await (await UploadAsync(bytes, fileName, declared)).ReadAsAsync<MediaUploadDto>(HttpStatusCode.Created);

        Assert.Equal(expected, uploaded.ContentType);
    }

    [Fact]
    public async Task An_image_over_5_MB_is_413_naming_the_limit()
    {
        var problem = await (await UploadAsync(File(JpegSignature, 5 * 1024 * 1024 + 1), "photo.jpg", "image/jpeg"))
            .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("5 MB", problem.GetProperty("detail").GetString());
        Assert.Equal("file", problem.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("setup.exe", "application/octet-stream", new byte[] { 0x4D, 0x5A, 0x90, 0x00 })]
    [InlineData("logo.png", "image/png", new byte[] { 0x3C, 0x73, 0x76, 0x67 })] // an SVG (script-capable) named .png
    [InlineData("photo.heic", "image/heic", new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x68, 0x65, 0x69, 0x63 })]
    [InlineData("old.doc", "application/octet-stream", new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 })] // but called .doc …
    public async Task Content_whatsapp_does_not_take_is_415_naming_what_it_does(string fileName, string declared, byte[] head)
    {
        // … the Office 97–2003 container is only taken under an Office name; here it is renamed to prove the name decides.
        var name = fileName == "old.doc" ? "old.bin" : fileName;
        var response = await UploadAsync(File(head, 2048), name, declared);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("image (jpg, png) up to 5 MB", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Content_that_is_not_what_its_declared_type_says_is_refused()
    {
        var problem = await (await UploadAsync(File(PngSignature, 1000), "photo.jpg", "image/jpeg")).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);

        Assert.Contains("image/png", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_upload_over_100_MB_is_refused_with_a_problem_not_a_server_error()
    {
        using var staff = await app.StaffAsync();
        using var form = new MultipartFormDataContent { { new StreamContent(new PatternStream(101 * 1024 * 1024)), "file", "huge.pdf" } };

        var response = await staff.PostAsync(Path, form);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task No_file_is_400_and_anonymous_callers_are_refused()
    {
        using var staff = await app.StaffAsync();
        using var empty = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        await (await staff.PostAsync(Path, empty)).AssertFieldErrorAsync("file");

        using var form = Form(File(PngSignature, 100), "a.png", "image/png");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsync(Path, form)).StatusCode);
    }

    [Fact]
    public async Task A_link_naming_a_path_instead_of_an_upload_id_is_not_found()
    {
        var links = app.Services.GetRequiredService<MediaLinks>();
        foreach (var key in new[] { "../../appsettings.json", "0123456789abcdef0123456789abcdef/../x", new string('0', 32) })
            Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync(new Uri(links.UrlFor(UploadedMedia.For(key))).PathAndQuery)).StatusCode);
    }

    /// <summary>A large body made up as it is read: a %PDF header, then filler, never all in memory.</summary>
    private sealed class PatternStream(long length) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            for (var i = 0; i < n; i++) buffer[offset + i] = _position + i < 5 ? (byte)"%PDF-"[(int)(_position + i)] : (byte)'a';
            _position += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
