namespace WhatsApp.Api.Infrastructure.Instances;

public static class InstancesSetup
{
    /// <summary>This instance's identity and heartbeat; features register their claims as <see cref="IDeadInstanceClaims"/>.</summary>
    public static IServiceCollection AddInstances(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<InstanceOptions>(configuration.GetSection("Instances"));
        services.AddSingleton<InstanceIdentity>();
        services.AddSingleton<InstanceHeartbeat>();
        services.AddHostedService(sp => sp.GetRequiredService<InstanceHeartbeat>());
        return services;
    }
}
