using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;

namespace WhatsApp.Api.Infrastructure;

public static class ApiSetup
{
    /// <summary>Problem details, JSON, OpenAPI, health, encryption keys: what every feature relies on.</summary>
    public static IServiceCollection AddApiInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<PublicUrls>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ValidationKeys.CamelCase);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Binding failures become exceptions so BadRequestExceptionHandler can name the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // Request records' DataAnnotations (lengths, [PlainText]) are checked before any endpoint runs: 400 naming the field.
        services.AddValidation();

        services.AddDataProtection()
            .SetApplicationName("WhatsApp")
            .PersistKeysToDbContext<AppDbContext>()
            .ProtectKeysWithConfiguredCertificate(configuration);

        services.AddEndpointsApiExplorer();
        services.AddOpenApiDocument(o =>
        {
            o.DocumentName = "v1";
            o.Title = "WhatsApp Messaging API";
            o.Description = "Providers, templates, compose and the Sent Log of the WhatsApp channel.";
        });

        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");

        services.AddTrustedProxies(configuration);
        return services;
    }

    public static WebApplication UseApiInfrastructure(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseOptionalParameterFailures();
        if (IsOpenApiEnabled(app.Configuration, app.Environment))
        {
            app.UseOpenApi();
            app.UseSwaggerUi();
        }
        app.UseDefaultFiles();
        app.UseStaticFiles();
        return app;
    }

    /// <summary>
    /// The OpenAPI document and Swagger UI describe every route to whoever asks: on outside Production (development, the
    /// demo, tests, the client generation), in Production only with <c>OpenApi:Enabled=true</c>.
    /// </summary>
    public static bool IsOpenApiEnabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>("OpenApi:Enabled") ?? !environment.IsProduction();

    public static WebApplication MapSpaAndHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        // Unknown API paths answer 404 problem+json; every other path is a client-side route of the SPA.
        // For methods with a body it accepts JSON only, so a body of another type sent to a real route is not taken for an
        // unknown path: routing then answers 415 instead of this 404.
        app.MapMethods("/api/{**rest}", [HttpMethods.Get, HttpMethods.Head, HttpMethods.Delete, HttpMethods.Options], NotFound).ExcludeFromDescription();
        app.MapMethods("/api/{**rest}", [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch], NotFound)
            .Accepts<object>(isOptional: true, "application/json")
            .ExcludeFromDescription();
        app.MapFallbackToFile("index.html");
        return app;

        static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found");
    }
}
