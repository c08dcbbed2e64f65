using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Broadcasts;

/// <summary>The app and the fake Twilio, an active provider fast enough not to slow tests down, and a two-variable template.</summary>
public class BroadcastHarness : SendingHarness
{
    public const string Body = "Hi {{1}}, {{2}}";
    private int _nextPhone;

    public int ProviderId { get; private set; }
    public int TemplateId { get; private set; }

    protected virtual int MessagesPerSecond => 1000;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Broadcasts:FanOutBatchSize"] = "100",
        ["Dispatch:BatchSize"] = "200",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        ProviderId = await AddTwilioProviderAsync(messagesPerSecond: MessagesPerSecond);
        TemplateId = (await AddTemplateAsync(ProviderId, name: "news", body: Body)).GetProperty("id").GetInt32();
    }

    /// <summary>A fresh valid number each call, so tests sharing the app never share recipients.</summary>
    public string NextPhone() => $"+1212555{Interlocked.Increment(ref _nextPhone):0000}";

    /// <summary>Customers written straight to the database: thousands through the API would only slow the test.</summary>
    public async Task<List<Customer>> SeedAsync(int count, bool optedIn = true, string? plan = null, Func<int, string>? phone = null, string? email = "x@example.com")
    {
        var now = DateTime.UtcNow;
        var customers = Enumerable.Range(0, count).Select(i => new Customer
        {
            Name = $"Customer {i}",
            Phone = phone?.Invoke(i) ?? NextPhone(),
            Email = email,
            Plan = plan,
            WhatsAppOptIn = optedIn,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        await App.WithDbAsync(async db =>
        {
            db.AddRange(customers);
            await db.SaveChangesAsync();
        });
        return customers;
    }

    /// <summary>
    /// An audience of one plan with one of each skip: 3 recipients, 2 not opted in, 2 sharing a number (one skipped as
    /// a duplicate), 1 without the email that <see cref="MixedVariables"/> asks for.
    /// </summary>
    public async Task<MixedAudience> SeedMixedAudienceAsync(string plan)
    {
        var optedIn = await SeedAsync(3, plan: plan);
        var notOptedIn = await SeedAsync(2, optedIn: false, plan: plan);
        var shared = NextPhone();
        var duplicates = await SeedAsync(2, plan: plan, phone: _ => shared);
        var noEmail = await SeedAsync(1, plan: plan, email: null);
        return new MixedAudience(optedIn, notOptedIn, shared, duplicates, noEmail);
    }

    /// <summary>Variables that leave a customer without an email skipped for a missing value.</summary>
    public static readonly Dictionary<string, string> MixedVariables = new() { ["1"] = "{{customer.name}}", ["2"] = "we will write to {{customer.email}}" };

    public static object Request(int templateId, object audience, object? variables = null, DateTime? scheduledAt = null) => new
    {
        templateId,
        audience,
        variables = variables ?? new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = "your new plan is live." },
        scheduledAt,
    };

    public async Task<BroadcastDto> CreateAsync(object audience, object? variables = null, DateTime? scheduledAt = null)
    {
        var response = await Admin.PostAsJsonAsync("/api/whatsapp/broadcasts", Request(TemplateId, audience, variables, scheduledAt));
        return await response.ReadAsAsync<BroadcastDto>(HttpStatusCode.Created);
    }

    public async Task<BroadcastDto> GetAsync(int id) => await (await Admin.GetAsync($"/api/whatsapp/broadcasts/{id}")).ReadAsAsync<BroadcastDto>();

    /// <summary>Polls the broadcast until the condition holds.</summary>
    public async Task<BroadcastDto> WaitForAsync(int id, Func<BroadcastDto, bool> condition, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        BroadcastDto? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await GetAsync(id);
            if (condition(last)) return last;
            await Task.Delay(100);
        }
        var log = App.LogMessages.Where(m => m.StartsWith("Error") || m.Contains("roadcast")).TakeLast(30);
        throw new Xunit.Sdk.XunitException($"Broadcast {id} never met the condition; last seen: {last}\nRecent log:\n{string.Join("\n", log)}");
    }

    public static bool IsCompleted(BroadcastDto b) => b.Status == BroadcastStatus.Completed;
}

public sealed record MixedAudience(List<Customer> OptedIn, List<Customer> NotOptedIn, string SharedPhone, List<Customer> Duplicates, List<Customer> NoEmail);
