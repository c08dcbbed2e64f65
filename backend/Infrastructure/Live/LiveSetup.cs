using System.Net.ServerSentEvents;
using WhatsApp.Api.Features.Auth;

namespace WhatsApp.Api.Infrastructure.Live;

public static class LiveSetup
{
    /// <summary>A stream stays silent at most this long (a ping then), so proxies with idle timeouts keep it open.</summary>
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A stream ends after this long and the browser opens another, which passes the session check again: a session
    /// ended elsewhere (signed out, user deleted or demoted) stops hearing events within this time.
    /// </summary>
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    /// <summary>How long the browser waits before it reconnects after a stream ended or broke.</summary>
    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    public static IServiceCollection AddLiveEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<LiveSubscribers>();
        if (configuration.GetDatabaseProvider() == DatabaseProvider.Postgres)
        {
            services.AddSingleton(sp => new PostgresLiveBackplane(configuration.GetConnectionString("Default")!,
                sp.GetRequiredService<LiveSubscribers>(), sp.GetRequiredService<ILogger<PostgresLiveBackplane>>()));
            services.AddSingleton<ILiveBackplane>(sp => sp.GetRequiredService<PostgresLiveBackplane>());
            services.AddHostedService(sp => sp.GetRequiredService<PostgresLiveBackplane>());
        }
        services.AddSingleton<ILiveEvents>(sp => new LiveEvents(sp.GetRequiredService<LiveSubscribers>(), sp.GetService<ILiveBackplane>()));
        return services;
    }

    public static IEndpointRouteBuilder MapLiveEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/live", (LiveSubscribers subscribers, IHostApplicationLifetime lifetime, HttpResponse response, CancellationToken ct) =>
            {
                // nginx would otherwise hold events back until its buffer fills.
                response.Headers["X-Accel-Buffering"] = "no";
                return TypedResults.ServerSentEvents(Stream(subscribers, lifetime.ApplicationStopping, ct));
            })
            .WithTags("Live").WithName("LiveEvents").RequireAuthorization(Policies.Staff)
            .Produces<LiveEvent>(StatusCodes.Status200OK, "text/event-stream")
            .WithSummary("Server-sent events telling signed-in staff what changed (a conversation, a message's status, a ticket), so the app reloads it.");
        return app;
    }

    private static async IAsyncEnumerable<SseItem<LiveEvent>> Stream(LiveSubscribers subscribers, CancellationToken stopping,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // A stream ends with the app too: open streams would otherwise hold a shutdown for its whole grace period.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        ending.CancelAfter(MaxAge);
        // Subscribed before the first item: whoever has read it misses nothing published afterwards.
        using var subscription = subscribers.Subscribe();
        // The first item opens the stream at once (headers and all) and sets the reconnection delay.
        yield return new SseItem<LiveEvent>(new LiveEvent(LiveEventTypes.Ping), LiveEventTypes.Ping) { ReconnectionInterval = Reconnect };
        await foreach (var e in subscription.ReadAllAsync(Idle, ending.Token))
            yield return new SseItem<LiveEvent>(e, e.Type);
    }
}
