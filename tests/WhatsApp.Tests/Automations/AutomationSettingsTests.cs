using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Tests.Infrastructure;
using static WhatsApp.Tests.Automations.AutomationHarness;

namespace WhatsApp.Tests.Automations;

/// <summary>Settings → WhatsApp → Automations: listing, validation on save, preview, admins only.</summary>
public class AutomationSettingsTests(AutomationHarness h) : IClassFixture<AutomationHarness>
{
    private Task<HttpResponseMessage> SaveAsync(string eventType, object body) =>
        h.Admin.PutAsJsonAsync($"/api/settings/whatsapp-automations/{eventType}", body);

    private async Task<JsonElement> ListedAsync(string eventType) =>
        (await (await h.Admin.GetAsync("/api/settings/whatsapp-automations")).ReadJsonAsync()).EnumerateArray()
        .Single(a => a.GetProperty("eventType").GetString() == eventType);

    private static List<string> Fields(JsonElement automation) =>
        automation.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("expression").GetString()!).ToList();

    [Fact]
    public async Task Every_event_type_is_listed_with_the_fields_its_messages_can_use()
    {
        var list = await (await h.Admin.GetAsync("/api/settings/whatsapp-automations")).ReadJsonAsync();

        Assert.Equal(
            ["customer.registered", "bill.created", "payment.received", "bill.reminder", "subscription.expiring", "ticket.created", "ticket.status_changed", "diagnostic.completed"],
            list.EnumerateArray().Select(a => a.GetProperty("eventType").GetString()));
        var reminder = await ListedAsync("bill.reminder");
        Assert.True(reminder.GetProperty("scheduled").GetBoolean());
        Assert.Equal([3, 1, 0], reminder.GetProperty("offsetsDays").EnumerateArray().Select(o => o.GetInt32()));
        Assert.Superset(new HashSet<string> { "{{customer.name}}", "{{customer.unsubscribeUrl}}", "{{bill.amount}}", "{{bill.dueDate}}", "{{portal.url}}" },
            Fields(reminder).ToHashSet());
        var payment = await ListedAsync("payment.received");
        Assert.Equal(JsonValueKind.Null, payment.GetProperty("offsetsDays").ValueKind);
        Assert.Contains("{{payment.amount}}", Fields(payment));
        Assert.DoesNotContain("{{ticket.number}}", Fields(payment));
        var field = payment.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("expression").GetString() == "{{payment.amount}}");
        Assert.False(string.IsNullOrEmpty(field.GetProperty("label").GetString()));
        Assert.False(string.IsNullOrEmpty(field.GetProperty("example").GetString()));
    }

    [Fact]
    public async Task Saving_checks_the_template_is_approved_every_variable_is_mapped_and_each_field_belongs_to_the_event()
    {
        var template = await h.TemplateAsync("Hi {{1}}, we received {{2}}.");
        var pending = await h.TemplateAsync("Hi {{1}}.", status: "PENDING");

        await (await SaveAsync("payment.received", new { enabled = true, templateId = 999_999, variables = new { } })).AssertFieldErrorAsync("templateId");
        await (await SaveAsync("payment.received", new { enabled = true, templateId = pending.Id, variables = Variables("{{customer.name}}") }))
            .AssertFieldErrorAsync("templateId");
        await (await SaveAsync("payment.received", new { enabled = true })).AssertFieldErrorAsync("templateId");
        await (await SaveAsync("payment.received", new { enabled = true, templateId = template.Id, variables = Variables("{{customer.name}}") }))
            .AssertFieldErrorAsync("variables.2");
        var wrongEvent = await (await SaveAsync("payment.received", new { enabled = true, templateId = template.Id, variables = Variables("{{customer.name}}", "{{ticket.number}}") }))
            .AssertFieldErrorAsync("variables.2");
        Assert.Contains("{{payment.amount}}", wrongEvent[0]);
        await (await SaveAsync("payment.received", new { enabled = true, templateId = template.Id, variables = Variables("{{customer.name}}", "{{payment.amount}}", "extra") }))
            .AssertFieldErrorAsync("variables.3");
        await (await SaveAsync("payment.received", new { enabled = true, templateId = template.Id, variables = Variables("{{customer.name}}", "{{payment.amount}}"), offsetsDays = new[] { 1 } }))
            .AssertFieldErrorAsync("offsetsDays");
        await (await SaveAsync("bill.reminder", new { enabled = true, templateId = template.Id, variables = Variables("{{customer.name}}", "{{bill.amount}}"), offsetsDays = Array.Empty<int>() }))
            .AssertFieldErrorAsync("offsetsDays");
        await (await SaveAsync("bill.reminder", new { enabled = true, templateId = template.Id, variables = Variables("{{customer.name}}", "{{bill.amount}}"), offsetsDays = new[] { 400 } }))
            .AssertFieldErrorAsync("offsetsDays");
        var unknown = await (await SaveAsync("bill.paid", new { enabled = false })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("bill.reminder", unknown.GetProperty("detail").GetString());
        Assert.False((await ListedAsync("payment.received")).GetProperty("enabled").GetBoolean());

        var saved = await (await SaveAsync("bill.reminder", new
        {
            enabled = true, templateId = template.Id, variables = Variables("{{customer.name}}", "{{bill.amount}} (bill {{bill.number}})"), offsetsDays = new[] { 0, 3, -2, 3 },
        })).ReadJsonAsync();

        Assert.Equal([3, 0, -2], saved.GetProperty("offsetsDays").EnumerateArray().Select(o => o.GetInt32()));
        var listed = await ListedAsync("bill.reminder");
        Assert.True(listed.GetProperty("enabled").GetBoolean());
        Assert.Equal(template.Id, listed.GetProperty("templateId").GetInt32());
        Assert.Equal("{{bill.amount}} (bill {{bill.number}})", listed.GetProperty("variables").GetProperty("2").GetString());
        Assert.Equal(AppFactory.AdminEmail, listed.GetProperty("updatedBy").GetString());
    }

    [Fact]
    public async Task Preview_renders_the_template_with_example_values_or_a_customers_own()
    {
        var template = await h.TemplateAsync("Hi {{1}}, bill {{2}} of {{3}} is due on {{4}}. Pay at {{5}}");
        var variables = Variables("{{customer.name}}", "{{bill.number}}", "{{bill.amount}}", "{{bill.dueDate}}", "{{portal.url}}");

        var example = await (await h.Admin.PostAsJsonAsync("/api/settings/whatsapp-automations/bill.created/preview", new { templateId = template.Id, variables }))
            .ReadJsonAsync();
        Assert.Equal($"Hi Ana Souza, bill B-1001 of $20.00 is due on Tuesday, December 1, 2026. Pay at {PortalUrl}", example.GetProperty("renderedBody").GetString());
        Assert.Empty(example.GetProperty("missing").EnumerateArray());

        var (customerId, _) = await h.CustomerAsync(name: "Elisa Prado", language: "de_DE");
        var forCustomer = await (await h.Admin.PostAsJsonAsync("/api/settings/whatsapp-automations/bill.created/preview", new { templateId = template.Id, variables, customerId }))
            .ReadJsonAsync();
        Assert.StartsWith("Hi Elisa Prado, bill B-1001 of 20,00 USD is due on Dienstag, 1. Dezember 2026.", forCustomer.GetProperty("renderedBody").GetString()!.Replace('\u00A0', ' '));

        await (await h.Admin.PostAsJsonAsync("/api/settings/whatsapp-automations/bill.created/preview", new { templateId = template.Id, variables = Variables("{{payment.amount}}") }))
            .AssertFieldErrorAsync("variables.1");
    }

    [Fact]
    public async Task Only_admins_see_or_change_automations()
    {
        using var staff = await h.App.StaffAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/settings/whatsapp-automations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PutAsJsonAsync("/api/settings/whatsapp-automations/bill.created", new { enabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.App.Anonymous().GetAsync("/api/settings/whatsapp-automations")).StatusCode);
    }

    [Fact]
    public async Task An_event_whose_mapped_field_has_no_value_is_skipped_and_says_which_variable()
    {
        var template = await h.TemplateAsync("Ticket {{1}} opened; we will email {{2}}.");
        await h.EnableAsync(EventTypes.TicketCreated, template, Variables("{{ticket.number}}", "{{customer.email}}"));
        var (customerId, phone) = await h.CustomerAsync(); // no email

        (await h.Admin.PostAsJsonAsync("/api/tickets", new { customerId, subject = "Slow line" })).EnsureSuccessStatusCode();

        var e = Assert.Single(await h.DecidedEventsAsync(customerId, EventTypes.TicketCreated));
        Assert.Equal("missing_value", e.SkipReason);
        Assert.Contains("{{customer.email}}", e.Detail);
        Assert.Empty(h.FakeState.GetMessages("twilio", phone));
    }
}
