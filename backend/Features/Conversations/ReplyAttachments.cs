using WhatsApp.Api.Features.Media;
using WhatsApp.Api.Features.Messaging;

namespace WhatsApp.Api.Features.Conversations;

/// <summary>A file staff attach to a reply: an upload (<c>POST /api/whatsapp/media</c>) by its id.</summary>
public sealed record ReplyAttachment(string Id, MediaKind Kind, string FileName);

/// <summary>
/// Finds the upload a reply names. A session message carries an image, a document or a video (what uploads accept);
/// WhatsApp caps its caption at 1,024 characters.
/// </summary>
public sealed class ReplyAttachments(UploadedMedia uploads)
{
    public const int MaxCaptionLength = 1024;

    public async Task<(ReplyAttachment? Attachment, SendRefusal? Refusal)> FindAsync(string mediaId, string? caption, CancellationToken ct)
    {
        var file = await uploads.FindAsync(mediaId.Trim(), ct);
        var type = file is null ? null : MediaTypes.All.FirstOrDefault(t => t.ContentType == file.ContentType);
        if (file is null || type is null)
            return (null, SendRefusal.Invalid("mediaId", "There is no such uploaded file: upload it first (POST /api/whatsapp/media) and give its id."));
        if (caption?.Trim().Length > MaxCaptionLength)
            return (null, SendRefusal.Invalid("text", $"A caption is at most {MaxCaptionLength} characters on WhatsApp."));
        return (new ReplyAttachment(mediaId.Trim(), type.Kind, file.FileName), null);
    }
}
