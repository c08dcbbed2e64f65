using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;

namespace WhatsApp.Api.Features.Providers.Drivers;

/// <summary>
/// Authorization header values, cached per credential: at thousands of sends a second, Base64-encoding the same pair
/// for each one shows up in profiles, and a header value is immutable and safe to share between requests.
/// </summary>
internal static class AuthHeaders
{
    private const int MaxEntries = 1024;

    private static readonly ConcurrentDictionary<string, AuthenticationHeaderValue> Cache = new(StringComparer.Ordinal);

    /// <summary>HTTP Basic for <paramref name="user"/>:<paramref name="secret"/>.</summary>
    public static AuthenticationHeaderValue Basic(string user, string secret) =>
        Cached("B\u001f" + user + "\u001f" + secret, static key =>
        {
            var parts = key.Split('\u001f', 3);
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(parts[1] + ":" + parts[2])));
        });

    /// <summary>A bearer token as it is (Meta's access token).</summary>
    public static AuthenticationHeaderValue Bearer(string token) =>
        Cached("T\u001f" + token, static key => new AuthenticationHeaderValue("Bearer", key[2..]));

    private static AuthenticationHeaderValue Cached(string key, Func<string, AuthenticationHeaderValue> create)
    {
        if (Cache.TryGetValue(key, out var header)) return header;
        if (Cache.Count > MaxEntries) Cache.Clear(); // rotated credentials must not pile up
        return Cache.GetOrAdd(key, create);
    }
}
