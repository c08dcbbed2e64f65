using WhatsApp.Api.Features.Media;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>A reply's attachment as the driver sends it: a fresh signed link to the uploaded file, so a late retry still finds it.</summary>
internal static class SessionMedia
{
    private static readonly Dictionary<MediaKind, HeaderFormat> Formats = new()
    {
        [MediaKind.Image] = HeaderFormat.Image, [MediaKind.Document] = HeaderFormat.Document, [MediaKind.Video] = HeaderFormat.Video,
    };

    public static OutgoingMedia? Of(WhatsAppMessage row, IServiceProvider services) =>
        row.AttachmentId is { } id && row.AttachmentKind is { } kind && Formats.TryGetValue(kind, out var format)
            ? new OutgoingMedia(format, services.GetRequiredService<MediaLinks>().UrlFor(UploadedMedia.For(id)), row.AttachmentName)
            : null;
}
