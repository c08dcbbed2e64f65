using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace WhatsApp.Tests.Infrastructure;

/// <summary>
/// The app as its own operating-system process (the build next to the tests), on a given database, so a test can
/// kill it the hard way (SIGKILL: no shutdown code runs) and start it again on the same data.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private AppProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }
    public HttpClient Admin { get; private set; } = null!;

    /// <param name="databasePath">A SQLite file, or on PostgreSQL what names the test database (see <see cref="AppFactory"/>).</param>
    public static async Task<AppProcess> StartAsync(string databasePath, IDictionary<string, string> settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "WhatsApp.Api.dll");
        if (AppFactory.UsesPostgres) TestPostgres.EnsureDatabase(databasePath);
        var url = $"http://127.0.0.1:{FreePort()}";
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(url);
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings:Default"] = AppFactory.ConnectionString(databasePath),
            ["Database:Provider"] = AppFactory.UsesPostgres ? "Postgres" : "Sqlite",
            ["Admin:Email"] = AppFactory.AdminEmail,
            ["Admin:Password"] = AppFactory.AdminPassword,
            ["Auth:LoginAttemptsPerMinute"] = "10000",
            ["App:PublicBaseUrl"] = url,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in settings) env[k] = v;
        foreach (var (k, v) in env) psi.Environment[k.Replace(":", "__")] = v;

        var process = Process.Start(psi)!;
        var app = new AppProcess(process, url);
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitHealthyAsync();
        app.Admin = await app.SignInAsync();
        return app;
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public string RecentOutput()
    {
        lock (_output) return string.Join(Environment.NewLine, _output);
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 60) _output.Dequeue();
        }
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited ({_process.ExitCode}):\n{RecentOutput()}");
            try
            {
                if ((await http.GetAsync(Url + "/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The app did not become healthy:\n{RecentOutput()}");
    }

    private async Task<HttpClient> SignInAsync()
    {
        var client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromMinutes(2) };
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = AppFactory.AdminEmail, password = AppFactory.AdminPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
