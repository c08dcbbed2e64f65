using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace WhatsApp.Api.Features.Media;

/// <summary>
/// <c>GET /media/{token}</c>: the file a signed media link names, to anyone holding the link (a WhatsApp provider fetching
/// a header, a customer opening their bill). Public: the token is the credential. Anything wrong with it — never issued,
/// altered, expired, or naming a file that is gone — is the same bare 404, so a prober learns nothing.
/// </summary>
public static class MediaEndpoints
{
    public static IEndpointRouteBuilder MapMediaEndpoints(this IEndpointRouteBuilder app)
    {
        // HEAD too: some fetchers look at the size and type before downloading. A catch-all, so no path under /media/
        // (none, or with more slashes) falls through to the SPA's page: every wrong link is the same bare 404.
        app.MapMethods(MediaLinks.PathPrefix + "{**token}", [HttpMethods.Get, HttpMethods.Head], Serve)
            .AllowAnonymous().ExcludeFromDescription().WithName("GetMedia");
        return app.MapMediaUploadEndpoints();
    }

    private static async Task<IResult> Serve(string? token, HttpContext http, MediaLinks links, IEnumerable<IMediaSource> sources, CancellationToken ct)
    {
        var headers = http.Response.Headers;
        // The link is personal (a bill): no shared cache keeps it, no search engine lists it, no other site learns it.
        headers.CacheControl = "private, max-age=300";
        headers["X-Robots-Tag"] = "noindex";

        var media = string.IsNullOrEmpty(token) ? null : links.Read(token);
        var source = media is null ? null : sources.FirstOrDefault(s => s.Kind == media.Kind);
        var file = source is null ? null : await source.OpenAsync(media!.Key, ct);
        if (file is null) return NotFound(http);

        headers.ContentDisposition = new ContentDispositionHeaderValue("inline") { FileName = Quoted(file.FileName), FileNameStar = file.FileName }.ToString();
        return file.Stream is { } stream
            ? TypedResults.Stream(stream, file.ContentType, enableRangeProcessing: stream.CanSeek)
            : TypedResults.File(file.Content ?? [], file.ContentType, enableRangeProcessing: true);
    }

    private static NotFound NotFound(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.NotFound();
    }

    /// <summary>The plain filename parameter is ASCII; the full name goes in filename*.</summary>
    private static string Quoted(string name) =>
        "\"" + new string(name.Select(c => c is >= ' ' and < (char)127 and not '"' and not '\\' ? c : '_').ToArray()) + "\"";
}
