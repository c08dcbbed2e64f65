using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using WhatsApp.Api.Features.Automations;

namespace WhatsApp.Tests.Automations;

/// <summary>A burst of business changes costs one waiting job, not one per event.</summary>
public class AutomationTriggerTests
{
    [Fact]
    public void Kicks_while_a_job_waits_to_start_enqueue_nothing_more_and_the_next_after_it_started_enqueues_again()
    {
        var jobs = new RecordingJobClient();
        var trigger = new AutomationTrigger(jobs);

        for (var i = 0; i < 50; i++) trigger.Kick();
        Assert.Single(jobs.Created);

        trigger.Started();
        trigger.Kick();
        trigger.Kick();
        Assert.Equal(2, jobs.Created.Count);
        Assert.All(jobs.Created, job => Assert.Equal(typeof(AutomationJob), job.Type));
    }

    private sealed class RecordingJobClient : IBackgroundJobClient
    {
        public List<Job> Created { get; } = [];
        public string Create(Job job, IState state) { Created.Add(job); return Created.Count.ToString(); }
        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
