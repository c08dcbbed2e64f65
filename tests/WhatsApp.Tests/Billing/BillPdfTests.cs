using System.Net;
using System.Net.Http.Json;
using PdfSharp.Pdf.IO;
using WhatsApp.Api.Features.Billing;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Billing;

/// <summary>Each bill as a one-page PDF that staff download from the customer's profile.</summary>
public class BillPdfTests(SharedApp app) : IClassFixture<SharedApp>
{
    private async Task<(HttpClient Staff, int CustomerId, BillDto Bill)> BillAsync(string name = "Ana Souza")
    {
        var staff = await app.StaffAsync();
        var created = await (await staff.PostAsJsonAsync("/api/customers", new { name, phone = TestPhones.Next(), accountNumber = "AC-77", language = "pt_BR" }))
            .ReadAsAsync<CustomerDetailDto>(HttpStatusCode.Created);
        var bill = await (await staff.PostAsJsonAsync("/api/bills", new { customerId = created.Customer.Id, amount = 89.9m, currency = "BRL", dueDate = "2026-12-10" }))
            .ReadAsAsync<BillDto>(HttpStatusCode.Created);
        return (staff, created.Customer.Id, bill);
    }

    [Fact]
    public async Task Staff_download_a_bill_as_a_one_page_pdf_named_after_its_number()
    {
        var (staff, customerId, bill) = await BillAsync();
        using var _ = staff;

        var response = await staff.GetAsync($"/api/customers/{customerId}/bills/{bill.Id}/pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"bill-{bill.Number}.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF"u8.ToArray(), bytes[..4]);
        using var pdf = PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);
        Assert.Equal(1, pdf.PageCount);
        Assert.Equal($"Bill {bill.Number}", pdf.Info.Title);
    }

    [Fact]
    public async Task A_very_long_customer_name_still_fits_on_one_page()
    {
        var (staff, customerId, bill) = await BillAsync(string.Concat(Enumerable.Repeat("Maria-José Ærøskøbing ", 9)).Trim());
        using var _ = staff;

        var bytes = await staff.GetByteArrayAsync($"/api/customers/{customerId}/bills/{bill.Id}/pdf");

        using var pdf = PdfReader.Open(new MemoryStream(bytes), PdfDocumentOpenMode.Import);
        Assert.Equal(1, pdf.PageCount);
    }

    [Fact]
    public async Task A_bill_of_another_customer_or_no_bill_is_not_found_and_anonymous_callers_are_refused()
    {
        var (staff, customerId, bill) = await BillAsync();
        var (other, otherId, _) = await BillAsync();
        using var __ = staff;
        using var ___ = other;

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/customers/{otherId}/bills/{bill.Id}/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/customers/{customerId}/bills/999999/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/customers/{customerId}/bills/{bill.Id}/pdf")).StatusCode);
    }
}
