using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Media;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Conversations;

/// <summary>The files of one page of a thread, read in one query: what customers sent and what replies carried.</summary>
public sealed class ThreadMedia
{
    private readonly Dictionary<long, InboundMediaFile> _files;
    private readonly MediaLinks _links;

    private ThreadMedia(Dictionary<long, InboundMediaFile> files, MediaLinks links) => (_files, _links) = (files, links);

    /// <summary>Where staff open a kept file.</summary>
    public static string UrlOf(int conversationId, long messageId) => $"/api/whatsapp/conversations/{conversationId}/media/{messageId}";

    public static async Task<ThreadMedia> LoadAsync(AppDbContext db, MediaLinks links, IEnumerable<ReceivedMessage> received, CancellationToken ct)
    {
        var ids = received.Where(m => InboundMediaFile.CarriesFile(m.Kind)).Select(m => m.Id).ToList();
        var files = ids.Count == 0 ? [] : await db.Set<InboundMediaFile>().AsNoTracking().Where(f => ids.Contains(f.ReceivedMessageId))
            .ToDictionaryAsync(f => f.ReceivedMessageId, ct);
        return new ThreadMedia(files, links);
    }

    public MessageMediaDto? Of(ReceivedMessage m) => _files.TryGetValue(m.Id, out var f)
        ? new MessageMediaDto(MediaTypes.KindOf(f.ContentType) ?? InboundMediaFile.KindOfMessage[m.Kind], f.State, f.ContentType, f.Size, f.FileName,
            f.State == InboundMediaState.Stored ? UrlOf(m.ConversationId, m.Id) : null, f.Reason)
        : null;

    public MessageMediaDto? Of(WhatsAppMessage m) => m is { AttachmentId: { } id, AttachmentKind: { } kind }
        ? new MessageMediaDto(kind, InboundMediaState.Stored, null, null, m.AttachmentName, _links.UrlFor(UploadedMedia.For(id)), null)
        : null;
}
