using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using WhatsApp.Api.Features.Auth;

namespace WhatsApp.Api.Features.Templates;

/// <summary>The template lifecycle: its services, its scheduled re-sync and the paused-uses endpoint.</summary>
public static class TemplateLifecycleSetup
{
    public static IServiceCollection AddTemplateLifecycle(this IServiceCollection services) =>
        services.AddScoped<TemplateLifecycle>().AddScoped<TemplateResync>();

    /// <summary>Providers without template webhooks report approvals only when asked: hourly (Templates:ResyncCron).</summary>
    public static WebApplication UseTemplateLifecycle(this WebApplication app)
    {
        app.Services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<TemplateResync>("template-resync",
            r => r.RunAsync(CancellationToken.None), app.Configuration["Templates:ResyncCron"] ?? Cron.Hourly());
        app.MapGet("/api/whatsapp/templates/paused-uses", PausedUses).WithTags("Templates").WithName("ListPausedTemplateUses")
            .RequireAuthorization(Policies.Staff)
            .WithSummary("Automations and broadcasts paused because their template was paused, disabled, rejected or re-categorised, newest first.");
        return app;
    }

    private static async Task<Ok<List<PausedUseDto>>> PausedUses(TemplateLifecycle lifecycle, CancellationToken ct) =>
        TypedResults.Ok(await lifecycle.PausedAsync(ct));
}
