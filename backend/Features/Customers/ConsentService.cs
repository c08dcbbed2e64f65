using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Customers;

/// <summary>Appends consent records and keeps each customer's current state (per purpose) in step with the latest one.</summary>
public sealed class ConsentService(AppDbContext db, TimeProvider clock)
{
    /// <summary>The wording shown next to the service opt-in checkbox; recorded with every service opt-in made through the profile.</summary>
    public const string OptInWording =
        "I agree to receive WhatsApp messages from my internet provider about my account, bills, payments and support tickets. Reply STOP to unsubscribe at any time.";

    /// <summary>The wording shown next to the marketing opt-in checkbox; recorded with every marketing opt-in made through the profile.</summary>
    public const string MarketingOptInWording =
        "I agree to receive offers and news about plans from my internet provider on WhatsApp. Reply STOP PROMOTIONS to stop offers only, STOP to stop everything.";

    /// <summary>Both purposes: what STOP, the "stop everything" link and an admin's opt-out end.</summary>
    public static readonly IReadOnlyList<ConsentPurpose> AllPurposes = [ConsentPurpose.Service, ConsentPurpose.Marketing];

    /// <summary>The wording recorded with an opt-in for this purpose.</summary>
    public static string WordingFor(ConsentPurpose purpose) => purpose == ConsentPurpose.Marketing ? MarketingOptInWording : OptInWording;

    /// <summary>Records a decision for a tracked or untracked customer; the caller saves (so it joins the caller's transaction).</summary>
    public ConsentRecord Record(Customer customer, ConsentPurpose purpose, bool optedIn, ConsentSource source, string? actor, string? text)
    {
        var record = new ConsentRecord
        {
            CustomerId = customer.Id,
            OptedIn = optedIn,
            Purpose = purpose,
            At = clock.GetUtcNow().UtcDateTime,
            Source = source,
            Actor = actor.Truncate(254),
            Text = text.Truncate(2000),
        };
        customer.SetConsent(purpose, optedIn);
        customer.UpdatedAt = record.At;
        db.Add(record);
        return record;
    }

    /// <summary>Records the decision for each of <paramref name="purposes"/> whose state it changes. Returns how many records were added.</summary>
    public int Change(Customer customer, IEnumerable<ConsentPurpose> purposes, bool optedIn, ConsentSource source, string? actor, string? text)
    {
        var changed = 0;
        foreach (var purpose in purposes.Where(p => customer.Consents(p) != optedIn))
        {
            Record(customer, purpose, optedIn, source, actor, text);
            changed++;
        }
        return changed;
    }

    /// <summary>Opts out (or in) every customer with this phone number for these purposes. Returns how many customers changed.</summary>
    public async Task<int> RecordByPhoneAsync(string phone, IReadOnlyCollection<ConsentPurpose> purposes, bool optedIn, ConsentSource source,
        string? actor, string? text, CancellationToken ct = default)
    {
        var service = purposes.Contains(ConsentPurpose.Service);
        var marketing = purposes.Contains(ConsentPurpose.Marketing);
        var customers = await db.Set<Customer>()
            .Where(c => c.Phone == phone && ((service && c.WhatsAppOptIn != optedIn) || (marketing && c.MarketingOptIn != optedIn))).ToListAsync(ct);
        foreach (var customer in customers) Change(customer, purposes, optedIn, source, actor, text);
        await db.SaveChangesAsync(ct);
        return customers.Count;
    }

    /// <summary>The affected customers list holds at most 5,000; a bulk opt-out takes as many.</summary>
    public const int MaxBulkOptOut = 5000;

    /// <summary>Opts out of everything those of these customers who consent to anything, as an admin's decision with the reason. Returns how many changed.</summary>
    public async Task<int> OptOutAsync(IReadOnlyCollection<int> customerIds, string reason, string? actor, CancellationToken ct = default)
    {
        var customers = await db.Set<Customer>().Where(c => customerIds.Contains(c.Id) && (c.WhatsAppOptIn || c.MarketingOptIn)).ToListAsync(ct);
        foreach (var customer in customers) Change(customer, AllPurposes, false, ConsentSource.Admin, actor, reason);
        await db.SaveChangesAsync(ct);
        return customers.Count;
    }
}

/// <summary>The consent rule of one customer and purpose: the one place that says whether a customer may get a message for it.</summary>
public static class CustomerConsent
{
    /// <summary>Whether the customer currently consents to messages of this purpose.</summary>
    public static bool Consents(this Customer customer, ConsentPurpose purpose) =>
        purpose == ConsentPurpose.Marketing ? customer.MarketingOptIn : customer.WhatsAppOptIn;

    internal static void SetConsent(this Customer customer, ConsentPurpose purpose, bool optedIn)
    {
        if (purpose == ConsentPurpose.Marketing) customer.MarketingOptIn = optedIn;
        else customer.WhatsAppOptIn = optedIn;
    }

    /// <summary>
    /// Null when the customer consents to this purpose; otherwise why not, with the code the outbox, the events log and the
    /// broadcast skips use: <c>not_opted_in</c> (service) or <c>no_marketing_consent</c>.
    /// </summary>
    public static NoConsent? WhyNoConsent(this Customer customer, ConsentPurpose purpose) => customer.Consents(purpose) ? null
        : purpose == ConsentPurpose.Marketing
            ? new NoConsent(NoConsent.MarketingCode, "No marketing consent",
                $"{customer.Name} has not agreed to offers on WhatsApp (or stopped them); marketing templates need that consent.")
            : new NoConsent(NoConsent.ServiceCode, "Recipient has not opted in",
                $"{customer.Name} has not opted in to WhatsApp messages (or opted out).");
}

/// <summary>Why a customer may not get a message of some purpose: a code for logs and counts, a title and a sentence for people.</summary>
public sealed record NoConsent(string Code, string Title, string Message)
{
    public const string ServiceCode = "not_opted_in";
    public const string MarketingCode = "no_marketing_consent";
}
