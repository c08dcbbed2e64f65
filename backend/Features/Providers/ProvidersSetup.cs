using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Api.Features.Providers;

public static class ProvidersSetup
{
    public static IServiceCollection AddProviders(this IServiceCollection services)
    {
        services.AddWhatsAppDrivers();
        services.AddSingleton<ProviderCredentials>();
        services.AddSingleton<BaseUrlHosts>();
        services.AddScoped<ProviderMapper>();
        services.AddScoped<ActiveProviderSwitch>();
        services.AddScoped<ProviderResolver>();
        services.AddScoped<MessagingTierSync>();
        services.AddSingleton<ResolvedProviderCache>();
        return services;
    }
}
