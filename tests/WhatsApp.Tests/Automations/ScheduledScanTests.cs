using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Tests.Infrastructure;
using static WhatsApp.Tests.Automations.AutomationHarness;

namespace WhatsApp.Tests.Automations;

/// <summary>Payment reminders and expiry alerts: the scans on a moved clock, repeated, and on two instances at once.</summary>
public class ScheduledScanTests(AutomationHarness h) : IClassFixture<AutomationHarness>
{
    private DateOnly UtcToday => DateOnly.FromDateTime(h.Clock.GetUtcNow().UtcDateTime);

    private async Task<(int Id, string Number)> BillAsync(int customerId, DateOnly dueDate, decimal amount = 45m)
    {
        var bill = await (await h.Admin.PostAsJsonAsync("/api/bills", new { customerId, amount, currency = "USD", dueDate = dueDate.ToString("yyyy-MM-dd") }))
            .ReadJsonAsync(HttpStatusCode.Created);
        return (bill.GetProperty("id").GetInt32(), bill.GetProperty("number").GetString()!);
    }

    private async Task<Template> EnableRemindersAsync(params int[] offsets)
    {
        var template = await h.TemplateAsync("Bill {{1}} of {{2}} is due on {{3}} ({{4}} days).");
        await h.EnableAsync(EventTypes.BillReminder, template,
            Variables("{{bill.number}}", "{{bill.amount}}", "{{bill.dueDate}}", "{{bill.daysUntilDue}}"), offsets);
        return template;
    }

    /// <summary>Runs the scan several times, as a recurring job firing again (or a restarted app) would.</summary>
    private async Task ScanRepeatedlyAsync(int times = 3)
    {
        for (var i = 0; i < times; i++) await h.ScanAsync();
    }

    private Task<List<AutomationEvent>> RemindersAsync(int customerId) =>
        h.App.WithDbAsync(db => db.Set<AutomationEvent>().AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.Type == EventTypes.BillReminder).OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task A_payment_reminder_goes_once_per_offset_however_often_the_scan_runs()
    {
        var template = await EnableRemindersAsync(3, 1, 0, -2);
        var (id, phone) = await h.CustomerAsync();
        var (billId, number) = await BillAsync(id, UtcToday.AddDays(3));

        await ScanRepeatedlyAsync();
        Assert.Single(await h.ReceivedAsync(phone, template));
        await h.AdvanceAsync(TimeSpan.FromDays(1));
        await ScanRepeatedlyAsync(); // two days before: not an offset
        await h.AdvanceAsync(TimeSpan.FromDays(1));
        await ScanRepeatedlyAsync();
        Assert.Equal(2, (await h.ReceivedAsync(phone, template, count: 2)).Count);
        await h.AdvanceAsync(TimeSpan.FromDays(1));
        await ScanRepeatedlyAsync();
        // The due day's reminder must be out before the clock moves on, or the overdue one may overtake it.
        Assert.Equal(3, (await h.ReceivedAsync(phone, template, count: 3)).Count);
        await h.AdvanceAsync(TimeSpan.FromDays(2));
        await ScanRepeatedlyAsync();

        var received = Values(await h.ReceivedAsync(phone, template, count: 4));
        Assert.Equal(["3", "1", "0", "-2"], received.Select(v => v[3]));
        Assert.All(received, v => Assert.Equal([number, "$45.00"], v[..2]));
        var reminders = await RemindersAsync(id);
        Assert.Equal(4, reminders.Count);
        Assert.All(reminders, e => Assert.Equal($"bill:{billId}", e.EntityRef));
        Assert.All(reminders, e => Assert.Equal(AutomationEventStatus.Messaged, e.Status));
    }

    [Fact]
    public async Task Paid_bills_get_no_reminder_and_customers_not_opted_in_get_none_either()
    {
        var template = await EnableRemindersAsync(1);
        var (payerId, payerPhone) = await h.CustomerAsync();
        var (paidBill, _) = await BillAsync(payerId, UtcToday.AddDays(1), amount: 10m);
        (await h.Admin.PostAsJsonAsync($"/api/bills/{paidBill}/payments", new { amount = 10m })).EnsureSuccessStatusCode();
        var (optedOutId, optedOutPhone) = await h.CustomerAsync(optIn: false);
        await BillAsync(optedOutId, UtcToday.AddDays(1));
        var (witnessId, witnessPhone) = await h.CustomerAsync();
        await BillAsync(witnessId, UtcToday.AddDays(1));

        await ScanRepeatedlyAsync();

        Assert.Single(await h.ReceivedAsync(witnessPhone, template));
        Assert.Empty(await RemindersAsync(payerId));
        var skipped = Assert.Single(await h.DecidedEventsAsync(optedOutId, EventTypes.BillReminder));
        Assert.Equal("not_opted_in", skipped.SkipReason);
        Assert.DoesNotContain(h.FakeState.GetMessages("twilio", payerPhone), m => m.Template == template.Sid);
        Assert.Empty(h.FakeState.GetMessages("twilio", optedOutPhone));
    }

    [Fact]
    public async Task Two_instances_scanning_and_processing_at_once_raise_and_send_each_reminder_once()
    {
        var template = await EnableRemindersAsync(2);
        var customers = new List<(int Id, string Phone)>();
        for (var i = 0; i < 5; i++)
        {
            var customer = await h.CustomerAsync();
            await BillAsync(customer.Id, UtcToday.AddDays(2));
            customers.Add(customer);
        }
        using var second = h.SecondInstance();
        await using var secondScope = second.Services.CreateAsyncScope();

        await Task.WhenAll(
            h.ScanAsync(), h.ScanAsync(), secondScope.ServiceProvider.GetRequiredService<AutomationScans>().RunAsync(CancellationToken.None),
            h.ProcessAsync(), second.Services.GetRequiredService<AutomationProcessor>().RunAsync(CancellationToken.None));
        await Task.WhenAll(h.ProcessAsync(), second.Services.GetRequiredService<AutomationProcessor>().RunAsync(CancellationToken.None));

        foreach (var (id, phone) in customers)
        {
            Assert.Single(await h.ReceivedAsync(phone, template));
            Assert.Single(await RemindersAsync(id));
        }
    }

    [Fact]
    public async Task Today_is_the_customers_own_day_in_their_time_zone()
    {
        var template = await EnableRemindersAsync(1);
        await h.AdvanceToAsync(new TimeOnly(12, 0));
        // At noon UTC it is already 02:00 tomorrow on Kiritimati (UTC+14).
        var (islanderId, islanderPhone) = await h.CustomerAsync(timeZone: "Pacific/Kiritimati");
        var (_, dueTomorrowUtc) = await BillAsync(islanderId, UtcToday.AddDays(1));
        var (_, dueTomorrowThere) = await BillAsync(islanderId, UtcToday.AddDays(2));
        var (londonerId, londonerPhone) = await h.CustomerAsync(timeZone: "Etc/UTC");
        var (_, londonersBill) = await BillAsync(londonerId, UtcToday.AddDays(1));

        await ScanRepeatedlyAsync();

        Assert.Equal(dueTomorrowThere, Assert.Single(await h.ReceivedAsync(islanderPhone, template)).ContentVariableMap!["1"]);
        Assert.Equal(londonersBill, Assert.Single(await h.ReceivedAsync(londonerPhone, template)).ContentVariableMap!["1"]);
        Assert.DoesNotContain(await RemindersAsync(islanderId), e => e.DataJson.Contains(dueTomorrowUtc));
    }

    [Fact]
    public async Task Expiry_alerts_count_down_once_per_offset_and_again_after_a_renewal()
    {
        var template = await h.TemplateAsync("Your {{1}} plan ends on {{2}}: {{3}} days left.");
        await h.EnableAsync(EventTypes.SubscriptionExpiring, template,
            Variables("{{subscription.plan}}", "{{subscription.expiresAt}}", "{{subscription.daysLeft}}"), [7, 1]);
        var (id, phone) = await h.CustomerAsync();
        var expiresAt = h.Clock.GetUtcNow().UtcDateTime.AddDays(7);
        var subscription = await (await h.Admin.PostAsJsonAsync("/api/subscriptions", new { customerId = id, plan = "Fibre 500", expiresAt }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var (optedOutId, optedOutPhone) = await h.CustomerAsync(optIn: false);
        (await h.Admin.PostAsJsonAsync("/api/subscriptions", new { customerId = optedOutId, plan = "Fibre 500", expiresAt })).EnsureSuccessStatusCode();

        await ScanRepeatedlyAsync();
        Assert.Single(await h.ReceivedAsync(phone, template));
        Assert.Equal("not_opted_in", Assert.Single(await h.DecidedEventsAsync(optedOutId, EventTypes.SubscriptionExpiring)).SkipReason);
        Assert.Empty(h.FakeState.GetMessages("twilio", optedOutPhone));
        await h.AdvanceAsync(TimeSpan.FromDays(6));
        await ScanRepeatedlyAsync();
        Assert.Equal(2, (await h.ReceivedAsync(phone, template, count: 2)).Count);

        var renewedUntil = expiresAt.AddDays(30);
        (await h.Admin.PutAsJsonAsync($"/api/subscriptions/{subscription.GetProperty("id").GetInt32()}", new { expiresAt = renewedUntil }))
            .EnsureSuccessStatusCode();
        await h.AdvanceAsync(TimeSpan.FromDays(24));
        await ScanRepeatedlyAsync();

        var received = Values(await h.ReceivedAsync(phone, template, count: 3));
        Assert.Equal(["7", "1", "7"], received.Select(v => v[2]));
        Assert.All(received, v => Assert.Equal("Fibre 500", v[0]));
        Assert.Equal(renewedUntil.ToString("dddd, MMMM d, yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-US")), received[2][1]);
    }

    [Fact]
    public async Task A_disabled_reminder_automation_scans_nothing()
    {
        await EnableRemindersAsync(0);
        await h.DisableAsync(EventTypes.BillReminder);
        var (id, _) = await h.CustomerAsync();
        await BillAsync(id, UtcToday);

        await ScanRepeatedlyAsync();

        Assert.Empty(await RemindersAsync(id));
    }
}
