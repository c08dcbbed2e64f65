using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace WhatsApp.Api.Infrastructure;

/// <summary>
/// Encrypts the Data Protection key ring (kept in the database) with a certificate, when one is configured:
/// <c>DataProtection:CertificatePath</c> (a PFX file) with <c>DataProtection:CertificatePassword</c>, or
/// <c>DataProtection:CertificateThumbprint</c> from the current user's or the machine's certificate store. A copy of the
/// database is then useless without the certificate. Without one, the keys are stored as they are (see README, Security).
/// </summary>
public static class KeyRingCertificate
{
    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        var certificate = Load(configuration);
        if (certificate is null) return builder;
        // Keys written under this certificate are readable with it also after the configuration is reloaded or rotated to another.
        return builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }

    private static X509Certificate2? Load(IConfiguration configuration)
    {
        if (configuration["DataProtection:CertificatePath"] is { Length: > 0 } path)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"],
                X509KeyStorageFlags.EphemeralKeySet);
            return certificate.HasPrivateKey ? certificate
                : throw new InvalidOperationException($"DataProtection:CertificatePath: the certificate in '{path}' has no private key.");
        }
        if (configuration["DataProtection:CertificateThumbprint"] is { Length: > 0 } thumbprint)
        {
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                using var store = new X509Store(StoreName.My, location);
                store.Open(OpenFlags.ReadOnly);
                var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint.Replace(" ", ""), validOnly: false);
                if (found.Count > 0) return found[0];
            }
            throw new InvalidOperationException($"DataProtection:CertificateThumbprint: no certificate {thumbprint} in the CurrentUser or LocalMachine 'My' store.");
        }
        return null;
    }
}
