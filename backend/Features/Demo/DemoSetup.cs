using Microsoft.Extensions.Options;

namespace WhatsApp.Api.Features.Demo;

public static class DemoSetup
{
    public static IServiceCollection AddDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DemoOptions>(configuration.GetSection("Demo"));
        services.AddScoped<DemoSeeder>();
        return services;
    }

    /// <summary>Writes the demo data into an empty database, and only when Demo:Enabled is set (npm run demo).</summary>
    public static async Task SeedDemoDataAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
        if (!options.Enabled) return;
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(options, CancellationToken.None);
    }
}
