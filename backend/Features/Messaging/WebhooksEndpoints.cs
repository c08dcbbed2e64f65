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
        var group = app.MapGroup("/api/webhooks/whatsapp/{providerId:int}").WithTags("Webhooks").AllowAnonymous().DisableAntiforgery();
        // Meta uses one callback URL for statuses and messages, so both paths accept both kinds of event.
        group.MapPost("/status", Receive).WithName("ReceiveStatusWebhook").WithSummary("Delivery status callbacks from the provider (signature checked).");
        group.MapPost("/inbound", Receive).WithName("ReceiveInboundWebhook").WithSummary("Inbound messages from customers, every kind, stored in their conversation (signature checked).");
        group.MapGet("/status", Challenge).WithName("VerifyStatusWebhook").WithSummary("Meta's webhook verification handshake (hub.challenge).");
        group.MapGet("/inbound", Challenge).WithName("VerifyInboundWebhook").WithSummary("Meta's webhook verification handshake (hub.challenge).");
        return app;
    }

    private static async Task<Results<Ok, ContentHttpResult, NotFound, ProblemHttpResult>> Receive(
        int providerId, HttpContext http, ProviderResolver providers, StatusWriter statuses, InboundHandler inbound, TemplateLifecycle templates,
        MessagingMetrics metrics, ILoggerFactory loggers, CancellationToken ct)
    {
        var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (Environment.GetEnvironmentVariable("PROF_SKIP_ALL") is not null) return TypedResults.Ok();
        var provider = await TryResolveAsync(providers, providerId, ct);
        if (provider is null) return TypedResults.NotFound();
        var t1 = System.Diagnostics.Stopwatch.GetTimestamp();
        if (Environment.GetEnvironmentVariable("PROF_SKIP_VERIFY") is not null) return TypedResults.Ok();

        var body = await ReadBodyAsync(http.Request, ct);
        if (body is null) return Problems.Problem(StatusCodes.Status413PayloadTooLarge, "Too large", "The webhook body is too large.");
        var request = Capture(http.Request, providers, body);
        if (!provider.Driver.VerifyWebhook(provider.Context, request))
        {
            loggers.CreateLogger("Webhooks").LogWarning("Webhook for provider {ProviderId} refused: bad or missing signature.", providerId);
            return Problems.Problem(StatusCodes.Status403Forbidden, "Invalid signature", "The webhook signature is missing or does not match.");
        }

        var t2 = System.Diagnostics.Stopwatch.GetTimestamp();
        var events = provider.Driver.ParseWebhook(request);
        metrics.CallbacksReceived(provider.Row.ProviderType, "status", events.Statuses.Count);
        metrics.CallbacksReceived(provider.Row.ProviderType, "inbound", events.Inbound.Count);
        if (Environment.GetEnvironmentVariable("PROF_SKIP_APPLY") is null)
        foreach (var update in events.Statuses) await statuses.ApplyAsync(providerId, update, ct);
        foreach (var message in events.Inbound) await inbound.HandleAsync(message, providerId, provider.Row.ProviderType, ct);
        foreach (var change in events.Templates) await templates.ApplyAsync(providerId, change, ct);
        var t3 = System.Diagnostics.Stopwatch.GetTimestamp();
        loggers.CreateLogger("WebhookTiming").LogDebug("PROF resolve {A:0.000} verify {B:0.000} apply {C:0.000}", System.Diagnostics.Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds,
            System.Diagnostics.Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds, System.Diagnostics.Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds);

        // Twilio expects TwiML from an inbound webhook; an empty Response means "no reply".
        return provider.Row.ProviderType == "twilio" && events.Inbound.Count > 0
            ? TypedResults.Content("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>", "text/xml")
            : TypedResults.Ok();
    }

    private static async Task<Results<ContentHttpResult, NotFound, ProblemHttpResult>> Challenge(int providerId, HttpContext http, ProviderResolver providers, CancellationToken ct)
    {
        var provider = await TryResolveAsync(providers, providerId, ct);
        if (provider is null) return TypedResults.NotFound();
        var answer = provider.Driver.AnswerChallenge(provider.Context, Capture(http.Request, providers, []));
        return answer is { Accepted: true }
            ? TypedResults.Content(answer.Body ?? "", "text/plain")
            : Problems.Problem(StatusCodes.Status403Forbidden, "Verification refused", "The verify token does not match.");
    }

    private static async Task<ResolvedProvider?> TryResolveAsync(ProviderResolver providers, int id, CancellationToken ct)
    {
        try { return await providers.ByIdCachedAsync(id, ct); }
        catch (CredentialsUnreadableException) { return null; }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
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

    private static WebhookRequest Capture(HttpRequest request, ProviderResolver providers, byte[] body) => new(
        request.Method,
        providers.PublicUrl(request.Path + request.QueryString),
        request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
        body,
        request.ContentType,
        request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()));
}
