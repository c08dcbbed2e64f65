using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using FakeProvider;
using Microsoft.AspNetCore.Builder;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Tests.Infrastructure;
using WhatsApp.Testing;

namespace WhatsApp.Tests.Broadcasts;

/// <summary>
/// What the crash tests share: a broadcast to every one of N opted-in customers through the fake Twilio, started in a
/// real app process, and the provider's side of the story (who was accepted, how often).
/// </summary>
internal static class CrashScenario
{
    public const int Parallelism = 16, Lanes = 2;
    public const int BatchSize = 100;
    /// <summary>Messages one process can hold claimed at once: the most a kill can leave sent but unrecorded.</summary>
    public const int Claimed = BatchSize * Lanes;
    /// <summary>
    /// Slow enough that outcomes are written about as fast as the provider accepts them, so what a kill leaves
    /// unrecorded is mostly the sends on the wire (at 1,000 a second on PostgreSQL about 110 accepted sends were still
    /// waiting for their group's transaction when the process died, and went again).
    /// </summary>
    public const int MessagesPerSecond = 250;

    /// <summary>
    /// Small batches so several are claimed at any moment; the leases are the defaults, which is what is under test:
    /// a dead process's claims must come back without anyone waiting minutes.
    /// </summary>
    public static readonly Dictionary<string, string> Settings = new()
    {
        ["Dispatch:Parallelism"] = Parallelism.ToString(),
        ["Dispatch:Lanes"] = Lanes.ToString(),
        ["Dispatch:BatchSize"] = BatchSize.ToString(),
        ["Broadcasts:FanOutBatchSize"] = "500",
    };

    public static FakeProviderState Twilio(FakeProviderState state)
    {
        state.RegisterTwilio(new TwilioAccount(SendingHarness.TwilioSid, SendingHarness.TwilioToken));
        // Delivery reports would go to a process that is killed; they are not what these tests are about.
        state.CallbacksConfig = state.CallbacksConfig with { Enabled = false };
        return state;
    }

    /// <summary>Provider, template, <paramref name="recipients"/> customers imported by CSV, and a broadcast to all of them.</summary>
    public static async Task<int> StartBroadcastAsync(HttpClient admin, string fakeUrl, int recipients)
    {
        var providerId = await SendingHarness.AddTwilioProviderAsync(admin, fakeUrl, messagesPerSecond: MessagesPerSecond);
        var template = await SendingHarness.AddTemplateAsync(admin, providerId, "outage", "Hi {{1}}");

        var csv = new StringBuilder("name,phone,whatsAppOptIn\n");
        for (var i = 0; i < recipients; i++) csv.Append($"Customer {i},+1212555{i:0000},yes\n");
        using (var form = new MultipartFormDataContent())
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.ToString()));
            file.Headers.ContentType = new("text/csv");
            form.Add(file, "file", "customers.csv");
            var imported = await (await admin.PostAsync("/api/customers/import", form)).ReadAsAsync<CustomerImportResult>();
            Assert.Equal(recipients, imported.Created);
        }

        var broadcast = await (await admin.PostAsJsonAsync("/api/whatsapp/broadcasts",
            BroadcastHarness.Request(template.GetProperty("id").GetInt32(), new { all = true }, new Dictionary<string, string> { ["1"] = "{{customer.name}}" })))
            .ReadAsAsync<BroadcastDto>(HttpStatusCode.Created);
        return broadcast.Id;
    }

    /// <summary>Waits until the provider has taken <paramref name="count"/> messages (repeats included).</summary>
    public static async Task WaitForSendsAsync(FakeProviderState state, int count, RunningApp app)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (state.MessageCount < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {state.MessageCount} sends after 2 minutes:\n{app.RecentOutput()}");
            await Task.Delay(20);
        }
    }

    /// <summary>How many times the provider accepted each recipient.</summary>
    public static Dictionary<string, int> AcceptedByPhone(FakeProviderState state) =>
        state.GetMessages("twilio").Where(m => m.Outcome == "accepted")
            .GroupBy(m => m.To!.Replace("whatsapp:", "")).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Waits until every recipient was accepted once at least; returns how long that took from <paramref name="since"/>.</summary>
    public static async Task<TimeSpan> WaitUntilEveryoneAcceptedAsync(FakeProviderState state, int recipients, Stopwatch since, RunningApp app)
    {
        while (true)
        {
            var accepted = AcceptedByPhone(state).Count;
            if (accepted == recipients) return since.Elapsed;
            Assert.True(since.Elapsed < TimeSpan.FromSeconds(120), $"only {accepted} of {recipients} accepted after 2 minutes:\n{app.RecentOutput()}");
            await Task.Delay(50);
        }
    }

    public static async Task<BroadcastDto> WaitForCompletionAsync(RunningApp app, int id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var last = await (await app.Admin.GetAsync($"/api/whatsapp/broadcasts/{id}")).ReadAsAsync<BroadcastDto>();
            if (last.Status == BroadcastStatus.Completed) return last;
            Assert.True(DateTime.UtcNow < deadline, $"broadcast {id} not completed: {last}\n{app.RecentOutput()}");
            await Task.Delay(250);
        }
    }
}

/// <summary>What a crash test holds: the fake Twilio in this process and a database path of its own, both removed afterwards.</summary>
public abstract class CrashTest : IAsyncLifetime
{
    protected string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), "whatsapp-tests", $"crash-{Guid.NewGuid():N}.db");
    protected WebApplication Fake { get; private set; } = null!;
    protected FakeProviderState State => Fake.FakeState();
    protected string FakeUrl => Fake.BaseUrl();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        Fake = await FakeProviderServer.StartAsync(new FakeProviderOptions());
        CrashScenario.Twilio(Fake.FakeState());
    }

    public async Task DisposeAsync()
    {
        await Fake.StopAsync();
        await Fake.DisposeAsync();
        AppFactory.DeleteDatabaseFiles(DatabasePath);
    }
}

/// <summary>A test about several instances sharing one database server: skipped on SQLite.</summary>
public sealed class PostgresOnlyFactAttribute : FactAttribute
{
    public PostgresOnlyFactAttribute(string reason)
    {
        if (!AppFactory.UsesPostgres) Skip = $"PostgreSQL only: {reason}";
    }
}
