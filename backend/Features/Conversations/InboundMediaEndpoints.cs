using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using WhatsApp.Api.Features.Media;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Conversations;

/// <summary>
/// <c>GET /api/whatsapp/conversations/{id}/media/{messageId}</c>: a file a customer sent, to signed-in staff only (the
/// group's policy). Pictures, audio and video open in place (the thread shows and plays them); documents download.
/// The type served is the one read from the content when it was kept, and <c>nosniff</c> (on every answer) stops a
/// browser from guessing another.
/// </summary>
public static class InboundMediaEndpoints
{
    private static readonly HashSet<MediaKind> Inline = [MediaKind.Image, MediaKind.Audio, MediaKind.Video, MediaKind.Sticker];

    public static RouteGroupBuilder MapInboundMediaEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:int}/media/{messageId:long}", Serve).WithName("GetConversationMedia")
            .WithSummary("A file the customer sent (image, document, audio, video, sticker) as the app kept it; 404 while it is not kept.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
        return group;
    }

    private static async Task<Results<FileStreamHttpResult, NotFound>> Serve(int id, long messageId, HttpContext http, AppDbContext db, IMediaStore store,
        CancellationToken ct)
    {
        var file = await db.Set<InboundMediaFile>().AsNoTracking()
            .Where(f => f.ReceivedMessageId == messageId && f.Message!.ConversationId == id && f.State == InboundMediaState.Stored)
            .Select(f => new { f.StoreKey, f.ContentType, f.FileName })
            .FirstOrDefaultAsync(ct);
        if (file?.StoreKey is null || MediaTypes.Inbound.FirstOrDefault(t => t.ContentType == file.ContentType) is not { } type) return TypedResults.NotFound();
        var content = await store.OpenAsync(file.StoreKey, ct);
        if (content is null) return TypedResults.NotFound();

        var name = file.FileName is { Length: > 0 } given ? given : $"whatsapp-{messageId}{type.Extension}";
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue(Inline.Contains(type.Kind) ? "inline" : "attachment")
        {
            FileName = "\"" + new string(name.Select(c => c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_').ToArray()) + "\"",
            FileNameStar = name,
        }.ToString();
        http.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Stream(content, type.ContentType, enableRangeProcessing: content.CanSeek);
    }
}
