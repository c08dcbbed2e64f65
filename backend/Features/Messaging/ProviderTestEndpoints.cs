using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>Optional test send: a template, a number and its parameters.</summary>
public record ProviderTestRequest(string? To, int? TemplateId, Dictionary<string, string?>? Parameters);

public record ProviderTestResult(bool Ok, string Message, MessageDto? SentMessage);

/// <summary>Settings → WhatsApp → Test: checks a provider's credentials and optionally sends a real message through it.</summary>
public static class ProviderTestEndpoints
{
    public static IEndpointRouteBuilder MapProviderTestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/settings/whatsapp-providers/{id:int}/test", Test)
            .WithTags("Providers").RequireAuthorization(Policies.Admin)
            .WithName("TestProvider")
            .WithSummary("Checks the provider's credentials against its API and, if a number and template are given, sends that template through it.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<Results<Ok<ProviderTestResult>, NotFound, ValidationProblem, ProblemHttpResult>> Test(
        int id, ProviderTestRequest? request, ProviderResolver providers, IWhatsAppSender sender, OutboxDispatcher dispatcher,
        AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        ResolvedProvider? provider;
        try { provider = await providers.ByIdAsync(id, ct); }
        catch (CredentialsUnreadableException ex) { return Problems.Conflict(ex.Message, "credentials"); }
        if (provider is null) return TypedResults.NotFound();

        var check = await provider.Driver.TestConnectionAsync(provider.Context, ct);
        if (!check.Ok || string.IsNullOrWhiteSpace(request?.To))
            return TypedResults.Ok(new ProviderTestResult(check.Ok, check.Message, null));
        if (request.TemplateId is null)
            return Problems.Field("templateId", "Choose the template to send.");

        var (message, refusal) = await sender.QueueAsync(new SendRequest(request.To, null, request.Parameters, MessageSource.Test,
            TemplateId: request.TemplateId, CreatedBy: user.Identity?.Name, ProviderId: id), ct);
        if (refusal is not null) return refusal.AsValidationProblem() is { } invalid ? invalid : refusal.AsProblem();
        await dispatcher.SendNowAsync(message!.Id, CancellationToken.None);
        var sent = await MessageViews.LoadAsync(db, message.Id, ct);
        var ok = sent!.Error is null;
        return TypedResults.Ok(new ProviderTestResult(ok,
            ok ? $"{check.Message} Test message {sent.Status.ToString().ToLowerInvariant()} by {provider.Driver.DisplayName}." : $"{check.Message} The test message failed: {sent.Error!.Message}",
            sent));
    }
}
