using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FakeProvider;
using Microsoft.AspNetCore.Builder;
using WhatsApp.Api.Features.Messaging;

namespace WhatsApp.Tests.Infrastructure;

/// <summary>
/// The real app on a temp SQLite file plus the project's fake provider on a loopback port: the app calls the fake
/// over real HTTP, and the fake's signed webhooks come back into the app.
/// </summary>
public class SendingHarness : IAsyncLifetime
{
    public const string TwilioSid = "AC11111111111111111111111111111111";
    public const string TwilioToken = "twilio-harness-token-1234";
    public const string MetaPhoneId = "1065403522";
    public const string MetaToken = "meta-harness-token-5678";
    public const string MetaAppSecret = "meta-harness-app-secret";
    public const string MetaWaba = "2000000001";

    public AppFactory App { get; private set; } = null!;
    public WebApplication Fake { get; private set; } = null!;
    public FakeProviderState FakeState => Fake.FakeState();
    public string FakeUrl => Fake.BaseUrl();
    public HttpClient Admin { get; protected set; } = null!;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Dispatch:RetryBaseDelay"] = "00:00:00.200",
        ["Dispatch:RetryMaxDelay"] = "00:00:01",
    };

    protected virtual AppFactory CreateApp() => new(null, Settings);

    public virtual async Task InitializeAsync()
    {
        App = CreateApp();
        _ = App.Server; // starts the app so its in-memory handler exists
        Fake = await FakeProviderServer.StartAsync(new FakeProviderOptions { CallbackHandler = App.Server.CreateHandler() });
        FakeState.RegisterTwilio(new TwilioAccount(TwilioSid, TwilioToken));
        Admin = await App.AdminAsync();
    }

    public virtual async Task DisposeAsync()
    {
        Admin.Dispose();
        await Fake.StopAsync();
        await Fake.DisposeAsync();
        App.Dispose();
    }

    public Task<int> AddTwilioProviderAsync(string name = "Twilio", bool activate = true, int messagesPerSecond = 80, string? baseUrl = null) =>
        AddTwilioProviderAsync(Admin, baseUrl ?? FakeUrl, name, activate, messagesPerSecond);

    /// <summary>A Twilio configuration with the harness's account, sending to <paramref name="baseUrl"/>; for apps started outside a harness too.</summary>
    public static async Task<int> AddTwilioProviderAsync(HttpClient admin, string baseUrl, string name = "Twilio", bool activate = true, int messagesPerSecond = 80)
    {
        var created = await (await admin.PostAsJsonAsync("/api/settings/whatsapp-providers", new
        {
            name,
            providerType = "twilio",
            credentials = new { accountSid = TwilioSid, authToken = TwilioToken, from = "+14155550100" },
            settings = new { baseUrl, messagesPerSecond },
        })).ReadJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        if (activate) (await admin.PostAsync($"/api/settings/whatsapp-providers/{id}/set-active", null)).EnsureSuccessStatusCode();
        return id;
    }

    public async Task<int> AddMetaProviderAsync(string name = "Meta", bool activate = true)
    {
        FakeState.RegisterMeta(new MetaAccount(MetaPhoneId, MetaToken, MetaAppSecret, MetaWaba, CallbackUrl: "http://localhost/placeholder"));
        var created = await (await Admin.PostAsJsonAsync("/api/settings/whatsapp-providers", new
        {
            name,
            providerType = "meta",
            credentials = new { phoneNumberId = MetaPhoneId, accessToken = MetaToken, appSecret = MetaAppSecret, businessAccountId = MetaWaba, verifyToken = "verify-me" },
            settings = new { baseUrl = FakeUrl, messagesPerSecond = 80 },
        })).ReadJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        FakeState.RegisterMeta(new MetaAccount(MetaPhoneId, MetaToken, MetaAppSecret, MetaWaba, CallbackUrl: $"http://localhost/api/webhooks/whatsapp/{id}/status"));
        if (activate) (await Admin.PostAsync($"/api/settings/whatsapp-providers/{id}/set-active", null)).EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>An APPROVED template "bill_due" ({{1}}, {{2}}) bound to the provider.</summary>
    public Task<JsonElement> AddTemplateAsync(int providerId, string name = "bill_due", string body = "Hi {{1}}, your bill of {{2}} is due.",
        string status = "APPROVED", string? externalId = null) =>
        AddTemplateAsync(Admin, providerId, name, body, status, externalId);

    public static async Task<JsonElement> AddTemplateAsync(HttpClient admin, int providerId, string name, string body,
        string status = "APPROVED", string? externalId = null, string category = "UTILITY")
    {
        return await (await admin.PostAsJsonAsync("/api/whatsapp/templates", new
        {
            name,
            language = "en_US",
            category,
            body,
            status,
            bindings = new[] { new { providerId, externalId = externalId ?? "HX" + Guid.NewGuid().ToString("N") } },
        })).ReadJsonAsync(HttpStatusCode.Created);
    }

    public async Task<int> AddCustomerAsync(string phone, bool optIn = true, string name = "Ana Souza", bool marketingOptIn = false)
    {
        var created = await (await Admin.PostAsJsonAsync("/api/customers", new { name, phone, whatsAppOptIn = optIn, marketingOptIn })).ReadJsonAsync(HttpStatusCode.Created);
        return created.GetProperty("customer").GetProperty("id").GetInt32();
    }

    /// <summary>Polls a message until the condition holds (webhooks and retries arrive asynchronously).</summary>
    public async Task<MessageDto> WaitForMessageAsync(long id, Func<MessageDto, bool> condition, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        MessageDto? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = (await (await Admin.GetAsync($"/api/whatsapp/messages/{id}")).ReadAsAsync<MessageDetailDto>()).Message;
            if (condition(last)) return last;
            await Task.Delay(50);
        }
        var problems = App.LogMessages.Where(m => m.StartsWith("Error") || m.Contains("Dispatch") || m.Contains("Hangfire")).TakeLast(40);
        throw new Xunit.Sdk.XunitException($"Message {id} never met the condition; last seen: {last}\nRecent log:\n{string.Join("\n", problems)}");
    }
}

public static class FakeStateExtensions
{
    /// <summary>Adds one recipient's error rule to those already set (the fake's property replaces the whole set).</summary>
    public static void SetRecipientError(this FakeProviderState state, string phone, RecipientErrorRule rule)
    {
        lock (state)
        {
            var rules = state.RecipientErrors.ToDictionary(r => r.Key, r => r.Value);
            rules[phone] = rule;
            state.RecipientErrors = rules;
        }
    }
}
