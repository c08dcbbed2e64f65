using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Api.Features.Providers;

/// <summary>Checks a save request against the driver's declared fields and rules, and merges it over what is stored.</summary>
public static class ProviderValidation
{
    private const int MaxCredentialLength = 8192;
    private const int MaxNameLength = 100;

    public sealed record Validated(string Name, IWhatsAppDriver Driver, Dictionary<string, string> Credentials, string? BaseUrl, int MessagesPerSecond, int? DailyMessagingLimit);

    /// <summary>Stored is the existing row and its decrypted credentials (null if unreadable) on update; null on create.</summary>
    public static (Validated? Result, Dictionary<string, string[]> Errors) Validate(
        SaveProviderRequest request, DriverRegistry drivers, (WhatsAppProvider Row, Dictionary<string, string>? Credentials)? stored,
        BaseUrlHosts baseUrlHosts)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message) => (errors.TryGetValue(field, out var l) ? l : errors[field] = []).Add(message);

        var name = request.Name?.Trim() ?? stored?.Row.Name;
        if (string.IsNullOrWhiteSpace(name)) Add("name", "A name is required.");
        else if (name.Length > MaxNameLength) Add("name", $"The name must be at most {MaxNameLength} characters.");

        var type = request.ProviderType ?? stored?.Row.ProviderType;
        var driver = drivers.Find(type);
        if (string.IsNullOrWhiteSpace(type)) Add("providerType", "A provider type is required.");
        else if (driver is null) Add("providerType", $"Unknown provider type '{Truncate(type)}'. Known types: {string.Join(", ", drivers.All.Select(d => d.Type))}.");
        else if (stored is not null && !string.Equals(type, stored.Value.Row.ProviderType, StringComparison.OrdinalIgnoreCase))
            Add("providerType", "The provider type of a configuration cannot change; add a new configuration instead.");

        if (stored is null && request.Credentials is null) Add("credentials", "Credentials are required.");

        var merged = new Dictionary<string, string>();
        if (driver is not null)
        {
            var declared = driver.CredentialFields.ToDictionary(f => f.Key);
            foreach (var key in (request.Credentials?.Keys ?? Enumerable.Empty<string>()).Where(k => !declared.ContainsKey(k)))
                Add($"credentials.{Truncate(key)}", $"'{Truncate(key)}' is not a {driver.DisplayName} credential. Known fields: {string.Join(", ", declared.Keys)}.");

            var previous = stored?.Credentials ?? [];
            foreach (var field in driver.CredentialFields)
            {
                string? incoming = null;
                var given = request.Credentials?.TryGetValue(field.Key, out incoming) == true;
                // A masked secret is the form echoing back what it was shown: keep the stored value.
                var keep = !given || incoming is null || (field.Secret && ProviderCredentials.IsMasked(incoming));
                var value = keep ? previous.GetValueOrDefault(field.Key) : incoming!.Trim();
                if (string.IsNullOrEmpty(value)) continue;
                if (value.Length > MaxCredentialLength) Add($"credentials.{field.Key}", $"{field.Label} is longer than {MaxCredentialLength} characters.");
                else merged[field.Key] = value;
            }
            if (stored is not null && stored.Value.Credentials is null && driver.CredentialFields.Any(f => f.Secret && !merged.ContainsKey(f.Key) && f.Required))
                Add("credentials", "The stored credentials can no longer be decrypted: enter every secret again.");

            foreach (var field in driver.CredentialFields.Where(f => f.Required && !merged.ContainsKey(f.Key)))
                Add($"credentials.{field.Key}", $"{field.Label} is required.");
            foreach (var (field, message) in driver.ValidateCredentials(merged))
                if (!errors.ContainsKey($"credentials.{field}")) Add($"credentials.{field}", message);
        }

        var baseUrl = request.Settings is null ? stored?.Row.BaseUrl : NullIfBlank(request.Settings.BaseUrl);
        if (baseUrl is not null)
        {
            if (baseUrl.Length > 500 || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
                Add("settings.baseUrl", "The base URL must be an absolute http(s) URL without query, e.g. https://eu.api.example.com.");
            else if (!baseUrlHosts.Allows(uri))
                Add("settings.baseUrl", $"The host '{Truncate(uri.Host)}' is not among the hosts an administrator allowed for base URLs (Providers:AllowedBaseUrlHosts).");
            else baseUrl = baseUrl.TrimEnd('/');
        }
        var rate = request.Settings?.MessagesPerSecond ?? stored?.Row.MessagesPerSecond ?? ProviderDefaults.MessagesPerSecond;
        if (rate is < 1 or > ProviderDefaults.MaxMessagesPerSecond)
            Add("settings.messagesPerSecond", $"Messages per second must be between 1 and {ProviderDefaults.MaxMessagesPerSecond}.");
        // Settings sent without a tier clear it (it is optional); no settings at all keep the stored one.
        var tier = request.Settings is null ? stored?.Row.DailyMessagingLimit : request.Settings.DailyMessagingLimit;
        if (tier is < 1 or > ProviderDefaults.MaxDailyMessagingLimit)
            Add("settings.dailyMessagingLimit", $"The messaging tier must be between 1 and {ProviderDefaults.MaxDailyMessagingLimit:N0} messages per 24 hours, or empty.");

        var flat = errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
        return flat.Count > 0 || driver is null || name is null
            ? (null, flat)
            : (new Validated(name, driver, merged, baseUrl, rate, tier), flat);
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Echoed input is cut short: a problem response must not become a megabyte of the caller's junk.</summary>
    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}

/// <summary>
/// The hosts a provider's base-URL override may point at: those in <c>Providers:AllowedBaseUrlHosts</c> (exact names, or
/// <c>*.example.com</c> for its subdomains), plus loopback outside Production and in the demo, where the fake provider
/// runs. The server calls that URL with the provider's credentials, so a settings form must not be able to aim it at a
/// cloud metadata address or another internal service.
/// </summary>
public sealed class BaseUrlHosts
{
    private readonly string[] _allowed;
    private readonly bool _loopback;

    public BaseUrlHosts(IConfiguration configuration, IHostEnvironment environment)
    {
        _allowed = (configuration.GetSection("Providers:AllowedBaseUrlHosts").Get<string[]>()
                ?? configuration["Providers:AllowedBaseUrlHosts"]?.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries)
                ?? [])
            .Select(h => h.Trim().Trim('[', ']').ToLowerInvariant()).Where(h => h.Length > 0).ToArray();
        _loopback = !environment.IsProduction() || configuration.GetValue<bool>("Demo:Enabled");
    }

    public bool Allows(Uri uri)
    {
        // IdnHost: punycode for international names, IPv6 without brackets.
        var host = uri.IdnHost.ToLowerInvariant();
        if (_loopback && uri.IsLoopback) return true;
        return _allowed.Any(a => a.StartsWith("*.", StringComparison.Ordinal) ? host.EndsWith(a[1..], StringComparison.Ordinal) : host == a);
    }
}
