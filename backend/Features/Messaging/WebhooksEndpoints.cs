using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Public endpoints the providers call. Nothing is trusted before the driver has checked the signature over the exact
/// bytes and the public URL (App:PublicBaseUrl), so a bad or missing signature changes nothing.
/// </summary>
public static class WebhooksEndpoints
{
    private const int MaxBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapWebhooksEndpoints(this IEndpointRouteBuilder app)
    {
        // Nothing here is bound from the body (it is read raw, for the signature), so there is nothing to validate: without
        // the validation filter the generated handler is called directly, with no filter context boxed per callback.
        var group = app.MapGroup("/api/webhooks/whatsapp/{providerId:int}").WithTags("Webhooks").AllowAnonymous().DisableAntiforgery().DisableValidation();
        // Meta uses one callback URL for statuses and messages, so both paths accept both kinds of event.
        group.MapPost("/status", Receive).WithName("ReceiveStatusWebhook").WithSummary("Delivery status callbacks from the provider (signature checked).");
        group.MapPost("/inbound", Receive).WithName("ReceiveInboundWebhook").WithSummary("Inbound messages from customers, every kind, stored in their conversation (signature checked).");
        group.MapGet("/status", Challenge).WithName("VerifyStatusWebhook").WithSummary("Meta's webhook verification handshake (hub.challenge).");
        group.MapGet("/inbound", Challenge).WithName("VerifyInboundWebhook").WithSummary("Meta's webhook verification handshake (hub.challenge).");
        return app;
    }

    private static async Task<Results<Ok, ContentHttpResult, NotFound, ProblemHttpResult>> Receive(
        int providerId, HttpContext http, ResolvedProviderCache cache, PublicUrls urls, StatusWriter statuses, MessagingMetrics metrics,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var provider = await TryResolveAsync(http.RequestServices, cache, providerId, ct);
        if (provider is null) return TypedResults.NotFound();

        var body = await ReadBodyAsync(http.Request, ct);
        if (body is null) return Problems.Problem(StatusCodes.Status413PayloadTooLarge, "Too large", "The webhook body is too large.");
        var request = Capture(http.Request, urls, body);
        if (!provider.Driver.VerifyWebhook(provider.Context, request))
        {
            loggers.CreateLogger("Webhooks").LogWarning("Webhook for provider {ProviderId} refused: bad or missing signature.", providerId);
            return Problems.Problem(StatusCodes.Status403Forbidden, "Invalid signature", "The webhook signature is missing or does not match.");
        }

        var events = provider.Driver.ParseWebhook(request);
        metrics.CallbacksReceived(provider.Row.ProviderType, "status", events.Statuses.Count);
        metrics.CallbacksReceived(provider.Row.ProviderType, "inbound", events.Inbound.Count);
        foreach (var update in events.Statuses) await statuses.ApplyAsync(providerId, update, ct);
        // Asked for only when needed: a status callback, the bulk of the traffic, creates no database context here.
        foreach (var message in events.Inbound)
            await http.RequestServices.GetRequiredService<InboundHandler>().HandleAsync(message, providerId, provider.Row.ProviderType, ct);
        foreach (var change in events.Templates) await http.RequestServices.GetRequiredService<TemplateLifecycle>().ApplyAsync(providerId, change, ct);

        // Twilio expects TwiML from an inbound webhook; an empty Response means "no reply".
        return provider.Row.ProviderType == "twilio" && events.Inbound.Count > 0
            ? TypedResults.Content("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>", "text/xml")
            : TypedResults.Ok();
    }

    private static async Task<Results<ContentHttpResult, NotFound, ProblemHttpResult>> Challenge(int providerId, HttpContext http, ResolvedProviderCache cache, PublicUrls urls, CancellationToken ct)
    {
        var provider = await TryResolveAsync(http.RequestServices, cache, providerId, ct);
        if (provider is null) return TypedResults.NotFound();
        var answer = provider.Driver.AnswerChallenge(provider.Context, Capture(http.Request, urls, []));
        return answer is { Accepted: true }
            ? TypedResults.Content(answer.Body ?? "", "text/plain")
            : Problems.Problem(StatusCodes.Status403Forbidden, "Verification refused", "The verify token does not match.");
    }

    /// <summary>The provider, through <see cref="ResolvedProviderCache"/>: the row is read (and a database context made) only on a miss.</summary>
    private static async Task<ResolvedProvider?> TryResolveAsync(IServiceProvider services, ResolvedProviderCache cache, int id, CancellationToken ct)
    {
        try { return await cache.GetAsync(id, () => services.GetRequiredService<ProviderResolver>().ByIdAsync(id, ct)); }
        catch (CredentialsUnreadableException) { return null; }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        // A provider says how long its body is: read it into an array of that size (a 16 KB buffer per callback was 2 %
        // of the loop's CPU in zeroing alone); a body without a length is read in chunks up to the limit.
        if (request.ContentLength is { } length)
        {
            var exact = new byte[length];
            await request.Body.ReadExactlyAsync(exact, ct);
            return exact;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBodyBytes) return null;
        }
        return buffer.ToArray();
    }

    private static WebhookRequest Capture(HttpRequest request, PublicUrls urls, byte[] body) => new(
        request.Method,
        urls.For(request.Path + request.QueryString),
        request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
        body,
        request.ContentType,
        request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()));
}
