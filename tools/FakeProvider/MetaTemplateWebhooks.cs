using System.Buffers;
using System.Text.Json;

namespace FakeProvider;

/// <summary>
/// Body of <c>POST /_fake/template-events/meta</c>: one of Meta's template webhooks for the templates of a phone number's
/// business account. <c>Field</c>: message_template_status_update (<c>Event</c>: APPROVED, REJECTED, PAUSED, DISABLED …,
/// <c>Reason</c>), message_template_quality_update (<c>Quality</c>: GREEN, YELLOW, RED, UNKNOWN) or template_category_update
/// (<c>Category</c>, <c>PreviousCategory</c>). <c>Url</c> defaults to the number's callbackUrl.
/// </summary>
public sealed record TemplateEventRequest(
    string PhoneNumberId,
    string Field,
    string Name,
    string Language = "en_US",
    string? Event = null,
    string? Reason = null,
    string? Quality = null,
    string? PreviousQuality = null,
    string? Category = null,
    string? PreviousCategory = null,
    string? Url = null)
{
    public static readonly string[] Fields = ["message_template_status_update", "message_template_quality_update", "template_category_update"];
}

/// <summary>Meta's template webhooks as Meta sends them: WABA-level, signed with the app secret like every Meta webhook.</summary>
internal static class MetaTemplateWebhooks
{
    public static WebhookRequest Build(MetaAccount account, TemplateEventRequest request, string url, string? templateId)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, Wire.Writer))
        {
            w.WriteStartObject();
            w.WriteString("object", "whatsapp_business_account");
            w.WriteStartArray("entry");
            w.WriteStartObject();
            w.WriteString("id", account.WabaOrSelf);
            w.WriteNumber("time", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            w.WriteStartArray("changes");
            w.WriteStartObject();
            w.WriteStartObject("value");
            switch (request.Field)
            {
                case "message_template_status_update":
                    w.WriteString("event", request.Event ?? "APPROVED");
                    WriteTemplate(w, request, templateId);
                    w.WriteString("reason", request.Reason ?? "NONE");
                    break;
                case "message_template_quality_update":
                    w.WriteString("previous_quality_score", request.PreviousQuality ?? "GREEN");
                    w.WriteString("new_quality_score", request.Quality ?? "YELLOW");
                    WriteTemplate(w, request, templateId);
                    break;
                default:
                    WriteTemplate(w, request, templateId);
                    w.WriteString("previous_category", request.PreviousCategory ?? "UTILITY");
                    w.WriteString("new_category", request.Category ?? "MARKETING");
                    break;
            }
            w.WriteEndObject();
            w.WriteString("field", request.Field);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return MetaApi.Signed("template", url, account, buffer.WrittenSpan.ToArray(), request.Name, request.Event ?? request.Quality ?? request.Category ?? "");
    }

    private static void WriteTemplate(Utf8JsonWriter w, TemplateEventRequest request, string? templateId)
    {
        if (long.TryParse(templateId, out var numeric)) w.WriteNumber("message_template_id", numeric);
        else w.WriteString("message_template_id", templateId ?? Wire.GraphId());
        w.WriteString("message_template_name", request.Name);
        w.WriteString("message_template_language", request.Language);
    }

    /// <summary>The seeded template changes as announced, so the fake's own sends agree with the webhook (a PAUSED one fails 132015).</summary>
    public static string? ApplyToSeeded(FakeProviderState state, string wabaId, TemplateEventRequest request)
    {
        var templates = state.GetMetaTemplates(wabaId).ToList();
        var index = templates.FindIndex(t => t.Name == request.Name && t.Language == request.Language);
        if (index < 0) return null;
        var t = templates[index];
        templates[index] = request.Field switch
        {
            "message_template_status_update" => t with { Status = request.Event ?? t.Status },
            "template_category_update" => t with { Category = request.Category ?? t.Category },
            _ => t,
        };
        state.SeedMetaTemplates(wabaId, templates);
        return t.Id;
    }
}
