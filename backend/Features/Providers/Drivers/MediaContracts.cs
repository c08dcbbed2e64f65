using System.Net;
using System.Net.Http.Headers;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>
/// A file attached to a free-form session message: <see cref="Link"/> is a public URL the provider downloads itself
/// (Twilio MediaUrl, Meta image/document/video link, Vonage image/file/video url); <see cref="FileName"/> names a document.
/// The caption is the message's <see cref="OutgoingMessage.Text"/> ("" for none).
/// </summary>
public sealed record OutgoingMedia(HeaderFormat Format, string Link, string? FileName = null);

/// <summary>Why an inbound file could not be fetched. <see cref="Transient"/>: trying again later may work.</summary>
public sealed record MediaFetchError(bool Transient, string Code, string Message);

/// <summary>
/// An inbound file being downloaded: read <see cref="Content"/> (at most what the caller allows), then dispose.
/// <see cref="Length"/> is what the provider announced (Content-Length, Meta's file_size), null when it did not.
/// </summary>
public sealed class FetchedMedia(HttpResponseMessage response, Stream content, string? contentType, long? length) : IDisposable
{
    public Stream Content { get; } = content;
    public string? ContentType { get; internal set; } = contentType;
    public long? Length { get; internal set; } = length;

    public void Dispose()
    {
        Content.Dispose();
        response.Dispose();
    }
}

/// <summary>Exactly one of <see cref="Media"/> and <see cref="Error"/> is set.</summary>
public sealed record MediaFetchResult(FetchedMedia? Media, MediaFetchError? Error)
{
    public static MediaFetchResult Failed(bool transient, string code, string message) => new(null, new MediaFetchError(transient, code, message));
}

/// <summary>
/// The GETs that fetch inbound media, on the <see cref="Client"/>: a timeout but no retries (the caller's job retries,
/// with its attempts on record), redirects followed (Twilio answers with one to a signed URL; .NET drops the
/// Authorization header on redirects). Credentials go only to the provider's own hosts or the configured base URL; the
/// answer comes back classified into transient and permanent failures.
/// </summary>
internal static class MediaDownloads
{
    public const string Client = "whatsapp-media";

    /// <summary>True when <paramref name="url"/> is on one of <paramref name="domains"/> (or a subdomain) or on the base URL's host.</summary>
    public static bool IsProviderUrl(string url, string? baseUrl, params string[] domains)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)) return false;
        if (!string.IsNullOrWhiteSpace(baseUrl) && Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var b)
            && string.Equals(b.Authority, uri.Authority, StringComparison.OrdinalIgnoreCase)) return true;
        return uri.Scheme == Uri.UriSchemeHttps && domains.Any(d =>
            uri.Host.Equals(d, StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith("." + d, StringComparison.OrdinalIgnoreCase));
    }

    public static MediaFetchResult NotProviderUrl(string provider) =>
        MediaFetchResult.Failed(false, "media_host_not_allowed", $"The media link is not on {provider}'s servers, so the account's credentials are not sent to it.");

    /// <summary>A GET whose body is left open for the caller to stream; failures come back classified, never thrown.</summary>
    public static async Task<MediaFetchResult> GetAsync(IHttpClientFactory factory, string url, AuthenticationHeaderValue? auth, string provider, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = auth;
        HttpResponseMessage? response = null;
        try
        {
            response = await factory.CreateClient(Client).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                response.Dispose();
                return MediaFetchResult.Failed(Transient(status), $"http_{status}", status switch
                {
                    401 or 403 => $"{provider} refused the account's credentials for the file ({status}).",
                    404 or 410 => $"{provider} no longer has the file ({status}); media links expire.",
                    _ => $"{provider} answered {status} to the file's download.",
                });
            }
            var content = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return new MediaFetchResult(new FetchedMedia(response, content, response.Content.Headers.ContentType?.MediaType,
                response.Content.Headers.ContentLength), null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            response?.Dispose();
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or TaskCanceledException or BrokenCircuitException)
        {
            response?.Dispose();
            return MediaFetchResult.Failed(true, "network_error", $"{provider} could not be reached for the file ({e.GetType().Name}).");
        }
    }

    /// <summary>Timeouts, throttling and server errors may pass; other refusals will not.</summary>
    public static bool Transient(int status) => status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500;
}
