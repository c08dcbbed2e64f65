using System.Net;
using System.Net.Http.Json;
using FakeProvider;
using Microsoft.AspNetCore.Builder;
using WhatsApp.Api.Features.Customers;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Broadcasts;

/// <summary>
/// Two app instances running at once on one database (on PostgreSQL they also share Hangfire's storage, so either
/// picks up the other's jobs): one broadcast, each recipient once, one messages-per-second limit for both together.
/// </summary>
public class TwoInstancesTests : IAsyncLifetime
{
    private const int Recipients = 300;
    private const int PerSecond = 50;
    private readonly string _database = Path.Combine(Path.GetTempPath(), "whatsapp-tests", $"{Guid.NewGuid():N}.db");
    private WebApplication _fake = null!;
    private AppFactory _a = null!, _b = null!;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        // Small batches, so the second instance finds work while the first is still sending.
        ["Dispatch:BatchSize"] = "25",
        ["Dispatch:Parallelism"] = "8",
        ["Broadcasts:FanOutBatchSize"] = "50",
    };

    public async Task InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync(new FakeProviderOptions());
        _fake.FakeState().RegisterTwilio(new TwilioAccount(SendingHarness.TwilioSid, SendingHarness.TwilioToken));
        _fake.FakeState().CallbacksConfig = new CallbacksConfig { Enabled = false };
        _a = new AppFactory(_database, Settings);
        _ = _a.Server;
        _b = new AppFactory(_database, Settings);
        _ = _b.Server;
    }

    public async Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        await _fake.DisposeAsync();
        AppFactory.DeleteDatabaseFiles(_database);
    }

    [Fact]
    public async Task Two_instances_share_one_broadcast_each_recipient_once_and_one_throttle()
    {
        using var admin = await _a.AdminAsync();
        var providerId = await SendingHarness.AddTwilioProviderAsync(admin, _fake.BaseUrl(), messagesPerSecond: PerSecond);
        var template = await SendingHarness.AddTemplateAsync(admin, providerId, "news", "Hi {{1}}", externalId: "HX" + new string('c', 32), category: "MARKETING");
        var now = DateTime.UtcNow;
        var customers = Enumerable.Range(0, Recipients).Select(i => new Customer
        {
            Name = $"Customer {i}", Phone = $"+1212555{i:0000}", WhatsAppOptIn = true, MarketingOptIn = true, CreatedAt = now, UpdatedAt = now,
        }).ToList();
        await _a.WithDbAsync(async db => { db.AddRange(customers); await db.SaveChangesAsync(); });

        using var other = await _b.AdminAsync();
        // Warm both instances' send paths (JIT, connections): a cold first send lands late, bunched with later ones.
        foreach (var (client, phone) in new[] { (admin, customers[0].Phone), (other, customers[1].Phone) })
            (await client.PostAsJsonAsync("/api/whatsapp/messages", new { to = phone, templateName = "news", parameters = new Dictionary<string, string> { ["1"] = "warm-up" } }))
                .EnsureSuccessStatusCode();
        _fake.FakeState().ClearMessages();

        var created = await (await admin.PostAsJsonAsync("/api/whatsapp/broadcasts", new
        {
            templateId = template.GetProperty("id").GetInt32(),
            audience = new { all = true },
            variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}" },
        })).ReadJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        // Both instances run dispatch themselves, beside their Hangfire jobs. On PostgreSQL the Hangfire queue is
        // shared, so every kick may be fetched by one of them and the other would get work only by chance.
        using var stop = new CancellationTokenSource();
        async Task DispatchUntilStoppedAsync(AppFactory instance)
        {
            while (!stop.IsCancellationRequested)
            {
                using (var scope = instance.Services.CreateScope())
                    await scope.ServiceProvider.GetRequiredService<WhatsApp.Api.Features.Messaging.DispatchJob>().RunAsync(CancellationToken.None);
                await Task.Delay(100);
            }
        }
        var instances = Task.WhenAll(Task.Run(() => DispatchUntilStoppedAsync(_a)), Task.Run(() => DispatchUntilStoppedAsync(_b)));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        try
        {
            while ((await (await other.GetAsync($"/api/whatsapp/broadcasts/{id}")).ReadJsonAsync()).GetProperty("status").GetString() != "Completed")
            {
                Assert.True(DateTime.UtcNow < deadline, "the broadcast did not complete");
                await Task.Delay(200);
            }
        }
        finally
        {
            stop.Cancel();
            await instances;
        }

        var received = _fake.FakeState().GetMessages("twilio");
        Assert.Equal(Recipients, received.Count);
        Assert.Equal(Recipients, received.Select(m => m.To).Distinct().Count());
        // Both did share the work...
        Assert.Contains(_a.LogMessages, m => m.Contains("Dispatch run handled"));
        Assert.Contains(_b.LogMessages, m => m.Contains("Dispatch run handled"));
        // ...under one limit. Each at its own limit would make 100 a second and finish in 3 s; together they keep to
        // 50 and take 5. Arrival times carry the jitter of a busy machine between a send's start and its arrival (a
        // connection opened mid-run delays a few sends, which then land with the next ones: 61 in a second was seen in
        // CI), so the window check only tells 50 from 100; the duration is the exact part.
        var times = received.Select(m => m.ReceivedAt).Order().ToList();
        var span = (times[^1] - times[0]).TotalSeconds;
        Assert.True(span >= (Recipients - PerSecond) / (double)PerSecond - 0.3, $"{Recipients} messages arrived within {span:0.00} s");
        var fullest = Enumerable.Range(0, times.Count).Max(i => times.Skip(i).TakeWhile(t => t - times[i] < TimeSpan.FromSeconds(1)).Count());
        Assert.True(fullest <= PerSecond * 1.5, $"{fullest} messages arrived within one second");
    }
}
