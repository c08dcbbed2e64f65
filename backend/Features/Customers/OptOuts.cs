using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Customers;

/// <summary>
/// Who said no. Not having opted in does not stop a reply to someone who wrote to us (customer service), but an
/// opt-out does: a customer whose latest consent record is an opt-out (STOP, the unsubscribe link, staff) gets nothing.
/// </summary>
public static class OptOuts
{
    /// <summary>The phones among <paramref name="phones"/> whose customer's current service consent is an opt-out (stopping offers is not one).</summary>
    public static async Task<HashSet<string>> PhonesAsync(AppDbContext db, IEnumerable<string> phones, CancellationToken ct)
    {
        var list = phones.Distinct().ToList();
        if (list.Count == 0) return [];
        // The current state mirrors the latest record, so "not opted in and has a record" means the latest was an opt-out.
        return (await db.Set<Customer>()
            .Where(c => list.Contains(c.Phone) && !c.WhatsAppOptIn
                        && db.Set<ConsentRecord>().Any(r => r.CustomerId == c.Id && r.Purpose == ConsentPurpose.Service))
            .Select(c => c.Phone).Distinct().ToListAsync(ct)).ToHashSet();
    }
}
