using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Templates;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Automations;

/// <summary>
/// Automations as users of templates: a paused automation records its events as skipped with the reason
/// (<c>automation_paused</c>) instead of trying, and failing, a message each.
/// </summary>
public sealed class AutomationTemplateUser(AppDbContext db, TimeProvider clock) : ITemplateUser
{
    public async Task<int> PauseAsync(int templateId, string reason, bool byStatus, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Set<AutomationSetting>().Where(s => s.TemplateId == templateId && s.Enabled && s.PausedReason == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.PausedReason, reason.Truncate(1000)).SetProperty(x => x.PausedAt, now)
                .SetProperty(x => x.PausedByTemplateStatus, byStatus), ct);
    }

    public Task<int> ResumeAsync(int templateId, CancellationToken ct) =>
        db.Set<AutomationSetting>().Where(s => s.TemplateId == templateId && s.PausedReason != null && s.PausedByTemplateStatus)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.PausedReason, (string?)null).SetProperty(x => x.PausedAt, (DateTime?)null), ct);

    public async Task<IReadOnlyList<PausedUseDto>> PausedAsync(CancellationToken ct)
    {
        var paused = await db.Set<AutomationSetting>().AsNoTracking().Where(s => s.PausedReason != null).ToListAsync(ct);
        return paused.Select(s => new PausedUseDto("automation", $"{EventTypes.Find(s.EventType)?.Label ?? s.EventType} automation",
            "/settings/automations", s.TemplateId, s.PausedReason!, s.PausedAt ?? DateTime.MinValue)).ToList();
    }
}
