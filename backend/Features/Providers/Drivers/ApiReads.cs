using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>GETs on the resilient api client (connection tests, template lists), paged lists followed to their end.</summary>
internal static class ApiReads
{
    private const int MaxErrorBodyChars = 500;

    /// <summary>
    /// A GET on the resilient api client. Returns status and parsed body for any HTTP answer; throws
    /// <see cref="HttpRequestException"/> (with a readable message) when no answer came, so callers and the
    /// template-sync endpoint see one exception type.
    /// </summary>
    public static async Task<(HttpStatusCode Status, JsonDocument? Body, string RawStart)> GetAsync(
        IHttpClientFactory factory, string url, AuthenticationHeaderValue? auth, string providerName, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = auth;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(DriverHttp.JsonContentType));
        var client = factory.CreateClient(DriverHttp.ApiClient);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            return (response.StatusCode, DriverJson.Parse(bytes), Snippet(bytes));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is TimeoutRejectedException or TaskCanceledException or BrokenCircuitException)
        {
            throw new HttpRequestException($"{providerName} did not answer in time ({e.GetType().Name}).", e);
        }
        catch (HttpRequestException e)
        {
            throw new HttpRequestException($"{providerName} could not be reached: {e.Message}", e, e.StatusCode);
        }
    }

    /// <summary>
    /// Follows a provider's paged list to the end (bounded, and never the same page twice), parsing each item of the
    /// <paramref name="itemsProperty"/> array. <paramref name="nextUrl"/> reads the absolute next-page URL from a page;
    /// it is rebased onto the base URL override. Any non-200 page throws <see cref="HttpRequestException"/>.
    /// </summary>
    public static async Task<List<T>> GetAllPagesAsync<T>(
        IHttpClientFactory factory, string firstUrl, AuthenticationHeaderValue auth, string providerName,
        string? baseUrl, string realOrigin, string itemsProperty, Func<JsonElement, string?> nextUrl,
        Func<JsonElement, T?> parse, Func<HttpStatusCode, JsonElement, string, string> errorText, CancellationToken ct) where T : class
    {
        var result = new List<T>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? url = firstUrl;
        for (var page = 0; page < DriverHttp.MaxPages && url is not null && seen.Add(url); page++)
        {
            var (status, body, raw) = await GetAsync(factory, url, auth, providerName, ct).ConfigureAwait(false);
            using (body)
            {
                var root = body?.RootElement ?? default;
                if (status != HttpStatusCode.OK) throw new HttpRequestException(errorText(status, root, raw), null, status);
                if (body is null) throw new HttpRequestException($"{providerName} answered the template list with something that is not JSON: {raw}");
                foreach (var item in root.Arr(itemsProperty))
                    if (parse(item) is { } parsed) result.Add(parsed);
                var next = nextUrl(root);
                url = string.IsNullOrEmpty(next) ? null : DriverHttp.Rebase(baseUrl, realOrigin, next);
            }
        }
        return result;
    }

    /// <summary>The start of a body, for error messages about answers that are not the expected JSON.</summary>
    public static string Snippet(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes.Length > MaxErrorBodyChars ? bytes[..MaxErrorBodyChars] : bytes);
        return text.ReplaceLineEndings(" ").Trim();
    }
}
