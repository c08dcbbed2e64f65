using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FakeProvider;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure.Instances;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Broadcasts;

/// <summary>A provider limited to 10 messages a second.</summary>
public sealed class SlowProviderHarness : BroadcastHarness
{
    protected override int MessagesPerSecond => 10;
}

/// <summary>
/// Timing is measured where the fake receives the sends, in this test process: a pause of the whole process (a blocking
/// collection, say while another test streams a 100 MB upload) lets sends started on their slots land together. Run alone.
/// </summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone;

[Collection(nameof(RunsAlone))]
public class BroadcastThrottleTests(SlowProviderHarness h) : IClassFixture<SlowProviderHarness>
{
    [Fact]
    public async Task A_broadcast_never_exceeds_the_providers_messages_per_second()
    {
        // Warm up first: a cold start (JIT, new connections) delays the first sends on the wire, bunching them up behind later ones.
        var warmUp = await h.SeedAsync(10);
        await h.WaitForAsync((await h.CreateAsync(new { customerIds = warmUp.Select(c => c.Id) })).Id, BroadcastHarness.IsCompleted);

        var customers = await h.SeedAsync(35);
        var created = await h.CreateAsync(new { customerIds = customers.Select(c => c.Id) });
        await h.WaitForAsync(created.Id, BroadcastHarness.IsCompleted, seconds: 30);

        var phones = customers.Select(c => c.Phone).ToHashSet();
        var times = h.FakeState.GetMessages("twilio").Where(m => phones.Contains(m.To!.Replace("whatsapp:", "")))
            .Select(m => m.ReceivedAt).Order().ToList();
        Assert.Equal(35, times.Count);
        // The 11th message after any message must come a second later. The app holds that exactly when it starts each
        // send; arrival at the provider adds scheduling jitter on a busy machine, hence 100 ms spare. Without the throttle
        // all 35 arrive within a fraction of a second.
        for (var i = 0; i + 10 < times.Count; i++)
            Assert.True(times[i + 10] - times[i] >= TimeSpan.FromMilliseconds(900),
                $"messages {i}..{i + 10} arrived within {(times[i + 10] - times[i]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Delivery_reports_that_come_before_the_batch_is_recorded_are_kept_and_applied()
    {
        // The fake reports sent/delivered/read the moment it accepts each send: the reports race the dispatcher
        // writing down the provider ids.
        var customers = await h.SeedAsync(25);
        var config = h.FakeState.CallbacksConfig;
        h.FakeState.CallbacksConfig = config with { DelayMs = 0 };
        BroadcastDto done;
        try
        {
            var created = await h.CreateAsync(new { customerIds = customers.Select(c => c.Id) });
            done = await h.WaitForAsync(created.Id, b => b.Read == 25, seconds: 30);
        }
        finally
        {
            h.FakeState.CallbacksConfig = config;
        }
        Assert.Equal(25, done.Total);
        // None left waiting. (How many reports won the race depends on timing, now that outcomes are written while the
        // batch still sends; the kept-then-applied path itself is pinned down in WebhookTests.)
        Assert.Equal(0, await h.App.WithDbAsync(db => db.Set<EarlyStatusReport>().CountAsync()));
    }
}

/// <summary>Two app instances, one after the other, on one database file: a crash and a restart.</summary>
public class BroadcastRecoveryTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), "whatsapp-tests", $"{Guid.NewGuid():N}.db");
    private WebApplication _fake = null!;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Dispatch:Lease"] = "00:00:02",
        ["Dispatch:Parallelism"] = "4",
        ["Dispatch:BatchSize"] = "20",
        ["Broadcasts:FanOutBatchSize"] = "50",
        ["Broadcasts:Lease"] = "00:00:02",
    };

    public async Task InitializeAsync()
    {
        _fake = await FakeProviderServer.StartAsync(new FakeProviderOptions());
        _fake.FakeState().RegisterTwilio(new TwilioAccount(SendingHarness.TwilioSid, SendingHarness.TwilioToken));
        // The first app dies; callbacks to it would only fail. This is about sending.
        _fake.FakeState().CallbacksConfig = new CallbacksConfig { Enabled = false };
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        AppFactory.DeleteDatabaseFiles(_database);
    }

    private async Task<(int TemplateId, List<int> CustomerIds, List<string> Phones)> SetUpAsync(AppFactory app, int recipients)
    {
        using var admin = await app.AdminAsync();
        var providerId = await SendingHarness.AddTwilioProviderAsync(admin, _fake.BaseUrl(), messagesPerSecond: 1000);
        var template = await SendingHarness.AddTemplateAsync(admin, providerId, "news", "Hi {{1}}", externalId: "HX" + new string('b', 32), category: "MARKETING");
        var now = DateTime.UtcNow;
        var customers = Enumerable.Range(0, recipients).Select(i => new WhatsApp.Api.Features.Customers.Customer
        {
            Name = $"Customer {i}", Phone = $"+1212555{i:0000}", WhatsAppOptIn = true, MarketingOptIn = true, CreatedAt = now, UpdatedAt = now,
        }).ToList();
        await app.WithDbAsync(async db => { db.AddRange(customers); await db.SaveChangesAsync(); });
        return (template.GetProperty("id").GetInt32(), customers.Select(c => c.Id).ToList(), customers.Select(c => c.Phone).ToList());
    }

    private static async Task<BroadcastDto> WaitForCompletionAsync(AppFactory app, int id)
    {
        using var admin = await app.AdminAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        BroadcastDto? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await (await admin.GetAsync($"/api/whatsapp/broadcasts/{id}")).ReadAsAsync<BroadcastDto>();
            if (BroadcastHarness.IsCompleted(last)) return last;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"Broadcast {id} did not complete after the restart: {last}");
    }

    [Fact]
    public async Task Stopping_the_app_mid_broadcast_and_starting_again_finishes_the_rest_without_duplicates_beyond_in_flight_sends()
    {
        const int recipients = 300;
        var state = _fake.FakeState();
        state.Chaos.Configure(new ChaosSettings { LatencyMs = 15 });
        int broadcastId;
        List<string> phones;
        using (var first = new AppFactory(_database, Settings))
        {
            var (templateId, customerIds, p) = await SetUpAsync(first, recipients);
            phones = p;
            using var admin = await first.AdminAsync();
            var created = await (await admin.PostAsJsonAsync("/api/whatsapp/broadcasts",
                BroadcastHarness.Request(templateId, new { all = true }, new Dictionary<string, string> { ["1"] = "{{customer.name}}" }))).ReadAsAsync<BroadcastDto>(HttpStatusCode.Created);
            broadcastId = created.Id;
            await state.WaitForMessagesAsync(60, TimeSpan.FromSeconds(30));
        } // the first instance stops here, sends in flight
        var sentBeforeRestart = state.MessageCount;
        Assert.True(sentBeforeRestart < recipients, $"the first instance already sent all {sentBeforeRestart}");

        state.Chaos.Reset();
        using var second = new AppFactory(_database, Settings);
        var done = await WaitForCompletionAsync(second, broadcastId);

        var received = state.GetMessages("twilio").GroupBy(m => m.To!.Replace("whatsapp:", "")).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(phones, phone => Assert.True(received.GetValueOrDefault(phone) >= 1, $"{phone} never received the broadcast"));
        var duplicates = received.Values.Sum(n => n - 1);
        Assert.True(duplicates <= 4, $"{duplicates} duplicates; at most the 4 sends in flight when the app stopped may repeat");
        Assert.Equal(recipients, done.Total);
        Assert.Equal(0, done.Queued);
    }

    [Fact]
    public async Task A_lanes_overlapping_batches_keep_their_sends_in_flight_within_its_parallelism()
    {
        // The next batch of 20 is claimed while the last one's final sends go out; both together may still have only
        // 4 at the provider, or a crash would repeat more than Parallelism.
        const int recipients = 100;
        var state = _fake.FakeState();
        state.Chaos.Configure(new ChaosSettings { LatencyMs = 40 });
        using var app = new AppFactory(_database, Settings);
        var (templateId, _, _) = await SetUpAsync(app, recipients);
        using var admin = await app.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/whatsapp/broadcasts",
            BroadcastHarness.Request(templateId, new { all = true }, new Dictionary<string, string> { ["1"] = "{{customer.name}}" }))).ReadAsAsync<BroadcastDto>(HttpStatusCode.Created);
        var done = await WaitForCompletionAsync(app, created.Id);

        Assert.Equal(0, done.Queued);
        Assert.Equal(recipients, state.MessageCount);
        Assert.InRange(state.Chaos.MostHeldAtOnce, 2, 4);
    }

    [Fact]
    public async Task The_claims_of_an_instance_that_stopped_beating_are_taken_back_without_waiting_out_their_lease()
    {
        const int recipients = 40, claimed = 20;
        // Leases far longer than the test may wait: only the dead instance's stale heartbeat can free its claims.
        using var app = new AppFactory(_database, new Dictionary<string, string?>(Settings)
        {
            ["Dispatch:Lease"] = "00:10:00",
            ["Broadcasts:Lease"] = "00:10:00",
        });
        var (templateId, customerIds, phones) = await SetUpAsync(app, recipients);
        var dead = new AppInstance { Id = Guid.NewGuid(), Name = "killed:1", StartedAt = DateTime.UtcNow.AddMinutes(-5), LastSeenAt = DateTime.UtcNow.AddMinutes(-1) };
        // What a process killed mid-broadcast leaves: its fan-out lease on the broadcast (half written) and a claimed
        // batch of the written half, both good for ten more minutes, in its name.
        var broadcastId = await app.WithDbAsync(async db =>
        {
            var template = await db.Set<WhatsApp.Api.Features.Templates.WhatsAppTemplate>().SingleAsync(t => t.Id == templateId);
            var now = DateTime.UtcNow;
            db.Add(dead);
            var broadcast = new Broadcast
            {
                TemplateId = templateId, TemplateName = "news", TemplateLanguage = "en_US",
                AudienceJson = "{\"all\":true}", VariablesJson = "{\"1\":\"{{customer.name}}\"}",
                Status = BroadcastStatus.Preparing, CreatedAt = now, UpdatedAt = now, ExpectedRecipients = recipients,
                CursorPhone = phones[claimed - 1], CursorCustomerId = customerIds[claimed - 1], LastQueuedPhone = phones[claimed - 1], Recipients = claimed,
                ClaimToken = Guid.NewGuid(), ClaimedUntil = now.AddMinutes(10), ClaimedBy = dead.Id,
            };
            db.Add(broadcast);
            await db.SaveChangesAsync();
            var batch = Guid.NewGuid();
            for (var i = 0; i < claimed; i++)
            {
                var message = WhatsAppMessage.Queued(phones[i], customerIds[i], template, new Dictionary<string, string> { ["1"] = $"Customer {i}" }, null, MessageSource.Broadcast, now);
                (message.BroadcastId, message.ClaimToken, message.ClaimedUntil, message.ClaimedBy) = (broadcast.Id, batch, now.AddMinutes(10), dead.Id);
                db.Add(message);
            }
            await db.SaveChangesAsync();
            return broadcast.Id;
        });

        var done = await WaitForCompletionAsync(app, broadcastId);
        Assert.Equal(recipients, done.Total);
        Assert.Equal(0, done.Queued);
        var state = _fake.FakeState();
        Assert.All(phones, phone => Assert.Single(state.GetMessages("twilio", phone)));
        // The dead instance is forgotten once its claims are free; the live one is listed.
        var instances = await app.WithDbAsync(db => db.Set<AppInstance>().Select(i => i.Id).ToListAsync());
        Assert.DoesNotContain(dead.Id, instances);
        Assert.Single(instances);
    }

    [Fact]
    public async Task A_broadcast_left_half_prepared_by_a_crash_is_resumed_at_its_cursor_on_start_up()
    {
        const int recipients = 120;
        int broadcastId;
        List<string> phones;
        using (var first = new AppFactory(_database, Settings))
        {
            var (templateId, customerIds, p) = await SetUpAsync(first, recipients);
            phones = p;
            // What a crash leaves behind: the broadcast row in Preparing with a stale lease, its first 50 recipients written and sent.
            broadcastId = await first.WithDbAsync(async db =>
            {
                var template = await db.Set<WhatsApp.Api.Features.Templates.WhatsAppTemplate>().SingleAsync(t => t.Id == templateId);
                var now = DateTime.UtcNow;
                var broadcast = new Broadcast
                {
                    TemplateId = templateId, TemplateName = "news", TemplateLanguage = "en_US",
                    AudienceJson = "{\"all\":true}", VariablesJson = "{\"1\":\"{{customer.name}}\"}",
                    Status = BroadcastStatus.Preparing, CreatedAt = now, UpdatedAt = now, ExpectedRecipients = recipients,
                    CursorPhone = phones[49], CursorCustomerId = customerIds[49], LastQueuedPhone = phones[49], Recipients = 50,
                    ClaimToken = Guid.NewGuid(), ClaimedUntil = now.AddSeconds(-1),
                };
                db.Add(broadcast);
                await db.SaveChangesAsync();
                for (var i = 0; i < 50; i++)
                {
                    var message = WhatsAppMessage.Queued(phones[i], customerIds[i], template, new Dictionary<string, string> { ["1"] = $"Customer {i}" }, null, MessageSource.Broadcast, now);
                    (message.BroadcastId, message.Status) = (broadcast.Id, MessageStatus.Sent);
                    db.Add(message);
                }
                await db.SaveChangesAsync();
                return broadcast.Id;
            });
        }

        using var second = new AppFactory(_database, Settings);
        var done = await WaitForCompletionAsync(second, broadcastId);
        Assert.Equal(recipients, done.Total);
        var state = _fake.FakeState();
        Assert.All(phones.Take(50), phone => Assert.Empty(state.GetMessages("twilio", phone)));
        Assert.All(phones.Skip(50), phone => Assert.Single(state.GetMessages("twilio", phone)));
        var rows = await second.WithDbAsync(db => db.Set<WhatsAppMessage>().Where(m => m.BroadcastId == broadcastId).CountAsync());
        Assert.Equal(recipients, rows);
    }
}
