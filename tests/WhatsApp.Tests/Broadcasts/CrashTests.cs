using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FakeProvider;
using Microsoft.AspNetCore.Builder;
using WhatsApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WhatsApp.Tests.Broadcasts;

/// <summary>
/// The app as a real process, killed with SIGKILL halfway through a 5,000-recipient broadcast and started again on
/// the same database: nobody is lost, and only the sends in flight at the kill can go twice.
/// </summary>
public class CrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Recipients = 5000;
    private const int Parallelism = 16, Lanes = 2;
    /// <summary>Sends that can be on the wire at once: the most a kill can leave unrecorded.</summary>
    private const int InFlight = Parallelism * Lanes;
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), "whatsapp-tests", $"crash-{Guid.NewGuid():N}.db");
    private WebApplication _fake = null!;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Dispatch:Parallelism"] = Parallelism.ToString(),
        ["Dispatch:Lanes"] = Lanes.ToString(),
        ["Dispatch:BatchSize"] = "200",
        // A dead instance's claims return after the lease; short here so the test need not wait minutes.
        ["Dispatch:Lease"] = "00:00:05",
        ["Broadcasts:FanOutBatchSize"] = "500",
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_databasePath)!);
        _fake = await FakeProviderServer.StartAsync(new FakeProviderOptions());
        var state = _fake.FakeState();
        state.RegisterTwilio(new TwilioAccount(SendingHarness.TwilioSid, SendingHarness.TwilioToken));
        // Delivery reports would go to a process that is killed; they are not what this test is about.
        state.CallbacksConfig = state.CallbacksConfig with { Enabled = false };
    }

    public async Task DisposeAsync()
    {
        await _fake.StopAsync();
        await _fake.DisposeAsync();
        AppFactory.DeleteDatabaseFiles(_databasePath);
    }

    [Fact]
    public async Task A_broadcast_killed_halfway_finishes_after_a_restart_with_nobody_lost_and_no_more_duplicates_than_sends_in_flight()
    {
        var state = _fake.FakeState();
        int broadcastId;
        int atKill;
        await using (var first = await AppProcess.StartAsync(_databasePath, Settings))
        {
            var admin = first.Admin;
            var providerId = await SendingHarness.AddTwilioProviderAsync(admin, _fake.BaseUrl(), messagesPerSecond: 250);
            var template = await SendingHarness.AddTemplateAsync(admin, providerId, "outage", "Hi {{1}}");

            var csv = new StringBuilder("name,phone,whatsAppOptIn\n");
            for (var i = 0; i < Recipients; i++) csv.Append($"Customer {i},+1212555{i:0000},yes\n");
            using (var form = new MultipartFormDataContent())
            {
                var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
                file.Headers.ContentType = new("text/csv");
                form.Add(file, "file", "customers.csv");
                var imported = await (await admin.PostAsync("/api/customers/import", form)).ReadJsonAsync();
                Assert.Equal(Recipients, imported.GetProperty("created").GetInt32());
            }

            var broadcast = await (await admin.PostAsJsonAsync("/api/whatsapp/broadcasts", new
            {
                templateId = template.GetProperty("id").GetInt32(),
                audience = new { all = true },
                variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}" },
            })).ReadJsonAsync(HttpStatusCode.Created);
            broadcastId = broadcast.GetProperty("id").GetInt32();

            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (state.MessageCount < Recipients / 2)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {state.MessageCount} sends after 2 minutes:\n{first.RecentOutput()}");
                await Task.Delay(20);
            }
            await first.KillAsync();
            atKill = (int)state.MessageCount;
        }
        Assert.InRange(atKill, Recipients / 2, Recipients - 500);

        await using var second = await AppProcess.StartAsync(_databasePath, Settings);
        var done = DateTime.UtcNow.AddSeconds(180);
        JsonElement last;
        while (true)
        {
            last = await (await second.Admin.GetAsync($"/api/whatsapp/broadcasts/{broadcastId}")).ReadJsonAsync();
            if (last.GetProperty("status").GetString() == "Completed") break;
            Assert.True(DateTime.UtcNow < done, $"not completed after the restart: {last}\n{second.RecentOutput()}");
            await Task.Delay(250);
        }

        var accepted = state.GetMessages("twilio").Where(m => m.Outcome == "accepted")
            .GroupBy(m => m.To!.Replace("whatsapp:", "")).ToDictionary(g => g.Key, g => g.Count());
        // Nobody lost: every recipient was accepted by the provider, and the log agrees.
        Assert.Equal(Recipients, accepted.Count);
        Assert.Equal(Recipients, last.GetProperty("total").GetInt32());
        Assert.Equal(0, last.GetProperty("failed").GetInt32());
        Assert.Equal(0, last.GetProperty("queued").GetInt32());
        // Duplicates only among what was on the wire or not yet written down when the process died.
        var duplicates = accepted.Values.Sum(c => c - 1);
        output.WriteLine($"killed at {atKill} sends; {duplicates} duplicates after the restart");
        Assert.True(duplicates <= InFlight, $"{duplicates} duplicates; at most the {InFlight} sends in flight may repeat");
    }
}
