using System.Security.Claims;
using WhatsApp.Api.Features.ApiKeys;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Audit;

/// <summary>
/// Records every successful call of an operation listed in <see cref="AuditedEndpoints"/> made by a signed-in user or an
/// API key, after the endpoint answered. The entry is built from the route, the query and the answer's status and
/// <c>Location</c>, never from the request body, so credentials or passwords sent in a form cannot reach the log.
/// The change is already committed when the entry is written; a failure to write it is logged, not turned into an error.
/// </summary>
public static class AuditTrail
{
    /// <summary>Route values that name the changed entity, in order of preference.</summary>
    private static readonly string[] EntityRouteValues = ["id", "eventType"];

    public static IApplicationBuilder UseAuditTrail(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        await next(http);
        if (http.Response.StatusCode is < 200 or >= 300) return;
        if (http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is not { } name
            || !AuditedEndpoints.ByName.TryGetValue(name, out var operation)) return;
        // A dry run (e.g. an import's check) changes nothing.
        if (string.Equals(http.Request.Query["dryRun"], "true", StringComparison.OrdinalIgnoreCase)) return;
        if (ActorOf(http.User) is not var (actorType, actorId, actor)) return;

        var entityId = EntityIdOf(http);
        var details = http.Request.RouteValues
            .Where(v => !EntityRouteValues.Contains(v.Key) && v.Value is not null)
            .Select(v => $"{v.Key} {v.Value}");
        var summary = string.Join(" ", new[] { operation.Kind, entityId, operation.Verb }.Concat(details).Where(p => !string.IsNullOrEmpty(p)));

        var entry = new AuditEntry
        {
            At = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
            ActorType = actorType, ActorId = actorId, Actor = actor.Truncate(256)!,
            Kind = operation.Kind, Action = name, EntityId = entityId?.Truncate(128), Summary = summary.Truncate(512)!,
            ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
        };
        try
        {
            // A scope of its own: the endpoint's DbContext may still track entities it chose not to save.
            await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Add(entry);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuditTrail))
                .LogError(e, "The audit entry for {Action} on {Kind} {EntityId} could not be written", name, operation.Kind, entityId);
        }
    });

    private static (string Type, string Id, string Name)? ActorOf(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true } identity) return null;
        if (identity.AuthenticationType == ApiKeyDefaults.Scheme)
            return user.FindFirstValue(ApiKeyDefaults.KeyIdClaim) is { } keyId ? ("api-key", keyId, identity.Name ?? $"api-key:{keyId}") : null;
        return user.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId ? ("user", userId, identity.Name ?? userId) : null;
    }

    /// <summary>The route's id, or for a creation the id at the end of the answer's <c>Location</c>.</summary>
    private static string? EntityIdOf(HttpContext http)
    {
        foreach (var key in EntityRouteValues)
            if (http.Request.RouteValues.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } id) return id;
        return http.Response.Headers.Location.ToString() is { Length: > 0 } location ? location.TrimEnd('/').Split('/')[^1] : null;
    }
}
