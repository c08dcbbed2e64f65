using Hangfire;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Providers;

/// <summary>
/// Reads each provider's messaging limit from the provider where it says it (Meta's phone number field), so the limit
/// sends are held against follows Meta's automatic scaling without anyone typing it in. Hourly (Providers:MessagingTierCron)
/// and at start-up. A provider that says nothing keeps the admin's setting.
/// </summary>
public sealed class MessagingTierSync(AppDbContext db, ProviderResolver resolver, TimeProvider clock, ILogger<MessagingTierSync> logger)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Read the providers' messaging limits")]
    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var id in await db.WhatsAppProviders.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct))
            await ReadAsync(id, ct);
    }

    /// <summary>Reads one provider's tier and stores it; returns it (null when the provider does not say or could not be asked).</summary>
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Read a provider's messaging limit")]
    public async Task<string?> ReadAsync(int providerId, CancellationToken ct)
    {
        string? tier;
        try
        {
            if (await resolver.ByIdAsync(providerId, ct) is not { } provider) return null;
            tier = await provider.Driver.ReadMessagingTierAsync(provider.Context, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or CredentialsUnreadableException)
        {
            logger.LogWarning("Reading provider {ProviderId}'s messaging limit failed: {Problem}", providerId, ex.Message);
            return null;
        }
        if (tier is null) return null;
        if (!MessagingTiers.PeoplePerDay.ContainsKey(tier))
            logger.LogWarning("Provider {ProviderId} reports the messaging limit {Tier}, which this app does not know; its setting applies.", providerId, tier);
        var now = clock.GetUtcNow().UtcDateTime;
        var stored = tier.Trim().ToUpperInvariant();
        if (stored.Length > 32) stored = stored[..32];
        await db.WhatsAppProviders.Where(p => p.Id == providerId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.MessagingTier, stored).SetProperty(p => p.MessagingTierReadAt, now), ct);
        return stored;
    }
}

public static class MessagingTierSyncSetup
{
    public static WebApplication UseMessagingTierSync(this WebApplication app)
    {
        var jobs = app.Services.GetRequiredService<IRecurringJobManager>();
        jobs.AddOrUpdate<MessagingTierSync>("messaging-tier-sync", s => s.RunAsync(CancellationToken.None),
            app.Configuration["Providers:MessagingTierCron"] ?? Cron.Hourly());
        app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<MessagingTierSync>(s => s.RunAsync(CancellationToken.None));
        return app;
    }
}
