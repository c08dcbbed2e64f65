namespace WhatsApp.Api.Features.Billing;

/// <summary>The <c>Billing</c> settings: who issues the bills, and where customers pay them.</summary>
public sealed class BillingOptions
{
    /// <summary>The issuer printed at the top of every bill PDF.</summary>
    public string CompanyName { get; set; } = "Your Internet Provider";

    /// <summary>
    /// The pay link of a bill, with <c>{number}</c> standing for its (URL-escaped) number, e.g.
    /// <c>https://pay.example.com/bills/{number}</c>. Empty: bills have no pay link and <c>{{bill.payUrl}}</c> has no value.
    /// </summary>
    public string? PayUrlTemplate { get; set; }

    /// <summary>The bill's pay link, or null when no template is configured.</summary>
    public string? PayUrlFor(string billNumber) =>
        string.IsNullOrWhiteSpace(PayUrlTemplate) ? null : PayUrlTemplate.Replace("{number}", Uri.EscapeDataString(billNumber), StringComparison.Ordinal);
}
