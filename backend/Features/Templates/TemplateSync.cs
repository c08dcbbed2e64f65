using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Templates;

/// <summary>Upserts the active provider's templates with their approval status (templates stuck in PENDING are a known peer failure).</summary>
public sealed class TemplateSync(AppDbContext db, TimeProvider clock, ILogger<TemplateSync> logger)
{
    public async Task<TemplateSyncResult> SyncAsync(ResolvedProvider provider, CancellationToken ct)
    {
        var remote = await provider.Driver.ListTemplatesAsync(provider.Context, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var templates = await db.Set<WhatsAppTemplate>().Include(t => t.Bindings).ToListAsync(ct);
        int created = 0, updated = 0, unchanged = 0;
        var warnings = new List<string>();

        foreach (var r in remote)
        {
            var template = templates.FirstOrDefault(t => t.Bindings.Any(b => b.ProviderId == provider.Row.Id && b.ExternalId == r.ExternalId))
                ?? templates.FirstOrDefault(t => t.Name == r.Name && t.Language == r.Language);
            var (format, keys, error) = TemplateText.Analyze(r.Body);
            if (error is not null) { warnings.Add($"{r.Name} ({r.Language}): {error}"); continue; }

            var status = Enum.TryParse<TemplateStatus>(r.Status, ignoreCase: true, out var s) ? s : TemplateStatus.PENDING;
            var category = Enum.TryParse<TemplateCategory>(r.Category, ignoreCase: true, out var c) ? c : TemplateCategory.UTILITY;
            if (template is null)
            {
                template = new WhatsAppTemplate { Name = r.Name, Language = r.Language, Body = r.Body, CreatedAt = now };
                db.Add(template);
                templates.Add(template);
                created++;
            }
            else if (template.Body == r.Body && template.Status == status && template.Category == category
                     && template.RejectionReason == r.RejectionReason
                     && template.Bindings.Any(b => b.ProviderId == provider.Row.Id && b.ExternalId == r.ExternalId))
            {
                template.LastSyncedAt = now;
                unchanged++;
                continue;
            }
            else updated++;

            var labels = template.Variables.ToDictionary(v => v.Key, v => v.Label);
            template.Body = r.Body;
            template.ParameterFormat = format;
            template.Variables = keys.Select(k => new TemplateVariable(k, labels.GetValueOrDefault(k) ?? k, r.Samples.GetValueOrDefault(k))).ToList();
            template.Status = status;
            template.Category = category;
            template.RejectionReason = string.IsNullOrWhiteSpace(r.RejectionReason) ? null : r.RejectionReason;
            template.UpdatedAt = now;
            template.LastSyncedAt = now;
            var binding = template.BindingFor(provider.Row.Id);
            if (binding is null) template.Bindings.Add(new TemplateBinding { ProviderId = provider.Row.Id, ExternalId = r.ExternalId });
            else binding.ExternalId = r.ExternalId;
        }
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Template sync from provider {ProviderId}: {Created} created, {Updated} updated, {Unchanged} unchanged.",
            provider.Row.Id, created, updated, unchanged);
        return new TemplateSyncResult(provider.Row.Id, provider.Row.Name, created, updated, unchanged, remote.Count, warnings);
    }
}
