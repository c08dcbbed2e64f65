using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Features.Costs;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Applies delivery reports. Idempotent and monotonic: each update is one conditional UPDATE that only moves the
/// status forward, so duplicates, late arrivals and races between instances change nothing. A batch shares one
/// transaction (see <see cref="StatusWriter"/>).
/// </summary>
public sealed class StatusUpdater(
    AppDbContext db, ConsentService consent, RateCardCache rateCard, IServiceWindows windows, SqliteWriteGate gate, TimeProvider clock,
    IOptions<ConsentOptions> consentOptions, ILogger<StatusUpdater> logger)
{
    /// <summary>Early reports are kept this long for their message to appear; a report for a message that never shows up goes.</summary>
    public static readonly TimeSpan EarlyReportLifetime = TimeSpan.FromDays(1);

    /// <returns>For each update, whether it changed its message.</returns>
    public async Task<bool[]> ApplyAsync(IReadOnlyList<(int ProviderId, StatusUpdate Update)> updates, CancellationToken ct)
    {
        using var writing = await gate.EnterAsync(db, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var targets = await FindTargetsAsync(updates, ct);
        // The providers' locks guard one race only: a report kept as early while the dispatcher records its id. A group
        // whose messages were all found keeps nothing early and needs no lock; it then does not queue behind the
        // dispatcher's outcome groups (on PostgreSQL they made callbacks wait seconds in the loop bench). Otherwise the
        // look-up is done again under the locks, which sees every id committed before them.
        if (db.Database.IsNpgsql() && updates.Any(u => u.Update.Status != MessageStatus.Queued && targets.Find(u.ProviderId, u.Update) is null))
        {
            await LockProvidersAsync(db, updates.Select(u => u.ProviderId), ct);
            targets = await FindTargetsAsync(updates, ct);
        }
        var changed = await ApplyAllAsync(updates, targets, ct);
        await tx.CommitAsync(ct);
        return changed;
    }

    /// <summary>
    /// Serializes, per provider, the dispatcher recording provider ids and webhooks applying reports. Otherwise, on
    /// PostgreSQL's read committed, a report can miss its id (not committed yet) while the dispatcher's look for early
    /// reports misses the report (not committed yet either), and the report waits for the minutely sweep. SQLite runs
    /// one writer at a time already. Locks are taken in id order, so two transactions never wait on each other in a circle.
    /// </summary>
    public static async Task LockProvidersAsync(AppDbContext db, IEnumerable<int> providerIds, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql()) return;
        foreach (var id in providerIds.Where(id => id > 0).Distinct().Order())
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ProviderLockSpace}, {{0}})", [id], ct);
    }

    /// <summary>The first key of <see cref="LockProvidersAsync"/>'s advisory locks; the provider's id is the second.</summary>
    internal const int ProviderLockSpace = 20261124;

    /// <summary>
    /// Applies the early reports whose message is now known. Runs inside the caller's transaction: the dispatcher's,
    /// right after it records provider ids.
    /// </summary>
    public async Task<int> ApplyEarlyReportsAsync(CancellationToken ct)
    {
        var messages = db.Set<WhatsAppMessage>();
        var reports = await db.Set<EarlyStatusReport>()
            .Where(r => messages.Any(m => m.ProviderId == r.ProviderId && m.ProviderMessageId == r.ProviderMessageId))
            .OrderBy(r => r.Id).Take(1000).ToListAsync(ct);
        if (reports.Count == 0) return 0;
        db.RemoveRange(reports);
        // In arrival order, so the history reads as the provider told it.
        var updates = reports.Select(r => (r.ProviderId, r.ToUpdate())).ToList();
        await ApplyAllAsync(updates, await FindTargetsAsync(updates, ct), ct);
        return reports.Count;
    }

    /// <summary>
    /// The minutely sweep: applies early reports the dispatcher missed, and drops those too old to ever match (kept off
    /// the dispatcher's path, which runs every batch).
    /// </summary>
    public async Task SweepEarlyReportsAsync(CancellationToken ct)
    {
        await ApplyEarlyReportsAsync(ct);
        var expired = clock.GetUtcNow().UtcDateTime - EarlyReportLifetime;
        await db.Set<EarlyStatusReport>().Where(r => r.ReceivedAt < expired).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// Applies the updates in order and records the opt-outs that provider errors imply; the caller owns the transaction.
    /// A group costs one look-up per provider (<see cref="FindTargetsAsync"/>) and, per report, one prepared UPDATE that
    /// only moves the status forward (<see cref="ReportWrites"/>) plus its event: EF Core's ExecuteUpdate and SaveChanges
    /// per report cost 4–8 ms of serial work each (232 callbacks/s, bench/README.md, webhooks).
    /// </summary>
    private async Task<bool[]> ApplyAllAsync(IReadOnlyList<(int ProviderId, StatusUpdate Update)> updates, TargetSet targets, CancellationToken ct)
    {
        var changed = new bool[updates.Count];
        var optOuts = new List<(string Phone, SendErrorKind Kind, string Detail)>();
        var events = new List<MessageStatusEvent>();
        await using var writes = await ReportWrites.CreateAsync(db, ct);
        // Moves wait in the batch (PostgreSQL) until they run; then each one that changed its row gets its event.
        var moves = new List<(int Index, MessageStatusEvent Event, (string, SendErrorKind, string)? OptOut)>();
        async Task RunMovesAsync()
        {
            var rows = await writes.RunAsync(ct);
            for (var m = 0; m < moves.Count; m++)
            {
                if (rows[m] == 0) continue;
                changed[moves[m].Index] = true;
                events.Add(moves[m].Event);
                if (moves[m].OptOut is { } optOut) optOuts.Add(optOut);
            }
            moves.Clear();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        // The service windows of the group's recipients, read once for the group when the first report needs them.
        WindowHistory? history = null;
        async Task<WindowHistory> History()
        {
            if (history is not null) return history;
            var found = updates.Select(u => (u.Update, Target: targets.Find(u.ProviderId, u.Update))).Where(u => u.Target is not null).ToList();
            var moments = found.Select(u => u.Target!.AcceptedAt ?? u.Update.At ?? now).ToList();
            return history = await windows.HistoryAsync(found.Select(u => u.Target!.ToPhone).Distinct().ToList(), moments.Min(), moments.Max(), ct);
        }
        for (var i = 0; i < updates.Count; i++)
        {
            var (providerId, update) = updates[i];
            var next = update.Status;
            if (next == MessageStatus.Queued) continue;
            if (targets.Find(providerId, update) is not { } target)
            {
                KeepEarly(providerId, update, now);
                continue;
            }

            var at = update.At ?? now;
            var failure = StatusRules.IsFailure(next);
            var known = update.ErrorCode is { } errorCode ? ProviderErrors.Describe(target.ProviderType ?? "", errorCode) : null;
            var code = update.ErrorCode.Truncate(64);
            var errorMessage = (update.ErrorMessage ?? known?.Meaning).Truncate(1000);
            if (failure && known is { MarketingLimit: true } && code is not null
                && await MarketingLimitRetry.NextAttemptAsync(db, target.Id, code, now, consentOptions, ct) is { } retryAt)
            {
                // Rare: written at once, after what came before it, and the message's old provider id finds nothing more.
                await RunMovesAsync();
                changed[i] = await RequeueAsync(target.Id, code, MarketingLimitRetry.Explain(errorMessage ?? known.Meaning, retryAt), retryAt, now, ct);
                if (changed[i]) targets.Forget(target);
                continue;
            }
            // A report that moves nothing (a late "sent" after "delivered") may still be the one that tells the charge,
            // so the charge is written whether or not the status moves.
            if (await PricingAsync(target, update, at, History, ct) is { } pricing) await writes.AddPricingAsync(target.Id, pricing, ct);
            await writes.AddMoveAsync(target.Id, next, update.ProviderMessageId, at, code, errorMessage, now, ct);
            moves.Add((i, new MessageStatusEvent { MessageId = target.Id, Status = next, At = at, ErrorCode = code, Detail = update.ErrorMessage.Truncate(1000) },
                failure && known is not null && MessageConsent.EndedBy(known.Kind).Count > 0
                    ? (target.ToPhone, known.Kind, $"Delivery failed with {known.Code}: {known.Meaning}") : null));
        }
        await RunMovesAsync();
        await writes.InsertEventsAsync(events, ct);
        // Early reports and requeues (rare) are EF's.
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
        foreach (var (phone, kind, detail) in optOuts)
            await consent.RecordByPhoneAsync(phone, MessageConsent.EndedBy(kind), false, ConsentSource.ProviderError, "provider", detail, ct);
        return changed;
    }

    private void KeepEarly(int providerId, StatusUpdate update, DateTime now)
    {
        logger.LogDebug("Status {Status} for message {ProviderMessageId} of provider {ProviderId} came before the message's id was recorded; kept for later.",
            update.Status, update.ProviderMessageId, providerId);
        db.Add(new EarlyStatusReport
        {
            ProviderId = providerId, ProviderMessageId = update.ProviderMessageId.Truncate(128)!, Status = update.Status, At = update.At,
            ErrorCode = update.ErrorCode.Truncate(64), ErrorMessage = update.ErrorMessage.Truncate(1000), ReceivedAt = now,
            PricingCategory = update.Pricing?.Category.Truncate(32), Billable = update.Pricing?.Billable,
            Price = update.Pricing?.Price, PriceCurrency = update.Pricing?.Currency.Truncate(3),
        });
    }

    /// <summary>
    /// What the report tells of the charge: the provider's pricing, or for a provider that reports none (Twilio, Vonage)
    /// the template's category once the message is sent — and a utility template inside the customer's open service
    /// window as Meta charges it: nothing. A price without a category (Vonage's usage) still takes the template's
    /// category. Priced by the rate card when the provider gave no amount; the source says which.
    /// </summary>
    private async Task<ReportWrites.Charge?> PricingAsync(Target target, StatusUpdate update, DateTime at, Func<Task<WindowHistory>> windows, CancellationToken ct)
    {
        var next = update.Status;
        var inferred = (update.Pricing is null || update.Pricing.Category is null) && target.PricingCategory is null
            && next is >= MessageStatus.Sent and < MessageStatus.Failed
            && target.TemplateCategory is { } templateCategory && RateCardRules.TemplateCategories.TryGetValue(templateCategory.ToString(), out var charged)
                ? new MessagePricing(charged, RateCardRules.FreeInsideServiceWindow.Contains(charged)
                    && (await windows()).WasOpen(target.ToPhone, target.AcceptedAt ?? at) ? false : null) : null;
        var pricing = update.Pricing is { } reported
            ? reported with { Category = reported.Category ?? inferred?.Category, Billable = reported.Billable ?? (reported.Price is null ? inferred?.Billable : null) }
            : inferred;
        if (pricing is null) return null;
        var category = pricing.Category.Truncate(32);
        var price = pricing.Price;
        var currency = price is null ? null : pricing.Currency.Truncate(3);
        var source = price is null ? null : CostSources.Provider;
        if (price is null && category is not null && (await rateCard.GetAsync(db, ct)).Charge(category, pricing.Billable, target.ToPhone) is { } rate)
            (price, currency, source) = (rate.Price, rate.Currency, CostSources.Card);
        return new ReportWrites.Charge(category, pricing.Billable, price, currency, source);
    }

    /// <summary>
    /// Puts a message the provider took and then refused back in the outbox for one more try (the marketing limit): a new
    /// attempt with a new provider id, so reports about the old one no longer find it.
    /// </summary>
    private async Task<bool> RequeueAsync(long id, string code, string message, DateTime retryAt, DateTime now, CancellationToken ct)
    {
        var changed = await db.Set<WhatsAppMessage>()
            .Where(m => m.Id == id && m.Status < MessageStatus.Failed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MessageStatus.Queued)
                .SetProperty(m => m.ProviderMessageId, (string?)null)
                .SetProperty(m => m.NextAttemptAt, retryAt)
                .SetProperty(m => m.ErrorCode, code)
                .SetProperty(m => m.ErrorMessage, message.Truncate(1000))
                .SetProperty(m => m.ClaimToken, (Guid?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null)
                .SetProperty(m => m.UpdatedAt, now), ct);
        if (changed == 0) return false;
        db.Add(new MessageStatusEvent { MessageId = id, Status = MessageStatus.Queued, At = now, ErrorCode = code, Detail = message.Truncate(1000) });
        return true;
    }

    /// <summary>What applying a report needs to know of its message.</summary>
    private sealed record Target(long Id, string? ProviderMessageId, string ToPhone, string? ProviderType, string? PricingCategory, DateTime? AcceptedAt,
        TemplateCategory? TemplateCategory);

    /// <summary>A group's messages, found by the provider's message id (or, failing that, the client reference Vonage echoes).</summary>
    private sealed class TargetSet
    {
        public readonly Dictionary<(int ProviderId, string ProviderMessageId), Target> ByProviderId = [];
        public readonly Dictionary<(int ProviderId, long Id), Target> ById = [];

        public Target? Find(int providerId, StatusUpdate update) =>
            ByProviderId.GetValueOrDefault((providerId, update.ProviderMessageId))
            ?? (update.ClientReference is { } reference ? ById.GetValueOrDefault((providerId, reference)) : null);

        /// <summary>A requeued message: reports about its old provider id no longer find it (kept as early reports, as they would be one by one).</summary>
        public void Forget(Target target)
        {
            foreach (var key in ByProviderId.Where(p => p.Value == target).Select(p => p.Key).ToList()) ByProviderId.Remove(key);
            foreach (var key in ById.Where(p => p.Value == target).Select(p => p.Key).ToList()) ById.Remove(key);
        }
    }

    /// <summary>One look-up per provider for the whole group (<c>ProviderMessageId IN (…)</c> on its index), one more for client references that found nothing.</summary>
    private async Task<TargetSet> FindTargetsAsync(IReadOnlyList<(int ProviderId, StatusUpdate Update)> updates, CancellationToken ct)
    {
        var set = new TargetSet();
        foreach (var group in updates.Where(u => u.Update.Status != MessageStatus.Queued).GroupBy(u => u.ProviderId))
        {
            var providerId = group.Key;
            var ids = group.Select(u => u.Update.ProviderMessageId).Distinct().ToList();
            await foreach (var target in TargetsByProviderMessageId(db, providerId, ids).WithCancellation(ct))
                set.ByProviderId.TryAdd((providerId, target.ProviderMessageId!), target);
            var references = group.Where(u => u.Update.ClientReference is not null && !set.ByProviderId.ContainsKey((providerId, u.Update.ProviderMessageId)))
                .Select(u => u.Update.ClientReference!.Value).Distinct().ToList();
            if (references.Count == 0) continue;
            await foreach (var target in TargetsById(db, providerId, references).WithCancellation(ct))
                set.ById.TryAdd((providerId, target.Id), target);
        }
        return set;
    }

    // Compiled: every group of callbacks runs them, and building, parameterizing and looking up the LINQ tree each time
    // was about as much CPU as running the statement (perf, bench/README.md, webhooks).
    // "Not null" first: otherwise EF adds "or the column is null and the list holds a null", which a prepared (generic)
    // plan cannot fold away on PostgreSQL, and the ids no longer narrow the index scan (also the partial index's condition).
    private static readonly Func<AppDbContext, int, List<string>, IAsyncEnumerable<Target>> TargetsByProviderMessageId = EF.CompileAsyncQuery(
        (AppDbContext db, int providerId, List<string> ids) => db.Set<WhatsAppMessage>()
            .Where(m => m.ProviderId == providerId && m.ProviderMessageId != null && ids.Contains(m.ProviderMessageId))
            .Select(m => new Target(m.Id, m.ProviderMessageId, m.ToPhone, m.ProviderType, m.PricingCategory, m.AcceptedAt,
                db.Set<WhatsAppTemplate>().Where(t => t.Id == m.TemplateId).Select(t => (TemplateCategory?)t.Category).FirstOrDefault())));

    private static readonly Func<AppDbContext, int, List<long>, IAsyncEnumerable<Target>> TargetsById = EF.CompileAsyncQuery(
        (AppDbContext db, int providerId, List<long> references) => db.Set<WhatsAppMessage>()
            .Where(m => m.ProviderId == providerId && references.Contains(m.Id))
            .Select(m => new Target(m.Id, m.ProviderMessageId, m.ToPhone, m.ProviderType, m.PricingCategory, m.AcceptedAt,
                db.Set<WhatsAppTemplate>().Where(t => t.Id == m.TemplateId).Select(t => (TemplateCategory?)t.Category).FirstOrDefault())));
}
