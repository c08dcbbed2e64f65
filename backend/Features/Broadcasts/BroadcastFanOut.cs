using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;
using WhatsApp.Api.Infrastructure.Instances;

namespace WhatsApp.Api.Features.Broadcasts;

/// <summary>
/// Writes a broadcast's recipients into the outbox, a batch per transaction, each batch moving the broadcast's cursor
/// in the same transaction. A job holds the broadcast with a lease; a second job, a retry or the recovery job after a
/// crash resumes at the cursor, and the unique (broadcast, phone) index makes a second message to anyone impossible.
/// Sending starts with the first batch: the dispatcher is kicked after each.
/// </summary>
public sealed class BroadcastFanOut(
    IServiceScopeFactory scopes, DispatchTrigger dispatch, FreshBatches fresh, MessagingMetrics metrics, TimeProvider clock, InstanceIdentity instance,
    IOptions<BroadcastOptions> options, ILogger<BroadcastFanOut> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    /// <summary>
    /// How long a batch waits for room among the dispatcher's fresh batches before its rows are written unclaimed. The
    /// fan-out writes about 14,000 rows a second, well ahead of the sends: written at once, about 80 of a 100,000 send's
    /// 200 dispatch batches were handed over; waiting up to this long for room, about 160 (bench/README.md, session 20). Real
    /// time, not the app's clock: the wait is for the dispatcher's sends.
    /// </summary>
    private static readonly TimeSpan HandOverPatience = TimeSpan.FromMilliseconds(250);

    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [5, 30, 120])]
    [JobDisplayName("Prepare WhatsApp broadcast {0}")]
    public async Task RunAsync(int broadcastId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var token = Guid.NewGuid();
        if (await ClaimAsync(db, broadcastId, token, ct) is not { } claimedUntil) return;

        try
        {
            // Renewed while this job works, so a short lease is enough: a job that dies is taken over within one lease.
            await using var renewal = LeaseRenewal.Start(options.Value.Lease, claimedUntil, clock, logger, (until, renewing) => RenewAsync(broadcastId, token, until, renewing));
            await FanOutAsync(scope.ServiceProvider, db, broadcastId, token, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Preparing broadcast {BroadcastId} failed; it resumes at its cursor on the next attempt.", broadcastId);
            throw;
        }
        finally
        {
            // Let the next attempt (or recovery) take over at once rather than after the lease.
            await db.Set<Broadcast>().Where(b => b.Id == broadcastId && b.ClaimToken == token)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.ClaimToken, (Guid?)null).SetProperty(b => b.ClaimedUntil, (DateTime?)null), CancellationToken.None);
        }
    }

    /// <summary>The end of the claim taken, or null when another run holds the broadcast or it is no longer preparing.</summary>
    private async Task<DateTime?> ClaimAsync(AppDbContext db, int id, Guid token, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + options.Value.Lease;
        return await db.Set<Broadcast>()
            .Where(b => b.Id == id && b.Status == BroadcastStatus.Preparing && (b.ClaimedUntil == null || b.ClaimedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.ClaimToken, token).SetProperty(b => b.ClaimedUntil, until).SetProperty(b => b.ClaimedBy, instance.Id), ct) == 1
            ? until
            : null;
    }

    private async Task RenewAsync(int id, Guid token, DateTime until, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        using (await scope.ServiceProvider.GetRequiredService<SqliteWriteGate>().EnterAsync(db, ct))
            await db.Set<Broadcast>().Where(b => b.Id == id && b.ClaimToken == token)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.ClaimedUntil, until), ct);
    }

    private async Task FanOutAsync(IServiceProvider services, AppDbContext db, int id, Guid token, CancellationToken ct)
    {
        var broadcast = await db.Set<Broadcast>().AsNoTracking().FirstAsync(b => b.Id == id, ct);
        var spec = JsonSerializer.Deserialize<AudienceSpec>(broadcast.AudienceJson, Json)!;
        var variables = VariableMapping.Load(JsonSerializer.Deserialize<Dictionary<string, string>>(broadcast.VariablesJson, Json)!);
        var template = await db.Set<WhatsAppTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == broadcast.TemplateId, ct);
        if (template is null)
        {
            await FinishAsync(db, id, token, BroadcastStatus.Failed, "The template was deleted before the broadcast was prepared.", ct);
            return;
        }
        // The template's other languages: each recipient gets theirs (TemplateLanguages).
        // The provider is decided again at send time; this only labels the rows for the log meanwhile.
        var provider = await services.GetRequiredService<ProviderResolver>().FindActiveRowAsync(ct);
        var variants = (await db.Set<WhatsAppTemplate>().AsNoTracking().Include(t => t.Bindings)
            .Where(t => t.Name == template.Name && t.Id != template.Id).ToListAsync(ct))
            .Where(v => provider is null || v.WhyNotSendableThrough(provider) is null).ToList();
        var mappedKeys = variables.Raw.Keys.ToList();
        var audience = services.GetRequiredService<Audience>();
        var cap = services.GetRequiredService<MarketingCap>();
        var query = Audience.Query(db, spec);
        var dueAt = broadcast.ScheduledAt is { } at && at > clock.GetUtcNow().UtcDateTime ? at : (DateTime?)null;
        var (cursorPhone, cursorId, lastQueued) = (broadcast.CursorPhone, broadcast.CursorCustomerId, broadcast.LastQueuedPhone);

        while (true)
        {
            var started = clock.GetTimestamp();
            var batch = await Audience.NextBatchAsync(query, cursorPhone, cursorId, options.Value.FanOutBatchSize, ct);
            if (batch.Count == 0) break;
            var read = clock.GetTimestamp();

            var now = clock.GetUtcNow().UtcDateTime;
            var messages = new List<WhatsAppMessage>(batch.Count);
            var skips = new SkipTally();
            var consent = await BatchConsent.ForAsync(cap, template, batch, ct);
            // Paused meanwhile (its template changed): what is written now waits with what was written before.
            var batchDue = await db.Set<Broadcast>().AnyAsync(b => b.Id == id && b.PausedReason != null, ct) ? BroadcastTemplateUser.Held : dueAt;
            var skipped = new List<BroadcastSkip>();
            foreach (var customer in batch)
            {
                var (skip, parameters, missing) = audience.Classify(customer, consent, variables, lastQueued);
                if (skip is not null)
                {
                    skips.Add(skip.Value);
                    skipped.Add(new BroadcastSkip
                    {
                        BroadcastId = id, CustomerId = customer.Id, Reason = skip.Value,
                        Missing = missing.Count > 0 ? string.Join(",", missing) : null,
                    });
                    continue;
                }
                var variant = variants.Count == 0 ? template : TemplateLanguages.Pick(template, variants, customer.Language, mappedKeys);
                if (variant != template) parameters = parameters.Where(p => variant.Variables.Any(v => v.Key == p.Key)).ToDictionary();
                var message = WhatsAppMessage.Queued(customer.Phone, customer.Id, variant, parameters, provider, MessageSource.Broadcast, now, batchDue);
                message.BroadcastId = id;
                message.CreatedBy = broadcast.CreatedBy;
                messages.Add(message);
                lastQueued = customer.Phone;
            }
            var queued = messages.Count;
            (cursorPhone, cursorId) = (batch[^1].Phone, batch[^1].Id);

            // Due now: the first of these rows are written claimed for this instance's dispatcher, which sends them
            // without a claim of its own (FreshBatches).
            var handed = batchDue is null && messages.Count > 0 ? await fresh.ClaimAsync(messages, now, HandOverPatience, ct) : [];
            var written = false;
            try
            {
                using (await services.GetRequiredService<SqliteWriteGate>().EnterAsync(db, ct))
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    // Moving the cursor only while this job still holds the broadcast and it was not canceled: otherwise the batch is not written.
                    var until = now + options.Value.Lease;
                    var (p, c, l) = (cursorPhone, cursorId, lastQueued);
                    var moved = await db.Set<Broadcast>()
                        .Where(b => b.Id == id && b.ClaimToken == token && b.Status == BroadcastStatus.Preparing)
                        .ExecuteUpdateAsync(s => s
                            .SetProperty(b => b.CursorPhone, p)
                            .SetProperty(b => b.CursorCustomerId, c)
                            .SetProperty(b => b.LastQueuedPhone, l)
                            .SetProperty(b => b.Recipients, b => b.Recipients + queued)
                            .SetProperty(b => b.SkippedNotOptedIn, b => b.SkippedNotOptedIn + skips.NotOptedIn)
                            .SetProperty(b => b.SkippedInvalidPhone, b => b.SkippedInvalidPhone + skips.InvalidPhone)
                            .SetProperty(b => b.SkippedDuplicate, b => b.SkippedDuplicate + skips.Duplicate)
                            .SetProperty(b => b.SkippedMissingValue, b => b.SkippedMissingValue + skips.MissingValue)
                            .SetProperty(b => b.SkippedNoMarketingConsent, b => b.SkippedNoMarketingConsent + skips.NoMarketingConsent)
                            .SetProperty(b => b.SkippedFrequencyCap, b => b.SkippedFrequencyCap + skips.FrequencyCap)
                            .SetProperty(b => b.ClaimedUntil, until)
                            .SetProperty(b => b.UpdatedAt, now), ct);
                    if (moved == 0)
                    {
                        logger.LogInformation("Broadcast {BroadcastId} was canceled or taken over; its preparation stops.", id);
                        return;
                    }
                    await OutboxBulkInsert.InsertQueuedAsync(db, messages, now, ct);
                    if (skipped.Count > 0)
                    {
                        db.AddRange(skipped);
                        await db.SaveChangesAsync(ct);
                        db.ChangeTracker.Clear();
                    }
                    await tx.CommitAsync(ct);
                    written = true;
                }
            }
            finally
            {
                if (written) fresh.Hand(handed);
                else fresh.GiveBack(handed);
            }
            metrics.Queued(MessageSource.Broadcast, provider?.ProviderType, queued);
            if (dueAt is null && queued > 0) dispatch.Kick();
            logger.LogDebug("Broadcast {BroadcastId}: {Queued} queued from {Read} read; read {ReadMs:0} ms, write {WriteMs:0} ms.", id, queued, batch.Count,
                clock.GetElapsedTime(started, read).TotalMilliseconds, clock.GetElapsedTime(read).TotalMilliseconds);
        }

        var scheduled = dueAt is not null;
        await FinishAsync(db, id, token, scheduled ? BroadcastStatus.Scheduled : BroadcastStatus.Sending, null, ct);
        if (dueAt is { } due) dispatch.KickAt(due);
        else dispatch.Kick();
        logger.LogInformation("Broadcast {BroadcastId} prepared.", id);
    }

    private async Task FinishAsync(AppDbContext db, int id, Guid token, BroadcastStatus status, string? error, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<Broadcast>()
            .Where(b => b.Id == id && b.ClaimToken == token && b.Status == BroadcastStatus.Preparing)
            .ExecuteUpdateAsync(s => s
                .SetProperty(b => b.Status, status)
                .SetProperty(b => b.Error, error)
                .SetProperty(b => b.PreparedAt, now)
                .SetProperty(b => b.CompletedAt, b => status == BroadcastStatus.Failed ? now : b.CompletedAt)
                .SetProperty(b => b.ClaimToken, (Guid?)null)
                .SetProperty(b => b.ClaimedUntil, (DateTime?)null)
                .SetProperty(b => b.UpdatedAt, now), ct);
    }
}
