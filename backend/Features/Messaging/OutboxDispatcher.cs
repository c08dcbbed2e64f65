using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;
using WhatsApp.Api.Infrastructure.Instances;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Sends queued messages: claims due rows with a lease (so no two runs or instances send the same row), re-checks
/// consent, waits for the provider's throttle, calls the driver, and records each outcome. Transient failures go back
/// to the queue with backoff; permanent ones fail with their reason; one recipient's failure never stops the rest.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes, ProviderThrottle throttle, ProviderCircuits circuits, SqliteWriteGate gate, MessagingMetrics metrics, TimeProvider clock,
    InstanceIdentity instance, ProviderSuccessStamps successes, FreshBatches fresh, IOptions<DispatchOptions> options, ILogger<OutboxDispatcher> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private DispatchOptions Options => options.Value;

    /// <summary>Claims and sends one batch of due messages. Returns how many rows it claimed.</summary>
    /// <param name="nextBatchDue">Called once what is left of the batch would take about as long to send as the last batch
    /// took to claim and plan, and at the latest when only its last round of sends (as many as run at once) is left to
    /// start; not called when nothing was claimed or planned. The next batch may be claimed and planned from then on.</param>
    /// <param name="sendsInFlight">Shared by a lane's batches, which overlap: holds their sends together to
    /// <see cref="DispatchOptions.Parallelism"/>, the most a crash can duplicate.</param>
    public async Task<int> RunOnceAsync(CancellationToken ct, Action? nextBatchDue = null, SemaphoreSlim? sendsInFlight = null) =>
        await ProcessAsync(messageId: null, nextBatchDue, sendsInFlight, ct);

    /// <summary>Sends one message right away (a single send from the API) if it is still queued and unclaimed.</summary>
    public Task<int> SendNowAsync(long messageId, CancellationToken ct) => ProcessAsync(messageId, nextBatchDue: null, sendsInFlight: null, ct);

    /// <summary>
    /// When the next queued message no run holds falls due, if any is waiting. Rows claimed elsewhere are left out (they
    /// would wake this instance over and over while their holder sends them); <see cref="ClaimWatch"/> looks after
    /// claims whose holder died.
    /// </summary>
    public async Task<DateTime?> NextDueAtAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Set<WhatsAppMessage>().Where(m => m.Status == MessageStatus.Queued && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.NextAttemptAt).Select(m => (DateTime?)m.NextAttemptAt).FirstOrDefaultAsync(ct);
    }

    private async Task<int> ProcessAsync(long? messageId, Action? nextBatchDue, SemaphoreSlim? sendsInFlight, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var started = clock.GetTimestamp();
        var (token, claimedUntil, claimedRows) = await ClaimAsync(db, messageId, ct);
        if (claimedRows.Count == 0) return 0;
        // Meta's pair rate (131056): a recipient's next template waits in the outbox for its turn.
        var rows = await scope.ServiceProvider.GetRequiredService<RecipientPacing>().PaceAsync(db, token, claimedRows, ct);
        var claimed = clock.GetTimestamp();
        var ids = rows.Select(r => r.Id).ToList();
        // The lease is short and renewed while this batch is in flight: if the process dies, its claims come back
        // within one lease, not after the longest a batch could take.
        await using var renewal = LeaseRenewal.Start(Options.Lease, claimedUntil, clock, logger, (until, renewing) => RenewAsync(token, ids, until, renewing));

        // Outcomes are written while the batch is still sending, in small groups: the database keeps up with the
        // sends instead of following them, and a crash leaves at most the sends of the moment unrecorded.
        // The multi-reader kind, though one reads: it can count what waits (RecordAllAsync's minimum group).
        var outcomes = Channel.CreateUnbounded<Outcome>();
        var sendsDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? recording = null;
        try
        {
            var plan = await PlanAsync(scope.ServiceProvider, db, rows, outcomes.Writer, ct);
            var unsent = 0;
            var planned = clock.GetTimestamp();
            Interlocked.Exchange(ref _preparing, planned - started);
            recording = RecordAllAsync(token, outcomes.Reader, sendsDone.Task);
            try
            {
                await Parallel.ForEachAsync(HandOut(plan, Options.Parallelism, nextBatchDue), new ParallelOptions { MaxDegreeOfParallelism = Options.Parallelism, CancellationToken = ct },
                    async (item, token2) =>
                    {
                        if (sendsInFlight is not null) await sendsInFlight.WaitAsync(token2);
                        try
                        {
                            if (await SendAsync(item, renewal, token2) is not { } outcome)
                            {
                                Interlocked.Increment(ref unsent);
                                return;
                            }
                            // A send cut short by shutdown is not a verdict: its row is released and sent again after the
                            // restart (the one duplicate a crash may cost), rather than failed for good.
                            if (outcome.Result.Error is null || !ct.IsCancellationRequested) outcomes.Writer.TryWrite(outcome);
                        }
                        finally
                        {
                            sendsInFlight?.Release();
                        }
                    });
            }
            finally
            {
                outcomes.Writer.TryComplete();
                sendsDone.TrySetResult();
            }
            var sent = clock.GetTimestamp();
            await recording;
            if (unsent > 0)
            {
                logger.LogWarning("The claim on a batch could not be kept (its renewal came late); {Count} of its messages go back to the outbox unsent.", unsent);
                await ReleaseAsync(token);
            }
            if (logger.IsEnabled(LogLevel.Debug))
                logger.LogDebug("Batch of {Count}: claim {Claim:0} ms, plan {Plan:0} ms, send {Send:0} ms, recording after the last send {Record:0} ms.", rows.Count,
                    clock.GetElapsedTime(started, claimed).TotalMilliseconds, clock.GetElapsedTime(claimed, planned).TotalMilliseconds,
                    clock.GetElapsedTime(planned, sent).TotalMilliseconds, clock.GetElapsedTime(sent).TotalMilliseconds);
            return claimedRows.Count;
        }
        catch (Exception ex)
        {
            outcomes.Writer.TryComplete();
            sendsDone.TrySetResult();
            // Shutting down or failing: what the provider already accepted must still be written down, or the next
            // run sends it again.
            if (recording is not null)
            {
                try { await recording; }
                catch (Exception recordingError) when (recordingError != ex) { logger.LogError(recordingError, "Recording send outcomes failed."); }
            }
            if (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                logger.LogError(ex, "Dispatching {Count} claimed messages failed; releasing their claim.", rows.Count);
            await ReleaseAsync(token);
            throw;
        }
    }

    /// <summary>
    /// How long the last batch took from its claim to its plan (<see cref="TimeProvider"/> timestamp ticks). The next
    /// batch is started that long before this one runs out: on PostgreSQL a claim of 500 rows takes 40–60 ms, and
    /// started only at the last round, the sends stopped for it at every batch (the loop's steady seconds at a limit of
    /// 1,000: 826–929 msg/s, then 945–954; bench/README.md).
    /// </summary>
    private long _preparing;

    /// <summary>
    /// The plan in order, saying when the next batch is due (<see cref="RunOnceAsync"/>): once what is left, at the pace
    /// of the sends so far, takes no longer than preparing a batch did, and at the latest at the last round. The pace is
    /// read after the first round, which is handed out at once.
    /// </summary>
    private IEnumerable<WorkItem> HandOut(List<WorkItem> plan, int round, Action? nextBatchDue)
    {
        var due = nextBatchDue is null;
        var preparing = Interlocked.Read(ref _preparing);
        long paceFrom = 0;
        for (var i = 0; i < plan.Count; i++)
        {
            if (i == round) paceFrom = clock.GetTimestamp();
            var left = plan.Count - i;
            if (!due && (left <= round || i > 2 * round && left * (clock.GetTimestamp() - paceFrom) / (i - round) <= preparing))
            {
                due = true;
                nextBatchDue!();
            }
            yield return plan[i];
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

    /// <summary>Moves this run's claims (only the rows it still holds) to a new end; one UPDATE by primary key.</summary>
    private async Task RenewAsync(Guid token, List<long> ids, DateTime until, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        using (await gate.EnterAsync(db, ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // On PostgreSQL this UPDATE and an outcome group lock the batch's rows one by one in different orders, and
            // deadlocked (server log, FaultTests). When PostgreSQL chose the group to abort, its batch was released and
            // sends the provider had accepted went out again. Waiting at most 200 ms for a row, well under
            // deadlock_timeout (1 s), the renewal gives up first: it is tried again at the next tick, a third of a
            // lease later, and the rows the group holds are being released anyway.
            if (db.Database.IsNpgsql()) await db.Database.ExecuteSqlRawAsync("SET LOCAL lock_timeout = '200ms'", ct);
            await db.Set<WhatsAppMessage>().Where(m => ids.Contains(m.Id) && m.ClaimToken == token)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, until), ct);
            await tx.CommitAsync(ct);
        }
    }

    /// <summary>Queued messages due now that no run holds, in the order they are claimed (the outbox's index serves it).</summary>
    internal static IOrderedQueryable<WhatsAppMessage> Due(AppDbContext db, DateTime now) => db.Set<WhatsAppMessage>()
        .Where(m => m.Status == MessageStatus.Queued && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil < now))
        .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id);

    private async Task<(Guid Token, DateTime Until, List<WhatsAppMessage> Rows)> ClaimAsync(AppDbContext db, long? messageId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // A broadcast's fresh rows first, written claimed for this instance: no claim to make, no rows to read back.
        // One that waited past half its lease is released for an ordinary claim instead: its first renewal could come
        // too late (LeaseRenewal.Holds).
        while (messageId is null && fresh.TryTake(out var handed))
        {
            if (handed.ClaimedUntil - now > Options.Lease / 2) return (handed.Token, handed.ClaimedUntil, handed.Rows);
            await ReleaseAsync(handed.Token);
        }

        var token = Guid.NewGuid();
        var leaseUntil = now + Options.Lease;
        IQueryable<WhatsAppMessage> due = Due(db, now);
        if (messageId is { } id) due = due.Where(m => m.Id == id);
        var ids = await due.Select(m => m.Id).Take(Options.BatchSize).ToListAsync(ct);
        if (ids.Count == 0) return (token, leaseUntil, []);

        // The same conditions again, row by row, inside the UPDATE: whoever updates a row first owns it.
        using (await gate.EnterAsync(db, ct))
            await db.Set<WhatsAppMessage>()
                .Where(m => ids.Contains(m.Id) && m.Status == MessageStatus.Queued && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, token).SetProperty(m => m.ClaimedUntil, leaseUntil).SetProperty(m => m.ClaimedBy, instance.Id), ct);
        var rows = await db.Set<WhatsAppMessage>().AsNoTracking().Where(m => m.ClaimToken == token && ids.Contains(m.Id)).ToListAsync(ct);
        return (token, leaseUntil, rows);
    }

    /// <param name="AttemptBudget">Attempts after which a transient failure is final (see <see cref="ProviderChoice"/>).</param>
    private sealed record WorkItem(WhatsAppMessage Row, ResolvedProvider Provider, OutgoingMessage Message, int AttemptBudget);

    /// <param name="Attempted">The provider was called (its answer says something about its health).</param>
    /// <param name="AttemptBudget">Null: <see cref="DispatchOptions.MaxAttempts"/> (no provider was chosen).</param>
    private sealed record Outcome(WhatsAppMessage Row, int? ProviderId, string? ProviderType, SendResult Result, bool Skipped = false,
        bool Attempted = false, int? AttemptBudget = null);

    /// <summary>Everything a batch needs, loaded once: consent, templates, providers. Rows that cannot go are decided here.</summary>
    private async Task<List<WorkItem>> PlanAsync(IServiceProvider services, AppDbContext db, List<WhatsAppMessage> rows, ChannelWriter<Outcome> outcomes, CancellationToken ct)
    {
        var customerIds = rows.Where(r => r.CustomerId != null).Select(r => r.CustomerId!.Value).Distinct().ToList();
        var customers = await db.Set<Customer>().AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var saidStop = await OptOuts.PhonesAsync(db, rows.Where(r => r.Body != null).Select(r => r.ToPhone), ct);
        var templateIds = rows.Where(r => r.TemplateId != null).Select(r => r.TemplateId!.Value).Distinct().ToList();
        var templates = await db.Set<WhatsAppTemplate>().AsNoTracking().Include(t => t.Bindings)
            .Where(t => templateIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);

        var broadcastIds = rows.Where(r => r.BroadcastId != null).Select(r => r.BroadcastId!.Value).Distinct().ToList();
        var canceledBroadcasts = broadcastIds.Count == 0 ? [] : (await db.Set<Broadcast>()
            .Where(b => broadcastIds.Contains(b.Id) && b.Status == BroadcastStatus.Canceled).Select(b => b.Id).ToListAsync(ct)).ToHashSet();

        var resolver = services.GetRequiredService<ProviderResolver>();
        var providerCache = new Dictionary<int, ResolvedProvider?>();
        ResolvedProvider? active = null, standby = null;
        string? providerProblem = null;
        try { active = await resolver.ActiveAsync(ct); }
        catch (CredentialsUnreadableException ex) { providerProblem = ex.Message; }
        try { standby = await resolver.StandbyAsync(ct); }
        catch (CredentialsUnreadableException ex) { logger.LogWarning("The standby provider is unusable: {Problem}", ex.Message); }
        var circuits = services.GetRequiredService<ProviderCircuits>();
        var activeDown = active is not null && circuits.IsOpen(active.Row.Id);

        var plan = new List<WorkItem>(rows.Count);
        foreach (var row in rows)
        {
            SendResult Fail(string code, string message) => SendResult.Failed(new SendError(SendErrorKind.Permanent, code, message));

            // Consent is checked again at send time: an opt-out between queueing and sending still stops the message.
            // A free-form reply answers someone who wrote to us: only an opt-out stops it.
            var noConsent = row.Body is null ? WhyNoConsentAtSendTime(row, customers, templates) : saidStop.Contains(row.ToPhone) ? NoConsent.ServiceCode : null;
            if (noConsent is not null)
            {
                outcomes.TryWrite(new Outcome(row, null, null, Fail(noConsent, noConsent == NoConsent.MarketingCode
                    ? "The recipient had not agreed to marketing messages (or had stopped them) when the message was due."
                    : "The recipient had not opted in (or opted out) when the message was due."), Skipped: true));
                continue;
            }

            if (row.BroadcastId is { } broadcastId && canceledBroadcasts.Contains(broadcastId))
            {
                outcomes.TryWrite(new Outcome(row, null, null, Fail("broadcast_canceled", "The broadcast was canceled before this message was sent."), Skipped: true));
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
                outcomes.TryWrite(new Outcome(row, null, null, SendResult.Failed(new SendError(SendErrorKind.Transient, "no_active_provider",
                    providerProblem ?? "No WhatsApp provider is active."))));
                continue;
            }
            if (row.Body is { } text)
            {
                plan.Add(new WorkItem(row, provider, OutgoingMessage.FreeText(row.Id, row.ToPhone, text) with { Media = SessionMedia.Of(row, services) },
                    // A reply answers inside the window of the number the customer wrote to: it never moves to the standby.
                    Options.MaxAttempts));
                continue;
            }
            if (row.TemplateId is null || !templates.TryGetValue(row.TemplateId.Value, out var template))
            {
                outcomes.TryWrite(new Outcome(row, provider.Row.Id, provider.Row.ProviderType, Fail("template_unavailable", "The template was deleted.")));
                continue;
            }
            // Test sends go through the provider they name, never elsewhere; the rest may fail over to the standby.
            var choice = ProviderChoice.Choose(template, provider.Row, row.Source == MessageSource.Test ? null : standby?.Row,
                intendedCircuitOpen: activeDown && provider == active, row.Attempts, Options.MaxAttempts);
            if (choice.Refusal is { } refusal)
            {
                outcomes.TryWrite(new Outcome(row, provider.Row.Id, provider.Row.ProviderType, Fail(refusal.Code, refusal.Message)));
                continue;
            }
            if (choice.Provider != provider.Row) provider = standby!;

            var parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(row.ParametersJson, Json) ?? [];
            plan.Add(new WorkItem(row, provider, template.Outgoing(row.Id, row.ToPhone, choice.Binding!.ExternalId, parameters), choice.AttemptBudget));
        }
        return plan;
    }

    /// <summary>The consent code that stops a template message now, by the rule every sender uses; a deleted template needs service consent.</summary>
    private static string? WhyNoConsentAtSendTime(WhatsAppMessage row, Dictionary<int, Customer> customers, Dictionary<int, WhatsAppTemplate> templates)
    {
        if (row.CustomerId is not { } id || !customers.TryGetValue(id, out var customer)) return NoConsent.ServiceCode;
        return row.TemplateId is { } templateId && templates.TryGetValue(templateId, out var template)
            ? MessageConsent.WhyNot(customer, template)?.Code
            : customer.WhyNoConsent(ConsentPurpose.Service)?.Code;
    }

    /// <summary>Sends one message in its turn; null when the batch's claim may lapse before the send ends.</summary>
    private async Task<Outcome?> SendAsync(WorkItem item, LeaseRenewal claim, CancellationToken ct)
    {
        var provider = item.Provider;
        if (!Options.ThrottleDisabled)
        {
            var waiting = metrics.Start();
            await throttle.WaitAsync(provider.Row.Id, provider.Row.MessagesPerSecond, ct);
            metrics.ThrottleWaited(provider.Row.ProviderType, metrics.Since(waiting));
        }
        // By then the row could be another run's, which would send it too: it stays unsent and goes back to the outbox.
        if (!claim.Holds()) return null;
        SendResult result;
        var sending = metrics.Start();
        try
        {
            result = item.Message.Text is null
                ? await provider.Driver.SendTemplateAsync(provider.Context, item.Message, ct)
                : await provider.Driver.SendTextAsync(provider.Context, item.Message, ct);
            metrics.ProviderAnswered(provider.Row.ProviderType, result.Error, metrics.Since(sending));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Drivers classify their own failures; anything else is a bug, but it must not take the batch down.
            logger.LogError(ex, "Driver {Driver} threw while sending message {MessageId}.", provider.Driver.Type, item.Row.Id);
            result = SendResult.Failed(new SendError(SendErrorKind.Transient, "driver_error", "The driver failed unexpectedly; see the server log.") { MayHaveBeenDelivered = true });
        }
        circuits.Record(provider.Row.Id, result.Error);
        // Account-wide throttling pauses the provider for everyone; a per-recipient pace (Meta 131056) only delays that message.
        if (result.Error is { } error && ProviderErrors.PausesProvider(provider.Row.ProviderType, error))
        {
            try { await throttle.PauseAsync(provider.Row.Id, error.RetryAfter is { } after && after <= Options.MaxProviderPause ? after : TimeSpan.FromSeconds(1), ct); }
            catch (Exception ex) when (ex is not OperationCanceledException) { logger.LogWarning(ex, "Recording a provider pause failed."); }
        }
        return new Outcome(item.Row, provider.Row.Id, provider.Row.ProviderType, result, Attempted: true, AttemptBudget: item.AttemptBudget);
    }

    /// <summary>
    /// Writes outcomes as they come, as many per transaction as have queued up meanwhile, but at least
    /// <see cref="RecordGroupMinimum"/> while the batch is sending, unless that takes longer than <see cref="RecordGroupWait"/>.
    /// A batch's first and last sends answer one by one, and written as they came they made groups of 1–24 outcomes:
    /// 45 % of a 100,000 send's 1,794 groups, for 6 % of its outcomes, each paying a transaction's fixed cost under the
    /// writer gate. With the minimum there were 1,091 groups, 51 of them that small (bench/README.md, session 18).
    /// </summary>
    private async Task RecordAllAsync(Guid token, ChannelReader<Outcome> reader, Task sendsDone)
    {
        var group = new List<Outcome>(RecordGroupSize);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            // Real time, not the app's clock: the wait is for sends under way, which a test's fake clock does not move.
            var waiting = Stopwatch.GetTimestamp();
            while (reader.Count < RecordGroupMinimum && !sendsDone.IsCompleted && Stopwatch.GetElapsedTime(waiting) < RecordGroupWait)
                await Task.WhenAny(sendsDone, Task.Delay(1));
            while (group.Count < RecordGroupSize && reader.TryRead(out var outcome)) group.Add(outcome);
            await RecordAsync(token, group);
            group.Clear();
        }
    }

    private const int RecordGroupSize = 250;
    private const int RecordGroupMinimum = 32;
    private static readonly TimeSpan RecordGroupWait = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Writes a group of outcomes; written again when PostgreSQL rolled it back to settle a conflict (a deadlock with a
    /// webhook's group or a lease renewal on the same rows), which wrote nothing. A group given up instead releases its
    /// batch, and the sends the provider had already accepted go out a second time (FaultTests, once in CI).
    /// </summary>
    private async Task RecordAsync(Guid token, List<Outcome> outcomes)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await RecordOnceAsync(token, outcomes);
                return;
            }
            catch (Exception ex) when (attempt < ConflictAttempts && TransactionConflicts.RolledBackFor(ex) is { } conflict)
            {
                logger.LogWarning("PostgreSQL rolled back a group of {Count} send outcomes for {Conflict}; writing it again (attempt {Attempt} of {Attempts}).",
                    outcomes.Count, conflict, attempt + 1, ConflictAttempts);
                // Apart, so the transaction PostgreSQL let through can finish first.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50) * attempt));
            }
        }
    }

    private const int ConflictAttempts = 5;

    /// <summary>Writes a group of outcomes in one transaction, each only if this run still holds the row's lease.</summary>
    private async Task RecordOnceAsync(Guid token, List<Outcome> outcomes)
    {
        var ct = CancellationToken.None;
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var optOuts = new List<(string Phone, SendErrorKind Kind, string Detail)>();
        var counted = new List<Action>(outcomes.Count);
        using var writing = await gate.EnterAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var accepted = outcomes.Where(o => o.Result.Error is null).ToList();
        await StatusUpdater.LockProvidersAsync(db, accepted.Select(o => o.ProviderId ?? 0), ct);

        // Accepted sends, the bulk of every batch: per kind (status, provider), one UPDATE and one INSERT of their events,
        // the rows as list parameters (AcceptedUpdate, ReportWrites.InsertSameEventAsync); only events with a note of
        // their own go row by row. As multi-statement commands, with the events through EF's SaveChanges, the last group
        // took 50–80 ms after the batch's last send; as a prepared statement run per row 4–18 ms (bench/README.md,
        // session 8); as one statement per kind, no statement per message (session 14).
        var notedEvents = new List<MessageStatusEvent>();
        foreach (var kind in accepted.GroupBy(o => (Status: o.Result.Status < MessageStatus.Accepted ? MessageStatus.Accepted : o.Result.Status, o.ProviderId, o.ProviderType)))
        {
            await AcceptedUpdate.RunAsync(db, kind.Select(o => (o.Row.Id, o.Result.ProviderMessageId)).ToList(), kind.Key.Status, kind.Key.ProviderId,
                kind.Key.ProviderType, now, token, ct);
            await ReportWrites.InsertSameEventAsync(db, kind.Where(o => o.Result.Note is null).Select(o => o.Row.Id).ToList(), kind.Key.Status, now, ct);
            notedEvents.AddRange(kind.Where(o => o.Result.Note is not null)
                .Select(o => new MessageStatusEvent { MessageId = o.Row.Id, Status = kind.Key.Status, At = now, Detail = o.Result.Note.Truncate(1000) }));
            var (provider, sent) = (kind.Key.ProviderType, kind.Count());
            counted.Add(() => metrics.Sent(provider, sent));
        }
        await ReportWrites.InsertEventsAsync(db, notedEvents, ct);

        foreach (var o in outcomes.Where(o => o.Result.Error is not null))
        {
            var rows = db.Set<WhatsAppMessage>().Where(m => m.Id == o.Row.Id && m.ClaimToken == token);
            var attempts = o.Row.Attempts + (o.Skipped ? 0 : 1);
            var error = o.Result.Error!;
            var budget = o.AttemptBudget ?? Options.MaxAttempts;
            var retry = error.Kind == SendErrorKind.Transient && !error.MayHaveBeenDelivered && attempts < budget;
            var message = error.MayHaveBeenDelivered
                ? $"{error.Message} The provider may have received it, so it was not retried (a retry could send it twice)."
                : error.Message;
            // Meta's per-user marketing limit has its own rule: once more, a day later, whatever the attempt budget.
            var limitRetryAt = MarketingLimitRetry.Applies(o.ProviderType, error.Code)
                ? await MarketingLimitRetry.NextAttemptAsync(db, o.Row.Id, error.Code, now, services.GetRequiredService<IOptions<ConsentOptions>>(), ct)
                : null;
            if (MarketingLimitRetry.Applies(o.ProviderType, error.Code)) retry = limitRetryAt is not null;
            if (limitRetryAt is { } at) message = MarketingLimitRetry.Explain(message, at);
            MessageStatus recorded;
            if (retry)
            {
                counted.Add(() => metrics.Retried(o.ProviderType, error.Code));
                recorded = MessageStatus.Queued;
                var next = limitRetryAt ?? now + (error.RetryAfter ?? Backoff(attempts));
                await rows.ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.NextAttemptAt, next)
                    .SetProperty(m => m.ErrorCode, error.Code.Truncate(64))
                    .SetProperty(m => m.ErrorMessage, message.Truncate(1000))
                    .SetProperty(m => m.ProviderId, m => o.ProviderId ?? m.ProviderId)
                    .SetProperty(m => m.ClaimToken, (Guid?)null)
                    .SetProperty(m => m.ClaimedUntil, (DateTime?)null)
                    .SetProperty(m => m.UpdatedAt, now), ct);
            }
            else
            {
                recorded = o.Skipped ? MessageStatus.Canceled : MessageStatus.Failed;
                counted.Add(() => metrics.Failed(o.ProviderType, error.Code));
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
                    .SetProperty(m => m.UpdatedAt, now), ct);
                if (MessageConsent.EndedBy(error.Kind).Count > 0) optOuts.Add((o.Row.ToPhone, error.Kind, $"{o.ProviderType} error {error.Code}: {error.Message}"));
            }
            db.Add(new MessageStatusEvent
            {
                MessageId = o.Row.Id, Status = recorded, At = now, ErrorCode = error.Code.Truncate(64),
                Detail = (limitRetryAt is null ? error.Message : message).Truncate(1000),
            });
        }
        await db.SaveChangesAsync(ct);
        await RecordHealthAsync(db, outcomes, now, ct);
        foreach (var (phone, kind, detail) in optOuts)
            await services.GetRequiredService<ConsentService>().RecordByPhoneAsync(phone, MessageConsent.EndedBy(kind), optedIn: false, ConsentSource.ProviderError, "provider", detail, ct);
        // Reports that beat these provider ids to the database are waiting for exactly this moment.
        if (accepted.Count > 0)
            await services.GetRequiredService<StatusUpdater>().ApplyEarlyReportsAsync(ct);
        await tx.CommitAsync(ct);
        // Counted once written: a group that rolls back is retried or released, not sent or failed.
        foreach (var count in counted) count();
    }

    /// <summary>
    /// The UPDATE of a group's accepted sends of one kind (status, provider), with table and column names from the EF
    /// model, as one statement (<see cref="ListStatement"/>): the status only moves forward, and only a row this run
    /// still holds is written.
    /// </summary>
    private static class AcceptedUpdate
    {
        private static readonly ConcurrentDictionary<(IModel, bool), string> Cache = new();

        public static async Task RunAsync(AppDbContext db, IReadOnlyList<(long Id, string? ProviderMessageId)> rows, MessageStatus status, int? providerId,
            string? providerType, DateTime now, Guid token, CancellationToken ct)
        {
            var t = EntityTable.Of<WhatsAppMessage>(db);
            var sqlite = db.Database.IsSqlite();
            var sql = Cache.GetOrAdd((db.Model, status >= MessageStatus.Sent), key =>
            {
                string C(string property) => t.Column(property).Name;
                var column = C(nameof(WhatsAppMessage.Status));
                var attempts = C(nameof(WhatsAppMessage.Attempts));
                var sentAt = key.Item2 ? $"{C(nameof(WhatsAppMessage.SentAt))} = @now, " : "";
                var (providerMessageId, source, id) = sqlite
                    ? ("json_extract(r.value, '$[1]')", "json_each(@rows) AS r", "json_extract(r.value, '$[0]')")
                    : ("r.sid", "unnest(@ids, @sids) AS r(id, sid)", "r.id");
                return $"UPDATE {t.Name} SET {column} = CASE WHEN {column} < @status THEN @status ELSE {column} END, " +
                       $"{C(nameof(WhatsAppMessage.ProviderId))} = @providerId, {C(nameof(WhatsAppMessage.ProviderType))} = @providerType, {attempts} = {attempts} + 1, " +
                       $"{C(nameof(WhatsAppMessage.AcceptedAt))} = @now, {sentAt}{C(nameof(WhatsAppMessage.ErrorCode))} = NULL, " +
                       $"{C(nameof(WhatsAppMessage.ErrorMessage))} = NULL, {C(nameof(WhatsAppMessage.ClaimToken))} = NULL, " +
                       $"{C(nameof(WhatsAppMessage.ClaimedUntil))} = NULL, {C(nameof(WhatsAppMessage.UpdatedAt))} = @now, " +
                       $"{C(nameof(WhatsAppMessage.ProviderMessageId))} = {providerMessageId} " +
                       $"FROM {source} WHERE {t.Name}.{t.KeyColumn} = {id} AND {t.Name}.{C(nameof(WhatsAppMessage.ClaimToken))} = @token";
            });
            await using var update = await ListStatement.CreateAsync(db, sql, ct);
            update.Add("@status", t.Column(nameof(WhatsAppMessage.Status)), status)
                .Add("@providerId", t.Column(nameof(WhatsAppMessage.ProviderId)), providerId)
                .Add("@providerType", t.Column(nameof(WhatsAppMessage.ProviderType)), providerType)
                .Add("@now", t.Column(nameof(WhatsAppMessage.UpdatedAt)), now)
                .Add("@token", t.Column(nameof(WhatsAppMessage.ClaimToken)), token);
            // SQLite reads each row's id and provider message id as a pair; PostgreSQL unnests two arrays side by side.
            if (update.IsSqlite) update.AddList("@rows", rows.Select(r => new object?[] { r.Id, r.ProviderMessageId }).ToList());
            else update.AddList("@ids", rows.Select(r => r.Id).ToList()).AddList("@sids", rows.Select(r => r.ProviderMessageId).ToList());
            await update.RunAsync(ct);
        }
    }

    /// <summary>
    /// Each provider's last error, for the health card, one UPDATE per provider and group; its last success too, at most
    /// once a second (<see cref="ProviderSuccessStamps"/>).
    /// </summary>
    private async Task RecordHealthAsync(AppDbContext db, List<Outcome> outcomes, DateTime now, CancellationToken ct)
    {
        foreach (var byProvider in outcomes.Where(o => o.Attempted && o.ProviderId is not null).GroupBy(o => o.ProviderId!.Value))
        {
            var providers = db.WhatsAppProviders.Where(p => p.Id == byProvider.Key);
            if (byProvider.LastOrDefault(o => o.Result.Error is not null)?.Result.Error is { } error)
                await providers.ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.LastErrorAt, now)
                    .SetProperty(p => p.LastErrorCode, error.Code.Truncate(64))
                    .SetProperty(p => p.LastErrorMessage, error.Message.Truncate(1000)), ct);
            if (byProvider.Any(o => o.Result.Error is null) && successes.Due(byProvider.Key))
                await providers.ExecuteUpdateAsync(s => s.SetProperty(p => p.LastSuccessAt, now), ct);
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var seconds = Options.RetryBaseDelay.TotalSeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        var jitter = Random.Shared.NextDouble() * 0.2 + 0.9;
        return TimeSpan.FromSeconds(Math.Min(seconds * jitter, Options.RetryMaxDelay.TotalSeconds));
    }
}
