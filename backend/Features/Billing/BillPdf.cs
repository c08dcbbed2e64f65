using System.Globalization;
using Microsoft.Extensions.Options;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Customers;

namespace WhatsApp.Api.Features.Billing;

/// <summary>
/// A bill as a one-page A4 PDF: issuer, customer, number, dates, amount (in the customer's language and currency
/// conventions) and status. Rendered on demand from the bill as it is now, so a payment shows on the next download.
/// </summary>
public sealed class BillPdf(IOptions<BillingOptions> options, CustomerClock customerClock)
{
    public const string ContentType = "application/pdf";

    private const double Margin = 56;
    private static readonly XColor Accent = XColor.FromArgb(11, 110, 79);
    private static readonly XColor Muted = XColor.FromArgb(96, 96, 96);
    private static readonly XColor Rule = XColor.FromArgb(220, 220, 220);

    /// <summary>The file name a download of this bill gets: <c>bill-B-00042.pdf</c>, safe on any file system.</summary>
    public static string FileName(Bill bill) =>
        $"bill-{new string(bill.Number.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray())}.pdf";

    public byte[] Render(Bill bill, Customer customer)
    {
        BillFonts.EnsureInstalled();
        var culture = EventValues.CultureFor(customer.Language);
        var settings = options.Value;

        using var document = new PdfDocument();
        document.Info.Title = $"Bill {bill.Number}";
        document.Info.Author = settings.CompanyName;
        document.Info.Subject = $"Bill {bill.Number} for {customer.Name}";
        var page = document.AddPage();
        page.Size = PageSize.A4;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point - 2 * Margin;
            var title = new XFont(BillFonts.Family, 20, XFontStyleEx.Bold);
            var heading = new XFont(BillFonts.Family, 11, XFontStyleEx.Bold);
            var text = new XFont(BillFonts.Family, 10, XFontStyleEx.Regular);
            var small = new XFont(BillFonts.Family, 8.5, XFontStyleEx.Regular);
            var big = new XFont(BillFonts.Family, 24, XFontStyleEx.Bold);
            var muted = new XSolidBrush(Muted);

            var y = Margin;
            gfx.DrawString(Fit(gfx, settings.CompanyName, title, width * 0.65), title, new XSolidBrush(Accent), new XPoint(Margin, y + 20));
            gfx.DrawString("BILL", heading, muted, new XRect(Margin, y + 6, width, 20), XStringFormats.TopRight);
            gfx.DrawString(Fit(gfx, bill.Number, text, width * 0.3), text, XBrushes.Black, new XRect(Margin, y + 22, width, 20), XStringFormats.TopRight);
            y += 48;
            gfx.DrawLine(new XPen(Accent, 2), Margin, y, Margin + width, y);
            y += 28;

            // Two columns: who is billed, and the bill's facts.
            var column = width / 2;
            gfx.DrawString("Billed to", heading, muted, new XPoint(Margin, y));
            var left = y + 18;
            foreach (var line in new[] { customer.Name, Labelled("Account", customer.AccountNumber), Labelled("Plan", customer.Plan) })
            {
                if (line is null) continue;
                gfx.DrawString(Fit(gfx, line, text, column - 16), text, XBrushes.Black, new XPoint(Margin, left));
                left += 15;
            }

            var today = customerClock.Today(customer);
            var facts = new (string Label, string Value)[]
            {
                ("Bill number", bill.Number),
                ("Issued", customerClock.LocalDate(customer, bill.CreatedAt).ToString("D", culture)),
                ("Due date", bill.DueDate.ToString("D", culture)),
                ("Status", StatusText(bill, today)),
            };
            var right = y;
            foreach (var (label, value) in facts)
            {
                gfx.DrawString(label, text, muted, new XPoint(Margin + column, right));
                gfx.DrawString(Fit(gfx, value, text, column * 0.6), text, XBrushes.Black, new XRect(Margin + column, right - 10, column, 14), XStringFormats.TopRight);
                right += 18;
            }
            y = Math.Max(left, right) + 24;

            // The amount, boxed: what the reader looks for first.
            var paid = bill.Payments.Sum(p => p.Amount);
            var due = Math.Max(0, bill.Amount - paid);
            gfx.DrawRectangle(new XPen(Rule, 1), new XSolidBrush(XColor.FromArgb(246, 247, 249)), new XRect(Margin, y, width, 96));
            gfx.DrawString("Bill amount", text, muted, new XPoint(Margin + 16, y + 24));
            gfx.DrawString(Money(bill.Amount, bill, culture), text, XBrushes.Black, new XRect(Margin, y + 14, width - 16, 14), XStringFormats.TopRight);
            if (paid > 0)
            {
                gfx.DrawString("Paid", text, muted, new XPoint(Margin + 16, y + 42));
                gfx.DrawString(Money(paid, bill, culture), text, XBrushes.Black, new XRect(Margin, y + 32, width - 16, 14), XStringFormats.TopRight);
            }
            gfx.DrawString(bill.Status == BillStatus.Paid ? "Paid in full" : "Amount due", heading, XBrushes.Black, new XPoint(Margin + 16, y + 78));
            gfx.DrawString(Money(due, bill, culture), big, new XSolidBrush(Accent), new XRect(Margin, y + 54, width - 16, 30), XStringFormats.TopRight);
            y += 96 + 28;

            if (bill.Status != BillStatus.Paid)
            {
                gfx.DrawString($"Please pay by {bill.DueDate.ToString("D", culture)}.", text, XBrushes.Black, new XPoint(Margin, y));
                y += 16;
                if (settings.PayUrlFor(bill.Number) is { } payUrl)
                    gfx.DrawString(Fit(gfx, $"Pay online: {payUrl}", text, width), text, XBrushes.Black, new XPoint(Margin, y));
            }

            var footer = page.Height.Point - Margin;
            gfx.DrawLine(new XPen(Rule, 1), Margin, footer - 14, Margin + width, footer - 14);
            gfx.DrawString(Fit(gfx, $"{settings.CompanyName} · Bill {bill.Number} · {customer.Name}", small, width), small, muted, new XPoint(Margin, footer));
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private static string StatusText(Bill bill, DateOnly today) => bill.Status switch
    {
        BillStatus.Paid => "Paid",
        _ when bill.DueDate < today => "Overdue",
        _ => "Unpaid",
    };

    private static string Money(decimal amount, Bill bill, CultureInfo culture) => EventValues.FormatMoney(amount, bill.Currency, culture);

    private static string? Labelled(string label, string? value) => string.IsNullOrWhiteSpace(value) ? null : $"{label}: {value}";

    /// <summary>The text, cut with an ellipsis where it would run past <paramref name="maxWidth"/>: one page, no overlaps.</summary>
    private static string Fit(XGraphics gfx, string value, XFont font, double maxWidth)
    {
        if (gfx.MeasureString(value, font).Width <= maxWidth) return value;
        var cut = value;
        while (cut.Length > 1 && gfx.MeasureString(cut + "…", font).Width > maxWidth) cut = cut[..^1];
        return cut.TrimEnd() + "…";
    }
}
