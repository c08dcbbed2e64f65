using System.Text.Json;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>One Cloud API <c>value.messages[]</c> entry as a provider-neutral <see cref="InboundMessage"/>.</summary>
internal static class MetaInbound
{
    /// <summary>
    /// WhatsApp's message type → ours (Twilio's MessageType uses the same names). Media types share one shape:
    /// {id, mime_type, caption, filename}.
    /// </summary>
    internal static readonly Dictionary<string, InboundKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text"] = InboundKind.Text,
        ["image"] = InboundKind.Image,
        ["document"] = InboundKind.Document,
        ["audio"] = InboundKind.Audio,
        ["video"] = InboundKind.Video,
        ["sticker"] = InboundKind.Sticker,
        ["location"] = InboundKind.Location,
        ["contacts"] = InboundKind.Contacts,
        ["reaction"] = InboundKind.Reaction,
        ["button"] = InboundKind.Button,
        ["interactive"] = InboundKind.QuickReply,
    };

    public static InboundMessage Parse(JsonElement m, string from, string? profileName, DateTime? sentAt)
    {
        var type = m.Str("type") ?? "";
        var kind = Kinds.GetValueOrDefault(type, InboundKind.Unsupported);
        var meta = new Dictionary<string, string>();
        var part = m.Obj(type);
        string text;
        switch (kind)
        {
            case InboundKind.Text:
                text = part.Str("body") ?? "";
                break;
            case InboundKind.Image or InboundKind.Document or InboundKind.Audio or InboundKind.Video or InboundKind.Sticker:
                meta.Put( InboundKeys.MediaRef, part.Str("id"));
                meta.Put( InboundKeys.MediaType, part.Str("mime_type"));
                meta.Put( InboundKeys.FileName, part.Str("filename"));
                text = part.Str("caption") ?? "";
                break;
            case InboundKind.Location:
                meta.Put( InboundKeys.Latitude, part.Str("latitude"));
                meta.Put( InboundKeys.Longitude, part.Str("longitude"));
                meta.Put( InboundKeys.Address, part.Str("address"));
                text = string.Join(", ", new[] { part.Str("name"), part.Str("address") }.Where(s => !string.IsNullOrEmpty(s)));
                break;
            case InboundKind.Contacts:
                if (m.TryGetProperty("contacts", out var shared)) meta[InboundKeys.Contacts] = shared.GetRawText();
                text = string.Join(", ", m.Arr("contacts").Select(c => c.Obj("name").Str("formatted_name")).Where(n => !string.IsNullOrEmpty(n)));
                break;
            case InboundKind.Reaction:
                meta.Put( InboundKeys.ReactedTo, part.Str("message_id"));
                text = part.Str("emoji") ?? "";
                break;
            case InboundKind.Button:
                meta.Put( InboundKeys.Payload, part.Str("payload"));
                text = part.Str("text") ?? part.Str("payload") ?? "";
                break;
            case InboundKind.QuickReply:
                var reply = part.Obj("button_reply").ValueKind == JsonValueKind.Object ? part.Obj("button_reply") : part.Obj("list_reply");
                meta.Put( InboundKeys.Payload, reply.Str("id"));
                text = reply.Str("title") ?? "";
                break;
            default:
                meta.Put( InboundKeys.ProviderType, type);
                text = "";
                break;
        }
        return new InboundMessage(from, text, m.Str("id"), profileName)
        {
            Kind = kind,
            Metadata = meta,
            ContextMessageId = m.Obj("context").Str("id"),
            SentAt = sentAt,
        };
    }
}
