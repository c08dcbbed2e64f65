namespace WhatsApp.Api.Features.Media;

public static class MediaSetup
{
    public static IServiceCollection AddMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MediaOptions>(configuration.GetSection("Media"));
        services.AddSingleton<MediaLinks>();
        return services;
    }
}
