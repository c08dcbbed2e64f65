using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>A request to send one template message (spec 3.3: recipient, template, parameters), plus where it came from.</summary>
public sealed record SendRequest(
    string? To,
    string? TemplateName,
    IReadOnlyDictionary<string, string?>? Parameters,
    MessageSource Source,
    int? TemplateId = null,
    string? Language = null,
    int? CustomerId = null,
    int? BroadcastId = null,
    string? EventType = null,
    string? EntityRef = null,
    string? CreatedBy = null,
    /// <summary>Send through this provider instead of the active one (the settings page's Test action).</summary>
    int? ProviderId = null,
    /// <summary>The automation event this message is for; at most one message per event.</summary>
    long? AutomationEventId = null,
    /// <summary>Not before this time (quiet hours); null: now.</summary>
    DateTime? DueAt = null);

/// <summary>Why a message was refused before it was queued; maps onto a problem+json answer.</summary>
public sealed record SendRefusal(int Status, string Title, string Detail, string? Field)
{
    public static SendRefusal Invalid(string field, string detail) => new(StatusCodes.Status400BadRequest, "Invalid message", detail, field);
    public static SendRefusal Unprocessable(string title, string detail, string? field = null) => new(StatusCodes.Status422UnprocessableEntity, title, detail, field);

    /// <summary>A 400 about one field becomes a validation problem naming it; anything else a plain problem.</summary>
    public ValidationProblem? AsValidationProblem() =>
        Status == StatusCodes.Status400BadRequest && Field is { } field
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [Detail] }, title: Title)
            : null;

    public ProblemHttpResult AsProblem() => Problems.Problem(Status, Title, Detail, Field);
}

public interface IWhatsAppSender
{
    /// <summary>Validates and writes the message as Queued (the outbox); the dispatcher sends it. Returns the row or why it was refused.</summary>
    Task<(WhatsAppMessage? Message, SendRefusal? Refusal)> QueueAsync(SendRequest request, CancellationToken ct = default);
}

public sealed class MessageSender(AppDbContext db, PhoneNumberNormalizer phones, ProviderResolver providers, TimeProvider clock, MessagingMetrics metrics) : IWhatsAppSender
{
    public async Task<(WhatsAppMessage? Message, SendRefusal? Refusal)> QueueAsync(SendRequest request, CancellationToken ct = default)
    {
        var to = phones.ToE164(request.To);
        if (to is null)
            return (null, SendRefusal.Invalid("to", "The recipient must be a valid phone number in international (E.164) form, e.g. +14155550123."));

        var templates = db.Set<WhatsAppTemplate>().AsNoTracking().Include(t => t.Bindings);
        WhatsAppTemplate? template;
        if (request.TemplateId is { } templateId)
            template = await templates.FirstOrDefaultAsync(t => t.Id == templateId, ct);
        else if (string.IsNullOrWhiteSpace(request.TemplateName))
            return (null, SendRefusal.Invalid("templateName", "A template name is required."));
        else
        {
            var candidates = await templates.Where(t => t.Name == request.TemplateName).ToListAsync(ct);
            template = candidates.FirstOrDefault(t => t.Language == request.Language)
                ?? candidates.FirstOrDefault(t => t.WhyNotSendable() is null) ?? candidates.FirstOrDefault();
        }
        if (template is null)
            return (null, SendRefusal.Invalid(request.TemplateId is null ? "templateName" : "templateId", "There is no such template."));
        if (template.WhyNotSendable() is { } notApproved)
            return (null, SendRefusal.Unprocessable(notApproved.Title, notApproved.Message, "templateName"));

        var (parameters, parameterError) = CheckParameters(template, request.Parameters);
        if (parameterError is not null) return (null, parameterError);

        WhatsAppProvider? provider;
        try
        {
            provider = request.ProviderId is { } pid
                ? (await providers.ByIdAsync(pid, ct))?.Row
                : (await providers.ActiveAsync(ct))?.Row;
        }
        catch (CredentialsUnreadableException ex)
        {
            return (null, new SendRefusal(StatusCodes.Status409Conflict, "Provider credentials unreadable", ex.Message, null));
        }
        if (provider is null)
            return (null, new SendRefusal(StatusCodes.Status409Conflict, "No active provider",
                "No WhatsApp provider is active. Add one and set it active in Settings → WhatsApp.", null));
        if (template.WhyNotSendableThrough(provider) is { } notSendable)
            return (null, SendRefusal.Unprocessable(notSendable.Title, notSendable.Message, "templateName"));

        var customer = request.CustomerId is { } cid
            ? await db.Set<Customer>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == cid, ct)
            : await db.Set<Customer>().AsNoTracking().Where(c => c.Phone == to).OrderByDescending(c => c.WhatsAppOptIn).FirstOrDefaultAsync(ct);
        if (customer is null || customer.Phone != to)
            return (null, SendRefusal.Unprocessable("Recipient has not opted in",
                $"{to} is not a customer who opted in to WhatsApp messages. Record their consent on their profile first.", "to"));
        if (MessageConsent.WhyNot(customer, template) is { } noConsent)
            return (null, SendRefusal.Unprocessable(noConsent.Title, noConsent.Message, "to"));

        // The customer's language, unless the caller named one.
        if (request.Language is null && !string.IsNullOrWhiteSpace(customer.Language))
        {
            var variants = await templates.Where(t => t.Name == template.Name && t.Id != template.Id).ToListAsync(ct);
            var variant = TemplateLanguages.Pick(template, variants, customer.Language, parameters.Keys);
            if (variant != template && variant.WhyNotSendableThrough(provider) is null)
            {
                template = variant;
                parameters = parameters.Where(p => variant.Variables.Any(v => v.Key == p.Key)).ToDictionary();
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var message = WhatsAppMessage.Queued(to, customer.Id, template, parameters, provider, request.Source, now, request.DueAt > now ? request.DueAt : null);
        message.BroadcastId = request.BroadcastId;
        message.AutomationEventId = request.AutomationEventId;
        message.EventType = request.EventType;
        message.EntityRef = request.EntityRef;
        message.CreatedBy = request.CreatedBy;
        db.Add(message);
        db.Add(new MessageStatusEvent { Message = message, Status = MessageStatus.Queued, At = now });
        await db.SaveChangesAsync(ct);
        metrics.Queued(request.Source, provider?.ProviderType);
        return (message, null);
    }

    /// <summary>Exactly the template's variables, each non-empty (Meta answers an empty parameter with a 400).</summary>
    internal static (Dictionary<string, string> Parameters, SendRefusal? Refusal) CheckParameters(WhatsAppTemplate template, IReadOnlyDictionary<string, string?>? given)
    {
        given ??= new Dictionary<string, string?>();
        var expected = template.Variables.Select(v => v.Key).ToList();
        var unknown = given.Keys.FirstOrDefault(k => !expected.Contains(k));
        if (unknown is not null)
            return ([], SendRefusal.Invalid($"parameters.{unknown}",
                $"Template '{template.Name}' has no parameter '{unknown}'. It takes {expected.Count}: {string.Join(", ", expected)}."));
        var result = new Dictionary<string, string>();
        foreach (var key in expected)
        {
            if (!given.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value))
                return ([], SendRefusal.Invalid($"parameters.{key}",
                    $"Parameter '{key}' is missing or empty. Template '{template.Name}' takes {expected.Count}: {string.Join(", ", expected)}."));
            if (value.Length > 1024)
                return ([], SendRefusal.Invalid($"parameters.{key}", $"Parameter '{key}' is longer than 1024 characters."));
            if (TemplateParts.ValueProblem(template.Header, key, value.Trim()) is { } problem)
                return ([], SendRefusal.Invalid($"parameters.{key}", problem));
            result[key] = value.Trim();
        }
        return (result, null);
    }
}
