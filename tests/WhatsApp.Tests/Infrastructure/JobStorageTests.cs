using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace WhatsApp.Tests.Infrastructure;

/// <summary>
/// Hangfire's storage as the app configures it by default (a SQLite file beside the app's database; PostgreSQL when
/// the suite runs there): what it keeps across a restart, and that several workers — of one instance or of two
/// sharing the database — never take the same job twice.
/// </summary>
public class JobStorageTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), "whatsapp-tests", $"jobs-{Guid.NewGuid():N}.db");
    private readonly List<AppFactory> _apps = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var app in _apps) app.Dispose();
        AppFactory.DeleteDatabaseFiles(_database);
        return Task.CompletedTask;
    }

    private AppFactory Start(IDictionary<string, string?>? settings = null)
    {
        var app = new AppFactory(_database, settings);
        _apps.Add(app);
        _ = app.Server;
        return app;
    }

    private static void Stop(AppFactory app) => app.Dispose();

    [Fact]
    public async Task A_job_scheduled_before_a_restart_runs_after_it_once_and_not_before_it_is_due()
    {
        var key = Guid.NewGuid().ToString("N");
        var first = Start();
        // Long enough to stop the first instance before it is due, short enough not to make the test slow.
        var due = DateTime.UtcNow.AddSeconds(8);
        first.Services.GetRequiredService<IBackgroundJobClient>()
            .Schedule<ProbeJob>(p => p.RunAsync(key, 0), new DateTimeOffset(due, TimeSpan.Zero));
        Stop(first);
        Assert.Empty(ProbeJob.RunsOf(key));

        var second = Start();
        var runs = await ProbeJob.WaitForRunsAsync(key, 1, TimeSpan.FromSeconds(90));

        var run = Assert.Single(runs);
        Assert.Same(second.Services.GetRequiredService<IHostApplicationLifetime>(), run.App);
        // Hangfire keeps schedules in whole seconds.
        Assert.True(run.StartedAt >= due.AddSeconds(-1), $"ran at {run.StartedAt:O}, due {due:O}");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(ProbeJob.RunsOf(key));
    }

    [Fact]
    public async Task Finished_jobs_and_recurring_jobs_are_still_there_after_a_restart()
    {
        var key = Guid.NewGuid().ToString("N");
        var first = Start();
        var id = first.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<ProbeJob>(p => p.RunAsync(key, 0));
        first.Services.GetRequiredService<IRecurringJobManager>()
            .AddOrUpdate<ProbeJob>($"probe-{key}", p => p.RunAsync(key, 0), Cron.Never());
        await ProbeJob.WaitForRunsAsync(key, 1, TimeSpan.FromSeconds(60));
        await WaitForStateAsync(first, id, "Succeeded");
        Stop(first);

        var second = Start();
        var storage = second.Services.GetRequiredService<JobStorage>();
        var details = storage.GetMonitoringApi().JobDetails(id);
        Assert.NotNull(details);
        Assert.Equal("Succeeded", details.History.First().StateName);
        using var connection = storage.GetConnection();
        Assert.Contains(connection.GetRecurringJobs(), r => r.Id == $"probe-{key}");
    }

    [Fact]
    public async Task Jobs_enqueued_to_two_instances_with_many_workers_each_run_exactly_once()
    {
        const int jobs = 200;
        var settings = new Dictionary<string, string?> { ["Jobs:WorkerCount"] = "12" };
        var a = Start(settings);
        var b = Start(settings);
        var keys = Enumerable.Range(0, jobs).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var clients = new[] { a, b }.Select(app => app.Services.GetRequiredService<IBackgroundJobClient>()).ToArray();
        // Enqueued from both sides at once, each job taking a moment so that many are in flight together.
        await Parallel.ForEachAsync(keys.Select((key, i) => (key, i)), async (job, _) =>
        {
            clients[job.i % 2].Enqueue<ProbeJob>(p => p.RunAsync(job.key, 20));
            await Task.Yield();
        });

        foreach (var key in keys) await ProbeJob.WaitForRunsAsync(key, 1, TimeSpan.FromSeconds(120));
        // A duplicate fetch would show up as a second run shortly after the first.
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.All(keys, key => Assert.Single(ProbeJob.RunsOf(key)));
        Assert.Equal(1, ProbeJob.MostAtOnce(keys));
        // Both instances did work: the queue is shared, not one instance's alone.
        var ranBy = keys.Select(k => ProbeJob.RunsOf(k)[0].App).Distinct().Count();
        Assert.Equal(2, ranBy);
    }

    private static async Task WaitForStateAsync(AppFactory app, string id, string state)
    {
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
            if (monitoring.JobDetails(id)?.History.FirstOrDefault()?.StateName == state) return;
        Assert.Fail($"job {id} never reached {state}");
    }
}

/// <summary>A job that records each of its runs, which app ran it and how many runs of the same key overlapped.</summary>
public sealed class ProbeJob(IHostApplicationLifetime app)
{
    public sealed record Run(DateTime StartedAt, IHostApplicationLifetime App);

    private static readonly ConcurrentDictionary<string, ConcurrentQueue<Run>> Runs = new();
    private static readonly ConcurrentDictionary<string, int> Running = new();
    private static readonly ConcurrentDictionary<string, int> Most = new();

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(string key, int milliseconds)
    {
        Runs.GetOrAdd(key, _ => new()).Enqueue(new Run(DateTime.UtcNow, app));
        var now = Running.AddOrUpdate(key, 1, (_, n) => n + 1);
        Most.AddOrUpdate(key, now, (_, n) => Math.Max(n, now));
        try { await Task.Delay(milliseconds); }
        finally { Running.AddOrUpdate(key, 0, (_, n) => n - 1); }
    }

    public static IReadOnlyList<Run> RunsOf(string key) => Runs.TryGetValue(key, out var runs) ? runs.ToArray() : [];

    public static int MostAtOnce(IEnumerable<string> keys) => keys.Max(k => Most.GetValueOrDefault(k));

    public static async Task<IReadOnlyList<Run>> WaitForRunsAsync(string key, int count, TimeSpan timeout)
    {
        for (var deadline = DateTime.UtcNow + timeout; DateTime.UtcNow < deadline; await Task.Delay(50))
            if (RunsOf(key) is { } runs && runs.Count >= count) return runs;
        Assert.Fail($"job {key} ran {RunsOf(key).Count} times, expected {count}, within {timeout}");
        return [];
    }
}
