using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using FakeProvider;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;

using WhatsApp.Testing;

namespace WhatsApp.Bench;

/// <summary>What every benchmark shares: the machine line, the fake provider, the app process, seeding and tables.</summary>
public static class Harness
{
    public const string TwilioSid = "AC22222222222222222222222222222222";
    public const string TwilioToken = "bench-twilio-token-1234";
    public const string From = "+14155550100";
    public const string AdminEmail = "bench@bench.local";
    public const string AdminPassword = "Bench-Password-1!";

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WhatsApp.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run the bench from inside the repository (WhatsApp.sln not found above the binary).");
    }

    public static void PrintMachine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':', 2)[1].Trim()
            : null;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), " +
                          $"{RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; loadavg {load}");
    }

    /// <summary>The fake provider in this process on a free loopback port, with one Twilio account and no status callbacks.</summary>
    public static async Task<WebApplication> StartFakeAsync()
    {
        var fake = FakeProviderServer.Build(["--urls", "http://127.0.0.1:0"]);
        await fake.StartAsync();
        var state = fake.FakeState();
        state.RegisterTwilio(new TwilioAccount(TwilioSid, TwilioToken));
        state.CallbacksConfig = new CallbacksConfig { Enabled = false };
        return fake;
    }

    /// <summary>
    /// A PostgreSQL server (connection string without a database) when the run is on PostgreSQL: `npm run bench --
    /// &lt;name&gt; --postgres` starts a throwaway one and passes it here.
    /// </summary>
    public static string? PostgresServer { get; } = Environment.GetEnvironmentVariable("BENCH_POSTGRES");

    /// <summary>Customers written straight to the app's database in one transaction (the API would take minutes).</summary>
    public static void SeedCustomers(AppProcess app, int count, string plan, int firstPhone = 0)
    {
        if (app.PostgresDatabase is not null)
        {
            using var pg = new Npgsql.NpgsqlConnection(app.ConnectionString);
            pg.Open();
            using var pgTx = pg.BeginTransaction();
            using var pgInsert = pg.CreateCommand();
            pgInsert.CommandText = """
                INSERT INTO "Customer" ("Name", "Phone", "Email", "Plan", "WhatsAppOptIn", "CreatedAt", "UpdatedAt")
                VALUES (@name, @phone, 'x@example.com', @plan, TRUE, @now, @now)
                """;
            var pgName = pgInsert.Parameters.Add("name", NpgsqlTypes.NpgsqlDbType.Text);
            var pgPhone = pgInsert.Parameters.Add("phone", NpgsqlTypes.NpgsqlDbType.Text);
            pgInsert.Parameters.AddWithValue("plan", plan);
            pgInsert.Parameters.AddWithValue("now", DateTime.UtcNow);
            pgInsert.Prepare();
            for (var i = 0; i < count; i++)
            {
                pgName.Value = $"Customer {firstPhone + i}";
                pgPhone.Value = Phone(firstPhone + i);
                pgInsert.ExecuteNonQuery();
            }
            pgTx.Commit();
            return;
        }
        using var connection = Open(app.DbPath);
        using var tx = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO Customer (Name, Phone, Email, Plan, WhatsAppOptIn, CreatedAt, UpdatedAt)
            VALUES ($name, $phone, 'x@example.com', $plan, 1, $now, $now)
            """;
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var phone = insert.Parameters.Add("$phone", SqliteType.Text);
        insert.Parameters.AddWithValue("$plan", plan);
        insert.Parameters.AddWithValue("$now", DateTime.UtcNow);
        insert.Prepare();
        for (var i = 0; i < count; i++)
        {
            name.Value = $"Customer {firstPhone + i}";
            phone.Value = Phone(firstPhone + i);
            insert.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>Distinct valid US numbers (212 area code, 555-01xx is fictional only for the last four; libphonenumber accepts these).</summary>
    public static string Phone(int i) => $"+1212{2000000 + i:0000000}";

    public static SqliteConnection Open(string dbPath)
    {
        var connection = new SqliteConnection($"Data Source={dbPath};Default Timeout=30;Pooling=False");
        connection.Open();
        return connection;
    }

    public static void PrintTable(string title, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { header };
        all.AddRange(rows);
        var widths = header.Select((_, c) => all.Max(r => r[c].Length)).ToArray();
        string Line(IReadOnlyList<string> r) => "| " + string.Join(" | ", r.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))) + " |";
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine(Line(header));
        Console.WriteLine("|" + string.Join("|", widths.Select((w, c) => c == 0 ? new string('-', w + 2) : new string('-', w + 1) + ":")) + "|");
        foreach (var r in rows) Console.WriteLine(Line(r));
    }

    public static string F(double value, string format = "N0") => value.ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The Twilio send form exactly as the app's driver writes it (To, From, ContentSid, ContentVariables, StatusCallback).</summary>
    public static byte[] TwilioForm(string to, string contentSid, string customerName, string statusCallback)
    {
        var variables = JsonSerializer.Serialize(new Dictionary<string, string> { ["1"] = customerName, ["2"] = BroadcastText });
        var form = $"To={Uri.EscapeDataString("whatsapp:" + to)}&From={Uri.EscapeDataString("whatsapp:" + From)}" +
                   $"&ContentSid={contentSid}&ContentVariables={Uri.EscapeDataString(variables)}&StatusCallback={Uri.EscapeDataString(statusCallback)}";
        return Encoding.UTF8.GetBytes(form);
    }

    public const string BroadcastText = "your new plan is live.";
}

/// <summary>
/// The built backend (<c>backend/bin/&lt;Configuration&gt;/net10.0/WhatsApp.Api.dll</c>) as a child process on a free port,
/// with a temp SQLite file; settings are passed as environment variables. Samples its RSS while it runs.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly RunningApp _app;
    private readonly string _dir;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _peakRssKb;

    private AppProcess(RunningApp app, string dir, string dbPath)
    {
        _app = app;
        _dir = dir;
        DbPath = dbPath;
        _sampler = SampleAsync();
    }

    public string Url => _app.Url;
    public string DbPath { get; }
    /// <summary>The database's name when the app runs on PostgreSQL; null on SQLite.</summary>
    public string? PostgresDatabase { get; private init; }
    public string ConnectionString { get; private init; } = "";
    public string Store => PostgresDatabase is null ? "SQLite" : "PostgreSQL";
    public string StatusCallbackUrl(int providerId) => $"{Url}/api/webhooks/whatsapp/{providerId}/status";
    public HttpClient Admin => _app.Admin;
    public int Pid => _app.Pid;

    /// <summary>Peak RSS in MB: the kernel's high-water mark (VmHWM) or the highest polled VmRSS, whichever is higher.</summary>
    public double PeakRssMb => Math.Max(Interlocked.Read(ref _peakRssKb), ReadStatusKb("VmHWM")) / 1024.0;
    public double RssMb => ReadStatusKb("VmRSS") / 1024.0;

    /// <param name="postgres">Run on <see cref="Harness.PostgresServer"/> (a fresh database) when one is given.</param>
    public static async Task<AppProcess> StartAsync(IDictionary<string, string> settings, bool postgres = false)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        var dll = Path.Combine(Harness.RepoRoot, "backend", "bin", configuration, "net10.0", "WhatsApp.Api.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the backend first ({dll} is missing).");

        var dir = Directory.CreateTempSubdirectory("whatsapp-bench-").FullName;
        var dbPath = Path.Combine(dir, "bench.db");
        string? database = null;
        var connectionString = $"Data Source={dbPath}";
        if (postgres && Harness.PostgresServer is { } server)
        {
            database = $"bench_{Guid.NewGuid():N}";
            await using (var admin = new Npgsql.NpgsqlConnection(server + ";Database=postgres"))
            {
                await admin.OpenAsync();
                await using var create = admin.CreateCommand();
                create.CommandText = $"CREATE DATABASE \"{database}\"";
                await create.ExecuteNonQueryAsync();
            }
            connectionString = $"{server};Database={database}";
        }
        var env = new Dictionary<string, string>
        {
            ["ConnectionStrings:Default"] = connectionString,
            ["Database:Provider"] = database is null ? "Sqlite" : "Postgres",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (k, v) in settings) env[k] = v;
        var app = await RunningApp.StartAsync(dll, Harness.AdminEmail, Harness.AdminPassword, env, KeepInLogFile,
            new SocketsHttpHandler { MaxConnectionsPerServer = 16 });
        return new AppProcess(app, dir, dbPath) { PostgresDatabase = database, ConnectionString = connectionString };
    }

    private static readonly string? LogFile = Environment.GetEnvironmentVariable("BENCH_APP_LOG");
    private static readonly Lock LogLock = new();

    private static void KeepInLogFile(string line)
    {
        if (LogFile is not null) lock (LogLock) File.AppendAllText(LogFile, DateTime.UtcNow.ToString("mm:ss.fff ") + line + Environment.NewLine);
    }

    public string RecentOutput() => _app.RecentOutput();

    public static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>An active Twilio provider on the fake and an APPROVED two-variable template bound to it.</summary>
    public async Task<(int ProviderId, int TemplateId, string ContentSid)> AddTwilioAsync(string fakeUrl, int messagesPerSecond)
    {
        var provider = await Json(await Admin.PostAsJsonAsync("/api/settings/whatsapp-providers", new
        {
            name = "Fake Twilio",
            providerType = "twilio",
            credentials = new { accountSid = Harness.TwilioSid, authToken = Harness.TwilioToken, from = Harness.From },
            settings = new { baseUrl = fakeUrl, messagesPerSecond },
        }));
        var providerId = provider.GetProperty("id").GetInt32();
        await Json(await Admin.PostAsync($"/api/settings/whatsapp-providers/{providerId}/set-active", null));
        var contentSid = "HX" + Guid.NewGuid().ToString("N");
        var template = await Json(await Admin.PostAsJsonAsync("/api/whatsapp/templates", new
        {
            name = "bench_news",
            language = "en_US",
            category = "UTILITY",
            body = "Hi {{1}}, {{2}}",
            status = "APPROVED",
            bindings = new[] { new { providerId, externalId = contentSid } },
        }));
        return (providerId, template.GetProperty("id").GetInt32(), contentSid);
    }

    /// <summary>How long the last <see cref="BroadcastAsync"/>'s POST took to answer (it counts the whole audience).</summary>
    public double LastPostSeconds { get; private set; }

    /// <summary>
    /// Creates a broadcast to the customers of one plan over HTTP and waits until the fake has received every message
    /// (watched in-process, free) and then until the app reports the broadcast Completed (every outcome recorded).
    /// Returns the seconds from the POST to each point.
    /// </summary>
    public async Task<(double Sent, double Completed)> BroadcastAsync(int templateId, string plan, int expected, Func<long> received, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        var created = await Json(await Admin.PostAsJsonAsync("/api/whatsapp/broadcasts", new
        {
            templateId,
            audience = new { filter = new { plan } },
            variables = new Dictionary<string, string> { ["1"] = "{{customer.name}}", ["2"] = Harness.BroadcastText },
        }));
        LastPostSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var id = created.GetProperty("id").GetInt32();
        var deadline = DateTime.UtcNow + timeout;
        while (received() < expected && DateTime.UtcNow < deadline && !_app.HasExited) await Task.Delay(10);
        var sent = Stopwatch.GetElapsedTime(started).TotalSeconds;
        JsonElement last = default;
        while (DateTime.UtcNow < deadline && !_app.HasExited)
        {
            last = await Json(await Admin.GetAsync($"/api/whatsapp/broadcasts/{id}"));
            if (last.GetProperty("status").GetString() is "Completed" or "Failed" or "Canceled") break;
            await Task.Delay(100);
        }
        var completed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (last.ValueKind != JsonValueKind.Object || last.GetProperty("status").GetString() != "Completed" || last.GetProperty("total").GetInt32() != expected)
            throw new InvalidOperationException($"Broadcast {id} did not complete with {expected} messages: {last}\n{RecentOutput()}");
        return (sent, completed);
    }

    /// <summary>
    /// The CPU time the app process has used so far (user + system, from /proc/&lt;pid&gt;/stat): per request it is a cost
    /// that a loaded, shared machine does not blur the way it blurs rates and latencies.
    /// </summary>
    public TimeSpan CpuTime()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{_app.Pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime and stime are fields 14 and 15 of stat (12 and 13 after the name), in clock ticks of 1/100 s.
            return TimeSpan.FromMilliseconds((long.Parse(fields[11]) + long.Parse(fields[12])) * 10);
        }
        catch (IOException) { return TimeSpan.Zero; }
    }

    /// <summary>Waits until the app's tiered compilation has gone quiet (under 10 ms of CPU in half a second), or for at most <paramref name="max"/>.</summary>
    public async Task WaitForQuietTieringAsync(TimeSpan max)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < max)
        {
            var before = TieringCpuTime();
            await Task.Delay(500);
            if (TieringCpuTime() - before < TimeSpan.FromMilliseconds(10)) return;
        }
    }

    /// <summary>CPU time of the runtime's tiered-compilation thread (".NET Tiered Com"), which optimizes hot code in the background.</summary>
    public TimeSpan TieringCpuTime()
    {
        var total = TimeSpan.Zero;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{_app.Pid}/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(".NET Tiered")) continue;
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                total += TimeSpan.FromMilliseconds((long.Parse(fields[11]) + long.Parse(fields[12])) * 10);
            }
            catch (IOException) { }
        }
        return total;
    }

    private long ReadStatusKb(string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{_app.Pid}/status").FirstOrDefault(l => l.StartsWith(field + ":"));
            return line is null ? 0 : long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0]);
        }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var rss = ReadStatusKb("VmRSS");
            if (rss > Interlocked.Read(ref _peakRssKb)) Interlocked.Exchange(ref _peakRssKb, rss);
            try { await Task.Delay(50, _stop.Token); } catch (OperationCanceledException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
        await _app.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        if (PostgresDatabase is not null && Harness.PostgresServer is { } server)
        {
            await using var admin = new Npgsql.NpgsqlConnection(server + ";Database=postgres");
            await admin.OpenAsync();
            await using var drop = admin.CreateCommand();
            drop.CommandText = $"DROP DATABASE IF EXISTS \"{PostgresDatabase}\" WITH (FORCE)";
            await drop.ExecuteNonQueryAsync();
        }
    }
}
