using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.ApiKeys;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Tests.Infrastructure;
using static WhatsApp.Tests.Automations.AutomationHarness;

namespace WhatsApp.Tests.Automations;

/// <summary>Other systems raising events: API keys, validation naming the field, idempotency.</summary>
public class EventsApiTests(AutomationHarness h) : IClassFixture<AutomationHarness>
{
    private async Task<(int Id, string Key)> CreateKeyAsync(string name = "Billing system")
    {
        var created = await (await h.Admin.PostAsJsonAsync("/api/settings/api-keys", new { name })).ReadJsonAsync(HttpStatusCode.Created);
        return (created.GetProperty("apiKey").GetProperty("id").GetInt32(), created.GetProperty("key").GetString()!);
    }

    private HttpClient OtherSystem(string? key, string? idempotencyKey = null)
    {
        var client = h.App.Anonymous();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        if (idempotencyKey is not null) client.DefaultRequestHeaders.Add("Idempotency-Key", idempotencyKey);
        return client;
    }

    /// <summary>The customer's events that came through the API (registering them raised one of its own).</summary>
    private async Task<List<AutomationEvent>> ApiEventsAsync(int customerId) =>
        (await h.EventsAsync(customerId)).Where(e => e.Origin == EventOrigin.Api).ToList();

    private static object Payment(int customerId, object? data = null, string type = "payment.received") =>
        new { type, customerId, data = data ?? new { amount = "20.00", currency = "USD", billNumber = "B-1001" } };

    [Fact]
    public async Task A_raised_event_is_accepted_and_sends_the_mapped_message()
    {
        var template = await h.TemplateAsync("Hi {{1}}, we received {{2}} for bill {{3}}.");
        await h.EnableAsync(EventTypes.PaymentReceived, template, Variables("{{customer.firstName}}", "{{payment.amount}}", "{{bill.number}}"));
        var (_, key) = await CreateKeyAsync();
        var (customerId, phone) = await h.CustomerAsync(name: "Dora Reis");
        using var system = OtherSystem(key);

        var response = await system.PostAsJsonAsync("/api/events", Payment(customerId));

        var accepted = await response.ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("payment.received", accepted.GetProperty("type").GetString());
        Assert.Equal(["Dora", "$20.00", "B-1001"], await h.SingleMessageAsync(phone, template));
        var raised = await (await system.GetAsync(response.Headers.Location)).ReadJsonAsync();
        Assert.Equal("Messaged", raised.GetProperty("status").GetString());
        Assert.Equal("Api", raised.GetProperty("origin").GetString());
    }

    [Fact]
    public async Task A_repeated_idempotency_key_or_event_id_gets_the_same_answer_and_raises_nothing_more()
    {
        var template = await h.TemplateAsync("Payment of {{1}} received.");
        await h.EnableAsync(EventTypes.PaymentReceived, template, Variables("{{payment.amount}}"));
        var (_, key) = await CreateKeyAsync();
        var (customerId, phone) = await h.CustomerAsync();
        var idempotencyKey = Guid.NewGuid().ToString();
        using var system = OtherSystem(key, idempotencyKey);

        var answers = new List<string>();
        foreach (var _ in Enumerable.Range(0, 3))
            answers.Add((await (await system.PostAsJsonAsync("/api/events", Payment(customerId))).ReadJsonAsync(HttpStatusCode.Accepted)).GetRawText());
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => system.PostAsJsonAsync("/api/events", Payment(customerId))));
        foreach (var r in concurrent) answers.Add((await r.ReadJsonAsync(HttpStatusCode.Accepted)).GetRawText());

        Assert.Single(answers.Distinct());
        Assert.Single(await h.ReceivedAsync(phone, template));
        Assert.Single(await h.DecidedEventsAsync(customerId, EventTypes.PaymentReceived));

        // The event's own id does the same when there is no header.
        using var withoutHeader = OtherSystem(key);
        var body = new { type = "payment.received", customerId, id = $"evt-{Guid.NewGuid():N}", data = new { amount = 5, currency = "usd" } };
        var first = await (await withoutHeader.PostAsJsonAsync("/api/events", body)).ReadJsonAsync(HttpStatusCode.Accepted);
        var repeat = await withoutHeader.PostAsJsonAsync("/api/events", body);
        Assert.Equal(first.GetRawText(), (await repeat.ReadJsonAsync(HttpStatusCode.Accepted)).GetRawText());
        Assert.Equal("true", Assert.Single(repeat.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(2, (await h.ReceivedAsync(phone, template, count: 2)).Count);
    }

    [Fact]
    public async Task A_key_reused_for_a_different_event_is_refused()
    {
        var (_, key) = await CreateKeyAsync();
        var (customerId, _) = await h.CustomerAsync();
        var (otherCustomerId, _) = await h.CustomerAsync();
        using var system = OtherSystem(key, Guid.NewGuid().ToString());
        (await system.PostAsJsonAsync("/api/events", Payment(customerId))).EnsureSuccessStatusCode();

        var problem = await (await system.PostAsJsonAsync("/api/events", Payment(otherCustomerId))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("Idempotency-Key", problem.GetProperty("field").GetString());
        Assert.Empty(await ApiEventsAsync(otherCustomerId));
    }

    [Fact]
    public async Task Each_system_has_its_own_idempotency_keys_and_reads_only_its_own_events()
    {
        var (_, billing) = await CreateKeyAsync("Billing system");
        var (_, crm) = await CreateKeyAsync("CRM");
        var (customerId, _) = await h.CustomerAsync();
        var (otherCustomerId, _) = await h.CustomerAsync();
        var shared = $"order-{Guid.NewGuid():N}";
        using var first = OtherSystem(billing, shared);
        using var second = OtherSystem(crm, shared);

        // The same Idempotency-Key from another system is a new event, not a replay of (or a conflict with) the first.
        var a = await first.PostAsJsonAsync("/api/events", Payment(customerId));
        var b = await second.PostAsJsonAsync("/api/events", Payment(otherCustomerId));
        var aId = (await a.ReadJsonAsync(HttpStatusCode.Accepted)).GetProperty("eventId").GetInt64();
        var bId = (await b.ReadJsonAsync(HttpStatusCode.Accepted)).GetProperty("eventId").GetInt64();
        Assert.NotEqual(aId, bId);
        Assert.False(b.Headers.Contains(EventsApiEndpoints.ReplayedHeader));
        Assert.Single(await ApiEventsAsync(otherCustomerId));

        // Each reads its own event; the other's is not found.
        Assert.Equal(aId, (await (await first.GetAsync($"/api/events/{aId}")).ReadJsonAsync()).GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await second.GetAsync($"/api/events/{aId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await first.GetAsync($"/api/events/{bId}")).StatusCode);
    }

    [Fact]
    public async Task Requests_without_a_valid_key_are_refused_with_401()
    {
        var (keyId, key) = await CreateKeyAsync();
        var (customerId, _) = await h.CustomerAsync();
        (await h.Admin.DeleteAsync($"/api/settings/api-keys/{keyId}")).EnsureSuccessStatusCode();

        foreach (var bad in new[] { null, "wak_not-a-key", key })
        {
            using var system = OtherSystem(bad);
            var response = await system.PostAsJsonAsync("/api/events", Payment(customerId));
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.StartsWith("ApiKey", response.Headers.WwwAuthenticate.ToString());
        }
        // A signed-in user is not another system.
        await (await h.Admin.PostAsJsonAsync("/api/events", Payment(customerId))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(await ApiEventsAsync(customerId));
    }

    [Fact]
    public async Task Bad_payloads_are_refused_with_400_naming_the_field()
    {
        var (_, key) = await CreateKeyAsync();
        var (customerId, _) = await h.CustomerAsync();
        using var system = OtherSystem(key);

        await (await system.PostAsJsonAsync("/api/events", Payment(customerId, type: "payment.refunded"))).AssertFieldErrorAsync("type");
        await (await system.PostAsJsonAsync("/api/events", Payment(int.MaxValue))).AssertFieldErrorAsync("customerId");
        await (await system.PostAsJsonAsync("/api/events", Payment(customerId, new { currency = "USD" }))).AssertFieldErrorAsync("data.amount");
        await (await system.PostAsJsonAsync("/api/events", Payment(customerId, new { amount = "twenty", currency = "USD" }))).AssertFieldErrorAsync("data.amount");
        await (await system.PostAsJsonAsync("/api/events", Payment(customerId, new { amount = "20.00", currency = "dollars" }))).AssertFieldErrorAsync("data.currency");
        await (await system.PostAsJsonAsync("/api/events", new { type = "bill.created", customerId, data = new { number = "B-1", amount = 10, currency = "USD" } }))
            .AssertFieldErrorAsync("data.dueDate");
        await (await system.PostAsJsonAsync("/api/events", new { type = "diagnostic.completed", customerId, data = new { summary = new[] { "x" } } }))
            .AssertFieldErrorAsync("data.summary");
        var malformed = new StringContent("{\"type\": \"payment.received\", \"customerId\": \"seven\"}", Encoding.UTF8, "application/json");
        await (await system.PostAsync("/api/events", malformed)).AssertFieldErrorAsync("customerId");

        Assert.Empty(await ApiEventsAsync(customerId));
    }

    [Fact]
    public async Task Keys_are_shown_once_stored_only_as_a_hash_and_managed_by_admins_only()
    {
        var (id, key) = await CreateKeyAsync("Helpdesk");

        var listed = await (await h.Admin.GetAsync("/api/settings/api-keys")).ReadJsonAsync();
        var row = listed.EnumerateArray().Single(k => k.GetProperty("id").GetInt32() == id);
        Assert.Equal("Helpdesk", row.GetProperty("name").GetString());
        Assert.StartsWith(row.GetProperty("prefix").GetString()!, key);
        Assert.DoesNotContain(key, listed.GetRawText());
        var stored = await h.App.WithDbAsync(db => db.Set<ApiKey>().AsNoTracking().SingleAsync(k => k.Id == id));
        Assert.DoesNotContain(key, JsonSerializer.Serialize(stored));
        Assert.Equal(ApiKey.HashOf(key), stored.Hash);

        await (await h.Admin.PostAsJsonAsync("/api/settings/api-keys", new { name = " " })).AssertFieldErrorAsync("name");
        using var staff = await h.App.StaffAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsJsonAsync("/api/settings/api-keys", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/api/settings/api-keys")).StatusCode);
        Assert.DoesNotContain(h.App.LogMessages, m => m.Contains(key));
    }
}
