using System.Net;
using System.Net.Http.Json;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Billing;

/// <summary>The billing application's records the automations hang on: bills, payments, subscriptions, tickets, diagnostics.</summary>
public class BillingAndSupportTests(SharedApp app) : IClassFixture<SharedApp>
{
    private async Task<(HttpClient Staff, int CustomerId)> StaffWithCustomerAsync()
    {
        var staff = await app.StaffAsync();
        var created = await (await staff.PostAsJsonAsync("/api/customers", new { name = "Ana Souza", phone = TestPhones.Next() }))
            .ReadJsonAsync(HttpStatusCode.Created);
        return (staff, created.GetProperty("customer").GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task A_bill_is_numbered_when_none_is_given_and_paid_only_once_its_payments_cover_it()
    {
        var (staff, customerId) = await StaffWithCustomerAsync();
        using var _ = staff;

        var bill = await (await staff.PostAsJsonAsync("/api/bills", new { customerId, amount = 50m, currency = "usd", dueDate = "2026-12-01" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var id = bill.GetProperty("id").GetInt32();
        Assert.Equal($"B-{id:00000}", bill.GetProperty("number").GetString());
        Assert.Equal("USD", bill.GetProperty("currency").GetString());

        var partial = await (await staff.PostAsJsonAsync($"/api/bills/{id}/payments", new { amount = 20m })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Unpaid", partial.GetProperty("bill").GetProperty("status").GetString());
        var rest = await (await staff.PostAsJsonAsync($"/api/bills/{id}/payments", new { amount = 30m })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Paid", rest.GetProperty("bill").GetProperty("status").GetString());
        Assert.Equal(50m, rest.GetProperty("bill").GetProperty("amountPaid").GetDecimal());

        var listed = await (await staff.GetAsync($"/api/bills?customerId={customerId}")).ReadJsonAsync();
        Assert.Equal(2, Assert.Single(listed.EnumerateArray()).GetProperty("payments").GetArrayLength());
    }

    [Fact]
    public async Task Bad_bills_and_payments_are_refused_naming_the_field_and_a_taken_number_is_a_conflict()
    {
        var (staff, customerId) = await StaffWithCustomerAsync();
        using var _ = staff;

        await (await staff.PostAsJsonAsync("/api/bills", new { customerId = int.MaxValue, amount = 5m, currency = "USD", dueDate = "2026-12-01" })).AssertFieldErrorAsync("customerId");
        await (await staff.PostAsJsonAsync("/api/bills", new { customerId, amount = -5m, currency = "USD", dueDate = "2026-12-01" })).AssertFieldErrorAsync("amount");
        await (await staff.PostAsJsonAsync("/api/bills", new { customerId, amount = 5m, currency = "dollars", dueDate = "2026-12-01" })).AssertFieldErrorAsync("currency");
        await (await staff.PostAsJsonAsync("/api/bills", new { customerId, amount = 5m, currency = "USD" })).AssertFieldErrorAsync("dueDate");
        await (await staff.PostAsJsonAsync("/api/bills", new { customerId, amount = 5m, currency = "USD", dueDate = "1 December" })).AssertFieldErrorAsync("dueDate");

        var number = $"B-{Guid.NewGuid():N}"[..20];
        var bill = await (await staff.PostAsJsonAsync("/api/bills", new { customerId, number, amount = 5m, currency = "USD", dueDate = "2026-12-01" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        await (await staff.PostAsJsonAsync("/api/bills", new { customerId, number, amount = 5m, currency = "USD", dueDate = "2026-12-01" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await staff.PostAsJsonAsync($"/api/bills/{bill.GetProperty("id").GetInt32()}/payments", new { amount = 0m })).AssertFieldErrorAsync("amount");
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsJsonAsync("/api/bills/999999/payments", new { amount = 1m })).StatusCode);
    }

    [Fact]
    public async Task Subscriptions_are_created_and_renewed()
    {
        var (staff, customerId) = await StaffWithCustomerAsync();
        using var _ = staff;

        await (await staff.PostAsJsonAsync("/api/subscriptions", new { customerId, plan = "" })).AssertFieldErrorAsync("plan");
        var created = await (await staff.PostAsJsonAsync("/api/subscriptions", new { customerId, plan = "Fibre 500", expiresAt = "2026-12-31T23:00:00Z" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var renewed = await (await staff.PutAsJsonAsync($"/api/subscriptions/{created.GetProperty("id").GetInt32()}", new { expiresAt = "2027-12-31T23:00:00Z" }))
            .ReadJsonAsync();

        Assert.Equal("Fibre 500", renewed.GetProperty("plan").GetString());
        Assert.Equal(new DateTime(2027, 12, 31, 23, 0, 0, DateTimeKind.Utc), renewed.GetProperty("expiresAt").GetDateTime().ToUniversalTime());
    }

    [Fact]
    public async Task Tickets_move_through_their_statuses_and_diagnostics_complete_once()
    {
        var (staff, customerId) = await StaffWithCustomerAsync();
        using var _ = staff;

        await (await staff.PostAsJsonAsync("/api/tickets", new { customerId, subject = " " })).AssertFieldErrorAsync("subject");
        var ticket = await (await staff.PostAsJsonAsync("/api/tickets", new { customerId, subject = "No internet" })).ReadJsonAsync(HttpStatusCode.Created);
        var id = ticket.GetProperty("id").GetInt32();
        Assert.Equal($"T-{id:00000}", ticket.GetProperty("number").GetString());
        Assert.Equal("Open", ticket.GetProperty("status").GetString());
        await (await staff.PutAsJsonAsync($"/api/tickets/{id}/status", new { status = "Lost" })).AssertFieldErrorAsync("status");
        var resolved = await (await staff.PutAsJsonAsync($"/api/tickets/{id}/status", new { status = "Resolved" })).ReadJsonAsync();
        Assert.Equal("Resolved", resolved.GetProperty("status").GetString());

        var diagnostic = await (await staff.PostAsJsonAsync("/api/diagnostics", new { customerId })).ReadJsonAsync(HttpStatusCode.Created);
        var path = $"/api/diagnostics/{diagnostic.GetProperty("id").GetInt32()}/complete";
        await (await staff.PostAsJsonAsync(path, new { summary = "" })).AssertFieldErrorAsync("summary");
        (await staff.PostAsJsonAsync(path, new { summary = "Line OK" })).EnsureSuccessStatusCode();
        await (await staff.PostAsJsonAsync(path, new { summary = "Again" })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_customers_time_zone_must_be_an_IANA_zone()
    {
        using var staff = await app.StaffAsync();

        await (await staff.PostAsJsonAsync("/api/customers", new { name = "Ana", phone = TestPhones.Next(), timeZone = "Mars/Olympus_Mons" })).AssertFieldErrorAsync("timeZone");
        var created = await (await staff.PostAsJsonAsync("/api/customers", new { name = "Ana", phone = TestPhones.Next(), timeZone = "America/Sao_Paulo" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("America/Sao_Paulo", created.GetProperty("customer").GetProperty("timeZone").GetString());
    }
}
