using System.Net;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Messaging;

namespace WhatsApp.Api.Infrastructure.Telemetry;

/// <summary>Configuration section "Metrics".</summary>
public sealed class MetricsEndpointOptions
{
    /// <summary>Serves Prometheus's text format at /metrics; off by default (the endpoint then answers 404).</summary>
    public bool Prometheus { get; set; }

    /// <summary>
    /// Comma-separated networks in CIDR form (<c>10.0.0.0/8, 192.168.1.20/32</c>) whose scrapers need no sign-in;
    /// anyone else must be an admin. The client address is the connection's, or the forwarded one from App:TrustedProxies.
    /// </summary>
    public string? AllowedNetworks { get; set; }

    /// <summary>The parsed <see cref="AllowedNetworks"/>; a bad entry stops start-up with the setting's name.</summary>
    public IReadOnlyList<IPNetwork> Networks() =>
        (AllowedNetworks ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(n => IPNetwork.TryParse(n, out var network) ? network
            : throw new InvalidOperationException($"Metrics:AllowedNetworks: '{n}' is not a network in CIDR form (e.g. 10.0.0.0/8)."))
        .ToList();
}

/// <summary>
/// OpenTelemetry for the app: its own meter (<see cref="MessagingMetrics"/>) and ASP.NET Core's and HttpClient's,
/// scraped by Prometheus at /metrics when <c>Metrics:Prometheus</c> is true, and pushed over OTLP (metrics and traces)
/// when <c>OpenTelemetry:Endpoint</c> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. With neither, nothing
/// listens to the instruments and they cost next to nothing.
/// </summary>
public static class TelemetrySetup
{
    private const string Path = "/metrics";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MetricsEndpointOptions>(configuration.GetSection("Metrics"));
        var prometheus = configuration.GetValue<bool>("Metrics:Prometheus");
        var endpoint = configuration["OpenTelemetry:Endpoint"];
        var otlp = !string.IsNullOrWhiteSpace(endpoint) || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!prometheus && !otlp) return services;

        void Otlp(OpenTelemetry.Exporter.OtlpExporterOptions o)
        {
            // Otherwise the exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and _PROTOCOL, _HEADERS) itself.
            if (!string.IsNullOrWhiteSpace(endpoint)) o.Endpoint = new Uri(endpoint);
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OpenTelemetry:ServiceName"] ?? "whatsapp-api"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MessagingMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (prometheus) metrics.AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter(Otlp);
            });
        if (otlp) telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddOtlpExporter(Otlp));
        return services;
    }

    /// <summary>/metrics: Prometheus's scrape for admins and the allowed networks; a plain 404 while it is off.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsEndpointOptions>>().Value;
        if (!options.Prometheus)
        {
            // Mapped all the same, so the SPA's fallback never answers for it.
            app.MapGet(Path, () => Problems.Problem(StatusCodes.Status404NotFound, "Not found", "Metrics are off (Metrics:Prometheus).")).ExcludeFromDescription();
            return app;
        }
        var networks = options.Networks();
        app.MapPrometheusScrapingEndpoint(Path)
            .RequireAuthorization(policy => policy.RequireAssertion(ctx =>
                ctx.User.IsInRole(Roles.Admin) || (ctx.Resource is HttpContext http && FromAllowedNetwork(http, networks))))
            .ExcludeFromDescription();
        return app;
    }

    private static bool FromAllowedNetwork(HttpContext http, IReadOnlyList<IPNetwork> networks)
    {
        if (http.Connection.RemoteIpAddress is not { } address) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return networks.Any(n => n.Contains(address));
    }
}
