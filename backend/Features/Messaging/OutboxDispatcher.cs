using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Sends queued messages: claims due rows with a lease (so no two runs or instances send the same row), re-checks
/// consent, waits for the provider's throttle, calls the driver, and records each outcome. Transient failures go back
/// to the queue with backoff; permanent ones fail with their reason; one recipient's failure never stops the rest.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes, ProviderThrottle throttle, TimeProvider clock, IOptions<DispatchOptions> options, ILogger<OutboxDispatcher> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private DispatchOptions Options => options.Value;

    /// <summary>Claims and sends one batch of due messages. Returns how many rows it claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct) => await ProcessAsync(messageId: null, ct);

    /// <summary>Sends one message right away (a single send from the API) if it is still queued and unclaimed.</summary>
    public Task<int> SendNowAsync(long messageId, CancellationToken ct) => ProcessAsync(messageId, ct);

    /// <summary>When the next queued message falls due, if any is waiting.</summary>
    public async Task<DateTime?> NextDueAtAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<WhatsAppMessage>().Where(m => m.Status == MessageStatus.Queued)
            .OrderBy(m => m.NextAttemptAt).Select(m => m.NextAttemptAt).FirstOrDefaultAsync(ct);
    }

    private async Task<int> ProcessAsync(long? messageId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var (token, rows) = await ClaimAsync(db, messageId, ct);
        if (rows.Count == 0) return 0;

        try
        {
            var outcomes = new ConcurrentQueue<Outcome>();
            var plan = await PlanAsync(scope.ServiceProvider, db, rows, outcomes, ct);
            try
            {
                await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = Options.Parallelism, CancellationToken = ct },
                    async (item, token2) =>
                    {
                        var outcome = await SendAsync(item, token2);
                        // A send cut short by shutdown is not a verdict: its row is released and sent again after the
                        // restart (the one duplicate a crash may cost), rather than failed for good.
                        if (outcome.Result.Error is null || !ct.IsCancellationRequested) outcomes.Enqueue(outcome);
                    });
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Shutting down: what the provider already accepted must be written down, or the next run sends it again.
                await RecordAsync(scope.ServiceProvider, db, token, outcomes.ToList(), CancellationToken.None);
                throw;
            }
            await RecordAsync(scope.ServiceProvider, db, token, outcomes.ToList(), ct);
            return rows.Count;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Dispatching {Count} claimed messages failed; releasing their claim.", rows.Count);
            await ReleaseAsync(token);
            throw;
        }
    }

    /// <summary>Gives claimed rows back at once (instead of after the lease) when a batch could not be finished.</summary>
    private async Task ReleaseAsync(Guid token)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<WhatsAppMessage>()
                .Where(m => m.ClaimToken == token)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, (Guid?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Releasing a claim failed; the rows become claimable when the lease ends.");
        }
    }

    private async Task<(Guid Token, List<WhatsAppMessage> Rows)> ClaimAsync(AppDbContext db, long? messageId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Guid.NewGuid();
        var due = db.Set<WhatsAppMessage>().Where(m => m.Status == MessageStatus.Queued && m.NextAttemptAt <= now
                                                       && (m.ClaimedUntil == null || m.ClaimedUntil < now));
        if (messageId is { } id) due = due.Where(m => m.Id == id);
        var ids = await due.OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Select(m => m.Id).Take(Options.BatchSize).ToListAsync(ct);
        if (ids.Count == 0) return (token, []);

        // The same conditions again, row by row, inside the UPDATE: whoever updates a row first owns it.
        var leaseUntil = now + Options.Lease;
        await db.Set<WhatsAppMessage>()
            .Where(m => ids.Contains(m.Id) && m.Status == MessageStatus.Queued && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, token).SetProperty(m => m.ClaimedUntil, leaseUntil), ct);
        var rows = await db.Set<WhatsAppMessage>().AsNoTracking().Where(m => m.ClaimToken == token && ids.Contains(m.Id)).ToListAsync(ct);
        return (token, rows);
    }

    private sealed record WorkItem(WhatsAppMessage Row, ResolvedProvider Provider, OutgoingMessage Message);

    private sealed record Outcome(WhatsAppMessage Row, int? ProviderId, string? ProviderType, SendResult Result, bool Skipped = false);

    /// <summary>Everything a batch needs, loaded once: consent, templates, providers. Rows that cannot go are decided here.</summary>
    private async Task<List<WorkItem>> PlanAsync(IServiceProvider services, AppDbContext db, List<WhatsAppMessage> rows, ConcurrentQueue<Outcome> outcomes, CancellationToken ct)
    {
        var customerIds = rows.Where(r => r.CustomerId != null).Select(r => r.CustomerId!.Value).Distinct().ToList();
        var optedIn = (await db.Set<Customer>().Where(c => customerIds.Contains(c.Id) && c.WhatsAppOptIn).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var templateIds = rows.Where(r => r.TemplateId != null).Select(r => r.TemplateId!.Value).Distinct().ToList();
        var templates = await db.Set<WhatsAppTemplate>().AsNoTracking().Include(t => t.Bindings)
            .Where(t => templateIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);

        var broadcastIds = rows.Where(r => r.BroadcastId != null).Select(r => r.BroadcastId!.Value).Distinct().ToList();
        var canceledBroadcasts = broadcastIds.Count == 0 ? [] : (await db.Set<Broadcast>()
            .Where(b => broadcastIds.Contains(b.Id) && b.Status == BroadcastStatus.Canceled).Select(b => b.Id).ToListAsync(ct)).ToHashSet();

        var resolver = services.GetRequiredService<ProviderResolver>();
        var providerCache = new Dictionary<int, ResolvedProvider?>();
        ResolvedProvider? active = null;
        string? providerProblem = null;
        try { active = await resolver.ActiveAsync(ct); }
        catch (CredentialsUnreadableException ex) { providerProblem = ex.Message; }

        var plan = new List<WorkItem>(rows.Count);
        foreach (var row in rows)
        {
            SendResult Fail(string code, string message) => SendResult.Failed(new SendError(SendErrorKind.Permanent, code, message));

            // Consent is checked again at send time: an opt-out between queueing and sending still stops the message.
            if (row.CustomerId is null || !optedIn.Contains(row.CustomerId.Value))
            {
                outcomes.Enqueue(new Outcome(row, null, null, Fail("not_opted_in", "The recipient had not opted in (or opted out) when the message was due."), Skipped: true));
                continue;
            }

            if (row.BroadcastId is { } broadcastId && canceledBroadcasts.Contains(broadcastId))
            {
                outcomes.Enqueue(new Outcome(row, null, null, Fail("broadcast_canceled", "The broadcast was canceled before this message was sent."), Skipped: true));
                continue;
            }

            ResolvedProvider? provider;
            if (row.Source == MessageSource.Test && row.ProviderId is { } explicitId)
            {
                if (!providerCache.TryGetValue(explicitId, out provider))
                {
                    try { provider = await resolver.ByIdAsync(explicitId, ct); }
                    catch (CredentialsUnreadableException) { provider = null; }
                    providerCache[explicitId] = provider;
                }
            }
            else provider = active;

            if (provider is null)
            {
                outcomes.Enqueue(new Outcome(row, null, null, SendResult.Failed(new SendError(SendErrorKind.Transient, "no_active_provider",
                    providerProblem ?? "No WhatsApp provider is active."))));
                continue;
            }
            if (row.TemplateId is null || !templates.TryGetValue(row.TemplateId.Value, out var template) || template.Status != TemplateStatus.APPROVED)
            {
                outcomes.Enqueue(new Outcome(row, provider.Row.Id, provider.Row.ProviderType, Fail("template_unavailable", "The template was deleted or is no longer approved.")));
                continue;
            }
            var binding = template.Bindings.FirstOrDefault(b => b.ProviderId == provider.Row.Id);
            if (binding is null)
            {
                outcomes.Enqueue(new Outcome(row, provider.Row.Id, provider.Row.ProviderType, Fail("template_not_bound", $"Template '{template.Name}' is not bound to {provider.Row.Name}.")));
                continue;
            }

            var parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(row.ParametersJson, Json) ?? [];
            var ordered = template.Variables.Select(v => new KeyValuePair<string, string>(v.Key, parameters.GetValueOrDefault(v.Key) ?? "")).ToList();
            plan.Add(new WorkItem(row, provider, new OutgoingMessage(row.Id, row.ToPhone, binding.ExternalId, template.Language, template.ParameterFormat, ordered)));
        }
        return plan;
    }

    private async Task<Outcome> SendAsync(WorkItem item, CancellationToken ct)
    {
        var provider = item.Provider;
        if (!Options.ThrottleDisabled)
            await throttle.WaitAsync(provider.Row.Id, provider.Row.MessagesPerSecond, ct);
        SendResult result;
        try
        {
            result = await provider.Driver.SendTemplateAsync(provider.Context, item.Message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Drivers classify their own failures; anything else is a bug, but it must not take the batch down.
            logger.LogError(ex, "Driver {Driver} threw while sending message {MessageId}.", provider.Driver.Type, item.Row.Id);
            result = SendResult.Failed(new SendError(SendErrorKind.Transient, "driver_error", "The driver failed unexpectedly; see the server log.") { MayHaveBeenDelivered = true });
        }
        // Account-wide throttling pauses the provider for everyone; a per-recipient pace (Meta 131056) only delays that message.
        if (result.Error is { Kind: SendErrorKind.Transient } error && error.Code is "http_429" or "20429" or "63018" or "130429" or "80007" or "4" or "throttled" or "1000")
            throttle.Pause(provider.Row.Id, error.RetryAfter is { } after && after <= TimeSpan.FromMinutes(1) ? after : TimeSpan.FromSeconds(1));
        return new Outcome(item.Row, provider.Row.Id, provider.Row.ProviderType, result);
    }

    /// <summary>Writes every outcome of the batch in one transaction, each only if this run still holds the row's lease.</summary>
    private async Task RecordAsync(IServiceProvider services, AppDbContext db, Guid token, List<Outcome> outcomes, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var consent = services.GetRequiredService<ConsentService>();
        var optOuts = new List<(string Phone, string Detail)>();
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        foreach (var o in outcomes)
        {
            var rows = db.Set<WhatsAppMessage>().Where(m => m.Id == o.Row.Id && m.ClaimToken == token);
            var attempts = o.Row.Attempts + (o.Skipped ? 0 : 1);
            MessageStatus recorded;
            if (o.Result.Error is null)
            {
                var status = o.Result.Status < MessageStatus.Accepted ? MessageStatus.Accepted : o.Result.Status;
                recorded = status;
                await rows.ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Status, m => m.Status < status ? status : m.Status)
                    .SetProperty(m => m.ProviderMessageId, o.Result.ProviderMessageId)
                    .SetProperty(m => m.ProviderId, o.ProviderId)
                    .SetProperty(m => m.ProviderType, o.ProviderType)
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.AcceptedAt, now)
                    .SetProperty(m => m.SentAt, m => status >= MessageStatus.Sent ? now : m.SentAt)
                    .SetProperty(m => m.ErrorCode, (string?)null)
                    .SetProperty(m => m.ErrorMessage, (string?)null)
                    .SetProperty(m => m.ClaimToken, (Guid?)null)
                    .SetProperty(m => m.ClaimedUntil, (DateTime?)null)
                    .SetProperty(m => m.UpdatedAt, now), CancellationToken.None);
            }
            else
            {
                var error = o.Result.Error;
                var retry = error.Kind == SendErrorKind.Transient && !error.MayHaveBeenDelivered && attempts < Options.MaxAttempts;
                var message = error.MayHaveBeenDelivered
                    ? $"{error.Message} The provider may have received it, so it was not retried (a retry could send it twice)."
                    : error.Message;
                if (retry)
                {
                    recorded = MessageStatus.Queued;
                    var next = now + (error.RetryAfter ?? Backoff(attempts));
                    await rows.ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.Attempts, attempts)
                        .SetProperty(m => m.NextAttemptAt, next)
                        .SetProperty(m => m.ErrorCode, error.Code.Truncate(64))
                        .SetProperty(m => m.ErrorMessage, message.Truncate(1000))
                        .SetProperty(m => m.ProviderId, m => o.ProviderId ?? m.ProviderId)
                        .SetProperty(m => m.ClaimToken, (Guid?)null)
                        .SetProperty(m => m.ClaimedUntil, (DateTime?)null)
                        .SetProperty(m => m.UpdatedAt, now), CancellationToken.None);
                }
                else
                {
                    recorded = o.Skipped ? MessageStatus.Canceled : MessageStatus.Failed;
                    var final = recorded;
                    await rows.ExecuteUpdateAsync(s => s
                        .SetProperty(m => m.Status, final)
                        .SetProperty(m => m.Attempts, attempts)
                        .SetProperty(m => m.FailedAt, now)
                        .SetProperty(m => m.ErrorCode, error.Code.Truncate(64))
                        .SetProperty(m => m.ErrorMessage, message.Truncate(1000))
                        .SetProperty(m => m.ProviderId, m => o.ProviderId ?? m.ProviderId)
                        .SetProperty(m => m.ProviderType, m => o.ProviderType ?? m.ProviderType)
                        .SetProperty(m => m.ClaimToken, (Guid?)null)
                        .SetProperty(m => m.ClaimedUntil, (DateTime?)null)
                        .SetProperty(m => m.UpdatedAt, now), CancellationToken.None);
                    if (error.Kind == SendErrorKind.OptedOut) optOuts.Add((o.Row.ToPhone, $"{o.ProviderType} error {error.Code}: {error.Message}"));
                }
            }
            if (recorded != MessageStatus.Queued || o.Result.Error is not null)
                db.Add(new MessageStatusEvent
                {
                    MessageId = o.Row.Id, Status = recorded, At = now,
                    ErrorCode = o.Result.Error?.Code.Truncate(64), Detail = o.Result.Error?.Message.Truncate(1000),
                });
        }
        await db.SaveChangesAsync(CancellationToken.None);
        foreach (var (phone, detail) in optOuts)
            await consent.RecordByPhoneAsync(phone, optedIn: false, ConsentSource.ProviderError, "provider", detail, CancellationToken.None);
        // Reports that beat these provider ids to the database are waiting for exactly this moment.
        if (outcomes.Any(o => o.Result.Error is null))
            await services.GetRequiredService<StatusUpdater>().ApplyEarlyReportsAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
    }

    private TimeSpan Backoff(int attempts)
    {
        var seconds = Options.RetryBaseDelay.TotalSeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        var jitter = Random.Shared.NextDouble() * 0.2 + 0.9;
        return TimeSpan.FromSeconds(Math.Min(seconds * jitter, Options.RetryMaxDelay.TotalSeconds));
    }
}
