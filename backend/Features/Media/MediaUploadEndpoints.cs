using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Media;

/// <summary>
/// The uploaded file as kept: <c>url</c> is a signed public link (valid until <c>expiresAt</c>) to give a provider as a
/// header's media link; <c>id</c> names the file for good, so a fresh link can be made for each send.
/// </summary>
public record MediaUploadDto(string Id, string Url, DateTimeOffset ExpiresAt, MediaKind Kind, string ContentType, string FileName, long Size);

/// <summary><c>POST /api/whatsapp/media</c>: images, documents and videos for template headers, within WhatsApp's limits.</summary>
public static class MediaUploadEndpoints
{
    /// <summary>Room for the multipart framing around the largest file.</summary>
    private const long FormOverhead = 64 * 1024;

    public static IEndpointRouteBuilder MapMediaUploadEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/whatsapp/media", Upload).WithTags("Media").RequireAuthorization(Policies.Staff)
            .WithName("UploadMedia")
            .WithSummary("Uploads a header image (jpeg, png ≤ 5 MB), document (pdf, Office, txt ≤ 100 MB) or video (mp4, 3gpp ≤ 16 MB), form field file; " +
                "the type is read from the content. Returns a signed public link a provider can fetch.")
            // Cookies are SameSite=Strict and bearer tokens are never sent by another site, so no cross-site form can post here.
            .DisableAntiforgery()
            // Past this the server answers 413 while the upload is still arriving, before it is stored anywhere.
            .WithMetadata(new RequestSizeLimitAttribute(MediaTypes.MaxUploadBytes + FormOverhead))
            .WithFormOptions(multipartBodyLengthLimit: MediaTypes.MaxUploadBytes + FormOverhead)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return app;
    }

    private static async Task<Results<Created<MediaUploadDto>, ValidationProblem, ProblemHttpResult>> Upload(
        IFormFile? file, UploadedMedia store, MediaLinks links, ClaimsPrincipal user, CancellationToken ct)
    {
        if (file is null || file.Length == 0) return Problems.Field("file", "Choose a file to upload.");
        var fileName = Path.GetFileName(file.FileName).Trim().Truncate(200) is { Length: > 0 } name ? name : "file";
        await using var content = file.OpenReadStream();
        var type = MediaTypes.Detect(content, fileName);
        if (type is null)
            return Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "WhatsApp does not take this kind of file.",
                $"The content of {fileName} is not a type WhatsApp accepts in a header. Accepted: {MediaTypes.Summary}.", "file");
        if (file.Length > type.MaxBytes)
            return Problems.Problem(StatusCodes.Status413PayloadTooLarge, "The file is too large.",
                $"A {type.Kind.ToString().ToLowerInvariant()} may be at most {type.MaxBytes / MediaTypes.MB} MB on WhatsApp; {fileName} is {file.Length / (double)MediaTypes.MB:0.#} MB.", "file");
        if (Declared(file.ContentType) is { } declared && !string.Equals(declared, type.ContentType, StringComparison.OrdinalIgnoreCase))
            return Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "The file is not what it says.",
                $"{fileName} was sent as {declared}, but its content is a {type.Label} ({type.ContentType}).", "file");

        var stored = await store.SaveAsync(content, type, fileName, user.Identity?.Name, ct);
        var link = links.Create(UploadedMedia.For(stored.Id));
        return TypedResults.Created(link.Url, new MediaUploadDto(stored.Id, link.Url, link.ExpiresAt, stored.Kind, stored.ContentType, stored.FileName, stored.Size));
    }

    /// <summary>The type the browser declared, unless it declared none worth comparing (a generic binary type).</summary>
    private static string? Declared(string? contentType) =>
        contentType?.Split(';')[0].Trim() is { Length: > 0 } t && t != "application/octet-stream" ? t : null;
}
