using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace WhatsApp.Testing;

/// <summary>
/// The built app (<c>WhatsApp.Api.dll</c>) as its own operating-system process on a free loopback port, configured by
/// environment variables and signed in as its admin. Tests kill it the hard way (SIGKILL: no shutdown code runs);
/// benchmarks read its memory. One source file, compiled into both (tests/WhatsApp.Tests and bench/WhatsApp.Bench).
/// </summary>
public sealed class RunningApp : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly Action<string>? _onLine;

    private RunningApp(Process process, string url, Action<string>? onLine)
    {
        _process = process;
        Url = url;
        _onLine = onLine;
    }

    public string Url { get; }
    public HttpClient Admin { get; private set; } = null!;
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <param name="settings">Configuration ("Section:Key" or "Section__Key") over the defaults: Production, the given
    /// admin account, no sign-in throttling, the public URL on the chosen port, warnings only.</param>
    /// <param name="onLine">Also gets every line the app writes.</param>
    /// <param name="adminHandler">The handler of the signed-in admin client (e.g. more connections per server).</param>
    public static async Task<RunningApp> StartAsync(string dll, string adminEmail, string adminPassword, IEnumerable<KeyValuePair<string, string>> settings,
        Action<string>? onLine = null, HttpMessageHandler? adminHandler = null)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(url);
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Admin:Email"] = adminEmail,
            ["Admin:Password"] = adminPassword,
            ["Auth:LoginAttemptsPerMinute"] = "10000",
            ["App:PublicBaseUrl"] = url,
            // Production allows provider base URLs only on configured hosts; the fake provider listens on loopback.
            ["Providers:AllowedBaseUrlHosts"] = "127.0.0.1,localhost",
            ["Logging:LogLevel:Default"] = "Warning",
            // As npm start runs it (README, Memory).
            ["MALLOC_ARENA_MAX"] = Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") ?? "2",
        };
        foreach (var (k, v) in settings) env[k.Replace("__", ":")] = v;
        foreach (var (k, v) in env) psi.Environment[k.Replace(":", "__")] = v;

        var process = Process.Start(psi)!;
        var app = new RunningApp(process, url, onLine);
        process.OutputDataReceived += (_, e) => app.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => app.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitHealthyAsync();
            app.Admin = await app.SignInAsync(adminEmail, adminPassword, adminHandler);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>The app's last lines of output, for failure messages.</summary>
    public string RecentOutput()
    {
        lock (_output) return string.Join(Environment.NewLine, _output);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _onLine?.Invoke(line);
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

    private async Task<HttpClient> SignInAsync(string email, string password, HttpMessageHandler? handler)
    {
        var client = new HttpClient(handler ?? new SocketsHttpHandler()) { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromMinutes(2) };
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"Signing in as {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
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
