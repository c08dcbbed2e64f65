using System.Net;
using System.Net.Http.Json;
using System.Text;
using WhatsApp.Api.Features.Audit;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Audit;

/// <summary>Every change by a person or an API key leaves an audit entry: who, what, which entity, never a secret.</summary>
public class AuditTrailTests(SendingHarness h) : IClassFixture<SendingHarness>
{
    [Fact]
    public async Task Provider_changes_are_recorded_with_their_ids_and_without_the_secrets()
    {
        var first = await h.AddTwilioProviderAsync("Audited primary");
        var second = await h.AddTwilioProviderAsync("Audited standby", activate: false);
        (await h.Admin.PostAsync($"/api/settings/whatsapp-providers/{second}/standby", null)).EnsureSuccessStatusCode();
        (await h.Admin.DeleteAsync("/api/settings/whatsapp-providers/standby")).EnsureSuccessStatusCode();
        (await h.Admin.DeleteAsync($"/api/settings/whatsapp-providers/{second}")).EnsureSuccessStatusCode();

        var entries = await EntriesAsync("?kind=provider&limit=500");
        Assert.Contains(entries, e => e.Action == "CreateProvider" && e.EntityId == $"{first}");
        Assert.Contains(entries, e => e.Action == "SetActiveProvider" && e.EntityId == $"{first}");
        Assert.Contains(entries, e => e.Action == "SetStandbyProvider" && e.EntityId == $"{second}");
        Assert.Contains(entries, e => e.Action == "ClearStandbyProvider");
        Assert.Contains(entries, e => e.Action == "DeleteProvider" && e.EntityId == $"{second}" && e.Summary == $"provider {second} deleted");
        Assert.All(entries, e => Assert.Equal((AppFactory.AdminEmail, "user"), (e.Actor, e.ActorType)));

        var csv = await (await h.Admin.GetAsync("/api/settings/audit-log/export")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(SendingHarness.TwilioToken, csv);
        Assert.DoesNotContain(SendingHarness.TwilioToken[^4..] + ",", csv);
    }

    [Fact]
    public async Task Template_broadcast_consent_and_import_changes_are_recorded()
    {
        var provider = await h.AddTwilioProviderAsync("Audited sender");
        var template = (await h.AddTemplateAsync(provider, name: $"audit_{Guid.NewGuid():N}"[..16], body: "Hi {{1}}")).GetProperty("id").GetInt32();
        var customer = await h.AddCustomerAsync(TestPhones.Next());
        (await h.Admin.PutAsJsonAsync($"/api/customers/{customer}", new { name = "Ana Souza", phone = TestPhones.Next(), whatsAppOptIn = false })).EnsureSuccessStatusCode();

        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes($"name,phone,whatsAppOptIn\nBia,{TestPhones.Next()},yes\n")), "file", "customers.csv");
        (await h.Admin.PostAsync("/api/customers/import?dryRun=true", form)).EnsureSuccessStatusCode();
        (await h.Admin.PostAsync("/api/customers/import", form)).EnsureSuccessStatusCode();

        var broadcast = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/broadcasts", new
        {
            templateId = template, audience = new { all = true }, variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}" },
            scheduledAt = DateTime.UtcNow.AddDays(1),
        })).ReadJsonAsync(HttpStatusCode.Created);
        var broadcastId = broadcast.GetProperty("id").GetInt32();
        (await h.Admin.PostAsync($"/api/whatsapp/broadcasts/{broadcastId}/cancel", null)).EnsureSuccessStatusCode();

        var entries = await EntriesAsync("?limit=500");
        Assert.Contains(entries, e => e is { Kind: "template", Action: "CreateTemplate" } && e.EntityId == $"{template}");
        Assert.Contains(entries, e => e is { Kind: "customer", Action: "UpdateCustomer" } && e.EntityId == $"{customer}");
        Assert.Single(entries, e => e is { Kind: "import", Action: "ImportCustomers" });
        Assert.Contains(entries, e => e is { Kind: "broadcast", Action: "CreateBroadcast" } && e.EntityId == $"{broadcastId}");
        Assert.Contains(entries, e => e is { Kind: "broadcast", Action: "CancelBroadcast" } && e.EntityId == $"{broadcastId}");
    }

    [Fact]
    public async Task Users_roles_api_keys_automations_and_events_raised_with_a_key_are_recorded()
    {
        var email = $"audited-{Guid.NewGuid():N}@test.local";
        var user = await (await h.Admin.PostAsJsonAsync("/api/users", new CreateUserRequest(email, "Audited-Password-1!", "Staff"))).Content.ReadFromJsonAsync<UserDto>();
        (await h.Admin.PutAsJsonAsync($"/api/users/{user!.Id}/role", new ChangeRoleRequest("Admin"))).EnsureSuccessStatusCode();
        (await h.Admin.PutAsJsonAsync("/api/settings/whatsapp-automations/bill.created", new { enabled = false })).EnsureSuccessStatusCode();
        var created = await (await h.Admin.PostAsJsonAsync("/api/settings/api-keys", new { name = "Audited billing" })).ReadJsonAsync(HttpStatusCode.Created);
        var keyId = created.GetProperty("apiKey").GetProperty("id").GetInt32();
        var key = created.GetProperty("key").GetString()!;
        var customer = await h.AddCustomerAsync(TestPhones.Next());
        using (var system = h.App.Anonymous())
        {
            system.DefaultRequestHeaders.Add("X-Api-Key", key);
            var raised = await system.PostAsJsonAsync("/api/events", new { type = "payment.received", customerId = customer, data = new { amount = "20.00", currency = "USD" } });
            Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        }
        (await h.Admin.DeleteAsync($"/api/users/{user.Id}")).EnsureSuccessStatusCode();

        var entries = await EntriesAsync("?limit=500");
        Assert.Contains(entries, e => e is { Kind: "user", Action: "CreateUser" } && e.EntityId == user.Id);
        Assert.Contains(entries, e => e is { Kind: "user", Action: "ChangeUserRole" } && e.EntityId == user.Id);
        Assert.Contains(entries, e => e is { Kind: "user", Action: "DeleteUser" } && e.EntityId == user.Id);
        Assert.Contains(entries, e => e is { Kind: "automation", Action: "SaveAutomation", EntityId: "bill.created" });
        Assert.Contains(entries, e => e is { Kind: "api-key", Action: "CreateApiKey" } && e.EntityId == $"{keyId}");
        var raisedEntry = Assert.Single(entries, e => e.Kind == "event");
        Assert.Equal(("api-key", $"{keyId}", "api-key:Audited billing"), (raisedEntry.ActorType, raisedEntry.ActorId, raisedEntry.Actor));
        Assert.DoesNotContain(entries, e => e.Summary.Contains(key) || e.Summary.Contains("Audited-Password"));
    }

    [Fact]
    public async Task Reads_previews_and_refused_changes_are_not_recorded()
    {
        var before = (await EntriesAsync("?limit=500")).Count;
        await h.Admin.GetAsync("/api/settings/whatsapp-providers");
        await h.Admin.PostAsJsonAsync("/api/users", new CreateUserRequest("not-an-email", "", "Staff"));
        using var staff = await h.App.StaffAsync();
        await staff.DeleteAsync("/api/settings/whatsapp-providers/1");
        Assert.Equal(before + 1, (await EntriesAsync("?limit=500")).Count); // only the Staff user created by StaffAsync
    }

    [Fact]
    public async Task The_log_filters_by_kind_actor_and_time_and_pages_by_cursor()
    {
        for (var i = 0; i < 3; i++)
            (await h.Admin.PostAsJsonAsync("/api/groups", new { name = $"Audited group {Guid.NewGuid():N}" })).EnsureSuccessStatusCode();

        var firstPage = await (await h.Admin.GetAsync("/api/settings/audit-log?kind=group&limit=2")).Content.ReadFromJsonAsync<AuditPage>();
        Assert.Equal(2, firstPage!.Items.Count);
        Assert.NotNull(firstPage.NextCursor);
        var secondPage = await (await h.Admin.GetAsync($"/api/settings/audit-log?kind=group&limit=2&cursor={firstPage.NextCursor}")).Content.ReadFromJsonAsync<AuditPage>();
        Assert.All(secondPage!.Items, e => Assert.True(e.Id < firstPage.Items[^1].Id));
        Assert.All(firstPage.Items.Concat(secondPage.Items), e => Assert.Equal("group", e.Kind));

        Assert.Empty((await EntriesAsync("?actor=nobody-such")));
        Assert.NotEmpty(await EntriesAsync("?kind=group&actor=ADMIN@test"));
        Assert.Empty(await EntriesAsync($"?kind=group&from={DateTime.UtcNow.AddMinutes(5):O}"));
        Assert.NotEmpty(await EntriesAsync($"?kind=group&from={DateTime.UtcNow.AddMinutes(-5):O}&to={DateTime.UtcNow.AddMinutes(5):O}"));
        await (await h.Admin.GetAsync("/api/settings/audit-log?limit=0")).AssertFieldErrorAsync("limit");
        await (await h.Admin.GetAsync("/api/settings/audit-log?cursor=abc")).AssertFieldErrorAsync("cursor");
        await (await h.Admin.GetAsync("/api/settings/audit-log?limit=99999999999")).AssertFieldErrorAsync("limit");
    }

    [Fact]
    public async Task Only_admins_read_the_log()
    {
        using var staff = await h.App.StaffAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/settings/audit-log")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/settings/audit-log/export")).StatusCode);
    }

    private async Task<IReadOnlyList<AuditEntryDto>> EntriesAsync(string query)
    {
        var response = await h.Admin.GetAsync("/api/settings/audit-log" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AuditPage>())!.Items;
    }
}
