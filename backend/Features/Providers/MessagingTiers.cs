namespace WhatsApp.Api.Features.Providers;

/// <summary>
/// WhatsApp's messaging limits: how many unique people a business may reach outside their service windows in a moving
/// 24 hours, as Meta names them (phone number field <c>messaging_limit_tier</c>, <c>whatsapp_business_manager_messaging_limit</c>
/// from Graph v24.0). Null: unlimited.
/// </summary>
public static class MessagingTiers
{
    public const string FromProvider = "provider";
    public const string FromSettings = "settings";

    public static readonly IReadOnlyDictionary<string, int?> PeoplePerDay = new Dictionary<string, int?>(StringComparer.OrdinalIgnoreCase)
    {
        ["TIER_50"] = 50,
        ["TIER_250"] = 250,
        ["TIER_1K"] = 1_000,
        ["TIER_2K"] = 2_000,
        ["TIER_10K"] = 10_000,
        ["TIER_100K"] = 100_000,
        ["TIER_UNLIMITED"] = null,
    };

    /// <summary>
    /// The limit sends are held against: the provider's tier when it reported a known one, else the admin's setting.
    /// <c>Limit</c> null: unlimited (the provider says so) or unknown (<c>Source</c> null: nobody said).
    /// </summary>
    public static (int? Limit, string? Source) Of(WhatsAppProvider provider) =>
        provider.MessagingTier is { } tier && PeoplePerDay.TryGetValue(tier, out var perDay) ? (perDay, (string?)FromProvider)
        : provider.DailyMessagingLimit is { } set ? (set, FromSettings)
        : (null, null);
}
