using System.Text.Json;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>
/// Meta's template webhooks (WhatsApp Business Account fields): <c>message_template_status_update</c> (value.event),
/// <c>message_template_quality_update</c> (value.new_quality_score) and <c>template_category_update</c>
/// (value.new_category, value.previous_category); each names the template by message_template_name and _language.
/// </summary>
internal static class MetaTemplateEvents
{
    public static TemplateEvent? Parse(string? field, JsonElement value)
    {
        if (field is not ("message_template_status_update" or "message_template_quality_update" or "template_category_update")) return null;
        if (value.Str("message_template_name") is not { Length: > 0 } name) return null;
        var language = value.Str("message_template_language");
        return field switch
        {
            "message_template_status_update" => new TemplateEvent(name, language, Status: value.Str("event")?.ToUpperInvariant(),
                Reason: value.Str("reason") is { } reason && reason != "NONE" ? reason : null),
            "message_template_quality_update" => new TemplateEvent(name, language, Quality: value.Str("new_quality_score")?.ToUpperInvariant()),
            _ => new TemplateEvent(name, language, Category: value.Str("new_category")?.ToUpperInvariant(),
                PreviousCategory: value.Str("previous_category")?.ToUpperInvariant()),
        };
    }
}
