using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>Configuration section "Costs".</summary>
public sealed class PriceReadBackOptions
{
    /// <summary>How long after sending the provider is first asked for a message's price (Twilio prices it a while after).</summary>
    public TimeSpan PriceReadBackAfter { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>How often a message still without a price is asked about again.</summary>
    public TimeSpan PriceReadBackEvery { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>After this long a message's price is no longer asked for: its card price stands.</summary>
    public TimeSpan PriceReadBackFor { get; set; } = TimeSpan.FromDays(3);
    /// <summary>When the read-back runs (Hangfire cron).</summary>
    public string PriceReadBackCron { get; set; } = "*/5 * * * *";
    /// <summary>Messages asked about per run.</summary>
    public int PriceReadBackBatch { get; set; } = 200;
}

/// <summary>
/// Reads back what providers that report prices (Twilio: <c>price</c>, <c>price_unit</c> on the Message resource, filled
/// some time after sending) charged for messages they took, and records it as the message's cost with source
/// "provider", in place of the rate card's estimate.
/// </summary>
public sealed class PriceReadBack(AppDbContext db, ProviderResolver resolver, DriverRegistry drivers, SqliteWriteGate gate, TimeProvider clock,
    IOptions<PriceReadBackOptions> options, ILogger<PriceReadBack> logger)
{
    private PriceReadBackOptions Options => options.Value;

    /// <returns>How many messages got the provider's price.</returns>
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Read back what providers charged")]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var types = drivers.All.Where(d => d.ReportsPrices).Select(d => d.Type).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var (askAfter, askAgain, since) = (now - Options.PriceReadBackAfter, now - Options.PriceReadBackEvery, now - Options.PriceReadBackFor);
        var due = await db.Set<WhatsAppMessage>().AsNoTracking()
            .Where(m => m.CreatedAt > since && m.AcceptedAt > since && m.AcceptedAt <= askAfter
                        && m.ProviderId != null && m.ProviderMessageId != null && types.Contains(m.ProviderType!)
                        && m.Status >= MessageStatus.Accepted && m.Status < MessageStatus.Canceled
                        && (m.CostSource == null || m.CostSource != CostSources.Provider)
                        && (m.PriceReadAt == null || m.PriceReadAt <= askAgain))
            .OrderBy(m => m.AcceptedAt).Take(Math.Max(1, Options.PriceReadBackBatch))
            .Select(m => new { m.Id, ProviderId = m.ProviderId!.Value, m.ProviderMessageId }).ToListAsync(ct);
        var priced = 0;
        foreach (var byProvider in due.GroupBy(m => m.ProviderId))
        {
            ResolvedProvider? provider;
            try { provider = await resolver.ByIdAsync(byProvider.Key, ct); }
            catch (CredentialsUnreadableException) { continue; }
            if (provider is null) continue;
            foreach (var message in byProvider)
            {
                MessagePricing? price;
                try { price = await provider.Driver.FetchPriceAsync(provider.Context, message.ProviderMessageId!, ct); }
                catch (HttpRequestException ex)
                {
                    logger.LogWarning("Reading the price of message {MessageId} from provider {ProviderId} failed: {Problem}", message.Id, byProvider.Key, ex.Message);
                    price = null;
                }
                using var writing = await gate.EnterAsync(db, ct);
                var rows = db.Set<WhatsAppMessage>().Where(m => m.Id == message.Id);
                if (price is { Price: { } amount, Currency: { } currency })
                {
                    await rows.ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.Cost, amount)
                        .SetProperty(m => m.CostCurrency, currency.Length > 3 ? currency[..3] : currency)
                        .SetProperty(m => m.CostSource, CostSources.Provider)
                        .SetProperty(m => m.PriceReadAt, now), ct);
                    priced++;
                }
                else await rows.ExecuteUpdateAsync(s => s.SetProperty(m => m.PriceReadAt, now), ct);
            }
        }
        if (priced > 0) logger.LogInformation("Recorded the provider's price of {Count} messages.", priced);
        return priced;
    }
}

public static class PriceReadBackSetup
{
    public static IServiceCollection AddPriceReadBack(this IServiceCollection services, IConfiguration configuration) =>
        services.Configure<PriceReadBackOptions>(configuration.GetSection("Costs")).AddScoped<PriceReadBack>();

    public static WebApplication UsePriceReadBack(this WebApplication app)
    {
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<PriceReadBack>("price-read-back",
            r => r.RunAsync(CancellationToken.None), app.Services.GetRequiredService<IOptions<PriceReadBackOptions>>().Value.PriceReadBackCron);
        return app;
    }
}
