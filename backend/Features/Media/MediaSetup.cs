namespace WhatsApp.Api.Features.Media;

public static class MediaSetup
{
    public static IServiceCollection AddMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MediaOptions>(configuration.GetSection("Media"));
        services.AddSingleton<MediaLinks>();
        // Scoped: the Database store uses the request's DbContext.
        services.AddScoped<UploadedMedia>();
        services.AddScoped<IMediaSource>(sp => sp.GetRequiredService<UploadedMedia>());
        if (configuration.GetSection("Media").Get<MediaOptions>()?.Store == MediaStoreKind.Database) services.AddScoped<IMediaStore, DatabaseMediaStore>();
        else services.AddSingleton<IMediaStore, FileMediaStore>();
        return services;
    }
}
