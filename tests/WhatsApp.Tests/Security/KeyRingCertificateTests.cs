using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Security;

/// <summary>With DataProtection:CertificatePath, the database alone (its key ring included) decrypts no credential.</summary>
public sealed class KeyRingCertificateTests : IDisposable
{
    private const string CertificatePassword = "Certificate-Password-1!";
    private readonly string _database = Path.Combine(Path.GetTempPath(), "whatsapp-tests", $"{Guid.NewGuid():N}.db");
    private readonly string _certificate = Path.Combine(Path.GetTempPath(), "whatsapp-tests", $"{Guid.NewGuid():N}.pfx");

    public KeyRingCertificateTests()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_certificate)!);
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=WhatsApp key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(_certificate, certificate.Export(X509ContentType.Pfx, CertificatePassword));
    }

    private Dictionary<string, string?> WithCertificate => new()
    {
        ["DataProtection:CertificatePath"] = _certificate,
        ["DataProtection:CertificatePassword"] = CertificatePassword,
    };

    [Fact]
    public async Task Credentials_saved_under_a_certificate_are_readable_with_it_and_not_from_the_database_alone()
    {
        int id;
        using (var app = new AppFactory(_database, WithCertificate))
        {
            using var admin = await app.AdminAsync();
            var created = await (await admin.PostAsJsonAsync("/api/settings/whatsapp-providers", EdgeTests.Twilio("http://127.0.0.1:5090")))
                .Content.ReadFromJsonAsync<ProviderDto>();
            id = created!.Id;
            Assert.True(created.CredentialsReadable);
            var keys = await app.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("encryptedSecret", xml);
                Assert.DoesNotContain("<masterKey", xml);
            });
        }

        using (var restarted = new AppFactory(_database, WithCertificate))
        {
            using var admin = await restarted.AdminAsync();
            var provider = await admin.GetFromJsonAsync<ProviderDto>($"/api/settings/whatsapp-providers/{id}");
            Assert.True(provider!.CredentialsReadable);
            Assert.EndsWith(SendingHarness.TwilioToken[^4..], provider.Credentials["authToken"].Value);
        }

        using (var copied = new AppFactory(_database))
        {
            using var admin = await copied.AdminAsync();
            var provider = await admin.GetFromJsonAsync<ProviderDto>($"/api/settings/whatsapp-providers/{id}");
            Assert.False(provider!.CredentialsReadable);
            Assert.DoesNotContain(provider.Credentials.Values, v => v.Value?.Contains(SendingHarness.TwilioToken[^4..]) == true);
        }
    }

    public void Dispose()
    {
        AppFactory.DeleteDatabaseFiles(_database);
        File.Delete(_certificate);
    }
}
