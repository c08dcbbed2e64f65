using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Tests.Infrastructure;
using static WhatsApp.Tests.Automations.AutomationHarness;

namespace WhatsApp.Tests.Automations;

/// <summary>Each business event, once its automation is enabled: one message with the mapped values to an opted-in customer, none to anyone else.</summary>
public class EventNotificationTests(AutomationHarness h) : IClassFixture<AutomationHarness>
{
    /// <summary>The event was decided without a message, for the reason given, and nothing reached the phone.</summary>
    private async Task AssertSkippedAsync(int customerId, string type, string reason, string phone)
    {
        var e = Assert.Single(await h.DecidedEventsAsync(customerId, type));
        Assert.Equal(AutomationEventStatus.Skipped, e.Status);
        Assert.Equal(reason, e.SkipReason);
        Assert.Null(e.MessageId);
        Assert.Empty(h.FakeState.GetMessages("twilio", phone));
    }

    /// <summary>The Sent Log lists the customer's message with its event type and the entity it came from.</summary>
    private async Task AssertInSentLogAsync(int customerId, string type, string entityRef)
    {
        var page = await (await h.Admin.GetAsync($"/api/whatsapp/messages?customerId={customerId}&eventType={type}")).ReadJsonAsync();
        var message = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("Automation", message.GetProperty("source").GetString());
        Assert.Equal(type, message.GetProperty("eventType").GetString());
        Assert.Equal(entityRef, message.GetProperty("entityRef").GetString());
    }

    private async Task<JsonElement> BillAsync(int customerId, decimal amount = 20.5m, string currency = "USD", string dueDate = "2026-12-01") =>
        await (await h.Admin.PostAsJsonAsync("/api/bills", new { customerId, amount, currency, dueDate })).ReadJsonAsync(HttpStatusCode.Created);

    private async Task<JsonElement> TicketAsync(int customerId, string subject = "No internet since this morning") =>
        await (await h.Admin.PostAsJsonAsync("/api/tickets", new { customerId, subject })).ReadJsonAsync(HttpStatusCode.Created);

    [Fact]
    public async Task Registering_a_customer_welcomes_them_once_with_the_portal_link_and_not_one_who_did_not_opt_in()
    {
        var template = await h.TemplateAsync("Welcome {{1}}! Pay bills and open tickets at {{2}}");
        await h.EnableAsync(EventTypes.CustomerRegistered, template, Variables("{{customer.firstName}}", "{{portal.url}}"));
        try
        {
            var (id, phone) = await h.CustomerAsync(name: "Ana Souza");
            var (otherId, otherPhone) = await h.CustomerAsync(optIn: false);

            Assert.Equal(["Ana", AutomationHarness.PortalUrl], await h.SingleMessageAsync(phone, template));
            await AssertInSentLogAsync(id, EventTypes.CustomerRegistered, $"customer:{id}");
            await AssertSkippedAsync(otherId, EventTypes.CustomerRegistered, "not_opted_in", otherPhone);
        }
        finally
        {
            // Every other test registers customers too; they must not get welcomes.
            await h.DisableAsync(EventTypes.CustomerRegistered);
        }
    }

    [Fact]
    public async Task A_new_bill_sends_its_number_amount_and_due_date_written_for_the_customers_language()
    {
        var template = await h.TemplateAsync("Bill {{1}} of {{2}} is due on {{3}}.");
        await h.EnableAsync(EventTypes.BillCreated, template, Variables("{{bill.number}}", "{{bill.amount}}", "{{bill.dueDate}}"));
        var (id, phone) = await h.CustomerAsync(language: "en_US");
        var (brazilianId, brazilianPhone) = await h.CustomerAsync(language: "pt_BR");
        var (otherId, otherPhone) = await h.CustomerAsync(optIn: false);

        var bill = await BillAsync(id);
        await BillAsync(brazilianId, 20.5m, "BRL");
        await BillAsync(otherId);

        Assert.Equal([bill.GetProperty("number").GetString()!, "$20.50", "Tuesday, December 1, 2026"], await h.SingleMessageAsync(phone, template));
        var brazilian = await h.SingleMessageAsync(brazilianPhone, template);
        Assert.Equal(["R$ 20,50", "terça-feira, 1 de dezembro de 2026"], brazilian[1..].Select(v => v.Replace('\u00A0', ' ')));
        await AssertInSentLogAsync(id, EventTypes.BillCreated, $"bill:{bill.GetProperty("id").GetInt32()}");
        await AssertSkippedAsync(otherId, EventTypes.BillCreated, "not_opted_in", otherPhone);
    }

    [Fact]
    public async Task A_payment_sends_one_confirmation_with_the_amount_paid_and_marks_the_bill_paid_once_covered()
    {
        var template = await h.TemplateAsync("Thank you {{1}}, we received {{2}} for bill {{3}}.");
        await h.EnableAsync(EventTypes.PaymentReceived, template, Variables("{{customer.firstName}}", "{{payment.amount}}", "{{bill.number}}"));
        var (id, phone) = await h.CustomerAsync(name: "Bruno Lima");
        var (otherId, otherPhone) = await h.CustomerAsync(optIn: false);
        var bill = await BillAsync(id, amount: 30m);
        var billId = bill.GetProperty("id").GetInt32();

        var paid = await (await h.Admin.PostAsJsonAsync($"/api/bills/{billId}/payments", new { amount = 30m })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Paid", paid.GetProperty("bill").GetProperty("status").GetString());
        var otherBill = await BillAsync(otherId, amount: 30m);
        (await h.Admin.PostAsJsonAsync($"/api/bills/{otherBill.GetProperty("id").GetInt32()}/payments", new { amount = 10m })).EnsureSuccessStatusCode();

        Assert.Equal(["Bruno", "$30.00", bill.GetProperty("number").GetString()!], await h.SingleMessageAsync(phone, template));
        await AssertInSentLogAsync(id, EventTypes.PaymentReceived, $"bill:{billId}");
        await AssertSkippedAsync(otherId, EventTypes.PaymentReceived, "not_opted_in", otherPhone);
        // A paid bill takes no more payments (and raises no more confirmations).
        await (await h.Admin.PostAsJsonAsync($"/api/bills/{billId}/payments", new { amount = 1m })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Opening_a_ticket_sends_its_number_and_subject()
    {
        var template = await h.TemplateAsync("Ticket {{1}} opened: {{2}} ({{3}})");
        await h.EnableAsync(EventTypes.TicketCreated, template, Variables("{{ticket.number}}", "{{ticket.subject}}", "{{ticket.status}}"));
        var (id, phone) = await h.CustomerAsync();
        var (otherId, otherPhone) = await h.CustomerAsync(optIn: false);

        var ticket = await TicketAsync(id, "Router keeps rebooting");
        await TicketAsync(otherId);

        Assert.Equal([ticket.GetProperty("number").GetString()!, "Router keeps rebooting", "Open"], await h.SingleMessageAsync(phone, template));
        await AssertInSentLogAsync(id, EventTypes.TicketCreated, $"ticket:{ticket.GetProperty("id").GetInt32()}");
        await AssertSkippedAsync(otherId, EventTypes.TicketCreated, "not_opted_in", otherPhone);
    }

    [Fact]
    public async Task A_ticket_status_change_sends_the_new_status_once_and_setting_the_same_status_again_sends_nothing()
    {
        var template = await h.TemplateAsync("Ticket {{1}} is now {{2}} (was {{3}}).");
        await h.EnableAsync(EventTypes.TicketStatusChanged, template, Variables("{{ticket.number}}", "{{ticket.status}}", "{{ticket.previousStatus}}"));
        var (id, phone) = await h.CustomerAsync();
        var (otherId, otherPhone) = await h.CustomerAsync(optIn: false);
        var ticket = await TicketAsync(id);
        var ticketId = ticket.GetProperty("id").GetInt32();
        var otherTicket = await TicketAsync(otherId);

        (await h.Admin.PutAsJsonAsync($"/api/tickets/{ticketId}/status", new { status = "InProgress" })).EnsureSuccessStatusCode();
        (await h.Admin.PutAsJsonAsync($"/api/tickets/{ticketId}/status", new { status = "InProgress" })).EnsureSuccessStatusCode();
        (await h.Admin.PutAsJsonAsync($"/api/tickets/{otherTicket.GetProperty("id").GetInt32()}/status", new { status = "Resolved" })).EnsureSuccessStatusCode();

        Assert.Equal([ticket.GetProperty("number").GetString()!, "In progress", "Open"], await h.SingleMessageAsync(phone, template));
        Assert.Single(await h.DecidedEventsAsync(id, EventTypes.TicketStatusChanged));
        await AssertInSentLogAsync(id, EventTypes.TicketStatusChanged, $"ticket:{ticketId}");
        await AssertSkippedAsync(otherId, EventTypes.TicketStatusChanged, "not_opted_in", otherPhone);
    }

    [Fact]
    public async Task A_completed_diagnostic_sends_its_summary()
    {
        var template = await h.TemplateAsync("Hi {{1}}, your line check finished: {{2}}");
        await h.EnableAsync(EventTypes.DiagnosticCompleted, template, Variables("{{customer.name}}", "{{diagnostic.summary}}"));
        var (id, phone) = await h.CustomerAsync(name: "Carla Dias");
        var (otherId, otherPhone) = await h.CustomerAsync(optIn: false);

        foreach (var customerId in new[] { id, otherId })
        {
            var started = await (await h.Admin.PostAsJsonAsync("/api/diagnostics", new { customerId })).ReadJsonAsync(HttpStatusCode.Created);
            Assert.Equal("Running", started.GetProperty("status").GetString());
            var done = await (await h.Admin.PostAsJsonAsync($"/api/diagnostics/{started.GetProperty("id").GetInt32()}/complete",
                new { summary = "Line OK, 480 Mbps down" })).ReadJsonAsync();
            Assert.Equal("Completed", done.GetProperty("status").GetString());
        }

        Assert.Equal(["Carla Dias", "Line OK, 480 Mbps down"], await h.SingleMessageAsync(phone, template));
        await AssertSkippedAsync(otherId, EventTypes.DiagnosticCompleted, "not_opted_in", otherPhone);
    }

    [Fact]
    public async Task A_disabled_automation_sends_nothing_and_records_why()
    {
        var template = await h.TemplateAsync("Ticket {{1}} opened.");
        await h.EnableAsync(EventTypes.TicketCreated, template, Variables("{{ticket.number}}"));
        await h.DisableAsync(EventTypes.TicketCreated);
        var (id, phone) = await h.CustomerAsync();

        await TicketAsync(id);

        await AssertSkippedAsync(id, EventTypes.TicketCreated, "automation_disabled", phone);
    }

    [Fact]
    public async Task A_customer_who_opts_out_before_the_event_is_processed_gets_nothing()
    {
        var template = await h.TemplateAsync("Your line check finished: {{1}}");
        await h.EnableAsync(EventTypes.DiagnosticCompleted, template, Variables("{{diagnostic.summary}}"));
        var (id, phone) = await h.CustomerAsync();
        var started = await (await h.Admin.PostAsJsonAsync("/api/diagnostics", new { customerId = id })).ReadJsonAsync(HttpStatusCode.Created);
        // The event is written, but the customer opts out before any processor sees it.
        await h.App.WithDbAsync(async db =>
        {
            var now = h.Clock.GetUtcNow().UtcDateTime;
            db.Add(new AutomationEvent
            {
                Type = EventTypes.DiagnosticCompleted, CustomerId = id, EntityRef = $"diagnostic:{started.GetProperty("id").GetInt32()}",
                DataJson = "{\"diagnostic.summary\":\"Line OK\"}", Status = AutomationEventStatus.Pending,
                NextAttemptAt = now.AddDays(1), OccurredAt = now, CreatedAt = now,
            });
            await db.SaveChangesAsync();
        });
        (await h.Admin.PutAsJsonAsync($"/api/customers/{id}", new { whatsAppOptIn = false })).EnsureSuccessStatusCode();

        await h.AdvanceAsync(TimeSpan.FromDays(1));
        await h.ProcessAsync();

        await AssertSkippedAsync(id, EventTypes.DiagnosticCompleted, "not_opted_in", phone);
    }

    [Fact]
    public async Task An_event_whose_kick_was_lost_in_a_crash_is_sent_once_when_an_instance_starts()
    {
        var template = await h.TemplateAsync("Your line check finished: {{1}}");
        await h.EnableAsync(EventTypes.DiagnosticCompleted, template, Variables("{{diagnostic.summary}}"));
        var (id, phone) = await h.CustomerAsync();
        // Registering the customer kicked the processor; let that run finish so it cannot pick up the row below.
        await h.DecidedEventsAsync(id, EventTypes.CustomerRegistered);
        await Task.Delay(500);
        // Committed with its change, but the process stopped before the job was enqueued: only the row knows.
        await h.App.WithDbAsync(async db =>
        {
            var now = h.Clock.GetUtcNow().UtcDateTime;
            db.Add(new AutomationEvent
            {
                Type = EventTypes.DiagnosticCompleted, CustomerId = id, EntityRef = "diagnostic:1", DataJson = "{\"diagnostic.summary\":\"Line OK\"}",
                Status = AutomationEventStatus.Pending, NextAttemptAt = now, OccurredAt = now, CreatedAt = now,
            });
            await db.SaveChangesAsync();
        });

        using var restarted = h.SecondInstance();
        _ = restarted.Server;

        Assert.Equal(["Line OK"], await h.SingleMessageAsync(phone, template));
        Assert.Equal(AutomationEventStatus.Messaged, Assert.Single(await h.DecidedEventsAsync(id, EventTypes.DiagnosticCompleted)).Status);
    }
}
