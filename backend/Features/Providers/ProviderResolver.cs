using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Providers;

/// <summary>A provider ready to use: its row, its driver and the decrypted context the driver needs.</summary>
public sealed record ResolvedProvider(WhatsAppProvider Row, IWhatsAppDriver Driver, ProviderContext Context);

/// <summary>The one place where a provider row becomes a driver with decrypted credentials.</summary>
public sealed class ProviderResolver(AppDbContext db, DriverRegistry drivers, ProviderCredentials protector, PublicUrls urls)
{
    public const string WebhookPathTemplate = "/api/webhooks/whatsapp/{0}/{1}";

    public Task<WhatsAppProvider?> FindActiveRowAsync(CancellationToken ct = default) =>
        db.WhatsAppProviders.AsNoTracking().FirstOrDefaultAsync(p => p.IsActive, ct);

    /// <summary>The active provider, or null when none is active. Throws <see cref="CredentialsUnreadableException"/> if its secrets are lost.</summary>
    public async Task<ResolvedProvider?> ActiveAsync(CancellationToken ct = default) =>
        await FindActiveRowAsync(ct) is { } row ? Resolve(row) : null;

    /// <summary>The standby provider (failover target), or null when none is marked.</summary>
    public async Task<ResolvedProvider?> StandbyAsync(CancellationToken ct = default) =>
        await db.WhatsAppProviders.AsNoTracking().FirstOrDefaultAsync(p => p.IsStandby && !p.IsActive, ct) is { } row ? Resolve(row) : null;

    public async Task<ResolvedProvider?> ByIdAsync(int id, CancellationToken ct = default) =>
        await db.WhatsAppProviders.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } row ? Resolve(row) : null;

    public ResolvedProvider Resolve(WhatsAppProvider row)
    {
        var driver = drivers.Get(row.ProviderType);
        var credentials = protector.Unprotect(row);
        return new ResolvedProvider(row, driver, new ProviderContext(
            row.Id, credentials, row.BaseUrl,
            StatusCallbackUrl: PublicUrl(string.Format(WebhookPathTemplate, row.Id, "status")),
            InboundUrl: PublicUrl(string.Format(WebhookPathTemplate, row.Id, "inbound"))));
    }

    /// <summary>App:PublicBaseUrl + path: the address providers call, and the one their signatures cover.</summary>
    public string PublicUrl(string pathAndQuery) => urls.For(pathAndQuery);
}
