using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Automations;

/// <summary>
/// Turns pending events into outbox messages through <see cref="IWhatsAppSender"/>, or records why not. Exactly one
/// message per event: the event leaves Pending in the same transaction that writes its message, and only if it was still
/// Pending, so two runs (or two instances) racing for it cannot both send; a unique index on the message's event id
/// backs that up.
/// </summary>
public sealed class AutomationProcessor(
    IServiceScopeFactory scopes, DispatchTrigger dispatch, TimeProvider clock, IOptions<AutomationOptions> options, ILogger<AutomationProcessor> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _dirty;

    /// <summary>
    /// True when a run is busy on this instance: it is told to look again before it ends, so nothing needs to start one.
    /// The gate is checked again after the flag is set: a run that released it in between may have made its last check
    /// already, and then the caller must start one.
    /// </summary>
    public bool LookAgainIfRunning()
    {
        if (_gate.CurrentCount != 0) return false;
        Interlocked.Exchange(ref _dirty, 1);
        return _gate.CurrentCount == 0;
    }

    /// <summary>Handles every due event. A call while a run is busy makes that run look again instead of starting a second.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        Volatile.Write(ref _dirty, 1);
        // Re-checked after releasing: a call that found the gate closed just before the release is not lost.
        while (Volatile.Read(ref _dirty) == 1 && await _gate.WaitAsync(0, ct))
        {
            try
            {
                while (Interlocked.Exchange(ref _dirty, 0) == 1)
                    while (await RunOnceAsync(ct) > 0) { }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogError(ex, "Processing automation events failed; the recovery pass tries again.");
                throw;
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Handles one batch of due events; returns how many it looked at.</summary>
    internal async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = await db.Set<AutomationEvent>()
            .Where(e => e.Status == AutomationEventStatus.Pending && e.NextAttemptAt <= now)
            .OrderBy(e => e.NextAttemptAt).ThenBy(e => e.Id).Select(e => e.Id).Take(options.Value.BatchSize).ToListAsync(ct);
        if (ids.Count == 0) return 0;

        var settings = await db.Set<AutomationSetting>().AsNoTracking().ToDictionaryAsync(s => s.EventType, ct);
        var messaged = 0;
        foreach (var id in ids)
        {
            try
            {
                if (await ProcessAsync(scope.ServiceProvider, db, id, settings, ct)) messaged++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One bad event must not hold up the rest; it is retried later and fails for good after the last attempt.
                logger.LogError(ex, "Automation event {EventId} could not be processed.", id);
                db.ChangeTracker.Clear();
                await RetryOrFailAsync(db, id, "processing_error", "Processing failed unexpectedly; see the server log.", CancellationToken.None);
            }
            db.ChangeTracker.Clear();
        }
        if (messaged > 0) dispatch.Kick();
        return ids.Count;
    }

    private sealed record Skip(string Reason, string Detail);

    /// <summary>Returns true when the event's message went into the outbox.</summary>
    private async Task<bool> ProcessAsync(IServiceProvider services, AppDbContext db, long id, Dictionary<string, AutomationSetting> settings, CancellationToken ct)
    {
        var e = await db.Set<AutomationEvent>().AsNoTracking().FirstAsync(x => x.Id == id, ct);
        if (e.Status != AutomationEventStatus.Pending) return false;

        var (request, skip) = await PlanAsync(services, db, e, settings.GetValueOrDefault(e.Type), ct);
        if (skip is not null)
        {
            await FinishAsync(db, id, AutomationEventStatus.Skipped, skip.Reason, skip.Detail, null, ct);
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await FinishAsync(db, id, AutomationEventStatus.Messaged, null, null, null, ct) == 0) return false;
        var (message, refusal) = await services.GetRequiredService<IWhatsAppSender>().QueueAsync(request!, ct);
        if (refusal is not null)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            // No provider (or unreadable credentials) may be fixed in a minute; anything else about the message will not be.
            if (refusal.Status == StatusCodes.Status409Conflict)
                await RetryOrFailAsync(db, id, "no_provider", refusal.Detail, ct);
            else
                await FinishAsync(db, id, AutomationEventStatus.Skipped, "send_refused", $"{refusal.Title}: {refusal.Detail}", null, ct);
            return false;
        }
        await db.Set<AutomationEvent>().Where(x => x.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.MessageId, message!.Id), ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Automation event {EventId} ({Type}) queued message {MessageId}.", id, e.Type, message!.Id);
        return true;
    }

    /// <summary>The message the event calls for, or why there is none.</summary>
    private async Task<(SendRequest? Request, Skip? Skip)> PlanAsync(
        IServiceProvider services, AppDbContext db, AutomationEvent e, AutomationSetting? setting, CancellationToken ct)
    {
        if (EventTypes.Find(e.Type) is not { } type) return (null, new Skip("unknown_type", $"'{e.Type}' is not an event type."));
        if (setting is not { Enabled: true })
            return (null, new Skip("automation_disabled", $"The {type.Label} automation is turned off."));
        if (setting.TemplateId is null)
            return (null, new Skip("no_template", $"The {type.Label} automation has no template."));
        if (setting.PausedReason is { } paused)
            return (null, new Skip("automation_paused", $"The {type.Label} automation is paused: {paused}"));

        var customer = e.CustomerId is { } cid ? await db.Set<Customer>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == cid, ct) : null;
        if (customer is null) return (null, new Skip("customer_not_found", "The customer no longer exists."));
        var template = await db.Set<WhatsAppTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == setting.TemplateId, ct);
        if (template is null)
            return (null, customer.WhyNoConsent(ConsentPurpose.Service) is { } noService
                ? new Skip(noService.Code, noService.Message)
                : new Skip("template_unavailable", "The automation's template was deleted."));
        if (MessageConsent.WhyNot(customer, template) is { } noConsent)
            return (null, new Skip(noConsent.Code, noConsent.Message));
        // The provider is chosen when the message is queued; its binding is checked there, by the same rule.
        if (template.WhyNotSendable() is { } notSendable)
            return (null, new Skip(notSendable.Code, notSendable.Message));
        var (mapping, errors) = VariableMapping.Compile(template, setting.Variables.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), type.MessageFields);
        if (mapping is null)
            return (null, new Skip("mapping_invalid", $"The template changed since the automation was saved: {string.Join(" ", errors.SelectMany(x => x.Value))}"));

        var values = services.GetRequiredService<EventValues>();
        var data = EventOutbox.ReadData(e);
        foreach (var derived in services.GetServices<IDerivedEventFields>()) await derived.AddToAsync(type, customer.Id, data, ct);
        var (parameters, missing) = mapping.Resolve(values.For(customer, type, data));
        if (missing.Count > 0)
            return (null, new Skip("missing_value",
                $"No value for {string.Join(", ", missing.Select(k => $"variable {k} ({setting.Variables.GetValueOrDefault(k)})"))}."));

        var customerClock = services.GetRequiredService<CustomerClock>();
        options.Value.TryGetQuietHours(out var quiet);
        var dueAt = QuietHours.EndsAt(quiet, customerClock.LocalNow(customer), customerClock.ZoneOf(customer));
        return (new SendRequest(customer.Phone, template.Name, parameters.ToDictionary(kv => kv.Key, string? (kv) => kv.Value), MessageSource.Automation,
            TemplateId: template.Id, CustomerId: customer.Id, EventType: e.Type, EntityRef: e.EntityRef,
            CreatedBy: "automation", AutomationEventId: e.Id, DueAt: dueAt), null);
    }

    /// <summary>Moves a still-pending event to its outcome; returns 0 when another run already decided it.</summary>
    private Task<int> FinishAsync(AppDbContext db, long id, AutomationEventStatus status, string? reason, string? detail, DateTime? nextAttemptAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<AutomationEvent>().Where(x => x.Id == id && x.Status == AutomationEventStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, status)
                .SetProperty(x => x.SkipReason, reason)
                .SetProperty(x => x.Detail, detail.Truncate(1000))
                .SetProperty(x => x.Attempts, x => x.Attempts + 1)
                .SetProperty(x => x.NextAttemptAt, x => nextAttemptAt ?? x.NextAttemptAt)
                .SetProperty(x => x.ProcessedAt, status == AutomationEventStatus.Pending ? null : now), ct);
    }

    /// <summary>Tries again later with backoff (1, 2, 4 … minutes, at most an hour apart), or fails after the last attempt.</summary>
    private async Task RetryOrFailAsync(AppDbContext db, long id, string reason, string detail, CancellationToken ct)
    {
        var attempts = await db.Set<AutomationEvent>().Where(x => x.Id == id).Select(x => x.Attempts).FirstAsync(ct) + 1;
        if (attempts >= options.Value.MaxAttempts)
        {
            await FinishAsync(db, id, AutomationEventStatus.Failed, reason, detail, null, ct);
            return;
        }
        var delay = TimeSpan.FromMinutes(Math.Min(60, Math.Pow(2, attempts - 1)));
        await FinishAsync(db, id, AutomationEventStatus.Pending, reason, detail, clock.GetUtcNow().UtcDateTime + delay, ct);
    }
}
