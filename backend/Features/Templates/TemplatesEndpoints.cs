using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Templates;

public static class TemplatesEndpoints
{
    public static IEndpointRouteBuilder MapTemplatesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/whatsapp/templates").WithTags("Templates").RequireAuthorization(Policies.Staff);
        group.MapGet("/", List).WithName("ListTemplates").WithSummary("Templates, optionally searched by name or body and filtered by status.");
        group.MapGet("/{id:int}", Get).WithName("GetTemplate").WithSummary("One template with its provider bindings.");
        group.MapPost("/", Create).WithName("CreateTemplate").WithSummary("Adds a template; its placeholders must match its variables.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:int}", Update).WithName("UpdateTemplate").WithSummary("Updates a template.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{id:int}", Delete).WithName("DeleteTemplate").WithSummary("Deletes a template; the Sent Log keeps its name.");
        group.MapPost("/sync", Sync).WithName("SyncTemplates").WithSummary("Fetches the active provider's templates and their approval status, and upserts them; a template that can no longer be sent pauses the automations and broadcasts that use it, an approved one resumes them.")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status502BadGateway);
        return app;
    }

    private static async Task<Ok<List<TemplateDto>>> List(AppDbContext db, string? q = null, TemplateStatus? status = null)
    {
        var query = db.Set<WhatsAppTemplate>().AsNoTracking().Include(t => t.Bindings).ThenInclude(b => b.Provider).AsQueryable();
        if (status is not null) query = query.Where(t => t.Status == status);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = LikePattern.Containing(q.Trim().ToLowerInvariant());
            query = query.Where(t => EF.Functions.Like(t.Name.ToLower(), pattern, LikePattern.Escape) || EF.Functions.Like(t.Body.ToLower(), pattern, LikePattern.Escape));
        }
        var active = await ActiveProviderAsync(db);
        var rows = await query.OrderBy(t => t.Name).ThenBy(t => t.Language).ToListAsync();
        return TypedResults.Ok(rows.Select(t => ToDto(t, active)).ToList());
    }

    private static async Task<Results<Ok<TemplateDto>, NotFound>> Get(int id, AppDbContext db) =>
        await db.Set<WhatsAppTemplate>().AsNoTracking().Include(t => t.Bindings).ThenInclude(b => b.Provider).FirstOrDefaultAsync(t => t.Id == id) is { } t
            ? TypedResults.Ok(ToDto(t, await ActiveProviderAsync(db)))
            : TypedResults.NotFound();

    private static async Task<Results<Created<TemplateDto>, ValidationProblem, ProblemHttpResult>> Create(SaveTemplateRequest request, AppDbContext db, TimeProvider clock)
    {
        var (valid, errors) = TemplateValidation.Validate(request, existing: null, await ProviderIdsAsync(db));
        if (valid is null) return TypedResults.ValidationProblem(errors);
        if (await db.Set<WhatsAppTemplate>().AnyAsync(t => t.Name == valid.Name && t.Language == valid.Language))
            return Problems.Conflict($"A template '{valid.Name}' in {valid.Language} already exists.", "name");

        var now = clock.GetUtcNow().UtcDateTime;
        var template = new WhatsAppTemplate { Name = valid.Name, Language = valid.Language, Body = valid.Body, CreatedAt = now };
        Apply(template, valid, now);
        db.Add(template);
        await db.SaveChangesAsync();
        return TypedResults.Created($"/api/whatsapp/templates/{template.Id}", await ReloadAsync(db, template.Id));
    }

    private static async Task<Results<Ok<TemplateDto>, NotFound, ValidationProblem, ProblemHttpResult>> Update(int id, SaveTemplateRequest request, AppDbContext db, TimeProvider clock)
    {
        var template = await db.Set<WhatsAppTemplate>().Include(t => t.Bindings).FirstOrDefaultAsync(t => t.Id == id);
        if (template is null) return TypedResults.NotFound();
        var (valid, errors) = TemplateValidation.Validate(request, template, await ProviderIdsAsync(db));
        if (valid is null) return TypedResults.ValidationProblem(errors);
        if (await db.Set<WhatsAppTemplate>().AnyAsync(t => t.Id != id && t.Name == valid.Name && t.Language == valid.Language))
            return Problems.Conflict($"A template '{valid.Name}' in {valid.Language} already exists.", "name");

        Apply(template, valid, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
        return TypedResults.Ok(await ReloadAsync(db, id));
    }

    private static async Task<Results<NoContent, NotFound>> Delete(int id, AppDbContext db)
    {
        var deleted = await db.Set<WhatsAppTemplate>().Where(t => t.Id == id).ExecuteDeleteAsync();
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<TemplateSyncResult>, ProblemHttpResult>> Sync(ProviderResolver providers, TemplateResync sync, CancellationToken ct)
    {
        ResolvedProvider? active;
        try { active = await providers.ActiveAsync(ct); }
        catch (CredentialsUnreadableException ex) { return Problems.Conflict(ex.Message); }
        if (active is null)
            return Problems.Conflict("No provider is active. Add one and set it active in Settings → WhatsApp.");
        try
        {
            return TypedResults.Ok(await sync.SyncAndReviewAsync(active, ct));
        }
        catch (Exception ex) when (ex is HttpRequestException or NotSupportedException or InvalidOperationException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return Problems.Problem(StatusCodes.Status502BadGateway, "Template sync failed", $"{active.Driver.DisplayName}: {ex.Message}");
        }
    }

    private static void Apply(WhatsAppTemplate t, TemplateValidation.Validated v, DateTime now)
    {
        t.Name = v.Name;
        t.Language = v.Language;
        t.Category = v.Category;
        t.Body = v.Body;
        t.ParameterFormat = v.Format;
        t.Variables = v.Variables;
        t.Header = v.Header;
        t.Footer = v.Footer;
        t.Buttons = v.Buttons;
        t.Status = v.Status;
        if (v.Status != TemplateStatus.REJECTED) t.RejectionReason = null;
        t.UpdatedAt = now;
        t.Bindings.RemoveAll(b => v.Bindings.All(n => n.ProviderId != b.ProviderId));
        foreach (var b in v.Bindings)
        {
            var existing = t.Bindings.FirstOrDefault(x => x.ProviderId == b.ProviderId);
            if (existing is null) t.Bindings.Add(new TemplateBinding { ProviderId = b.ProviderId, ExternalId = b.ExternalId });
            else existing.ExternalId = b.ExternalId;
        }
    }

    private static async Task<TemplateDto> ReloadAsync(AppDbContext db, int id) =>
        ToDto(await db.Set<WhatsAppTemplate>().AsNoTracking().Include(t => t.Bindings).ThenInclude(b => b.Provider).FirstAsync(t => t.Id == id),
            await ActiveProviderAsync(db));

    private static async Task<HashSet<int>> ProviderIdsAsync(AppDbContext db) => (await db.WhatsAppProviders.Select(p => p.Id).ToListAsync()).ToHashSet();

    private static Task<WhatsAppProvider?> ActiveProviderAsync(AppDbContext db) =>
        db.WhatsAppProviders.AsNoTracking().FirstOrDefaultAsync(p => p.IsActive);

    internal static TemplateDto ToDto(WhatsAppTemplate t, WhatsAppProvider? activeProvider)
    {
        var why = activeProvider is null ? t.WhyNotSendable() : t.WhyNotSendableThrough(activeProvider);
        return new(
            t.Id, t.Name, t.Language, t.Category, t.Body, t.ParameterFormat, t.Variables, t.Header, t.Footer, t.Buttons, t.Status, t.RejectionReason,
            t.Bindings.Select(b => new TemplateBindingDto(b.ProviderId, b.ExternalId, b.Provider?.Name, b.Provider?.ProviderType)).ToList(),
            Sendable: activeProvider is not null && why is null,
            NotSendableReason: why?.Message ?? (activeProvider is null ? "No provider is active." : null),
            t.CreatedAt, t.UpdatedAt, t.LastSyncedAt) { QualityRating = t.QualityRating };
    }
}
