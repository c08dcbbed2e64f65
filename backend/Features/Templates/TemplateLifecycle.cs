using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Templates;

/// <summary>Something paused because its template cannot be used: an automation or a broadcast, with where to see it.</summary>
/// <param name="Kind">"automation" or "broadcast".</param>
/// <param name="Link">The app's page for it, e.g. /settings/automations or /whatsapp/broadcasts/7.</param>
public sealed record PausedUseDto(string Kind, string Name, string Link, int? TemplateId, string Reason, DateTime PausedAt);

/// <summary>
/// What sends with templates and must hold while one cannot be used — automations, broadcasts. Implemented by those
/// features (they sit above Templates), so the lifecycle pauses them without knowing them.
/// </summary>
public interface ITemplateUser
{
    /// <summary>
    /// Pauses what uses the template and is not paused yet, saying why. <paramref name="byStatus"/>: the template's status
    /// is the reason (it resumes when the template is APPROVED again); otherwise a change people must look at (a new
    /// category), which resumes when they save or recreate it. Returns how many were paused.
    /// </summary>
    Task<int> PauseAsync(int templateId, string reason, bool byStatus, CancellationToken ct);

    /// <summary>Resumes what was paused because of the template's status. Returns how many resumed.</summary>
    Task<int> ResumeAsync(int templateId, CancellationToken ct);

    /// <summary>Everything of this kind that is paused now.</summary>
    Task<IReadOnlyList<PausedUseDto>> PausedAsync(CancellationToken ct);
}

/// <summary>
/// Keeps templates as the provider says they are, as it happens: Meta's template webhooks (status, quality rating,
/// category) and the scheduled re-sync of providers that send none (Twilio, Vonage). A template that can no longer be sent
/// as it was set up — PAUSED, DISABLED or REJECTED, or re-categorised from UTILITY to MARKETING — pauses the automations
/// and broadcasts that use it instead of failing message after message; APPROVED again resumes those paused for its status.
/// </summary>
public sealed class TemplateLifecycle(AppDbContext db, IEnumerable<ITemplateUser> users, TimeProvider clock, ILogger<TemplateLifecycle> logger)
{
    private static readonly TemplateStatus[] Unusable = [TemplateStatus.PAUSED, TemplateStatus.DISABLED, TemplateStatus.REJECTED];

    /// <summary>Applies one announced change to the template bound to <paramref name="providerId"/> under that name (and language).</summary>
    public async Task ApplyAsync(int providerId, TemplateEvent change, CancellationToken ct)
    {
        var candidates = await db.Set<WhatsAppTemplate>()
            .Where(t => t.Bindings.Any(b => b.ProviderId == providerId && b.ExternalId == change.Name)).ToListAsync(ct);
        var template = candidates.FirstOrDefault(t => t.Language == change.Language) ?? (candidates.Count == 1 ? candidates[0] : null);
        if (template is null)
        {
            logger.LogInformation("Template event for {Name} ({Language}) names no template bound to provider {ProviderId}.", change.Name, change.Language, providerId);
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var wasStatus = template.Status;
        var wasCategory = template.Category;
        if (change.Status is { } status && Enum.TryParse<TemplateStatus>(status, out var parsed))
        {
            template.Status = parsed;
            template.RejectionReason = parsed == TemplateStatus.APPROVED ? null : change.Reason.Truncate(1000) ?? template.RejectionReason;
        }
        if (change.Quality is { } quality) template.QualityRating = quality.Truncate(16);
        if (change.Category is { } category && Enum.TryParse<TemplateCategory>(category, out var newCategory)) template.Category = newCategory;
        template.UpdatedAt = now;
        await db.SaveChangesAsync(ct);

        if (wasCategory == TemplateCategory.UTILITY && template.Category == TemplateCategory.MARKETING)
            await PauseAsync(template, $"Meta re-categorised template '{template.Name}' from UTILITY to MARKETING: it now needs marketing consent and costs more. Check it, then save the automation again or recreate the broadcast.", byStatus: false, ct);
        if (template.Status != wasStatus) await ReviewAsync(template, ct);
    }

    /// <summary>After a sync: pauses the uses of every template that cannot be sent, resumes those of every approved one.</summary>
    public async Task ReviewAllAsync(CancellationToken ct)
    {
        foreach (var template in await db.Set<WhatsAppTemplate>().AsNoTracking().ToListAsync(ct)) await ReviewAsync(template, ct);
    }

    private async Task ReviewAsync(WhatsAppTemplate template, CancellationToken ct)
    {
        if (Unusable.Contains(template.Status))
        {
            var why = template.RejectionReason is { Length: > 0 } reason ? $" ({reason})" : "";
            await PauseAsync(template, $"Template '{template.Name}' is {template.Status} at the provider{why}; nothing using it is sent until it is APPROVED again.", byStatus: true, ct);
        }
        else if (template.Status == TemplateStatus.APPROVED)
        {
            var resumed = 0;
            foreach (var user in users) resumed += await user.ResumeAsync(template.Id, ct);
            if (resumed > 0) logger.LogInformation("Template {Name} is APPROVED again: {Count} paused use(s) resumed.", template.Name, resumed);
        }
    }

    private async Task PauseAsync(WhatsAppTemplate template, string reason, bool byStatus, CancellationToken ct)
    {
        var paused = 0;
        foreach (var user in users) paused += await user.PauseAsync(template.Id, reason, byStatus, ct);
        if (paused > 0) logger.LogWarning("Template {Name}: {Count} automation(s) or broadcast(s) paused. {Reason}", template.Name, paused, reason);
    }

    /// <summary>Everything paused now, newest first: the Overview's and the automations page's alert.</summary>
    public async Task<List<PausedUseDto>> PausedAsync(CancellationToken ct)
    {
        var all = new List<PausedUseDto>();
        foreach (var user in users) all.AddRange(await user.PausedAsync(ct));
        return all.OrderByDescending(p => p.PausedAt).ToList();
    }
}

/// <summary>
/// Providers without template webhooks (Twilio, Vonage) are asked on a schedule: the existing sync of the active provider,
/// then the same review a webhook triggers. A Sync from the Templates page goes the same way.
/// </summary>
public sealed class TemplateResync(ProviderResolver providers, TemplateSync sync, TemplateLifecycle lifecycle, ILogger<TemplateResync> logger)
{
    /// <summary>Syncs <paramref name="provider"/>'s templates, then pauses or resumes what uses them; the sync's errors are the caller's.</summary>
    public async Task<TemplateSyncResult> SyncAndReviewAsync(ResolvedProvider provider, CancellationToken ct)
    {
        var result = await sync.SyncAsync(provider, ct);
        await lifecycle.ReviewAllAsync(ct);
        return result;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        ResolvedProvider? provider;
        try { provider = await providers.ActiveAsync(ct); }
        catch (CredentialsUnreadableException ex)
        {
            logger.LogWarning("Template re-sync skipped: {Problem}", ex.Message);
            return;
        }
        if (provider is null) return;
        try { await SyncAndReviewAsync(provider, ct); }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Template re-sync from {Provider} failed; the next run tries again.", provider.Row.Name);
        }
    }
}
