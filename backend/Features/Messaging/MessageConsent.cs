using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Which consent a message needs, and which consents a provider's opt-out ends. The one consent rule used by single
/// sends, broadcasts, automations and the dispatcher: a MARKETING template needs marketing consent, a UTILITY or
/// AUTHENTICATION template service consent.
/// </summary>
public static class MessageConsent
{
    public static ConsentPurpose PurposeOf(TemplateCategory category) =>
        category == TemplateCategory.MARKETING ? ConsentPurpose.Marketing : ConsentPurpose.Service;

    /// <summary>Null when <paramref name="customer"/> may get <paramref name="template"/>; otherwise why not.</summary>
    public static NoConsent? WhyNot(Customer customer, WhatsAppTemplate template) => customer.WhyNoConsent(PurposeOf(template.Category));

    /// <summary>The consents a provider's failure ends: a block or STOP at the provider ends both, Meta's 131050 marketing only.</summary>
    public static IReadOnlyList<ConsentPurpose> EndedBy(SendErrorKind kind) => kind switch
    {
        SendErrorKind.OptedOut => ConsentService.AllPurposes,
        SendErrorKind.StoppedMarketing => [ConsentPurpose.Marketing],
        _ => [],
    };
}
