using System.Security.Claims;
using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Costs;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Broadcasts;

public static class BroadcastsEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapBroadcastsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/whatsapp/broadcasts").WithTags("Broadcasts").RequireAuthorization(Policies.Staff);
        group.MapGet("/fields", Fields).WithName("ListVariableFields")
            .WithSummary("The customer fields a broadcast variable can use, written {{customer.name}} and so on.");
        group.MapPost("/preview", Preview).WithName("PreviewBroadcast")
            .WithSummary("Counts who would receive the broadcast and who would be skipped (and why), and renders it for a sample recipient.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/", Create).WithName("CreateBroadcast")
            .WithSummary("Sends a template to an audience, now or at scheduledAt. Recipients are written to the outbox in the background; poll GET for progress.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", List).WithName("ListBroadcasts").WithSummary("Broadcasts, newest first, with their progress.");
        group.MapGet("/{id:int}", Get).WithName("GetBroadcast").WithSummary("One broadcast: its status and message counts by status.");
        group.MapGet("/{id:int}/skipped", Skipped).WithName("ListSkippedRecipients")
            .WithSummary("The audience members a broadcast did not send to, with the reason; optionally of one reason, a page at a time by cursor.");
        group.MapPost("/{id:int}/cancel", Cancel).WithName("CancelBroadcast")
            .WithSummary("Cancels a scheduled or running broadcast: messages not yet sent are canceled; those already with the provider stay.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static Ok<List<VariableFieldDto>> Fields() =>
        TypedResults.Ok(CustomerFields.AsMessageFields.Select(VariableFieldDto.From).ToList());

    private sealed record Plan(WhatsAppTemplate Template, VariableMapping Variables, AudienceSpec Audience);

    /// <summary>What preview and create both check: the template can go out through the active provider, every variable has a valid value, the audience exists.</summary>
    private static async Task<(Plan? Plan, ValidationProblem? Invalid, ProblemHttpResult? Problem)> PlanAsync(
        AppDbContext db, ProviderResolver providers, int? templateId, AudienceSpec? audienceSpec, Dictionary<string, string?>? variables, CancellationToken ct)
    {
        var errors = await Audience.ValidateAsync(db, audienceSpec, ct);
        WhatsAppTemplate? template = null;
        if (templateId is null) errors["templateId"] = ["Choose a template."];
        else if ((template = await db.Set<WhatsAppTemplate>().AsNoTracking().Include(t => t.Bindings).FirstOrDefaultAsync(t => t.Id == templateId, ct)) is null)
            errors["templateId"] = ["There is no such template."];
        VariableMapping? mapping = null;
        if (template is not null)
        {
            (mapping, var variableErrors) = VariableMapping.Compile(template, variables, CustomerFields.AsMessageFields);
            foreach (var (k, v) in variableErrors) errors[k] = v;
        }
        if (errors.Count > 0) return (null, TypedResults.ValidationProblem(errors), null);

        if (template!.WhyNotSendable() is { } notApproved)
            return (null, null, Problems.Unprocessable(notApproved.Title, notApproved.Message, "templateId"));
        var provider = await providers.FindActiveRowAsync(ct);
        if (provider is null)
            return (null, null, Problems.Conflict("No WhatsApp provider is active. Add one and set it active in Settings → WhatsApp."));
        if (template.WhyNotSendableThrough(provider) is { } notSendable)
            return (null, null, Problems.Unprocessable(notSendable.Title, notSendable.Message, "templateId"));
        return (new Plan(template, mapping!, audienceSpec!), null, null);
    }

    private static async Task<Results<Ok<BroadcastPreviewDto>, ValidationProblem, ProblemHttpResult>> Preview(
        PreviewBroadcastRequest request, AppDbContext db, ProviderResolver providers, Audience audience, MarketingCap cap, CustomerFields fields,
        IOptions<BroadcastOptions> options, RateCardCache rateCard, MessagingLimits limits, CancellationToken ct)
    {
        var (plan, invalid, problem) = await PlanAsync(db, providers, request.TemplateId, request.Audience, request.Variables, ct);
        if (invalid is not null) return invalid;
        if (problem is not null) return problem;

        var estimate = new CostEstimate(await rateCard.GetAsync(db, ct), RateCardRules.TemplateCategories[plan!.Template.Category.ToString()]);
        var limit = await limits.CheckAsync((await providers.FindActiveRowAsync(ct))!, ct);
        var (counts, first) = await audience.CountAsync(cap, plan.Audience, plan.Template, plan.Variables, options.Value.FanOutBatchSize, ct,
            c =>
            {
                estimate.Add(c.Phone, limit.IsWindowOpen(c.Phone));
                limit.Add(c.Phone);
            });
        var sampleCustomer = request.SampleCustomerId is { } sid
            ? await db.Set<Customer>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == sid, ct)
            : first;
        if (request.SampleCustomerId is not null && sampleCustomer is null)
            return Problems.Field("sampleCustomerId", "There is no such customer.");
        SampleMessage? sample = null;
        if (sampleCustomer is not null)
        {
            var (parameters, missing) = plan.Variables.Resolve(path => fields.ValueOf(sampleCustomer, path));
            sample = new SampleMessage(sampleCustomer.Id, sampleCustomer.Name, sampleCustomer.Phone, parameters,
                TemplateText.Render(plan.Template.Body, parameters), missing);
        }
        return TypedResults.Ok(new BroadcastPreviewDto(counts, sample, estimate.ToDto(), limit.ToDto()));
    }

    private static async Task<Results<Created<BroadcastDto>, ValidationProblem, ProblemHttpResult>> Create(
        CreateBroadcastRequest request, AppDbContext db, ProviderResolver providers, Audience audience, MarketingCap cap, IBackgroundJobClient jobs,
        ClaimsPrincipal user, TimeProvider clock, IOptions<BroadcastOptions> options, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        DateTime? scheduledAt = request.ScheduledAt is { } at ? (at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at.ToUniversalTime()) : null;
        if (scheduledAt < now.AddMinutes(-5))
            return Problems.Field("scheduledAt", "The scheduled time is in the past. Leave it empty to send now.");
        if (scheduledAt > now.AddDays(365))
            return Problems.Field("scheduledAt", "Schedule at most a year ahead.");
        if (scheduledAt <= now) scheduledAt = null;
        if (request.Name?.Length > 200) return Problems.Field("name", "At most 200 characters.");

        var (plan, invalid, problem) = await PlanAsync(db, providers, request.TemplateId, request.Audience, request.Variables, ct);
        if (invalid is not null) return invalid;
        if (problem is not null) return problem;

        var (counts, _) = await audience.CountAsync(cap, plan!.Audience, plan.Template, plan.Variables, options.Value.FanOutBatchSize, ct);
        if (counts.Recipients == 0)
        {
            var s = counts.SkippedBreakdown;
            return Problems.Unprocessable("Nobody to send to",
                $"None of the {counts.Audience} customers in this audience can receive it: {s.NotOptedIn} not opted in, {s.NoMarketingConsent} without marketing consent, {s.FrequencyCap} who had their share of offers, {s.InvalidPhone} with an invalid number, " +
                $"{s.Duplicate} duplicate numbers, {s.MissingValue} missing a variable's value.", "audience");
        }

        var broadcast = new Broadcast
        {
            Name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim(),
            TemplateId = plan.Template.Id,
            TemplateName = plan.Template.Name,
            TemplateLanguage = plan.Template.Language,
            AudienceJson = JsonSerializer.Serialize(plan.Audience, Json),
            VariablesJson = JsonSerializer.Serialize(plan.Variables.Raw, Json),
            Status = BroadcastStatus.Preparing,
            ScheduledAt = scheduledAt,
            CreatedBy = user.Identity?.Name,
            CreatedAt = now,
            UpdatedAt = now,
            ExpectedRecipients = counts.Recipients,
            ExpectedSkipped = counts.Skipped,
        };
        db.Add(broadcast);
        await db.SaveChangesAsync(ct);
        // Should this enqueue be lost (a crash right here), the recovery job finds the broadcast still Preparing.
        jobs.Enqueue<BroadcastFanOut>(f => f.RunAsync(broadcast.Id, CancellationToken.None));
        var dto = (await BroadcastProgress.LoadAsync(db, [broadcast], now, ct))[0];
        return TypedResults.Created($"/api/whatsapp/broadcasts/{broadcast.Id}", dto);
    }

    private static async Task<Ok<BroadcastPage>> List(AppDbContext db, TimeProvider clock, CancellationToken ct,
        BroadcastStatus? status = null, int page = 1, int pageSize = 20)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        var query = db.Set<Broadcast>().AsNoTracking();
        if (status is not null) query = query.Where(b => b.Status == status);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(b => b.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var items = await BroadcastProgress.LoadAsync(db, rows, clock.GetUtcNow().UtcDateTime, ct);
        return TypedResults.Ok(new BroadcastPage(items, total, page, pageSize));
    }

    private static async Task<Results<Ok<BroadcastDto>, NotFound>> Get(int id, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var broadcast = await db.Set<Broadcast>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct);
        if (broadcast is null) return TypedResults.NotFound();
        return TypedResults.Ok((await BroadcastProgress.LoadAsync(db, [broadcast], clock.GetUtcNow().UtcDateTime, ct))[0]);
    }

    private static async Task<Results<Ok<SkippedRecipientPage>, NotFound, ValidationProblem>> Skipped(int id, AppDbContext db, CancellationToken ct,
        SkipReason? reason = null, string? cursor = null, [System.ComponentModel.DataAnnotations.Range(1, 500)] int limit = 50)
    {
        long after = 0;
        if (!string.IsNullOrEmpty(cursor) && (!long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out after) || after < 0))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cursor"] = ["The cursor is not valid."] });
        if (!await db.Set<Broadcast>().AnyAsync(b => b.Id == id, ct)) return TypedResults.NotFound();
        return TypedResults.Ok(await BroadcastSkips.PageAsync(db, id, reason, after, limit, ct));
    }

    private static async Task<Results<Ok<BroadcastDto>, NotFound, ProblemHttpResult>> Cancel(
        int id, AppDbContext db, BroadcastCancellation cancellation, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var (broadcast, canceled) = await cancellation.CancelAsync(id, user.Identity?.Name, ct);
        if (broadcast is null) return TypedResults.NotFound();
        if (!canceled)
            return Problems.Conflict($"Broadcast {id} is {broadcast.Status.ToString().ToLowerInvariant()}; only a preparing, scheduled or sending broadcast can be canceled.");
        return TypedResults.Ok((await BroadcastProgress.LoadAsync(db, [broadcast], clock.GetUtcNow().UtcDateTime, ct))[0]);
    }
}
