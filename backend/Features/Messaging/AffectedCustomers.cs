using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// The customers the Sent Log's filtered messages went to, each once, most recently messaged first: "who did
/// error 63003 hit this week" is a list of people to call or opt out, not of messages. Messages to a number without a
/// customer are not in it.
/// </summary>
public static class AffectedCustomers
{
    /// <summary>A list to act on, not a report: past this many customers, narrow the filters (or export the messages).</summary>
    public const int Cap = 5000;

    public static async Task<AffectedCustomersDto> ListAsync(AppDbContext db, IQueryable<WhatsAppMessage> messages, CancellationToken ct)
    {
        var perCustomer = await messages.Where(m => m.CustomerId != null)
            .GroupBy(m => m.CustomerId!.Value)
            .Select(g => new { CustomerId = g.Key, Messages = g.Count(), LastAt = g.Max(m => m.CreatedAt), LastId = g.Max(m => m.Id) })
            .OrderByDescending(g => g.LastAt).ThenByDescending(g => g.CustomerId)
            .Take(Cap + 1)
            .ToListAsync(ct);
        var shown = perCustomer.Take(Cap).ToList();
        var ids = shown.Select(g => g.CustomerId).ToList();
        var lastIds = shown.Select(g => g.LastId).ToList();
        var customers = await db.Set<Customer>().AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var codes = await db.Set<WhatsAppMessage>().AsNoTracking().Where(m => lastIds.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, m => m.ErrorCode, ct);
        var items = shown.Where(g => customers.ContainsKey(g.CustomerId)).Select(g =>
        {
            var c = customers[g.CustomerId];
            return new AffectedCustomerDto(c.Id, c.Name, c.Phone, c.WhatsAppOptIn, g.Messages, g.LastAt, codes.GetValueOrDefault(g.LastId));
        }).ToList();
        return new AffectedCustomersDto(items, perCustomer.Count > Cap);
    }

    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    public static async Task WriteCsvAsync(AffectedCustomersDto list, Stream body)
    {
        await using var csv = CsvWriter.Create(body, Options, true);
        foreach (var name in new[] { "customer_id", "name", "phone", "whatsapp_opt_in", "messages", "last_message_at", "last_error_code" })
            csv.WriteField(name);
        await csv.EndRecordAsync();
        foreach (var c in list.Items)
        {
            csv.WriteField(c.CustomerId.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(c.Name);
            csv.WriteField(c.Phone);
            csv.WriteField(c.WhatsAppOptIn ? "yes" : "no");
            csv.WriteField(c.Messages.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(c.LastAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            csv.WriteField(c.LastErrorCode);
            await csv.EndRecordAsync();
        }
        await csv.FlushAsync();
    }
}
