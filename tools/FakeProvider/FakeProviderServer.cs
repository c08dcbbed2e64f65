using System.Text.Encodings.Web;
using Microsoft.Extensions.Configuration.Json;

namespace FakeProvider;

/// <summary>Knobs for hosting the fake; the defaults suit both tests and benchmarks.</summary>
public sealed class FakeProviderOptions
{
    /// <summary>Stored raw bodies are cut to this many bytes so 100k messages stay cheap.</summary>
    public int MaxRawBodyBytes { get; set; } = 2048;

    /// <summary>Oldest messages are dropped beyond this; <c>/_fake/messages/count</c> still counts them.</summary>
    public int MaxStoredMessages { get; set; } = 1_000_000;

    /// <summary>Oldest webhook log entries are dropped beyond this.</summary>
    public int MaxStoredCallbacks { get; set; } = 100_000;

    /// <summary>
    /// Sends webhooks through this handler instead of the network, e.g. a TestServer handler
    /// (<c>factory.Server.CreateHandler()</c>) so callbacks reach an in-memory app.
    /// </summary>
    public HttpMessageHandler? CallbackHandler { get; set; }

    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxConcurrentCallbacks { get; set; } = 64;

    /// <summary>Warning by default: per-request logging would cap throughput in benchmarks.</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Warning;

    /// <summary>Used when no <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <c>HTTP_PORTS</c> is given.</summary>
    public string DefaultUrl { get; set; } = "http://127.0.0.1:5090";
}

/// <summary>Builds the fake provider as a program or inside tests and benchmarks.</summary>
public static class FakeProviderServer
{
    /// <summary>
    /// Builds (does not start) the server. Pass <c>--urls http://127.0.0.1:0</c> for a free port and read
    /// <c>app.Urls</c> after <c>StartAsync</c>.
    /// </summary>
    public static WebApplication Build(string[] args, FakeProviderOptions? options = null)
    {
        options ??= new FakeProviderOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            // In tests the entry assembly is the test host; pin our own identity and folder.
            ApplicationName = typeof(FakeProviderServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // A test project's output folder also holds the API's appsettings.json (Kestrel endpoints,
        // log levels); the fake must not pick those up.
        foreach (var source in builder.Configuration.Sources.OfType<JsonConfigurationSource>().ToList())
            builder.Configuration.Sources.Remove(source);

        if (string.IsNullOrEmpty(builder.Configuration["urls"])
            && string.IsNullOrEmpty(builder.Configuration["http_ports"])
            && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
            builder.WebHost.UseUrls(options.DefaultUrl);

        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.Services.AddFakeProvider(options);

        var app = builder.Build();
        app.MapFakeProvider();
        app.MapFallback(NotFound);
        return app;
    }

    /// <summary>Convenience for tests: builds on a free loopback port, starts, and returns the app.</summary>
    public static async Task<WebApplication> StartAsync(FakeProviderOptions? options = null, CancellationToken cancellationToken = default)
    {
        var app = Build(["--urls", "http://127.0.0.1:0"], options);
        await app.StartAsync(cancellationToken);
        return app;
    }

    /// <summary>The first bound address, e.g. <c>http://127.0.0.1:41234</c>, once started.</summary>
    public static string BaseUrl(this WebApplication app) => app.Urls.First().TrimEnd('/');

    public static FakeProviderState FakeState(this WebApplication app) => app.Services.GetRequiredService<FakeProviderState>();

    /// <summary>Registers the state, the webhook worker and JSON settings; for hosting inside another app.</summary>
    public static IServiceCollection AddFakeProvider(this IServiceCollection services, FakeProviderOptions? options = null)
    {
        services.AddSingleton(options ?? new FakeProviderOptions());
        services.AddSingleton<FakeProviderState>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<MediaFetches>();
        services.AddSingleton<InboundMediaFiles>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        return services;
    }

    /// <summary>Maps the three providers' endpoints and the <c>/_fake</c> control API.</summary>
    public static IEndpointRouteBuilder MapFakeProvider(this IEndpointRouteBuilder routes)
    {
        TwilioApi.Map(routes);
        VonageApi.Map(routes);
        MetaApi.Map(routes);
        ControlApi.Map(routes);
        MediaFetch.Map(routes);
        InboundMediaFiles.Map(routes);
        return routes;
    }

    // A driver with a wrong path should fail loudly and say which path, rather than get an empty 404.
    private static IResult NotFound(HttpContext ctx) => Results.Json(
        new { error = "not_found", detail = $"The fake provider has no route for {ctx.Request.Method} {ctx.Request.Path}" },
        statusCode: StatusCodes.Status404NotFound);
}
