using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Media;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Billing;

/// <summary>
/// A bill event's links, made when its message is: <c>bill.pdfUrl</c>, a signed media link to the bill's PDF (only for a
/// bill of this app that belongs to the event's customer, so another system's event can never send someone else's
/// bill), and <c>bill.payUrl</c> from <c>Billing:PayUrlTemplate</c>.
/// </summary>
public sealed class BillLinks(AppDbContext db, MediaLinks media, IOptions<BillingOptions> options) : IDerivedEventFields
{
    public async Task AddToAsync(EventType type, int customerId, Dictionary<string, string> data, CancellationToken ct)
    {
        if (data.GetValueOrDefault(EventTypes.BillNumberPath) is not { Length: > 0 } number) return;
        if (type.Field(EventTypes.BillPayUrlPath) is not null && options.Value.PayUrlFor(number) is { } payUrl)
            data[EventTypes.BillPayUrlPath] = payUrl;
        if (type.Field(EventTypes.BillPdfUrlPath) is null) return;
        var billId = await db.Set<Bill>().Where(b => b.Number == number && b.CustomerId == customerId).Select(b => (int?)b.Id).FirstOrDefaultAsync(ct);
        if (billId is { } id) data[EventTypes.BillPdfUrlPath] = media.UrlFor(BillPdfMedia.For(id));
    }
}
