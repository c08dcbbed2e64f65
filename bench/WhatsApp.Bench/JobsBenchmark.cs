using System.Diagnostics;
using Hangfire;
using Hangfire.Storage.SQLite;
using FakeProvider;
using Microsoft.AspNetCore.Builder;
using static WhatsApp.Bench.Harness;

namespace WhatsApp.Bench;

/// <summary>
/// Hangfire's storage as the app uses it (issue #14): how soon a kicked job starts, and, on the SQLite storage, whether
/// two processes working one jobs file ever run a job twice (the storage's public history of duplicate fetches).
/// </summary>
public static class JobsBenchmark
{
    public static async Task RunAsync(Options o)
    {
        await using var fake = await StartFakeAsync();
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>(), o.Postgres);
        var storage = Environment.GetEnvironmentVariable("Jobs__Storage") ?? (o.Postgres ? "Postgres" : "Sqlite");
        Console.WriteLine($"app on {app.Store}, Jobs:Storage {storage}; app pid {app.Pid}");
        await KickLatencyAsync(app, fake, o.N ?? 30);
        if (storage.Equals("Sqlite", StringComparison.OrdinalIgnoreCase) && !o.Postgres)
            await SharedSqliteQueueAsync(app, o.N is { } n ? n * 20 : 500);
    }

    /// <summary>
    /// One-recipient broadcasts, one after another: POST → the fake receives the message. Two job hops (the fan-out job,
    /// then the dispatch job it kicks) plus the work, so twice the queue's pick-up time is in each figure.
    /// </summary>
    private static async Task KickLatencyAsync(AppProcess app, WebApplication fake, int rounds)
    {
        var state = fake.FakeState();
        var (_, templateId, _) = await app.AddTwilioAsync(fake.BaseUrl(), messagesPerSecond: 1000);
        const int warmUp = 3;
        for (var i = 0; i < rounds + warmUp; i++) SeedCustomers(app, 1, $"kick{i}", firstPhone: i);
        var ms = new List<double>();
        for (var i = 0; i < rounds + warmUp; i++)
        {
            state.ClearMessages();
            var (sent, _) = await app.BroadcastAsync(templateId, $"kick{i}", 1, () => state.MessageCount, TimeSpan.FromMinutes(2));
            if (i >= warmUp) ms.Add(sent * 1000);
        }
        ms.Sort();
        PrintTable($"kicked jobs: one-recipient broadcast, POST → message at the provider ({rounds} rounds, ms)", ["p50", "p95", "max"],
            [[F(Percentile(ms, 50)), F(Percentile(ms, 95)), F(ms[^1])]]);
    }

    /// <summary>
    /// Trivial jobs (a 20 ms delay) enqueued by the bench straight into the app's jobs file: first with only the app's
    /// workers taking them, then with a Hangfire server in the bench too (a second process on one queue, as two
    /// instances on one SQLite database would be). Each phase enqueues jobs one at a time into idle workers (enqueue →
    /// Processing), then a burst; every job's state history shows whether two workers ran it.
    /// </summary>
    private static async Task SharedSqliteQueueAsync(AppProcess app, int burst)
    {
        var file = Path.Combine(Path.GetDirectoryName(app.DbPath)!, Path.GetFileNameWithoutExtension(app.DbPath) + ".hangfire.db");
        // The same serializer settings as the app, so each side reads the other's jobs.
        GlobalConfiguration.Configuration.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
        // Connections set up as the app's are (JobStorageSetup), so the bench's enqueues cost what the app's do.
        using var storage = new SQLiteStorage(new SQLiteDbConnectionFactory(() =>
        {
            var c = new SQLite.SQLiteConnection(file, SQLite.SQLiteOpenFlags.ReadWrite | SQLite.SQLiteOpenFlags.NoMutex, storeDateTimeAsTicks: true) { BusyTimeout = TimeSpan.FromSeconds(10) };
            c.ExecuteScalar<string>("PRAGMA synchronous = NORMAL");
            return c;
        }), new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromMilliseconds(200) });
        var rows = new List<IReadOnlyList<string>>();
        var twice = 0;
        rows.AddRange(await PhaseAsync("the app's workers alone", storage, burst, c => twice += c));
        using (new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 4, ServerName = "bench" }, storage))
            rows.AddRange(await PhaseAsync("the app and this bench (4 workers)", storage, burst, c => twice += c));
        PrintTable("the app's Hangfire SQLite file: trivial jobs enqueued from outside", ["phase", "measure", "value"], rows);
        Console.WriteLine($"target no job run twice ({twice}): {(twice == 0 ? "met" : "NOT met")}");
    }

    private static async Task<IReadOnlyList<string>[]> PhaseAsync(string phase, SQLiteStorage storage, int burst, Action<int> duplicates)
    {
        var client = new BackgroundJobClient(storage);
        var monitoring = storage.GetMonitoringApi();
        var single = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            single.Add(client.Enqueue(() => Task.Delay(20)));
            await Task.Delay(300);
        }
        var clock = Stopwatch.StartNew();
        var ids = new string[burst];
        Parallel.For(0, burst, i => ids[i] = client.Enqueue(() => Task.Delay(20)));
        var enqueued = clock.Elapsed.TotalSeconds;
        var all = single.Concat(ids).ToArray();
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (DateTime.UtcNow < deadline && all.Any(id => monitoring.JobDetails(id)?.History.FirstOrDefault()?.StateName is not ("Succeeded" or "Failed")))
            await Task.Delay(500);
        var drained = clock.Elapsed.TotalSeconds;

        var histories = all.ToDictionary(id => id, id => monitoring.JobDetails(id).History.ToList());
        var pickup = single.Select(id => histories[id]).Select(h =>
                (h.Last(s => s.StateName == "Processing").CreatedAt - h.Last(s => s.StateName == "Enqueued").CreatedAt).TotalMilliseconds)
            .Order().ToList();
        var twice = all.Count(id => histories[id].Count(s => s.StateName == "Processing") > 1);
        duplicates(twice);
        var unfinished = all.Where(id => histories[id].First().StateName != "Succeeded")
            .Select(id => $"{id}: {histories[id].First().StateName}").ToList();
        var byApp = all.Count(id => histories[id].LastOrDefault(s => s.StateName == "Processing")?.Data is { } data
            && data.TryGetValue("ServerId", out var serverId) && !serverId.StartsWith("bench"));
        return
        [
            [phase, "enqueue → Processing, one job into idle workers, p50 / p95 / max (ms)", $"{F(Percentile(pickup, 50))} / {F(Percentile(pickup, 95))} / {F(pickup[^1])}"],
            ["", $"burst of {F(burst)}: enqueued in / all finished after (s)", $"{F(enqueued, "N1")} / {F(drained, "N1")}"],
            ["", "jobs run by the app / by the bench", $"{F(byApp)} / {F(all.Length - byApp)}"],
            ["", "jobs run more than once (duplicate fetches)", $"{F(twice)} of {F(all.Length)}"],
            ["", "jobs not Succeeded", unfinished.Count == 0 ? "0" : string.Join("; ", unfinished)],
        ];
    }
}
