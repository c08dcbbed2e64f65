using System.Text.Json;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>A Vonage Messages API inbound body (message_type text, image, file, audio, video, location, reply, button …) as a provider-neutral <see cref="InboundMessage"/>.</summary>
internal static class VonageInbound
{
    /// <summary>Vonage's message_type → ours. Media types share one shape: {url, caption, name}.</summary>
    private static readonly Dictionary<string, InboundKind> Kinds = new(StringComparer.Ordinal)
    {
        ["text"] = InboundKind.Text,
        ["image"] = InboundKind.Image,
        ["file"] = InboundKind.Document,
        ["audio"] = InboundKind.Audio,
        ["video"] = InboundKind.Video,
        ["sticker"] = InboundKind.Sticker,
        ["location"] = InboundKind.Location,
        ["vcard"] = InboundKind.Contacts,
        ["reaction"] = InboundKind.Reaction,
        ["button"] = InboundKind.Button,
        ["reply"] = InboundKind.QuickReply,
    };

    public static InboundMessage Parse(JsonElement root, string from, string? id, DateTime? sentAt)
    {
        var type = root.Str("message_type") ?? "";
        var kind = Kinds.GetValueOrDefault(type, InboundKind.Unsupported);
        var meta = new Dictionary<string, string>();
        var part = root.Obj(type);
        string text;
        switch (kind)
        {
            case InboundKind.Text:
                text = root.Str("text") ?? "";
                break;
            case InboundKind.Image or InboundKind.Document or InboundKind.Audio or InboundKind.Video or InboundKind.Sticker or InboundKind.Contacts:
                meta.Put(InboundKeys.MediaRef, part.Str("url"));
                meta.Put(InboundKeys.FileName, part.Str("name"));
                text = part.Str("caption") ?? "";
                break;
            case InboundKind.Location:
                meta.Put(InboundKeys.Latitude, part.Str("lat"));
                meta.Put(InboundKeys.Longitude, part.Str("long"));
                meta.Put(InboundKeys.Address, part.Str("address"));
                text = string.Join(", ", new[] { part.Str("name"), part.Str("address") }.Where(s => !string.IsNullOrEmpty(s)));
                break;
            case InboundKind.Reaction:
                meta.Put(InboundKeys.ReactedTo, part.Str("message_uuid") ?? root.Obj("context").Str("message_uuid"));
                text = part.Str("emoji") ?? "";
                break;
            case InboundKind.Button:
                meta.Put(InboundKeys.Payload, part.Str("payload"));
                text = part.Str("text") ?? part.Str("payload") ?? "";
                break;
            case InboundKind.QuickReply:
                meta.Put(InboundKeys.Payload, part.Str("id"));
                text = part.Str("title") ?? "";
                break;
            default:
                meta.Put(InboundKeys.ProviderType, type);
                text = "";
                break;
        }
        return new InboundMessage(from, text, id, root.Obj("profile").Str("name"))
        {
            Kind = kind,
            Metadata = meta,
            ContextMessageId = root.Obj("context").Str("message_uuid"),
            SentAt = sentAt,
        };
    }
}
