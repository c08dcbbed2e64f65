using WhatsApp.Bench;

// dotnet run -c Release --project bench/WhatsApp.Bench -- <throughput|memory|sentlog|throttle|stats|webhooks|inbox> [--n N] [--parallelism P] [--requests R]
var benchmarks = new Dictionary<string, Func<Options, Task>>
{
    ["throughput"] = Benchmarks.ThroughputAsync,
    ["memory"] = Benchmarks.MemoryAsync,
    ["sentlog"] = Benchmarks.SentLogAsync,
    ["throttle"] = Benchmarks.ThrottleAsync,
    ["stats"] = Benchmarks.StatsAsync,
    ["jobs"] = JobsBenchmark.RunAsync,
    ["webhooks"] = WebhooksBenchmark.RunAsync,
    ["inbox"] = InboxBenchmark.RunAsync,
    ["loop"] = LoopBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: npm run bench -- <{string.Join("|", benchmarks.Keys)}> [--n N] [--parallelism P] [--requests R] [--postgres] [--latency-ms L]");
    return 2;
}

var options = Options.Parse(args.Skip(1).ToArray());
if (options.Postgres && Harness.PostgresServer is null)
{
    Console.Error.WriteLine("--postgres needs a server: run it as `npm run bench -- <name> --postgres`, which starts a throwaway PostgreSQL.");
    return 2;
}
Console.WriteLine($"benchmark: {args[0]}");
Harness.PrintMachine();
await run(options);
return 0;

/// <summary>Overrides for smoke runs; each benchmark has its issue-#6 default.</summary>
/// <param name="Postgres">Run the app on PostgreSQL (throughput, memory, throttle): `--postgres`, which scripts/bench.mjs turns into a throwaway server.</param>
public sealed record Options(int? N, int Parallelism, int Requests, bool Postgres, int LatencyMs)
{
    public static Options Parse(string[] args)
    {
        string? Get(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        return new Options(
            Get("--n") is { } n ? int.Parse(n) : null,
            Get("--parallelism") is { } p ? int.Parse(p) : 64,
            Get("--requests") is { } r ? int.Parse(r) : 200,
            args.Contains("--postgres"),
            Get("--latency-ms") is { } l ? int.Parse(l) : 0);
    }
}
