using System.Diagnostics;
using FakeProvider;
using static WhatsApp.Bench.Harness;

namespace WhatsApp.Bench;

/// <summary>
/// Issue #18, target 2, the full loop: a broadcast to 20,000 at a provider limit of 1,000 msg/s, the fake calling back
/// sent, delivered and read for every message while the sends go on. Everything is read from the fake's side: when each
/// send arrived, and when each callback was answered (the app answers once the report is committed).
/// </summary>
public static class LoopBenchmark
{
    private const int Limit = 1000;
    /// <summary>The fake's pause before each of a message's callbacks: read is reported about 3 × this after the send.</summary>
    private const int CallbackDelayMs = 200;
    private const int WarmUpRounds = 10;
    private const int WarmUpRecipients = 2000;

    public static async Task RunAsync(Options o)
    {
        var n = o.N ?? 20_000;
        var fake = FakeProviderServer.Build(["--urls", "http://127.0.0.1:0"], new FakeProviderOptions { MaxConcurrentCallbacks = 256, MaxStoredCallbacks = 4 * n });
        await fake.StartAsync();
        await using var _ = fake;
        var state = fake.FakeState();
        state.RegisterTwilio(new TwilioAccount(TwilioSid, TwilioToken));
        state.CallbacksConfig = new CallbacksConfig { Enabled = false };

        await using var app = await AppProcess.StartAsync(postgres: o.Postgres, settings: new Dictionary<string, string>
        {
            ["Dispatch:Parallelism"] = o.Parallelism.ToString(),
        }.WithDebugLog());
        var (_, templateId, _) = await app.AddTwilioAsync(fake.BaseUrl(), messagesPerSecond: Limit);
        // Warm-up, callbacks off: the first sends of a cold process land late and bunched.
        SeedCustomers(app, 200, "warm");
        await app.BroadcastAsync(templateId, "warm", 200, () => state.MessageCount, TimeSpan.FromMinutes(2));
        state.CallbacksConfig = new CallbacksConfig { Enabled = true, DelayMs = CallbackDelayMs };
        // Then the whole loop, callbacks on, in rounds until the runtime's tiered compilation has gone quiet (as the
        // webhooks bench does): the JIT optimizing this large app took a fifth of a cold run's samples (perf: `.NET
        // Tiered Com` 21 %, 14,000 methods compiled over the first 30 s), a start-up cost, not the loop's.
        for (var round = 1; round <= WarmUpRounds; round++)
        {
            var (cpuAtStart, tieringAtStart, sentAtStart) = (app.CpuTime(), app.TieringCpuTime(), state.MessageCount);
            state.ClearCallbacks();
            SeedCustomers(app, WarmUpRecipients, $"warm{round}", firstPhone: 100_000 + round * WarmUpRecipients);
            await app.BroadcastAsync(templateId, $"warm{round}", WarmUpRecipients, () => state.MessageCount - sentAtStart, TimeSpan.FromMinutes(5));
            var settled = Stopwatch.StartNew();
            while (state.GetCallbacks().Count(c => c.StatusCode is not null) < 3 * WarmUpRecipients && settled.Elapsed < TimeSpan.FromMinutes(1)) await Task.Delay(100);
            var share = (app.TieringCpuTime() - tieringAtStart) / (app.CpuTime() - cpuAtStart);
            Console.WriteLine($"warm-up round {round}: {WarmUpRecipients:N0} messages with callbacks, tiered compilation {share:P0} of the app's CPU");
            if (share < 0.05) break;
        }
        var before = state.MessageCount;
        state.ClearCallbacks();

        SeedCustomers(app, n, "bench");
        Console.WriteLine($"{n:N0} recipients at {Limit:N0} msg/s, callbacks sent/delivered/read {CallbackDelayMs} ms apart; {app.Store}; app pid {app.Pid}");
        var (cpu, tiering, benchCpu) = (app.CpuTime(), app.TieringCpuTime(), Process.GetCurrentProcess().TotalProcessorTime);
        var (sentSeconds, completedSeconds) = await app.BroadcastAsync(templateId, "bench", n, () => state.MessageCount - before, TimeSpan.FromMinutes(20));
        // Every message's three callbacks answered (or 2 minutes).
        var deadline = Stopwatch.StartNew();
        while (state.GetCallbacks().Count(c => c.StatusCode is not null) < 3 * n && deadline.Elapsed < TimeSpan.FromMinutes(2)) await Task.Delay(200);
        var cpuSeconds = (app.CpuTime() - cpu).TotalSeconds;
        var tieringSeconds = (app.TieringCpuTime() - tiering).TotalSeconds;
        // This process: the fake provider taking the sends and signing and posting the callbacks, on the same 2 cores.
        var benchCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - benchCpu).TotalSeconds;

        var sends = state.GetMessages("twilio").Where(m => m.Outcome == "accepted").Skip((int)before).ToDictionary(m => m.Id!, m => m.ReceivedAt);
        var callbacks = state.GetCallbacks().Where(c => c.MessageId is not null && sends.ContainsKey(c.MessageId)).ToList();
        var failed = callbacks.Count(c => c.StatusCode is not 200);
        var answered = callbacks.Where(c => c.StatusCode == 200).ToList();

        // Send rate per whole second while the broadcast sends (first to last send).
        var times = sends.Values.Order().ToArray();
        var (first, last) = (times[0], times[^1]);
        var perSecond = times.GroupBy(t => (int)(t - first).TotalSeconds).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        var steady = perSecond.Length > 2 ? perSecond[1..^1] : perSecond;
        var rate = times.Length / Math.Max(0.001, (last - first).TotalSeconds);

        // A callback's lag: when the app answered it, after the fake was due to send it (send + k × the delay). This is
        // the backlog: how far behind the callbacks are being applied.
        static int Step(string? status) => status switch { "sent" => 1, "delivered" => 2, _ => 3 };
        var lags = answered.Select(c => (At: c.Time, Lag: (c.Time - sends[c.MessageId!]).TotalSeconds - Step(c.Status) * CallbackDelayMs / 1000.0))
            .OrderBy(l => l.At).ToList();
        var lagBySecond = lags.GroupBy(l => (int)(l.At - first).TotalSeconds).OrderBy(g => g.Key)
            .Select(g => (Second: g.Key, Count: g.Count(), Max: g.Max(l => l.Lag))).ToList();
        var lagValues = lags.Select(l => l.Lag).Order().ToArray();

        // Send → Read: the fake received the send, the app answered its read callback (committed).
        var toRead = answered.Where(c => c.Status == "read").Select(c => (c.Time - sends[c.MessageId!]).TotalSeconds).Order().ToArray();

        PrintTable("full loop (sends at the fake; callbacks answered by the app)", ["measure", "value"],
        [
            ["messages sent (accepted)", F(sends.Count)],
            ["send rate first → last send (msg/s)", F(rate)],
            ["sends per second, steady seconds: min / median / max", $"{F(steady.Min())} / {F(Percentile(steady.Select(x => (double)x).Order().ToArray(), 50))} / {F(steady.Max())}"],
            ["POST → all sends received / Completed (s)", $"{F(sentSeconds, "N1")} / {F(completedSeconds, "N1")}"],
            ["callbacks answered 200 / expected", $"{F(answered.Count)} / {F(3 * sends.Count)}"],
            ["callbacks failed (non-200 or no answer)", F(failed)],
            ["callback lag p50 / p99 / max (s)", lagValues.Length == 0 ? "-" : $"{F(Percentile(lagValues, 50), "N2")} / {F(Percentile(lagValues, 99), "N2")} / {F(lagValues[^1], "N2")}"],
            ["send → Read p50 / p99 / max (s)", toRead.Length == 0 ? "-" : $"{F(Percentile(toRead, 50), "N2")} / {F(Percentile(toRead, 99), "N2")} / {F(toRead[^1], "N2")}"],
            ["messages Read", F(toRead.Length)],
            ["app CPU over the run (s) / per message (ms)", $"{F(cpuSeconds, "N1")} / {F(cpuSeconds * 1000 / Math.Max(1, sends.Count), "N2")}"],
            ["of it tiered compilation (s)", F(tieringSeconds, "N1")],
            ["the fake provider's CPU (this process) (s) / per message (ms)", $"{F(benchCpuSeconds, "N1")} / {F(benchCpuSeconds * 1000 / Math.Max(1, sends.Count), "N2")}"],
        ]);
        PrintTable("callback lag over time (worst lag of the callbacks answered in each second)", ["second", "answered", "max lag (s)"],
            lagBySecond.Where((_, i) => i % Math.Max(1, lagBySecond.Count / 30) == 0 || i == lagBySecond.Count - 1)
                .Select(l => new[] { F(l.Second), F(l.Count), F(l.Max, "N2") }).ToList());
        Console.WriteLine($"sends in each second: {string.Join(" ", perSecond.Select(c => F(c)))}");
        Console.WriteLine($"target sends ≥ 950 msg/s while callbacks come in ({F(rate)}): {(rate >= 950 ? "met" : "NOT met")}");
        var maxLag = lagValues.Length == 0 ? double.NaN : lagValues[^1];
        Console.WriteLine($"target callback backlog never past a few seconds (max lag {F(maxLag, "N2")} s ≤ 3): {(maxLag <= 3 ? "met" : "NOT met")}");
        var worstRead = toRead.Length == 0 ? double.NaN : toRead[^1];
        Console.WriteLine($"target every message Read within 10 s of its send ({F(toRead.Length)}/{F(sends.Count)}, worst {F(worstRead, "N2")} s): " +
                          $"{(toRead.Length == sends.Count && worstRead <= 10 ? "met" : "NOT met")}");
    }
}
