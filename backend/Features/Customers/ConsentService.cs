using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Customers;

/// <summary>Appends consent records and keeps each customer's current state in step with the latest one.</summary>
public sealed class ConsentService(AppDbContext db, TimeProvider clock)
{
    /// <summary>The wording shown next to the opt-in checkbox; recorded with every opt-in made through the profile.</summary>
    public const string OptInWording =
        "I agree to receive WhatsApp messages from my internet provider about my account, bills, payments and support tickets. Reply STOP to unsubscribe at any time.";

    /// <summary>Records a decision for a tracked or untracked customer; the caller saves (so it joins the caller's transaction).</summary>
    public ConsentRecord Record(Customer customer, bool optedIn, ConsentSource source, string? actor, string? text)
    {
        var record = new ConsentRecord
        {
            CustomerId = customer.Id,
            OptedIn = optedIn,
            At = clock.GetUtcNow().UtcDateTime,
            Source = source,
            Actor = actor.Truncate(254),
            Text = text.Truncate(2000),
        };
        customer.WhatsAppOptIn = optedIn;
        customer.UpdatedAt = record.At;
        db.Add(record);
        return record;
    }

    /// <summary>Opts out (or in) every customer with this phone number. Returns how many changed.</summary>
    public async Task<int> RecordByPhoneAsync(string phone, bool optedIn, ConsentSource source, string? actor, string? text, CancellationToken ct = default)
    {
        var customers = await db.Set<Customer>().Where(c => c.Phone == phone && c.WhatsAppOptIn != optedIn).ToListAsync(ct);
        foreach (var customer in customers) Record(customer, optedIn, source, actor, text);
        await db.SaveChangesAsync(ct);
        return customers.Count;
    }

    /// <summary>The affected customers list holds at most 5,000; a bulk opt-out takes as many.</summary>
    public const int MaxBulkOptOut = 5000;

    /// <summary>Opts out those of these customers who are opted in, as an admin's decision with the reason. Returns how many changed.</summary>
    public async Task<int> OptOutAsync(IReadOnlyCollection<int> customerIds, string reason, string? actor, CancellationToken ct = default)
    {
        var customers = await db.Set<Customer>().Where(c => customerIds.Contains(c.Id) && c.WhatsAppOptIn).ToListAsync(ct);
        foreach (var customer in customers) Record(customer, false, ConsentSource.Admin, actor, reason);
        await db.SaveChangesAsync(ct);
        return customers.Count;
    }
}
