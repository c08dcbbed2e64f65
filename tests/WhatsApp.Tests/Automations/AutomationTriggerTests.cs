using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WhatsApp.Api.Features.Automations;
using WhatsApp.Api.Features.Messaging;

namespace WhatsApp.Tests.Automations;

/// <summary>Events written while a run is busy cost no job (the run looks again); with no run busy, each kick starts one.</summary>
public class AutomationTriggerTests
{
    [Fact]
    public async Task Kicks_during_a_run_enqueue_nothing_and_kicks_without_one_each_enqueue_a_job()
    {
        var jobs = new RecordingJobClient();
        var scopes = new BlockingScopes();
        var processor = new AutomationProcessor(scopes, new DispatchTrigger(jobs, TimeProvider.System, NullLogger<DispatchTrigger>.Instance),
            new FakeTimeProvider(), Options.Create(new AutomationOptions()), NullLogger<AutomationProcessor>.Instance);
        var trigger = new AutomationTrigger(jobs, processor);

        trigger.Kick();
        Assert.Single(jobs.Created);

        // A run holds the processor (its first look at the database is held back): kicks now only make it look again.
        var run = Task.Run(() => processor.RunAsync(CancellationToken.None));
        Assert.True(scopes.Entered.Wait(TimeSpan.FromSeconds(10)));
        for (var i = 0; i < 20; i++) trigger.Kick();
        Assert.Single(jobs.Created);

        // The run ends (its look fails, as a lost database would make it): the next kick starts a job again.
        scopes.Release.Set();
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => run);
        Assert.Equal(1, scopes.Looks);
        trigger.Kick();
        Assert.Equal(2, jobs.Created.Count);
        Assert.All(jobs.Created, job => Assert.Equal(typeof(AutomationJob), job.Type));
    }

    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public List<Job> Created { get; } = [];
        public string Create(Job job, IState state) { lock (Created) Created.Add(job); return Created.Count.ToString(); }
        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }

    /// <summary>Every scope the processor opens waits for <see cref="Release"/>, then has no database.</summary>
    private sealed class BlockingScopes : IServiceScopeFactory
    {
        public ManualResetEventSlim Entered { get; } = new();
        public ManualResetEventSlim Release { get; } = new();
        public int Looks;

        public IServiceScope CreateScope()
        {
            Interlocked.Increment(ref Looks);
            Entered.Set();
            Release.Wait(TimeSpan.FromSeconds(30));
            return new ServiceCollection().BuildServiceProvider().CreateScope();
        }
    }
}
