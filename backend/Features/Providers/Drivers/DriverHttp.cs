using System.Net.Http.Headers;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>What the drivers' HTTP calls share: the named clients, content types and the base-URL override.</summary>
internal static class DriverHttp
{
    /// <summary>Send POSTs only: no retries (a retried POST can duplicate a WhatsApp message), an attempt timeout and a circuit breaker.</summary>
    public const string SendClient = "whatsapp-send";

    /// <summary>Idempotent GETs (template sync, connection tests): the standard resilience handler with retries.</summary>
    public const string ApiClient = "whatsapp-api";

    public const string FormContentType = "application/x-www-form-urlencoded";
    public const string JsonContentType = "application/json";

    /// <summary>Pages followed at most when listing templates (a guard against a provider that loops).</summary>
    public const int MaxPages = 1000;

    /// <summary>How long the send circuit stays open once tripped (also the Retry-After of a "circuit_open" failure).</summary>
    public static readonly TimeSpan CircuitBreakDuration = TimeSpan.FromSeconds(5);

    public static readonly MediaTypeHeaderValue JsonMediaType = new(JsonContentType) { CharSet = "utf-8" };

    /// <summary>
    /// Scheme + host (+ path prefix) to call: the configured base URL, else the provider's real origin.
    /// No trailing slash, so callers append "/path".
    /// </summary>
    public static string Origin(string? baseUrl, string realOrigin) =>
        string.IsNullOrWhiteSpace(baseUrl) ? realOrigin : baseUrl.Trim().TrimEnd('/');

    /// <summary>
    /// A URL the provider handed back (next-page links) moved onto our origin: its path and query are kept and its
    /// scheme and host replaced, so paging follows the base URL and credentials never go to a host we did not choose.
    /// </summary>
    public static string Rebase(string? baseUrl, string realOrigin, string url)
    {
        var origin = Origin(baseUrl, realOrigin);
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute)) return origin + absolute.PathAndQuery;
        return origin + (url.StartsWith('/') ? url : "/" + url);
    }

    /// <summary>Retry-After as seconds or an HTTP date, relative to the clock; null when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider clock) => RetryAfter(response.Headers.RetryAfter, clock);

    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeProvider clock)
    {
        if (header is null) return null;
        if (header.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header.Date is { } date)
        {
            var wait = date - clock.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
