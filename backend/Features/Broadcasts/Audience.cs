using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Features.Groups;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Broadcasts;

public enum SkipReason { NotOptedIn, InvalidPhone, Duplicate, MissingValue, NoMarketingConsent, FrequencyCap }

/// <summary>
/// What decides consent for one batch of an audience: the purpose the template needs and, for marketing, who has had
/// their share of offers (<see cref="MarketingCap"/>).
/// </summary>
public sealed record BatchConsent(ConsentPurpose Purpose, IReadOnlySet<int> Capped)
{
    public static async Task<BatchConsent> ForAsync(MarketingCap cap, WhatsAppTemplate template, List<Customer> batch, CancellationToken ct)
    {
        var purpose = MessageConsent.PurposeOf(template.Category);
        return new(purpose, purpose == ConsentPurpose.Marketing
            ? await cap.CappedAsync(batch.Where(c => c.MarketingOptIn).Select(c => c.Id).ToList(), ct)
            : new HashSet<int>());
    }
}

/// <summary>Skipped audience members, counted by reason: the preview's totals and each fan-out batch's.</summary>
public sealed class SkipTally
{
    public int NotOptedIn { get; private set; }
    public int InvalidPhone { get; private set; }
    public int Duplicate { get; private set; }
    public int MissingValue { get; private set; }
    public int NoMarketingConsent { get; private set; }
    public int FrequencyCap { get; private set; }

    public void Add(SkipReason reason)
    {
        switch (reason)
        {
            case SkipReason.NotOptedIn: NotOptedIn++; break;
            case SkipReason.InvalidPhone: InvalidPhone++; break;
            case SkipReason.Duplicate: Duplicate++; break;
            case SkipReason.MissingValue: MissingValue++; break;
            case SkipReason.NoMarketingConsent: NoMarketingConsent++; break;
            case SkipReason.FrequencyCap: FrequencyCap++; break;
        }
    }

    public SkippedCounts ToCounts() => new(NotOptedIn, InvalidPhone, Duplicate, MissingValue, NoMarketingConsent, FrequencyCap);
}

/// <summary>
/// Turns an audience into customers, streamed in (phone, id) order a batch at a time: memory stays flat however large
/// the audience, and customers sharing a phone number arrive side by side, so a duplicate is spotted by comparing with
/// the last number messaged.
/// </summary>
public sealed class Audience(PhoneNumberNormalizer phones, CustomerFields fields, IServiceScopeFactory scopes)
{
    public const int MaxListedIds = 50_000;

    public static async Task<Dictionary<string, string[]>> ValidateAsync(AppDbContext db, AudienceSpec? spec, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (spec is null)
        {
            errors["audience"] = ["Choose an audience: all opted-in customers, groups, customers or a filter."];
            return errors;
        }
        var groupIds = spec.GroupIds ?? [];
        var customerIds = spec.CustomerIds ?? [];
        var hasFilter = !string.IsNullOrWhiteSpace(spec.Filter?.Plan) || !string.IsNullOrWhiteSpace(spec.Filter?.Language);
        if (!spec.All && groupIds.Count == 0 && customerIds.Count == 0 && !hasFilter)
            errors["audience"] = ["Choose an audience: all opted-in customers, groups, customers or a filter."];
        if (groupIds.Count > 1000) errors["audience.groupIds"] = ["At most 1000 groups."];
        else if (groupIds.Count > 0)
        {
            var found = await db.Set<CustomerGroup>().Where(g => groupIds.Contains(g.Id)).Select(g => g.Id).ToListAsync(ct);
            var unknown = groupIds.Except(found).ToList();
            if (unknown.Count > 0) errors["audience.groupIds"] = [$"No such group: {string.Join(", ", unknown.Take(20))}."];
        }
        if (customerIds.Count > MaxListedIds) errors["audience.customerIds"] = [$"At most {MaxListedIds} customers; use a group for more."];
        else if (customerIds.Count > 0)
        {
            var distinct = customerIds.Distinct().ToList();
            var found = await db.Set<Customer>().CountAsync(c => distinct.Contains(c.Id), ct);
            if (found != distinct.Count)
            {
                var existing = await db.Set<Customer>().Where(c => distinct.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct);
                errors["audience.customerIds"] = [$"No such customer: {string.Join(", ", distinct.Except(existing).Take(20))}."];
            }
        }
        if (spec.Filter?.Plan?.Length > 100) errors["audience.filter.plan"] = ["At most 100 characters."];
        if (spec.Filter?.Language?.Length > 16) errors["audience.filter.language"] = ["At most 16 characters."];
        return errors;
    }

    /// <summary>Every customer the audience names, opted in or not (the skipped are counted, so they are read too).</summary>
    public static IQueryable<Customer> Query(AppDbContext db, AudienceSpec spec)
    {
        var customers = db.Set<Customer>().AsNoTracking();
        var groupIds = spec.GroupIds ?? [];
        var customerIds = spec.CustomerIds ?? [];
        if (!spec.All && (groupIds.Count > 0 || customerIds.Count > 0))
            customers = customers.Where(c => customerIds.Contains(c.Id)
                || db.Set<GroupMember>().Any(m => m.CustomerId == c.Id && groupIds.Contains(m.GroupId)));
        if (spec.Filter?.Plan is { Length: > 0 } plan)
        {
            var p = plan.Trim().ToLower();
            customers = customers.Where(c => c.Plan != null && c.Plan.ToLower() == p);
        }
        if (spec.Filter?.Language is { Length: > 0 } language)
        {
            var l = language.Trim().ToLower();
            customers = customers.Where(c => c.Language != null && c.Language.ToLower() == l);
        }
        return customers;
    }

    /// <summary>The next batch after the cursor, in (phone, id) order.</summary>
    public static Task<List<Customer>> NextBatchAsync(IQueryable<Customer> audience, string? afterPhone, int afterId, int size, CancellationToken ct)
    {
        var query = afterPhone is null
            ? audience
            : audience.Where(c => string.Compare(c.Phone, afterPhone) > 0 || (c.Phone == afterPhone && c.Id > afterId));
        return query.OrderBy(c => c.Phone).ThenBy(c => c.Id).Take(size).ToListAsync(ct);
    }

    /// <summary>Decides one customer: skipped (and why) or a recipient with their parameters. <paramref name="consent"/>: their batch's.</summary>
    public (SkipReason? Skip, Dictionary<string, string> Parameters, List<string> Missing) Classify(
        Customer customer, BatchConsent consent, VariableMapping variables, string? lastQueuedPhone)
    {
        if (Excluded(customer, consent, lastQueuedPhone) is { } excluded) return (excluded, [], []);
        var (parameters, missing) = variables.Resolve(path => fields.ValueOf(customer, path));
        return (missing.Count > 0 ? SkipReason.MissingValue : null, parameters, missing);
    }

    /// <summary>What <see cref="Classify"/> decides for one customer, without filling their parameters: a count needs no more.</summary>
    public SkipReason? SkipOf(Customer customer, BatchConsent consent, VariableMapping variables, string? lastQueuedPhone) =>
        Excluded(customer, consent, lastQueuedPhone) ?? (variables.AnyMissing(path => fields.ValueOf(customer, path)) ? SkipReason.MissingValue : null);

    private SkipReason? Excluded(Customer customer, BatchConsent consent, string? lastQueuedPhone)
    {
        if (customer.WhyNoConsent(consent.Purpose) is { } noConsent)
            return noConsent.Code == NoConsent.MarketingCode ? SkipReason.NoMarketingConsent : SkipReason.NotOptedIn;
        if (consent.Capped.Contains(customer.Id)) return SkipReason.FrequencyCap;
        if (customer.Phone == lastQueuedPhone) return SkipReason.Duplicate;
        if (phones.ToE164(customer.Phone) != customer.Phone) return SkipReason.InvalidPhone;
        return null;
    }

    /// <summary>Counts recipients and skips over the whole audience, streaming; the first recipient (or the given customer) is the sample.</summary>
    public async Task<(AudienceCounts Counts, Customer? Sample)> CountAsync(
        MarketingCap cap, AudienceSpec spec, WhatsAppTemplate template, VariableMapping variables, int batchSize, CancellationToken ct,
        Action<Customer>? onRecipient = null)
    {
        // The next batch is read while this one is judged, through a context of its own (the caller's one serves the
        // consent look-ups): a broadcast's POST waits for the whole count, and read and judged in turn it kept one core
        // busy and the other idle, 0.5 s for 100,000 customers before the first send (bench/README.md, session 19).
        await using var readAhead = scopes.CreateAsyncScope();
        var audience = Query(readAhead.ServiceProvider.GetRequiredService<AppDbContext>(), spec);
        var recipients = 0;
        var skips = new SkipTally();
        string? lastQueued = null;
        Customer? sample = null;
        // Run apart: SQLite's "async" reads run on the caller's thread.
        var next = Task.Run(() => NextBatchAsync(audience, null, 0, batchSize, ct), ct);
        try
        {
            while (true)
            {
                var batch = await next;
                if (batch.Count == 0) break;
                var (cursorPhone, cursorId) = (batch[^1].Phone, batch[^1].Id);
                next = Task.Run(() => NextBatchAsync(audience, cursorPhone, cursorId, batchSize, ct), ct);
                var consent = await BatchConsent.ForAsync(cap, template, batch, ct);
                foreach (var customer in batch)
                {
                    if (SkipOf(customer, consent, variables, lastQueued) is { } skip)
                    {
                        skips.Add(skip);
                        continue;
                    }
                    recipients++;
                    lastQueued = customer.Phone;
                    sample ??= customer;
                    onRecipient?.Invoke(customer);
                }
            }
        }
        finally
        {
            // A failure mid-count leaves a read under way; it finishes before its context goes.
            try { await next; }
            catch (Exception) when (!next.IsCompletedSuccessfully) { }
        }
        var skipped = skips.ToCounts();
        return (new AudienceCounts(recipients + skipped.Total, recipients, skipped.Total, skipped), sample);
    }
}
