using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
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
        await LockProvidersAsync(db, updates.Select(u => u.ProviderId), ct);
        var changed = await ApplyAllAsync(updates, ct);
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
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(20261124, {0})", [id], ct);
    }

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
        await ApplyAllAsync(reports.Select(r => (r.ProviderId, r.ToUpdate())).ToList(), ct);
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

    /// <summary>Applies the updates in order, saves, and records the opt-outs that provider errors imply; the caller owns the transaction.</summary>
    private async Task<bool[]> ApplyAllAsync(IReadOnlyList<(int ProviderId, StatusUpdate Update)> updates, CancellationToken ct)
    {
        var changed = new bool[updates.Count];
        var optOuts = new List<(string Phone, SendErrorKind Kind, string Detail)>();
        for (var i = 0; i < updates.Count; i++)
            changed[i] = await ApplyOneAsync(updates[i].ProviderId, updates[i].Update, optOuts, ct);
        await db.SaveChangesAsync(ct);
        foreach (var (phone, kind, detail) in optOuts)
            await consent.RecordByPhoneAsync(phone, MessageConsent.EndedBy(kind), false, ConsentSource.ProviderError, "provider", detail, ct);
        return changed;
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

    private Task<int> RecordPricingAsync(long id, string? category, bool? billable, decimal? price, string? currency, string? source, CancellationToken ct) =>
        db.Set<WhatsAppMessage>().Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetPricing(category, billable, price, currency, source), ct);

    /// <summary>What applying a report needs to know of its message.</summary>
    private sealed record Target(long Id, string ToPhone, string? ProviderType, string? PricingCategory, DateTime? AcceptedAt, TemplateCategory? TemplateCategory);

    private IQueryable<Target> Targets(IQueryable<WhatsAppMessage> found)
    {
        var templates = db.Set<WhatsAppTemplate>();
        return found.Select(m => new Target(m.Id, m.ToPhone, m.ProviderType, m.PricingCategory, m.AcceptedAt,
            templates.Where(t => t.Id == m.TemplateId).Select(t => (TemplateCategory?)t.Category).FirstOrDefault()));
    }

    private async Task<bool> ApplyOneAsync(int providerId, StatusUpdate update, List<(string Phone, SendErrorKind Kind, string Detail)> optOuts, CancellationToken ct)
    {
        var next = update.Status;
        if (next == MessageStatus.Queued) return false;
        var messages = db.Set<WhatsAppMessage>();
        var target = await Targets(messages.Where(m => m.ProviderId == providerId && m.ProviderMessageId == update.ProviderMessageId)).FirstOrDefaultAsync(ct);
        if (target is null && update.ClientReference is { } reference)
            target = await Targets(messages.Where(m => m.Id == reference && m.ProviderId == providerId)).FirstOrDefaultAsync(ct);
        if (target is null)
        {
            logger.LogDebug("Status {Status} for message {ProviderMessageId} of provider {ProviderId} came before the message's id was recorded; kept for later.",
                next, update.ProviderMessageId, providerId);
            db.Add(new EarlyStatusReport
            {
                ProviderId = providerId, ProviderMessageId = update.ProviderMessageId.Truncate(128)!, Status = next, At = update.At,
                ErrorCode = update.ErrorCode.Truncate(64), ErrorMessage = update.ErrorMessage.Truncate(1000), ReceivedAt = clock.GetUtcNow().UtcDateTime,
                PricingCategory = update.Pricing?.Category.Truncate(32), Billable = update.Pricing?.Billable,
                Price = update.Pricing?.Price, PriceCurrency = update.Pricing?.Currency.Truncate(3),
            });
            return false;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var at = update.At ?? now;
        var bound = StatusRules.UpperBoundFor(next);
        var failure = StatusRules.IsFailure(next);
        var known = update.ErrorCode is { } errorCode ? ProviderErrors.Describe(target.ProviderType ?? "", errorCode) : null;
        var code = update.ErrorCode.Truncate(64);
        var errorMessage = (update.ErrorMessage ?? known?.Meaning).Truncate(1000);
        if (failure && known is { MarketingLimit: true } && code is not null
            && await MarketingLimitRetry.NextAttemptAsync(db, target.Id, code, now, consentOptions, ct) is { } retryAt)
            return await RequeueAsync(target.Id, code, MarketingLimitRetry.Explain(errorMessage ?? known.Meaning, retryAt), retryAt, now, ct);
        // A provider that reports no pricing (Twilio, Vonage): the message is charged as its template's category, and a
        // utility template inside the customer's open service window as Meta charges it: nothing.
        // A price without a category (Vonage's usage) still takes the template's category.
        var inferred = (update.Pricing is null || update.Pricing.Category is null) && target.PricingCategory is null
            && next is >= MessageStatus.Sent and < MessageStatus.Failed
            && target.TemplateCategory is { } templateCategory && RateCardRules.TemplateCategories.TryGetValue(templateCategory.ToString(), out var charged)
                ? new MessagePricing(charged, RateCardRules.FreeInsideServiceWindow.Contains(charged)
                    && await windows.WasOpenAsync(target.ToPhone, target.AcceptedAt ?? at, ct) ? false : null) : null;
        var pricing = update.Pricing is { } reported
            ? reported with { Category = reported.Category ?? inferred?.Category, Billable = reported.Billable ?? (reported.Price is null ? inferred?.Billable : null) }
            : inferred;
        var category = pricing?.Category.Truncate(32);
        var billable = pricing?.Billable;
        var price = pricing?.Price;
        var currency = price is null ? null : pricing?.Currency.Truncate(3);
        var source = price is null ? null : CostSources.Provider;
        if (price is null && category is not null && (await rateCard.GetAsync(db, ct)).Charge(category, billable, target.ToPhone) is { } rate)
            (price, currency, source) = (rate.Price, rate.Currency, CostSources.Card);
        var changed = await messages
            .Where(m => m.Id == target.Id && m.Status < MessageStatus.Failed && m.Status < bound)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, next)
                .SetProperty(m => m.ProviderMessageId, m => m.ProviderMessageId ?? update.ProviderMessageId)
                .SetProperty(m => m.SentAt, m => next >= MessageStatus.Sent && !failure && m.SentAt == null ? at : m.SentAt)
                .SetProperty(m => m.DeliveredAt, m => next >= MessageStatus.Delivered && !failure && m.DeliveredAt == null ? at : m.DeliveredAt)
                .SetProperty(m => m.ReadAt, m => next == MessageStatus.Read ? at : m.ReadAt)
                .SetProperty(m => m.FailedAt, m => failure ? at : m.FailedAt)
                .SetProperty(m => m.ErrorCode, m => failure ? code ?? m.ErrorCode : m.ErrorCode)
                .SetProperty(m => m.ErrorMessage, m => failure ? errorMessage ?? m.ErrorMessage : m.ErrorMessage)
                .SetProperty(m => m.ClaimToken, (Guid?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null)
                .SetProperty(m => m.UpdatedAt, now)
                .SetPricing(category, billable, price, currency, source), ct);
        if (changed == 0)
        {
            // A report that moves nothing (a late "sent" after "delivered") may still be the one that tells the charge.
            if (pricing is not null) await RecordPricingAsync(target.Id, category, billable, price, currency, source, ct);
            return false;
        }
        db.Add(new MessageStatusEvent { MessageId = target.Id, Status = next, At = at, ErrorCode = code, Detail = update.ErrorMessage.Truncate(1000) });
        if (failure && known is not null && MessageConsent.EndedBy(known.Kind).Count > 0)
            optOuts.Add((target.ToPhone, known.Kind, $"Delivery failed with {known.Code}: {known.Meaning}"));
        return true;
    }
}

internal static class PricingSetters
{
    /// <summary>
    /// Sets what the report tells of the charge and keeps what it does not (a later report without pricing erases
    /// nothing); a price the provider itself reported is never replaced by the card's.
    /// </summary>
    public static UpdateSettersBuilder<WhatsAppMessage> SetPricing(this UpdateSettersBuilder<WhatsAppMessage> s,
        string? category, bool? billable, decimal? price, string? currency, string? source) => s
        .SetProperty(m => m.PricingCategory, m => category ?? m.PricingCategory)
        .SetProperty(m => m.Billable, m => billable ?? m.Billable)
        .SetProperty(m => m.Cost, m => m.CostSource == CostSources.Provider && source != CostSources.Provider ? m.Cost : price ?? m.Cost)
        .SetProperty(m => m.CostCurrency, m => m.CostSource == CostSources.Provider && source != CostSources.Provider ? m.CostCurrency : currency ?? m.CostCurrency)
        .SetProperty(m => m.CostSource, m => m.CostSource == CostSources.Provider && source != CostSources.Provider ? m.CostSource : source ?? m.CostSource);
}
