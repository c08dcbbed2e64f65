using Hangfire;

namespace WhatsApp.Api.Features.Messaging;

public static class MessagingSetup
{
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DispatchOptions>(configuration.GetSection("Dispatch"));
        services.Configure<ConsentOptions>(configuration.GetSection("Consent"));
        services.AddScoped<MarketingCap>();
        services.AddScoped<MessagingLimits>();
        services.AddPriceReadBack(configuration);
        services.AddScoped<IWhatsAppSender, MessageSender>();
        services.AddScoped<StatusUpdater>();
        services.AddSingleton<StatusWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusWriter>());
        services.AddScoped<InboundHandler>();
        services.AddScoped<QuickReplies>();
        services.AddScoped<DispatchJob>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<ProviderSuccessStamps>();
        services.AddSingleton<ProviderThrottle>();
        services.AddSingleton<RecipientPacing>();
        services.AddSingleton<FreshBatches>();
        services.AddSingleton<WhatsApp.Api.Features.Providers.ProviderCircuits>();
        services.AddSingleton<DispatchTrigger>();
        services.AddHostedService<ClaimWatch>();
        services.AddSingleton<Infrastructure.Instances.IDeadInstanceClaims, OutboxInstanceClaims>();
        services.AddSingleton<MessagingMetrics>();
        return services;
    }

    /// <summary>The outbox is the truth: on start-up and every minute, whatever is due (expired leases included) gets a run.</summary>
    public static WebApplication UseMessagingJobs(this WebApplication app)
    {
        app.Services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<DispatchTrigger>("outbox-recovery", t => t.Kick(), Cron.Minutely());
        // Early delivery reports normally meet their message when the dispatcher records it; this catches the rest.
        app.Services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<StatusUpdater>("early-status-reports", u => u.SweepEarlyReportsAsync(CancellationToken.None), Cron.Minutely());
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<DispatchTrigger>().Kick());
        app.UsePriceReadBack();
        return app;
    }
}
