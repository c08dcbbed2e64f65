using Hangfire;

namespace WhatsApp.Api.Features.Broadcasts;

public static class BroadcastsSetup
{
    public static IServiceCollection AddBroadcasts(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<BroadcastOptions>(configuration.GetSection("Broadcasts"));
        services.AddSingleton<Audience>();
        services.AddSingleton<BroadcastFanOut>();
        services.AddScoped<BroadcastRecovery>();
        services.AddScoped<BroadcastCancellation>();
        services.AddSingleton<Infrastructure.Instances.IDeadInstanceClaims, FanOutInstanceClaims>();
        services.AddScoped<Templates.ITemplateUser, BroadcastTemplateUser>();
        return services;
    }

    public static WebApplication UseBroadcastJobs(this WebApplication app)
    {
        app.Services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<BroadcastRecovery>("broadcast-recovery", r => r.RunAsync(CancellationToken.None), Cron.Minutely());
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<BroadcastRecovery>(r => r.RunAsync(CancellationToken.None)));
        return app;
    }
}
