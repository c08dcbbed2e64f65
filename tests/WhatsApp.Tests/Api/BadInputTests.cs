using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Api;

/// <summary>Ids the bad requests refer to: a customer, a group, a provider, an approved template and an API key.</summary>
public sealed class BadInputFixture : SendingHarness
{
    public int CustomerId { get; private set; }
    public int GroupId { get; private set; }
    public int ProviderId { get; private set; }
    public string ApiKey { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ProviderId = await AddTwilioProviderAsync();
        await AddTemplateAsync(ProviderId);
        CustomerId = await AddCustomerAsync("+14155550199");
        GroupId = (await (await Admin.PostAsJsonAsync("/api/groups", new { name = "Bad input" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        ApiKey = (await (await Admin.PostAsJsonAsync("/api/settings/api-keys", new { name = "tests" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("key").GetString()!;
    }
}

/// <summary>
/// Malformed JSON, wrong types, huge strings, invalid phones, unknown ids, injection strings and missing signatures,
/// across the endpoints: every one is a 4xx problem+json naming what is wrong, never a 500, and nothing is written.
/// </summary>
public class BadInputTests(BadInputFixture f) : IClassFixture<BadInputFixture>
{
    private static readonly string Huge = new('x', 100_000);
    private const string Injection = "'; DROP TABLE \"Customer\"; --<script>alert(1)</script>";

    /// <summary>Method, path ({customer}, {group}, {provider} filled in), JSON body (null: none), status, the field named (null: none).</summary>
    public static TheoryData<string, string, string?, int, string?> Cases => new()
    {
        // Customers
        { "POST", "/api/customers", "{", 400, "body" },
        { "POST", "/api/customers", "{\"name\": 5, \"phone\": \"+14155550100\"}", 400, "name" },
        { "POST", "/api/customers", "{\"name\": \"Ana\", \"phone\": \"abc\"}", 400, "phone" },
        { "POST", "/api/customers", $"{{\"name\": \"Ana\", \"phone\": \"{Injection.Replace("\"", "\\\"")}\"}}", 400, "phone" },
        { "POST", "/api/customers", "{\"name\": \"\", \"phone\": \"+14155550100\"}", 400, "name" },
        { "POST", "/api/customers", $"{{\"name\": \"{Huge}\", \"phone\": \"+14155550100\"}}", 400, "name" },
        { "POST", "/api/customers", "{\"name\": \"Ana\", \"phone\": \"+14155550100\", \"email\": \"nope\"}", 400, "email" },
        { "POST", "/api/customers", "{\"name\": \"Ana\", \"phone\": \"+14155550100\", \"language\": \"en US!\"}", 400, "language" },
        { "POST", "/api/customers", "{\"name\": \"Ana\", \"phone\": \"+14155550100\", \"consentSource\": \"StopReply\"}", 400, "consentSource" },
        { "POST", "/api/customers", "{\"name\": \"Ana\", \"phone\": \"+14155550100\", \"whatsAppOptIn\": \"yes\"}", 400, "whatsAppOptIn" },
        { "POST", "/api/customers", "{\"name\": \"Ana\", \"phone\": \"+14155550100\", \"groupIds\": [999999]}", 400, "groupIds" },
        { "PUT", "/api/customers/{customer}", "{\"groupIds\": [999999]}", 400, "groupIds" },
        { "PUT", "/api/customers/{customer}", "{\"phone\": \"12\"}", 400, "phone" },
        { "PUT", "/api/customers/999999", "{\"name\": \"x\"}", 404, null },
        { "GET", "/api/customers?page=abc", null, 400, "page" },
        { "POST", "/api/customers/import", null, 400, "file" },
        // Groups
        { "POST", "/api/groups", "{}", 400, "name" },
        { "POST", "/api/groups", $"{{\"name\": \"{Huge}\"}}", 400, "name" },
        { "POST", "/api/groups", "[1, 2]", 400, "body" },
        { "POST", "/api/groups/{group}/members", "{\"customerIds\": []}", 400, "customerIds" },
        { "POST", "/api/groups/{group}/members", "{\"customerIds\": [999999]}", 400, "customerIds" },
        { "POST", "/api/groups/{group}/members", "{\"customerIds\": \"1\"}", 400, "customerIds" },
        { "POST", "/api/groups/999999/members", "{\"customerIds\": [1]}", 404, null },
        // Broadcasts
        { "POST", "/api/whatsapp/broadcasts", "{}", 400, "templateId" },
        { "POST", "/api/whatsapp/broadcasts", "{\"templateId\": \"x\"}", 400, "templateId" },
        { "POST", "/api/whatsapp/broadcasts", "{\"templateId\": 1, \"audience\": {}, \"variables\": {\"1\": \"a\", \"2\": \"b\"}}", 400, "audience" },
        { "POST", "/api/whatsapp/broadcasts", "{\"templateId\": 1, \"audience\": {\"groupIds\": [999999]}, \"variables\": {\"1\": \"a\", \"2\": \"b\"}}", 400, "audience.groupIds" },
        { "POST", "/api/whatsapp/broadcasts", "{\"templateId\": 1, \"audience\": {\"all\": true}, \"variables\": {\"1\": \"{{customer.password}}\", \"2\": \"b\"}}", 400, "variables.1" },
        { "POST", "/api/whatsapp/broadcasts", "{\"templateId\": 1, \"audience\": {\"all\": true}, \"variables\": {\"1\": \"a\", \"2\": \"b\"}, \"scheduledAt\": \"tomorrow\"}", 400, "scheduledAt" },
        { "POST", "/api/whatsapp/broadcasts", "{\"templateId\": 1, \"audience\": {\"all\": true}, \"variables\": {\"1\": \"a\", \"2\": \"b\"}, \"scheduledAt\": \"2001-01-01T00:00:00Z\"}", 400, "scheduledAt" },
        { "POST", "/api/whatsapp/broadcasts", $"{{\"templateId\": 1, \"name\": \"{Huge}\", \"audience\": {{\"all\": true}}, \"variables\": {{\"1\": \"a\", \"2\": \"b\"}}}}", 400, "name" },
        { "POST", "/api/whatsapp/broadcasts", $"{{\"templateId\": 1, \"audience\": {{\"all\": true}}, \"variables\": {{\"1\": \"{Huge}\", \"2\": \"b\"}}}}", 400, "variables.1" },
        { "POST", "/api/whatsapp/broadcasts/preview", "{}", 400, "templateId" },
        { "POST", "/api/whatsapp/broadcasts/999999/cancel", null, 404, null },
        // Messages and the Sent Log
        { "POST", "/api/whatsapp/messages", "{\"to\": \"123\", \"templateName\": \"bill_due\"}", 400, "to" },
        { "POST", "/api/whatsapp/messages", "{\"to\": \"+14155550199\"}", 400, "templateName" },
        { "POST", "/api/whatsapp/messages", "{\"to\": \"+14155550199\", \"templateName\": \"bill_due\", \"parameters\": {\"9\": \"x\"}}", 400, "parameters.9" },
        { "POST", "/api/whatsapp/messages", $"{{\"to\": \"+14155550199\", \"templateName\": \"bill_due\", \"parameters\": {{\"1\": \"{Huge}\", \"2\": \"x\"}}}}", 400, "parameters.1" },
        { "POST", "/api/whatsapp/messages", $"{{\"to\": \"+14155550199\", \"templateName\": \"{Injection.Replace("\"", "\\\"")}\"}}", 400, "templateName" },
        { "GET", "/api/whatsapp/messages?cursor=abc", null, 400, "cursor" },
        { "GET", "/api/whatsapp/messages?status=Lost", null, 400, "status" },
        { "GET", "/api/whatsapp/messages?from=yesterday", null, 400, "from" },
        { "GET", "/api/whatsapp/messages?limit=many", null, 400, "limit" },
        { "GET", "/api/whatsapp/messages/count?broadcastId=x", null, 400, "broadcastId" },
        { "GET", "/api/whatsapp/messages/export?status=Nope", null, 400, "status" },
        // Templates
        { "POST", "/api/whatsapp/templates", "{}", 400, "name" },
        { "POST", "/api/whatsapp/templates", "{\"name\": \"t\", \"language\": \"en\", \"category\": \"UTILITY\", \"body\": \"Hi {{1}} {{3}}\", \"status\": \"APPROVED\"}", 400, "body" },
        { "POST", "/api/whatsapp/templates", "{\"name\": \"t\", \"language\": \"en\", \"category\": \"UTILITY\", \"body\": \"Hi\", \"status\": \"MAYBE\"}", 400, "status" },
        // Providers (admin)
        { "POST", "/api/settings/whatsapp-providers", "{\"name\": \"x\", \"providerType\": \"acme\"}", 400, "providerType" },
        { "POST", "/api/settings/whatsapp-providers", "{\"name\": \"x\", \"providerType\": \"twilio\", \"settings\": {\"messagesPerSecond\": 0}}", 400, "settings.messagesPerSecond" },
        { "POST", "/api/settings/whatsapp-providers", "{\"name\": \"x\", \"providerType\": \"twilio\", \"settings\": {\"baseUrl\": \"ftp://x\"}}", 400, "settings.baseUrl" },
        { "POST", "/api/settings/whatsapp-providers", "{\"name\": \"x\", \"providerType\": \"twilio\", \"credentials\": {}}", 400, "credentials.accountSid" },
        { "POST", "/api/settings/whatsapp-providers/999999/set-active", null, 404, null },
        // Webhooks
        { "POST", "/api/webhooks/whatsapp/{provider}/status", null, 403, null },
        { "POST", "/api/webhooks/whatsapp/999999/status", null, 404, null },
        // Users
        { "POST", "/api/users", "{\"email\": \"bad\", \"password\": \"Long-Enough-1!\", \"role\": \"Staff\"}", 400, "email" },
        { "POST", "/api/users", "{\"email\": \"ok@example.com\", \"password\": \"Long-Enough-1!\", \"role\": \"God\"}", 400, "role" },
        // Billing and support
        { "POST", "/api/bills", "{\"customerId\": 999999, \"amount\": 10, \"currency\": \"USD\", \"dueDate\": \"2026-12-01\"}", 400, "customerId" },
        { "POST", "/api/bills", "{\"customerId\": 1, \"amount\": \"ten\", \"currency\": \"USD\", \"dueDate\": \"2026-12-01\"}", 400, "amount" },
        { "POST", "/api/bills", "{\"customerId\": 1, \"amount\": 10, \"currency\": \"DOLLARS\", \"dueDate\": \"2026-12-01\"}", 400, "currency" },
        { "POST", "/api/tickets", "{\"customerId\": 1}", 400, "subject" },
        // Automations and the events API
        { "PUT", "/api/settings/whatsapp-automations/bill.created", "{\"enabled\": true, \"templateId\": 999999}", 400, "templateId" },
        { "PUT", "/api/settings/whatsapp-automations/no.such.event", "{\"enabled\": true}", 404, null },
        { "POST", "/api/events", "{\"type\": \"nope\", \"customerId\": 1}", 400, "type" },
        { "POST", "/api/groups", "{\"name\": \"Line\\nbreak\"}", 400, "name" },
        // Lengths and control characters, checked from the request records' attributes before any endpoint runs
        { "POST", "/api/customers", "{\"name\": \"Ana\\u0000\", \"phone\": \"+14155550100\"}", 400, "name" },
        { "POST", "/api/customers", $"{{\"name\": \"Ana\", \"phone\": \"+14155550100\", \"plan\": \"{new string('p', 101)}\"}}", 400, "plan" },
        { "PUT", "/api/customers/{customer}", "{\"accountNumber\": \"A\\r\\n1\"}", 400, "accountNumber" },
        { "POST", "/api/whatsapp/templates", "{\"name\": \"hello\\u0007\", \"language\": \"en\", \"body\": \"Hi\"}", 400, "name" },
        { "POST", "/api/whatsapp/templates", $"{{\"name\": \"hello\", \"language\": \"en\", \"body\": \"{new string('b', 4097)}\"}}", 400, "body" },
        { "POST", "/api/settings/whatsapp-providers", "{\"name\": \"Main\\nline\", \"providerType\": \"twilio\"}", 400, "name" },
        { "POST", "/api/whatsapp/broadcasts", $"{{\"templateId\": 1, \"name\": \"{new string('n', 201)}\"}}", 400, "name" },
        { "POST", "/api/whatsapp/broadcasts", "{\"templateId\": 1, \"name\": \"Promo\\u001b\"}", 400, "name" },
        // Numbers too big for their type: a placeholder number, a page, an entity reference past its column
        { "POST", "/api/whatsapp/templates", "{\"name\": \"big\", \"language\": \"en\", \"body\": \"Hi {{1}} {{99999999999}}\"}", 400, "body" },
        { "GET", "/api/customers?page=99999999999", null, 400, "page" },
        { "POST", "/api/events", $"{{\"type\": \"payment.received\", \"customerId\": 1, \"entityRef\": \"{new string('e', 65)}\"}}", 400, "entityRef" },
        // The Sent Log's page size: out of range is refused, not silently clamped
        { "GET", "/api/whatsapp/messages?limit=0", null, 400, "limit" },
        { "GET", "/api/whatsapp/messages?limit=501", null, 400, "limit" },
        { "POST", "/api/events", "{\"type\": \"payment.received\", \"customerId\": 999999, \"data\": {\"amount\": \"1.00\"}}", 400, "customerId" },
    };

    private string Fill(string path) => path.Replace("{customer}", f.CustomerId.ToString()).Replace("{group}", f.GroupId.ToString())
        .Replace("{provider}", f.ProviderId.ToString());

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_problem_naming_the_field_never_a_500(string method, string path, string? body, int status, string? field)
    {
        using var client = path.StartsWith("/api/webhooks") ? f.App.Anonymous() : await f.App.AdminAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
        if (path == "/api/events") request.Headers.Add("X-Api-Key", f.ApiKey);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        else if (method == "POST" && path.EndsWith("/import")) request.Content = new MultipartFormDataContent();

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{method} {path}: expected {status}, got {(int)response.StatusCode}: {text[..Math.Min(text.Length, 500)]}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is null) return;
        var problem = JsonDocument.Parse(text).RootElement;
        var named = problem.TryGetProperty("errors", out var errors)
            ? errors.EnumerateObject().Select(e => e.Name).ToList()
            : problem.TryGetProperty("field", out var f1) ? [f1.GetString()!] : [];
        Assert.True(named.Contains(field), $"{method} {path}: the problem names {string.Join(", ", named)} instead of {field}: {text[..Math.Min(text.Length, 500)]}");
    }

    [Fact]
    public async Task Refused_requests_write_nothing()
    {
        foreach (var c in Cases)
        {
            var (method, path, body) = ((string)c[0], (string)c[1], (string?)c[2]);
            if (method != "POST" || body is null || path.Contains('{') || path.StartsWith("/api/events")) continue;
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            Assert.True((int)(await f.Admin.SendAsync(request)).StatusCode is >= 400 and < 500);
        }
        await f.App.WithDbAsync(async db =>
        {
            Assert.Equal(1, await db.Set<WhatsApp.Api.Features.Customers.Customer>().CountAsync());
            Assert.Equal(1, await db.Set<WhatsApp.Api.Features.Groups.CustomerGroup>().CountAsync());
            Assert.Equal(0, await db.Set<WhatsApp.Api.Features.Broadcasts.Broadcast>().CountAsync());
            Assert.Equal(0, await db.Set<WhatsApp.Api.Features.Billing.Bill>().CountAsync());
            Assert.Equal(1, await db.Set<WhatsApp.Api.Features.Providers.WhatsAppProvider>().CountAsync());
        });
    }
}
