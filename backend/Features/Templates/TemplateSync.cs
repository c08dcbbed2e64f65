using WhatsApp.Api.Features.Providers.Drivers;
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
            // One variant per (name, language): Meta and Vonage name a template the same in every language, so the
            // binding alone would let the second language overwrite the first.
            var template = templates.FirstOrDefault(t => t.Language == r.Language && t.Bindings.Any(b => b.ProviderId == provider.Row.Id && b.ExternalId == r.ExternalId))
                ?? templates.FirstOrDefault(t => t.Name == r.Name && t.Language == r.Language);
            var (format, keys, error) = Analyze(r);
            if (error is not null) { warnings.Add($"{r.Name} ({r.Language}): {error}"); continue; }
            // What only the app knows survives a sync: a document's file name, and what a tap on each quick reply does.
            var header = r.Header is null ? null : new TemplateHeader(r.Header.Format, r.Header.Text, r.Header.MediaUrl,
                template?.Header is { } known && known.Format == r.Header.Format ? known.FileName : null);
            var buttons = r.Buttons.Select(b => new TemplateButton(b.Type, b.Text, b.Url, b.PhoneNumber, b.Code,
                template?.Buttons.FirstOrDefault(k => k.Type == b.Type && k.Text == b.Text)?.Action)).ToList();
            var parts = TemplateParts.Of(header, buttons);

            var status = Enum.TryParse<TemplateStatus>(r.Status, ignoreCase: true, out var s) ? s : TemplateStatus.PENDING;
            var category = Enum.TryParse<TemplateCategory>(r.Category, ignoreCase: true, out var c) ? c : TemplateCategory.UTILITY;
            if (template is null)
            {
                template = new WhatsAppTemplate { Name = r.Name, Language = r.Language, Body = r.Body, CreatedAt = now };
                db.Add(template);
                templates.Add(template);
                created++;
            }
            else if (template.Body == r.Body && template.Status == status
                     && template.Header == header && template.Footer == r.Footer && template.Buttons.SequenceEqual(buttons) && template.Category == category
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
            template.Variables =
            [
                .. keys.Select(k => new TemplateVariable(k, labels.GetValueOrDefault(k) ?? k, r.Samples.GetValueOrDefault(k))),
                .. parts.Select(p => new TemplateVariable(p.Key, labels.GetValueOrDefault(p.Key) ?? p.Label, SampleOf(r, p))),
            ];
            template.Header = header;
            template.Footer = r.Footer;
            template.Buttons = buttons;
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

    /// <summary>
    /// The body's placeholders, checked for gaps together with the other parts' (Twilio numbers one sequence across
    /// body, media URL and buttons; Meta numbers each component on its own, which passes the same check).
    /// </summary>
    private static (Providers.Drivers.ParameterFormat Format, IReadOnlyList<string> Keys, string? Error) Analyze(RemoteTemplate r)
    {
        var whole = string.Join(" ", new[] { r.Body, r.Header?.Text, r.Header?.MediaUrl }
            .Concat(r.Buttons.SelectMany(b => new[] { b.Url, b.Code })).Where(t => t is not null));
        var (format, keys, error) = TemplateText.Analyze(whole);
        var inBody = TemplateText.Placeholders(r.Body).ToHashSet();
        return (format, keys.Where(inBody.Contains).ToList(), error);
    }

    /// <summary>The provider's sample for a part: the header's, a button's, or the sample of the part's placeholder.</summary>
    private static string? SampleOf(RemoteTemplate r, ComponentParameter part) =>
        (part.Key.StartsWith("header:", StringComparison.Ordinal) ? r.Header?.Sample
            : int.TryParse(part.Key.AsSpan("button:".Length), out var i) && i < r.Buttons.Count ? r.Buttons[i].Sample : null)
        ?? (part.Placeholder is { } p ? r.Samples.GetValueOrDefault(p) : null);
}
