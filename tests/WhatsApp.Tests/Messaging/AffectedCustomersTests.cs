using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Messaging;

/// <summary>
/// Failures written straight to the database: Ana's three messages failed with 63003, Ben's one with 63003 and one
/// with 63016, Cai's one was delivered, and one 63003 went to a number without a customer.
/// </summary>
public sealed class AffectedCustomersFixture : IAsyncLifetime
{
    public AppFactory App { get; } = new();
    public HttpClient Admin { get; private set; } = null!;
    public Customer Ana { get; private set; } = null!;
    public Customer Ben { get; private set; } = null!;
    public Customer Cai { get; private set; } = null!;
    public DateTime Start { get; } = new(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc);

    public async Task InitializeAsync()
    {
        Admin = await App.AdminAsync();
        await App.WithDbAsync(async db =>
        {
            Customer Make(string name, string phone) => new() { Name = name, Phone = phone, WhatsAppOptIn = true, CreatedAt = Start, UpdatedAt = Start };
            Ana = Make("Ana Affected", "+12125550101");
            Ben = Make("=Ben Formula", "+12125550102");
            Cai = Make("Cai Fine", "+12125550103");
            db.AddRange(Ana, Ben, Cai);
            await db.SaveChangesAsync();
            WhatsAppMessage Message(Customer? c, MessageStatus status, string? code, int hour) => new()
            {
                ToPhone = c?.Phone ?? "+12125550199", CustomerId = c?.Id, TemplateName = "bill_due", TemplateLanguage = "en_US",
                ParametersJson = "{}", ProviderType = "twilio", Status = status, Source = MessageSource.Broadcast, ErrorCode = code,
                CreatedAt = Start.AddHours(hour), UpdatedAt = Start.AddHours(hour),
            };
            db.AddRange(
                Message(Ana, MessageStatus.Failed, "63003", 1), Message(Ana, MessageStatus.Undelivered, "63003", 5), Message(Ana, MessageStatus.Failed, "63003", 2),
                Message(Ben, MessageStatus.Failed, "63003", 3), Message(Ben, MessageStatus.Failed, "63016", 9),
                Message(Cai, MessageStatus.Delivered, null, 4), Message(null, MessageStatus.Failed, "63003", 6));
            await db.SaveChangesAsync();
        });
    }

    public Task DisposeAsync()
    {
        Admin.Dispose();
        App.Dispose();
        return Task.CompletedTask;
    }
}

public class AffectedCustomersTests(AffectedCustomersFixture f) : IClassFixture<AffectedCustomersFixture>
{
    [Fact]
    public async Task Each_customer_an_error_code_hit_is_listed_once_most_recent_first()
    {
        var list = await (await f.Admin.GetAsync("/api/whatsapp/messages/customers?errorCode=63003")).ReadAsAsync<AffectedCustomersDto>();
        Assert.False(list.Truncated);
        Assert.Equal([f.Ana.Id, f.Ben.Id], list.Items.Select(c => c.CustomerId));
        var ana = list.Items[0];
        Assert.Equal((3, f.Start.AddHours(5), "63003", "+12125550101"), (ana.Messages, ana.LastAt, ana.LastErrorCode, ana.Phone));
        Assert.Equal(1, list.Items[1].Messages);

        // The period narrows it like the Sent Log's: from 04:00 only Ana's 05:00 failure is left.
        var later = await (await f.Admin.GetAsync("/api/whatsapp/messages/customers?errorCode=63003&from=2026-04-01T04:00:00Z")).ReadAsAsync<AffectedCustomersDto>();
        Assert.Equal([f.Ana.Id], later.Items.Select(c => c.CustomerId));
    }

    [Fact]
    public async Task The_affected_customers_export_as_csv_with_formulas_defused()
    {
        var response = await f.Admin.GetAsync("/api/whatsapp/messages/customers/export?errorCode=63003");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("customer_id,name,phone,whatsapp_opt_in,messages,last_message_at,last_error_code", lines[0]);
        Assert.Equal(3, lines.Length);
        // A phone's leading + would start a formula too: escaped like the Sent Log export's.
        Assert.Equal($"{f.Ana.Id},Ana Affected,\"'+12125550101\",yes,3,2026-04-01T05:00:00Z,63003", lines[1]);
        Assert.DoesNotContain(",=Ben", lines[2]);
    }

    [Fact]
    public async Task A_bulk_opt_out_records_an_admin_decision_with_the_reason_and_who()
    {
        var result = await (await f.Admin.PostAsJsonAsync("/api/customers/opt-out",
            new BulkOptOutRequest([f.Cai.Id], "customer disputes consent — phoned"))).ReadAsAsync<BulkOptOutResult>();
        Assert.Equal(1, result.OptedOut);
        // Already out: nothing more to record.
        var again = await (await f.Admin.PostAsJsonAsync("/api/customers/opt-out", new BulkOptOutRequest([f.Cai.Id], "again"))).ReadAsAsync<BulkOptOutResult>();
        Assert.Equal(0, again.OptedOut);

        var cai = await (await f.Admin.GetAsync($"/api/customers/{f.Cai.Id}")).ReadAsAsync<CustomerDetailDto>(HttpStatusCode.OK);
        Assert.False(cai.Customer.WhatsAppOptIn);
        var record = Assert.Single(cai.ConsentHistory, r => !r.OptedIn);
        Assert.Equal((ConsentSource.Admin, AppFactory.AdminEmail, "customer disputes consent — phoned"), (record.Source, record.Actor, record.Text));
    }

    [Fact]
    public async Task A_bulk_opt_out_without_customers_or_reason_is_a_400_naming_the_field()
    {
        await (await f.Admin.PostAsJsonAsync("/api/customers/opt-out", new BulkOptOutRequest([], "x"))).AssertFieldErrorAsync("customerIds");
        await (await f.Admin.PostAsJsonAsync("/api/customers/opt-out", new BulkOptOutRequest([f.Ana.Id], " "))).AssertFieldErrorAsync("reason");
    }
}
