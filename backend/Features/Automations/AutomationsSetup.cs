using Hangfire;
using Microsoft.Extensions.Options;

namespace WhatsApp.Api.Features.Automations;

public static class AutomationsSetup
{
    public static IServiceCollection AddAutomations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AutomationOptions>().Bind(configuration.GetSection("Automations"))
            .Validate(o => o.TryGetQuietHours(out _), "Automations:QuietHours must look like 21:00-08:00 (start-end, 24-hour clock).")
            .ValidateOnStart();
        services.AddScoped<EventOutbox>();
        services.AddSingleton<AutomationTrigger>();
        services.AddSingleton<AutomationProcessor>();
        services.AddScoped<AutomationJob>();
        services.AddScoped<AutomationScans>();
        services.AddSingleton<EventValues>();
        services.AddScoped<Templates.ITemplateUser, AutomationTemplateUser>();
        return services;
    }

    /// <summary>
    /// The event outbox is the truth: on start-up and every minute pending events get a run (a kick lost to a crash
    /// between commit and enqueue costs a minute, not the message); the reminder and expiry scans run on their schedule.
    /// </summary>
    public static WebApplication UseAutomationJobs(this WebApplication app)
    {
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<AutomationJob>("automation-recovery", j => j.RunAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<AutomationScans>("automation-scans", s => s.RunAsync(CancellationToken.None),
            app.Services.GetRequiredService<IOptions<AutomationOptions>>().Value.ScanCron);
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<AutomationTrigger>().Kick());
        return app;
    }
}
