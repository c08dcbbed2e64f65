using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;

namespace WhatsApp.Api.Infrastructure;

public static class ApiSetup
{
    /// <summary>Problem details, JSON, OpenAPI, health, encryption keys: what every feature relies on.</summary>
    public static IServiceCollection AddApiInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PublicUrls>();
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Binding failures become exceptions so BadRequestExceptionHandler can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        services.AddDataProtection()
            .SetApplicationName("WhatsApp")
            .PersistKeysToDbContext<AppDbContext>();

        services.AddEndpointsApiExplorer();
        services.AddOpenApiDocument(o =>
        {
            o.DocumentName = "v1";
            o.Title = "WhatsApp Messaging API";
            o.Description = "Providers, templates, compose and the Sent Log of the WhatsApp channel.";
        });

        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");

        // Behind a reverse proxy, only the proxies named in App:TrustedProxies may set the scheme and host.
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in configuration.GetSection("App:TrustedProxies").Get<string[]>() ?? [])
                if (System.Net.IPAddress.TryParse(proxy, out var address)) o.KnownProxies.Add(address);
        });
        return services;
    }

    public static WebApplication UseApiInfrastructure(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseOpenApi();
        app.UseSwaggerUi();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }

    public static WebApplication MapSpaAndHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        // Unknown API paths answer 404 problem+json; every other path is a client-side route of the SPA.
        app.Map("/api/{**rest}", () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found"))
            .ExcludeFromDescription();
        app.MapFallbackToFile("index.html");
        return app;
    }
}
