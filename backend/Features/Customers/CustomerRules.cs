using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Customers;

/// <summary>
/// The rules for a customer's details, one place for the customer form, the CSV import and the records that belong to
/// a customer (bills, tickets …).
/// </summary>
public static class CustomerRules
{
    /// <summary>Problems with the details, by field; <paramref name="phone"/> is the number in E.164 when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(SaveCustomerRequest r, PhoneNumberNormalizer phones, Customer? existing, out string? phone)
    {
        var errors = new Dictionary<string, string[]>();
        phone = null;
        if (existing is null || r.Name is not null)
        {
            if (string.IsNullOrWhiteSpace(r.Name)) errors["name"] = ["A name is required."];
            else if (r.Name.Length > 200) errors["name"] = ["The name must be at most 200 characters."];
        }
        if (existing is null || r.Phone is not null)
        {
            phone = phones.ToE164(r.Phone);
            if (phone is null) errors["phone"] = ["A valid phone number is required, in international form such as +14155550123."];
        }
        if (r.Email is { Length: > 0 } email && (email.Length > 254 || !email.Contains('@'))) errors["email"] = ["The email address is not valid."];
        if (r.AccountNumber?.Length > 50) errors["accountNumber"] = ["At most 50 characters."];
        if (r.Plan?.Length > 100) errors["plan"] = ["At most 100 characters."];
        if (r.Language is { Length: > 0 } lang && (lang.Length > 16 || !lang.All(c => char.IsAsciiLetter(c) || c == '_' || c == '-')))
            errors["language"] = ["Use a language code such as en_US."];
        if (r.TimeZone is { Length: > 0 } zone && !CustomerClock.IsIanaZone(zone))
            errors["timeZone"] = ["Use an IANA time zone such as America/Sao_Paulo or Europe/Lisbon."];
        if (r.ConsentSource is ConsentSource.StopReply or ConsentSource.StartReply or ConsentSource.ProviderError or ConsentSource.UnsubscribeLink)
            errors["consentSource"] = ["That consent source is recorded by the system itself."];
        // An admin's opt-out is the answer to a dispute: the history must say why.
        if (r.ConsentSource == ConsentSource.Admin && (r.WhatsAppOptIn == false || r.MarketingOptIn == false) && string.IsNullOrWhiteSpace(r.ConsentReason))
            errors["consentReason"] = ["Say why the customer is opted out, e.g. \"Customer disputes consent — phoned\"."];
        return errors;
    }

    /// <summary>Copies the optional details the request gives (blank clears one) onto the customer.</summary>
    public static void ApplyDetails(Customer c, SaveCustomerRequest r)
    {
        if (r.Email is not null) c.Email = r.Email.NullIfBlank();
        if (r.AccountNumber is not null) c.AccountNumber = r.AccountNumber.NullIfBlank();
        if (r.Plan is not null) c.Plan = r.Plan.NullIfBlank();
        if (r.Language is not null) c.Language = r.Language.NullIfBlank();
        if (r.TimeZone is not null) c.TimeZone = r.TimeZone.NullIfBlank();
    }

    /// <summary>Adds an error for <c>customerId</c> unless it names an existing customer (for the records that belong to one).</summary>
    public static async Task RequireExistingAsync(AppDbContext db, int? customerId, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (customerId is null) errors["customerId"] = ["Choose a customer."];
        else if (!await db.Set<Customer>().AnyAsync(c => c.Id == customerId, ct)) errors["customerId"] = ["There is no such customer."];
    }
}
