namespace WhatsApp.Api.Features.Providers.Drivers;

public static class DriverRegistration
{
    public static IServiceCollection AddWhatsAppDrivers(this IServiceCollection services)
    {
        services.AddDriver<TwilioDriver>();
        services.AddDriver<VonageDriver>();
        services.AddDriver<MetaDriver>();
        services.AddSingleton<DriverRegistry>();
        return services;
    }

    private static void AddDriver<TDriver>(this IServiceCollection services) where TDriver : class, IWhatsAppDriver
    {
        services.AddSingleton<TDriver>();
        services.AddSingleton<IWhatsAppDriver>(sp => sp.GetRequiredService<TDriver>());
    }
}

/// <summary>The one place a provider type string becomes a driver.</summary>
public sealed class DriverRegistry(IEnumerable<IWhatsAppDriver> drivers)
{
    private readonly Dictionary<string, IWhatsAppDriver> _byType = drivers.ToDictionary(d => d.Type, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<IWhatsAppDriver> All => _byType.Values;

    public IWhatsAppDriver? Find(string? type) => type is not null && _byType.TryGetValue(type, out var d) ? d : null;

    public IWhatsAppDriver Get(string type) => Find(type) ?? throw new InvalidOperationException($"No WhatsApp driver is registered for '{type}'.");
}
