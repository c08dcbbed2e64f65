using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Media;

namespace WhatsApp.Api.Features.Billing;

public static class BillingSetup
{
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<BillingOptions>(configuration.GetSection("Billing"));
        services.AddSingleton<BillPdf>();
        services.AddScoped<BillPdfMedia>();
        services.AddScoped<IMediaSource>(sp => sp.GetRequiredService<BillPdfMedia>());
        services.AddScoped<IDerivedEventFields, BillLinks>();
        return services;
    }
}
