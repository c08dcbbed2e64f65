using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Stats;

/// <summary>
/// The Overview's aggregates. Each is one GROUP BY over a time range on indexed columns (CreatedAt for messages,
/// At for consent), so the database does the counting and only a few dozen rows come back.
/// </summary>
public static class StatsEndpoints
{
    private const int MaxDays = 366;

    public static IServiceCollection AddStats(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMemoryCache();
        services.Configure<StatsOptions>(configuration.GetSection("Stats"));
        services.AddSingleton<MessageTallies>();
        return services;
    }

    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/whatsapp/stats").WithTags("Stats").RequireAuthorization(Policies.Staff);
        group.MapGet("/daily", Daily).WithName("GetDailyMessageStats").WithSummary("Messages per day for the last N days (default 30), by current status.");
        group.MapGet("/templates", Templates).WithName("GetTemplateDeliveryStats").WithSummary("Delivery and read rate per template over the last N days.");
        group.MapGet("/providers", Providers).WithName("GetProviderDeliveryStats").WithSummary("Delivery and read rate per provider over the last N days.");
        group.MapGet("/spend", Spend).WithName("GetSpendStats").WithSummary("What messages cost over the last N days, by pricing category and currency.");
        group.MapGet("/spend/daily", DailySpend).WithName("GetDailySpendStats").WithSummary("What messages cost per day (UTC) and currency over the last N days; days without cost are left out.");
        group.MapGet("/spend/templates", SpendByTemplate).WithName("GetSpendByTemplate").WithSummary("What messages cost over the last N days per template (by name, all its languages) and currency.");
        group.MapGet("/spend/broadcasts", SpendByBroadcast).WithName("GetSpendByBroadcast").WithSummary("What messages cost over the last N days per broadcast and currency (key: the broadcast's id).");
        group.MapGet("/spend/automations", SpendByAutomation).WithName("GetSpendByAutomation").WithSummary("What automated messages cost over the last N days per automation (key: its event type) and currency.");
        group.MapGet("/failures", Failures).WithName("GetFailureStats").WithSummary("Failed messages over the last N days by error code, with what each code means.");
        group.MapGet("/consent", Consent).WithName("GetConsentStats").WithSummary("Opt-ins and opt-outs per day over the last N days, opt-outs by source, and who is opted in now.");
        group.MapGet("/health", Health).WithName("GetProviderHealth")
            .WithSummary("Each provider's health: last success, last error, circuit state, and messages in the last 24 h against its messaging tier. Active first, then standby.");
        group.MapGet("/loop", Loop).WithName("GetLoopHealth")
            .WithSummary("This instance's send-and-callback loop, as its metrics report it: outbox depth and oldest due message, callbacks and their apply lag, throttle waits and provider answer times over the last minutes.");
        return app;
    }

    private static Ok<LoopHealthDto> Loop(MessagingMetrics metrics)
    {
        var (depth, oldestDue) = metrics.Outbox();
        var recent = metrics.Recent;
        var lag = recent.Of(MessagingMetrics.ApplyLagName);
        return TypedResults.Ok(new LoopHealthDto(depth, oldestDue, (int)RecentMeasurements.Window.TotalSeconds,
            (long)recent.Of(MessagingMetrics.CallbacksName).Sum, lag.Percentile(50), lag.Percentile(99),
            (long)recent.Of(MessagingMetrics.SentName).Sum, recent.Of(MessagingMetrics.ThrottleWaitName).Percentile(99),
            recent.ProvidersOf(MessagingMetrics.ProviderLatencyName).Select(p =>
            {
                var latency = recent.Of(MessagingMetrics.ProviderLatencyName, p);
                return new ProviderLatencyDto(p, latency.Count, latency.Percentile(50), latency.Percentile(99));
            }).ToList()));
    }

    private static async Task<Ok<List<ProviderHealthDto>>> Health(AppDbContext db, ProviderCircuits circuits, MessagingLimits limits, TimeProvider clock, CancellationToken ct)
    {
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-24);
        var providers = await db.WhatsAppProviders.AsNoTracking()
            .OrderByDescending(p => p.IsActive).ThenByDescending(p => p.IsStandby).ThenBy(p => p.Name).ToListAsync(ct);
        var sent = await Since(db, since).Where(m => m.AcceptedAt >= since && m.ProviderId != null)
            .GroupBy(m => m.ProviderId!.Value).Select(g => new { Id = g.Key, Count = g.Count(), Last = g.Max(m => m.AcceptedAt) })
            .ToDictionaryAsync(g => g.Id, ct);
        var usage = new Dictionary<int, MessagingLimitDto>();
        foreach (var p in providers) usage[p.Id] = await limits.UsageAsync(p, ct);
        return TypedResults.Ok(providers.Select(p =>
        {
            var openUntil = circuits.OpenUntil(p.Id);
            var recent = sent.GetValueOrDefault(p.Id);
            // A message accepted in the last 24 h is a success even when the provider's own mark was never written
            // (messages imported or seeded, a dispatcher that stopped before writing it): "no message sent yet" beside
            // 38 messages would be wrong.
            var lastSuccess = Latest(p.LastSuccessAt, recent?.Last);
            return new ProviderHealthDto(p.Id, p.Name, p.ProviderType, p.IsActive, p.IsStandby,
                lastSuccess, p.LastErrorAt, p.LastErrorCode, p.LastErrorMessage,
                openUntil is null ? "closed" : "open", openUntil, recent?.Count ?? 0, p.DailyMessagingLimit, usage[p.Id]);
        }).ToList());
    }

    private static DateTime? Latest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static (DateTime From, ValidationProblem? Invalid) Range(TimeProvider clock, int days)
    {
        if (days is < 1 or > MaxDays) return (default, Problems.Field("days", $"Between 1 and {MaxDays} days."));
        return (clock.GetUtcNow().UtcDateTime.Date.AddDays(-(days - 1)), null);
    }

    private static IQueryable<WhatsAppMessage> Since(AppDbContext db, DateTime from) =>
        db.Set<WhatsAppMessage>().AsNoTracking().Where(m => m.CreatedAt >= from);

    private static async Task<Results<Ok<List<DailyMessagesDto>>, ValidationProblem>> Daily(AppDbContext db, MessageTallies tallies, TimeProvider clock, CancellationToken ct, int days = 30)
    {
        var (from, invalid) = Range(clock, days);
        if (invalid is not null) return invalid;
        var rows = (await tallies.ForDaysAsync(db, from, days, ct))
            .GroupBy(t => (t.Day, t.Status)).Select(g => new { Date = g.Key.Day, g.Key.Status, Count = g.Sum(t => t.Count) }).ToList();
        var byDay = rows.ToLookup(r => r.Date);
        var result = Enumerable.Range(0, days).Select(i => DateOnly.FromDateTime(from.AddDays(i))).Select(day =>
        {
            int Count(params MessageStatus[] s) => byDay[day].Where(r => s.Contains(r.Status)).Sum(r => r.Count);
            return new DailyMessagesDto(day, Count(MessageStatus.Queued), Count(MessageStatus.Accepted), Count(MessageStatus.Sent),
                Count(MessageStatus.Delivered), Count(MessageStatus.Read), Count(MessageStatus.Failed, MessageStatus.Undelivered), Count(MessageStatus.Canceled));
        }).ToList();
        return TypedResults.Ok(result);
    }

    private sealed record Tally(int? Id, string Name, MessageStatus Status, int Count);

    private static List<DeliveryRateDto> Rates(IEnumerable<Tally> tallies) => tallies
        .Where(t => t.Status >= MessageStatus.Accepted && t.Status != MessageStatus.Canceled)
        .GroupBy(t => (t.Id, t.Name))
        .Select(g =>
        {
            var total = g.Sum(t => t.Count);
            var read = g.Where(t => t.Status == MessageStatus.Read).Sum(t => t.Count);
            var delivered = read + g.Where(t => t.Status == MessageStatus.Delivered).Sum(t => t.Count);
            var failed = g.Where(t => t.Status is MessageStatus.Failed or MessageStatus.Undelivered).Sum(t => t.Count);
            return new DeliveryRateDto(g.Key.Id, g.Key.Name, total, delivered, read, failed,
                total == 0 ? 0 : Math.Round((double)delivered / total, 4), total == 0 ? 0 : Math.Round((double)read / total, 4));
        })
        .OrderByDescending(r => r.Total).ToList();

    private static async Task<Results<Ok<List<DeliveryRateDto>>, ValidationProblem>> Templates(AppDbContext db, MessageTallies tallies, TimeProvider clock, CancellationToken ct, int days = 30)
    {
        var (from, invalid) = Range(clock, days);
        if (invalid is not null) return invalid;
        var rows = (await tallies.ForDaysAsync(db, from, days, ct))
            .GroupBy(t => (t.TemplateId, t.TemplateName, t.Status)).Select(g => new Tally(g.Key.TemplateId, g.Key.TemplateName, g.Key.Status, g.Sum(t => t.Count)));
        return TypedResults.Ok(Rates(rows));
    }

    private static async Task<Results<Ok<List<DeliveryRateDto>>, ValidationProblem>> Providers(AppDbContext db, MessageTallies tallies, TimeProvider clock, CancellationToken ct, int days = 30)
    {
        var (from, invalid) = Range(clock, days);
        if (invalid is not null) return invalid;
        var rows = (await tallies.ForDaysAsync(db, from, days, ct)).Where(t => t.ProviderId != null)
            .GroupBy(t => (t.ProviderId, t.Status)).Select(g => new { g.Key.ProviderId, g.Key.Status, Count = g.Sum(t => t.Count) }).ToList();
        var names = await db.WhatsAppProviders.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        return TypedResults.Ok(Rates(rows.Select(r => new Tally(r.ProviderId, names.GetValueOrDefault(r.ProviderId!.Value) ?? $"Provider {r.ProviderId} (deleted)", r.Status, r.Count))));
    }

    private static async Task<Results<Ok<List<FailureReasonDto>>, ValidationProblem>> Failures(AppDbContext db, TimeProvider clock, CancellationToken ct, int days = 30)
    {
        var (from, invalid) = Range(clock, days);
        if (invalid is not null) return invalid;
        var rows = await Since(db, from).Where(m => (m.Status == MessageStatus.Failed || m.Status == MessageStatus.Undelivered) && m.ErrorCode != null)
            .GroupBy(m => new { m.ProviderType, m.ErrorCode }).Select(g => new { g.Key.ProviderType, g.Key.ErrorCode, Count = g.Count() }).ToListAsync(ct);
        return TypedResults.Ok(rows.OrderByDescending(r => r.Count)
            .Select(r => new FailureReasonDto(r.ProviderType, r.ErrorCode!, ProviderErrors.Describe(r.ProviderType ?? "", r.ErrorCode!)?.Meaning, r.Count)).ToList());
    }

    private static async Task<Results<Ok<List<SpendDto>>, ValidationProblem>> Spend(AppDbContext db, TimeProvider clock, CancellationToken ct, int days = 30)
    {
        var (from, invalid) = Range(clock, days);
        if (invalid is not null) return invalid;
        var totals = await MessageSpend.SumAsync(Since(db, from)
            .Select(m => new MessageSpend.Row<string?> { Key = m.PricingCategory, Currency = m.CostCurrency, Cost = m.Cost }), ct);
        return TypedResults.Ok(totals.Select(t => new SpendDto(t.Key ?? "unknown", t.Currency, t.Messages, t.Amount)).ToList());
    }

    private static async Task<Results<Ok<List<DailySpendDto>>, ValidationProblem>> DailySpend(AppDbContext db, TimeProvider clock, CancellationToken ct, int days = 30)
    {
        var (from, invalid) = Range(clock, days);
        if (invalid is not null) return invalid;
        var totals = await MessageSpend.SumAsync(Since(db, from)
            .Select(m => new MessageSpend.Row<DateTime> { Key = m.CreatedAt.Date, Currency = m.CostCurrency, Cost = m.Cost }), ct);
        return TypedResults.Ok(totals.Select(t => new DailySpendDto(DateOnly.FromDateTime(t.Key), t.Currency, t.Messages, t.Amount))
            .OrderBy(d => d.Day).ThenBy(d => d.Currency).ToList());
    }

    private static async Task<Results<Ok<List<SpendByDto>>, ValidationProblem>> SpendByTemplate(AppDbContext db, TimeProvider clock, CancellationToken ct, int days = 30)
    {
        var (from, invalid) = Range(clock, days);
        if (invalid is not null) return invalid;
        // By name: a template's languages are one template; free-form replies have none.
        var totals = await MessageSpend.SumAsync(Since(db, from).Where(m => m.Body == null)
            .Select(m => new MessageSpend.Row<string> { Key = m.TemplateName, Currency = m.CostCurrency, Cost = m.Cost }), ct);
        return TypedResults.Ok(totals.Select(t => new SpendByDto(t.Key, t.Key, t.Currency, t.Messages, t.Amount)).ToList());
    }

    private static async Task<Results<Ok<List<SpendByDto>>, ValidationProblem>> SpendByBroadcast(AppDbContext db, TimeProvider clock, CancellationToken ct, int days = 30)
    {
        var (from, invalid) = Range(clock, days);
        if (invalid is not null) return invalid;
        var totals = await MessageSpend.SumAsync(Since(db, from).Where(m => m.BroadcastId != null)
            .Select(m => new MessageSpend.Row<int> { Key = m.BroadcastId!.Value, Currency = m.CostCurrency, Cost = m.Cost }), ct);
        var ids = totals.Select(t => t.Key).Distinct().ToList();
        var names = await db.Set<Broadcast>().AsNoTracking().Where(b => ids.Contains(b.Id))
            .ToDictionaryAsync(b => b.Id, b => b.Name ?? $"{b.TemplateName}, {b.CreatedAt:yyyy-MM-dd HH:mm} UTC", ct);
        return TypedResults.Ok(totals.Select(t => new SpendByDto(t.Key.ToString(System.Globalization.CultureInfo.InvariantCulture),
            names.GetValueOrDefault(t.Key) ?? $"Broadcast {t.Key} (deleted)", t.Currency, t.Messages, t.Amount)).ToList());
    }

    private static async Task<Results<Ok<List<SpendByDto>>, ValidationProblem>> SpendByAutomation(AppDbContext db, TimeProvider clock, CancellationToken ct, int days = 30)
    {
        var (from, invalid) = Range(clock, days);
        if (invalid is not null) return invalid;
        var totals = await MessageSpend.SumAsync(Since(db, from).Where(m => m.Source == MessageSource.Automation && m.EventType != null)
            .Select(m => new MessageSpend.Row<string> { Key = m.EventType!, Currency = m.CostCurrency, Cost = m.Cost }), ct);
        return TypedResults.Ok(totals.Select(t => new SpendByDto(t.Key, t.Key, t.Currency, t.Messages, t.Amount)).ToList());
    }

    private static async Task<Results<Ok<ConsentStatsDto>, ValidationProblem>> Consent(AppDbContext db, TimeProvider clock, CancellationToken ct, int days = 30)
    {
        var (from, invalid) = Range(clock, days);
        if (invalid is not null) return invalid;
        // Service consent: one STOP that also ends offers is one opt-out here, not two.
        var records = db.Set<ConsentRecord>().AsNoTracking().Where(r => r.At >= from && r.Purpose == ConsentPurpose.Service);
        var perDay = await records.GroupBy(r => new { r.At.Date, r.OptedIn }).Select(g => new { g.Key.Date, g.Key.OptedIn, Count = g.Count() }).ToListAsync(ct);
        var bySource = await records.Where(r => !r.OptedIn).GroupBy(r => r.Source).Select(g => new OptOutSourceDto(g.Key, g.Count())).ToListAsync(ct);
        var customers = db.Set<Customer>().AsNoTracking();
        var lookup = perDay.ToLookup(r => DateOnly.FromDateTime(r.Date));
        var daysList = Enumerable.Range(0, days).Select(i => DateOnly.FromDateTime(from.AddDays(i)))
            .Select(d => new ConsentDayDto(d, lookup[d].Where(r => r.OptedIn).Sum(r => r.Count), lookup[d].Where(r => !r.OptedIn).Sum(r => r.Count))).ToList();
        return TypedResults.Ok(new ConsentStatsDto(await customers.CountAsync(c => c.WhatsAppOptIn, ct), await customers.CountAsync(ct),
            daysList, bySource.OrderByDescending(s => s.Count).ToList()));
    }
}
