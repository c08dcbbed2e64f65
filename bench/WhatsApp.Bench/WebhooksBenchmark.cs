using System.Diagnostics;
using System.Text;
using FakeProvider;
using static WhatsApp.Bench.Harness;

namespace WhatsApp.Bench;

/// <summary>
/// Issue #18, target 1: signed Twilio status callbacks (sent, delivered, read) for every message of a broadcast, at
/// concurrency 32, against the same process serving a static file in the same run. Every callback must be applied.
/// Then every recipient answers with a text (issue #16: inbound messages in the webhook benchmark), each stored in its
/// conversation before the answer.
/// </summary>
public static class WebhooksBenchmark
{
    private const int Concurrency = 32;
    /// <summary>Messages whose callbacks warm the app up before anything is timed.</summary>
    private const int WarmUpMessages = 1000;
    private static readonly string[] Statuses = ["sent", "delivered", "read"];

    public static async Task RunAsync(Options o)
    {
        var n = o.N ?? 2_000;
        await using var fake = await StartFakeAsync();
        var state = fake.FakeState();
        // A static file for the comparison: the size of the SPA's index page.
        var webRoot = Directory.CreateTempSubdirectory("whatsapp-bench-www-").FullName;
        await File.WriteAllTextAsync(Path.Combine(webRoot, "index.html"), await File.ReadAllTextAsync(Path.Combine(RepoRoot, "frontend", "index.html")));
        try
        {
            await using var app = await AppProcess.StartAsync(postgres: o.Postgres, settings: new Dictionary<string, string>
            {
                ["ASPNETCORE_WEBROOT"] = webRoot,
                ["Dispatch:ThrottleDisabled"] = "true",
            });
            var (providerId, templateId, _) = await app.AddTwilioAsync(fake.BaseUrl(), messagesPerSecond: 1000);
            SeedCustomers(app, n + WarmUpMessages, "bench");
            var broadcast = await app.BroadcastAsync(templateId, "bench", n + WarmUpMessages, () => state.MessageCount, TimeSpan.FromMinutes(10));
            var all = state.GetMessages("twilio").Where(m => m.Outcome == "accepted").ToList();
            var (warmUp, messages) = (all[..WarmUpMessages], all[WarmUpMessages..]);
            var url = app.StatusCallbackUrl(providerId);
            Console.WriteLine($"{n:N0} messages sent in {F(broadcast.Completed, "N1")} s; {messages.Count * Statuses.Length:N0} signed callbacks " +
                              $"(sent, delivered, read per message, in order), concurrency {Concurrency}; {app.Store}; app pid {app.Pid}");

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency * 2 }) { BaseAddress = new Uri(app.Url) };
            // Warm up both paths (JIT, connections, tiered compilation, which waits for a quiet moment before it optimizes):
            // the static file, and the callbacks of messages set aside for it, until the runtime has stopped compiling.
            await RunAsync(app, Enumerable.Range(0, 2000).ToList(), async _ => (await http.GetAsync("/index.html")).EnsureSuccessStatusCode());
            // Rounds of the same callbacks (after the first they change nothing, but take the same path) until the
            // tiered-compilation thread has gone quiet (or 40 rounds): on a loaded 2-core machine it optimizes this large app
            // for a minute or more, and until it has, a third of a timed run's CPU was the JIT's.
            // Every body and signature is built before the clock starts: a provider signs on its own machines, and here the
            // bench shares the app's 2 cores, so signing inside the timed run took from the app what the static run never
            // spends (the client's CPU per request is printed).
            var warmUpCallbacks = warmUp.Select(m => Statuses.Select(status => Callback(url, m.Id!, m.To!, status)).ToArray()).ToList();
            var timedCallbacks = messages.Select(m => Statuses.Select(status => Callback(url, m.Id!, m.To!, status)).ToArray()).ToList();
            for (var round = 1; round <= 40; round++)
            {
                var (cpu, tiering) = (app.CpuTime(), app.TieringCpuTime());
                await RunAsync(app, warmUpCallbacks, async each =>
                {
                    foreach (var callback in each) (await http.SendAsync(callback.ToRequest())).EnsureSuccessStatusCode();
                }, perItem: Statuses.Length);
                await Task.Delay(TimeSpan.FromMilliseconds(300));
                var share = (app.TieringCpuTime() - tiering) / (app.CpuTime() - cpu);
                Console.WriteLine($"warm-up round {round}: tiered compilation {share:P0} of the app's CPU");
                if (share < 0.05) break;
            }

            var count = messages.Count * Statuses.Length;
            var staticBefore = await RunAsync(app, Enumerable.Range(0, count).ToList(), async _ => (await http.GetAsync("/index.html")).EnsureSuccessStatusCode());
            Console.WriteLine("timing the callbacks …");
            // Each worker takes a message and sends its three callbacks one after the other, as a provider would.
            var callbacks = await RunAsync(app, timedCallbacks, async each =>
            {
                foreach (var callback in each) (await http.SendAsync(callback.ToRequest())).EnsureSuccessStatusCode();
            }, perItem: Statuses.Length);
            var staticAfter = await RunAsync(app, Enumerable.Range(0, count).ToList(), async _ => (await http.GetAsync("/index.html")).EnsureSuccessStatusCode());

            // Customers' replies: warmed up with the set-aside recipients' first, then one from each timed recipient.
            var inboundUrl = url[..^"/status".Length] + "/inbound";
            await RunAsync(app, warmUp.Select(m => Inbound(inboundUrl, m.To!, $"warm-up reply to {m.Id}")).ToList(),
                async reply => (await http.SendAsync(reply.ToRequest())).EnsureSuccessStatusCode());
            var replies = messages.Select(m => Inbound(inboundUrl, m.To!, $"reply to {m.Id}")).ToList();
            Console.WriteLine("timing the inbound messages …");
            var inbound = await RunAsync(app, replies, async reply => (await http.SendAsync(reply.ToRequest())).EnsureSuccessStatusCode());
            var unread = await AppProcess.Json(await app.Admin.GetAsync("/api/whatsapp/conversations/unread"));
            var stored = unread.GetProperty("messages").GetInt32() - warmUp.Count;

            var after = await AppProcess.Json(await app.Admin.GetAsync("/api/whatsapp/broadcasts?page=1&pageSize=1"));
            var id = after.GetProperty("items")[0].GetProperty("id").GetInt32();
            var progress = await AppProcess.Json(await app.Admin.GetAsync($"/api/whatsapp/broadcasts/{id}"));
            var read = progress.GetProperty("read").GetInt32() - WarmUpMessages;

            var staticRate = (staticBefore.Rate + staticAfter.Rate) / 2;
            string[] Row(string what, Run r) => [what, F(r.Requests), F(r.Seconds, "N2"), F(r.Rate), F(r.Rate / staticRate, "N2"), F(r.P50, "N1"), F(r.P99, "N1"),
                F(r.CpuMsPerRequest, "N3"), F(r.ClientCpuMsPerRequest, "N3")];
            PrintTable("webhooks (higher rate is better; ratio = req/s ÷ mean static req/s; latency in ms; CPU ms per request: the app's, the bench client's)",
                ["path", "requests", "seconds", "req/s", "ratio", "p50", "p99", "CPU ms/req", "client CPU ms/req"],
            [
                Row("static file GET /index.html, before", staticBefore),
                Row("signed status callbacks (applied before the answer)", callbacks),
                Row("static file GET /index.html, after", staticAfter),
                Row("signed inbound texts (stored before the answer)", inbound),
            ]);
            Console.WriteLine($"inbound messages stored in their conversations: {stored:N0}/{messages.Count:N0}");
            Console.WriteLine($"messages Read after the callbacks: {read:N0}/{messages.Count:N0}");
            Console.WriteLine($"target ≥ 4,000 callbacks/s ({F(callbacks.Rate)}): {(callbacks.Rate >= 4000 ? "met" : "NOT met")}");
            Console.WriteLine($"target ≥ 0.4 of static ({F(callbacks.Rate / staticRate, "N2")}): {(callbacks.Rate / staticRate >= 0.4 ? "met" : "NOT met")}");
            Console.WriteLine($"target p99 < 100 ms ({F(callbacks.P99, "N1")} ms): {(callbacks.P99 < 100 ? "met" : "NOT met")}");
            Console.WriteLine($"target every callback applied ({read:N0}/{messages.Count:N0} Read): {(read == messages.Count ? "met" : "NOT met")}");
        }
        finally
        {
            Directory.Delete(webRoot, recursive: true);
        }
    }

    /// <param name="CpuMsPerRequest">The app process's CPU time (user + system) over the run, per request.</param>
    /// <param name="ClientCpuMsPerRequest">This process's (the bench's HTTP client), per request.</param>
    private sealed record Run(int Requests, double Seconds, double P50, double P99, double CpuMsPerRequest, double ClientCpuMsPerRequest)
    {
        public double Rate => Requests / Seconds;
    }

    /// <summary>Runs <paramref name="send"/> over the items with <see cref="Concurrency"/> workers; latency per request.</summary>
    private static async Task<Run> RunAsync<T>(AppProcess app, IReadOnlyList<T> items, Func<T, Task> send, int perItem = 1)
    {
        var latencies = new double[items.Count];
        var cpu = app.CpuTime();
        var client = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, _) =>
        {
            var t = Stopwatch.GetTimestamp();
            await send(items[i]);
            latencies[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds / perItem;
        });
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuMs = (app.CpuTime() - cpu).TotalMilliseconds;
        var clientMs = (Process.GetCurrentProcess().TotalProcessorTime - client).TotalMilliseconds;
        Array.Sort(latencies);
        return new Run(items.Count * perItem, seconds, Percentile(latencies, 50), Percentile(latencies, 99), cpuMs / (items.Count * perItem),
            clientMs / (items.Count * perItem));
    }

    /// <summary>A customer's text exactly as Twilio posts it to the number's webhook (the fake provider's fields), signed.</summary>
    private static SignedPost Inbound(string url, string from, string text)
    {
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var waId = new string(from.Where(char.IsDigit).ToArray());
        return Signed(url,
        [
            new("SmsMessageSid", sid), new("NumMedia", "0"), new("ProfileName", "Bench Customer"), new("MessageType", "text"),
            new("SmsSid", sid), new("WaId", waId), new("SmsStatus", "received"), new("Body", text), new("To", "whatsapp:" + From),
            new("NumSegments", "1"), new("ReferralNumMedia", "0"), new("MessageSid", sid), new("AccountSid", TwilioSid),
            new("From", "whatsapp:+" + waId), new("ApiVersion", "2010-04-01"),
        ]);
    }

    /// <summary>A status callback exactly as Twilio sends it (the fake provider's fields), signed with the account's token.</summary>
    private static SignedPost Callback(string url, string sid, string to, string status)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("MessageSid", sid), new("SmsSid", sid), new("MessageStatus", status), new("SmsStatus", status),
            new("AccountSid", TwilioSid), new("From", "whatsapp:" + From), new("To", to), new("ApiVersion", "2010-04-01"),
            new("ChannelPrefix", "whatsapp"), new("ChannelToAddress", "+" + new string(to.Where(char.IsDigit).ToArray())),
        };
        return Signed(url, fields);
    }

    private static SignedPost Signed(string url, List<KeyValuePair<string, string>> fields) => new(url,
        Encoding.UTF8.GetBytes(string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"))),
        Signing.TwilioSignature(TwilioToken, url, fields));

    /// <summary>A signed form post built ahead of the timed run; each send makes a fresh request of it.</summary>
    private sealed record SignedPost(string Url, byte[] Body, string Signature)
    {
        public HttpRequestMessage ToRequest()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new ByteArrayContent(Body) };
            request.Content.Headers.ContentType = new("application/x-www-form-urlencoded") { CharSet = "utf-8" };
            request.Headers.Add("X-Twilio-Signature", Signature);
            return request;
        }
    }
}
