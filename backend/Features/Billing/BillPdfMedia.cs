using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Media;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Billing;

/// <summary>
/// Bills as media links serve them (<c>{{bill.pdfUrl}}</c>, a document header): the PDF rendered when fetched, so it shows
/// the bill as it is then. Key: the bill's id.
/// </summary>
public sealed class BillPdfMedia(AppDbContext db, BillPdf pdf) : IMediaSource
{
    public const string MediaKind = "bill-pdf";

    public static MediaRef For(int billId) => new(MediaKind, billId.ToString(CultureInfo.InvariantCulture));

    public string Kind => MediaKind;

    public Task<MediaFile?> OpenAsync(string key, CancellationToken ct) =>
        int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var billId) ? RenderAsync(billId, null, ct) : Task.FromResult<MediaFile?>(null);

    /// <summary>The bill's PDF; null when there is no such bill (of that customer, when one is given).</summary>
    public async Task<MediaFile?> RenderAsync(int billId, int? customerId, CancellationToken ct)
    {
        var bill = await db.Set<Bill>().AsNoTracking().Include(b => b.Payments)
            .FirstOrDefaultAsync(b => b.Id == billId && (customerId == null || b.CustomerId == customerId), ct);
        var customer = bill is null ? null : await db.Set<Customer>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == bill.CustomerId, ct);
        return bill is null || customer is null ? null : new MediaFile(BillPdf.ContentType, BillPdf.FileName(bill), pdf.Render(bill, customer));
    }
}
