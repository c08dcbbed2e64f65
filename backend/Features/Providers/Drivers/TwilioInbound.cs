using System.Globalization;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>
/// Twilio's inbound form (Body, NumMedia, MediaUrl{N}, Latitude, ButtonPayload …) as a provider-neutral <see cref="InboundMessage"/>.
/// Its MessageType uses WhatsApp's names (<see cref="MetaInbound.Kinds"/>); without one, the kind is read from the other fields.
/// </summary>
internal static class TwilioInbound
{
    /// <summary>Media content type prefix → kind, for forms without MessageType.</summary>
    private static readonly (string Prefix, InboundKind Kind)[] MediaKinds =
        [("image/", InboundKind.Image), ("audio/", InboundKind.Audio), ("video/", InboundKind.Video), ("", InboundKind.Document)];

    public static bool IsInbound(IReadOnlyDictionary<string, string> form) =>
        form.ContainsKey("Body") || form.ContainsKey("MediaUrl0") || form.ContainsKey("Latitude") || form.ContainsKey("ButtonPayload");

    public static InboundMessage Parse(IReadOnlyDictionary<string, string> form, string from, string? sid, string? profileName)
    {
        var meta = new Dictionary<string, string>();
        var mediaType = form.GetValueOrDefault("MediaContentType0");
        var kind = form.GetValueOrDefault("MessageType") is { Length: > 0 } type
            ? MetaInbound.Kinds.GetValueOrDefault(type, InboundKind.Unsupported)
            : form.ContainsKey("ButtonPayload") ? InboundKind.Button
            : form.ContainsKey("Latitude") ? InboundKind.Location
            : int.TryParse(form.GetValueOrDefault("NumMedia"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? MediaKinds.First(m => (mediaType ?? "").StartsWith(m.Prefix, StringComparison.OrdinalIgnoreCase)).Kind
                : InboundKind.Text;

        var text = form.GetValueOrDefault("Body") ?? "";
        // Only the first attachment is kept: WhatsApp sends one medium per message.
        meta.Put(InboundKeys.MediaRef, form.GetValueOrDefault("MediaUrl0"));
        meta.Put(InboundKeys.MediaType, mediaType);
        meta.Put(InboundKeys.Latitude, form.GetValueOrDefault("Latitude"));
        meta.Put(InboundKeys.Longitude, form.GetValueOrDefault("Longitude"));
        meta.Put(InboundKeys.Address, form.GetValueOrDefault("Address"));
        meta.Put(InboundKeys.Payload, form.GetValueOrDefault("ButtonPayload"));
        if (kind == InboundKind.Unsupported) meta.Put(InboundKeys.ProviderType, form.GetValueOrDefault("MessageType"));
        if (kind == InboundKind.Button && string.IsNullOrEmpty(text)) text = form.GetValueOrDefault("ButtonText") ?? form.GetValueOrDefault("ButtonPayload") ?? "";
        if (kind == InboundKind.Location && string.IsNullOrEmpty(text))
            text = string.Join(", ", new[] { form.GetValueOrDefault("Label"), form.GetValueOrDefault("Address") }.Where(s => !string.IsNullOrEmpty(s)));

        return new InboundMessage(from, text, sid, profileName)
        {
            Kind = kind,
            Metadata = meta,
            ContextMessageId = form.GetValueOrDefault("OriginalRepliedMessageSid") is { Length: > 0 } replied ? replied : null,
        };
    }
}
