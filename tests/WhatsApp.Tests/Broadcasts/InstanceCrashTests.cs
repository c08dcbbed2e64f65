using System.Diagnostics;
using WhatsApp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WhatsApp.Tests.Broadcasts;

/// <summary>
/// Two app processes on one PostgreSQL database sending one broadcast; one is killed with SIGKILL halfway: the other
/// takes back the dead one's claimed batches and finishes within seconds, with nobody lost.
/// </summary>
public class InstanceCrashTests(ITestOutputHelper output) : CrashTest
{
    private const int Recipients = 2000;
    /// <summary>The bound: the survivor finishes within 15 s of the other's death.</summary>
    private static readonly TimeSpan TakeOverBound = TimeSpan.FromSeconds(15);

    [PostgresOnlyFact("two processes share the work only through a database server")]
    public async Task When_one_of_two_instances_is_killed_mid_broadcast_the_other_takes_back_its_claims_and_finishes_within_seconds()
    {
        var state = State;
        // One after the other: the first creates the tables.
        await using var doomed = await AppProcess.StartAsync(DatabasePath, CrashScenario.Settings);
        await using var survivor = await AppProcess.StartAsync(DatabasePath, CrashScenario.Settings);
        var broadcastId = await CrashScenario.StartBroadcastAsync(doomed.Admin, FakeUrl, Recipients);
        await CrashScenario.WaitForSendsAsync(state, Recipients / 2, doomed);
        await doomed.KillAsync();
        var sinceKill = Stopwatch.StartNew();
        var atKill = state.MessageCount;
        Assert.InRange(atKill, Recipients / 2, Recipients - 200);

        var finished = await CrashScenario.WaitUntilEveryoneAcceptedAsync(state, Recipients, sinceKill, survivor);
        output.WriteLine($"killed at {atKill} sends; everyone accepted {finished.TotalSeconds:0.0} s after the kill");
        Assert.True(finished < TakeOverBound, $"the survivor took {finished.TotalSeconds:0.0} s:\n{survivor.RecentOutput()}");

        var done = await CrashScenario.WaitForCompletionAsync(survivor, broadcastId);
        Assert.Equal(Recipients, done.Total);
        Assert.Equal(0, done.Failed);
        var duplicates = CrashScenario.AcceptedByPhone(state).Values.Sum(c => c - 1);
        Assert.True(duplicates <= CrashScenario.InFlight, $"{duplicates} duplicates; at most the {CrashScenario.InFlight} sends in flight may repeat");
    }
}
