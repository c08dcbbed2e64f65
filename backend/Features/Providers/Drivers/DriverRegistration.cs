using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace WhatsApp.Api.Features.Providers.Drivers;

public static class DriverRegistration
{
    /// <summary>
    /// The drivers (singletons) and their named HTTP clients, two kinds:
    /// <list type="bullet">
    /// <item>send clients (<c>whatsapp-send</c>, and <c>twilio-send</c> under the Twilio SDK): send POSTs only. No
    /// retries — a POST retried after it reached the provider sends the WhatsApp message twice; the job layer retries
    /// on the classified error instead. An attempt timeout (<see cref="WhatsAppDriverOptions.SendTimeout"/>) and a
    /// circuit breaker per provider host.</item>
    /// <item>api clients (<c>whatsapp-api</c>, <c>twilio-api</c>): idempotent GETs (template sync, connection tests)
    /// with the standard resilience handler.</item>
    /// </list>
    /// The SDK sends the Twilio clients' requests through <see cref="TwilioHttp"/>, for the base-URL override and what the SDK drops.
    /// </summary>
    public static IServiceCollection AddWhatsAppDrivers(this IServiceCollection services, Action<WhatsAppDriverOptions>? configure = null)
    {
        var options = services.AddOptions<WhatsAppDriverOptions>();
        if (configure is not null) options.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(DriverHttp.SendClient).AsSendClient();
        services.AddHttpClient(DriverHttp.ApiClient).AsApiClient();
        services.AddHttpClient(MediaDownloads.Client).AsMediaClient();
        services.AddHttpClient(TwilioClients.SendClient).AsSendClient();
        services.AddHttpClient(TwilioClients.ApiClient).AsApiClient();

        services.AddDriver<TwilioDriver>();
        services.AddDriver<VonageDriver>();
        services.AddDriver<MetaDriver>();
        services.AddSingleton<DriverRegistry>();
        return services;
    }

    private static void AsSendClient(this IHttpClientBuilder client) => client
        // A send's answer is a small JSON document (about 1 KB): compressed, it would save little, and asking for it put a
        // decompression layer on every send, which the answer then passed through uncompressed (session 19).
        .ConfigurePrimaryHttpMessageHandler(services => CreateHandler(services, allowRedirects: false, decompress: false))
        // SocketsHttpHandler recycles connections itself (PooledConnectionLifetime), so the factory need not rotate it.
        .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
        // The Polly attempt timeout governs; HttpClient's own 100 s default must not cut in first.
        .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
        // Thousands of sends a second: the factory's per-request log lines would cost more than the send.
        .RemoveAllLoggers()
        .AddResilienceHandler("send", static (pipeline, context) =>
        {
            var o = context.ServiceProvider.GetRequiredService<IOptions<WhatsAppDriverOptions>>().Value;
            // Outermost: stop hammering a provider that is down. 429 does not count: throttling is per sender or
            // recipient and the job layer honours Retry-After.
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                // Only a real outage trips it: half of at least 100 sends failing within 30 s.
                FailureRatio = 0.5,
                MinimumThroughput = 100,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = DriverHttp.CircuitBreakDuration,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { } r } => (int)r.StatusCode >= 500,
                    _ => false,
                }),
            });
            pipeline.AddTimeout(o.SendTimeout);
        })
        .SelectPipelineByAuthority();

    private static void AsApiClient(this IHttpClientBuilder client) => client
        .ConfigurePrimaryHttpMessageHandler(CreateHandler)
        .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
        .RedactLoggedHeaders(static _ => true)
        .AddStandardResilienceHandler();

    /// <summary>Inbound media downloads: like the api clients, but following redirects (Twilio's signed media URLs).</summary>
    private static void AsMediaClient(this IHttpClientBuilder client) => client
        .ConfigurePrimaryHttpMessageHandler(services => CreateHandler(services, allowRedirects: true))
        .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
        // A 100 MB document takes its time; the pipeline's timeout covers the wait for the answer's headers.
        .ConfigureHttpClient(c =>
        {
            c.Timeout = TimeSpan.FromMinutes(10);
            // Meta's media host answers a request without a User-Agent with an HTML page instead of the file
            // (gabrieldwight/Whatsapp-Business-Cloud-Api-Net#45).
            c.DefaultRequestHeaders.UserAgent.ParseAdd("WhatsAppChannel/1.0");
        })
        .RedactLoggedHeaders(static _ => true)
        // No retry here: the download job retries transient failures itself, with its attempts on record.
        .AddResilienceHandler("media", static pipeline => pipeline.AddTimeout(TimeSpan.FromSeconds(30)));

    private static HttpMessageHandler CreateHandler(IServiceProvider services) => CreateHandler(services, allowRedirects: false);

    private static HttpMessageHandler CreateHandler(IServiceProvider services, bool allowRedirects, bool decompress = true)
    {
        var o = services.GetRequiredService<IOptions<WhatsAppDriverOptions>>().Value;
        return new SocketsHttpHandler
        {
            // Long-lived pooled connections, recycled so DNS changes at the provider are picked up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            MaxConnectionsPerServer = Math.Max(1, o.MaxConnectionsPerServer),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = decompress ? DecompressionMethods.All : DecompressionMethods.None,
            EnableMultipleHttp2Connections = true,
            // Redirects drop the Authorization header (.NET does), so credentials never follow one.
            AllowAutoRedirect = allowRedirects,
            UseCookies = false,
        };
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
