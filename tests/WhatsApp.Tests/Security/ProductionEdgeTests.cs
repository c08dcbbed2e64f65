using System.Net;
using System.Net.Http.Json;
using WhatsApp.Testing;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Security;

/// <summary>
/// The built app twice as its own process in Production, reached over real TCP from loopback as a reverse proxy would:
/// once trusting no proxy (the default), once trusting loopback as its proxy, with the OpenAPI document switched on.
/// </summary>
public sealed class ProductionApps : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), "whatsapp-tests", $"{Guid.NewGuid():N}.db");
    private readonly string _proxiedDatabase = Path.Combine(Path.GetTempPath(), "whatsapp-tests", $"{Guid.NewGuid():N}.db");
    public RunningApp Direct { get; private set; } = null!;
    public RunningApp Proxied { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Direct = await AppProcess.StartAsync(_database, new Dictionary<string, string>
        {
            ["Auth:LoginAttemptsPerMinute"] = "100",
            ["Auth:LoginAttemptsPerMinutePerAddress"] = "4",
        });
        Proxied = await AppProcess.StartAsync(_proxiedDatabase, new Dictionary<string, string>
        {
            ["App:TrustedProxies"] = "127.0.0.1",
            ["OpenApi:Enabled"] = "true",
        });
    }

    public async Task DisposeAsync()
    {
        await Direct.DisposeAsync();
        await Proxied.DisposeAsync();
        AppFactory.DeleteDatabaseFiles(_database);
        AppFactory.DeleteDatabaseFiles(_proxiedDatabase);
    }
}

public sealed class ProductionEdgeTests(ProductionApps apps) : IClassFixture<ProductionApps>
{
    private RunningApp Direct => apps.Direct;
    private RunningApp Proxied => apps.Proxied;

    [Fact]
    public async Task Without_a_trusted_proxy_forwarded_headers_are_ignored_so_neither_the_sign_in_limit_nor_the_cookie_is_fooled()
    {
        // The sign-in limit of this app is shared by its tests: this one alone exhausts it, after its cookie sign-in.
        var cookie = await CookieSignInAsync(Direct);
        Assert.DoesNotContain("secure", cookie.Split(';').Select(p => p.Trim().ToLowerInvariant()));

        using var client = new HttpClient { BaseAddress = new Uri(Direct.Url) };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
            {
                Content = JsonContent.Create(new { email = $"nobody-{i}@test.local", password = "wrong" }),
            };
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_that_terminated_https_the_cookie_is_secure()
    {
        var cookie = await CookieSignInAsync(Proxied);
        Assert.Contains("secure", cookie.Split(';').Select(p => p.Trim().ToLowerInvariant()));
    }

    [Fact]
    public async Task In_production_the_openapi_document_is_off_unless_enabled()
    {
        using var client = new HttpClient();
        var off = await client.GetAsync($"{Direct.Url}/swagger/v1/swagger.json");
        Assert.DoesNotContain("\"openapi\"", await off.Content.ReadAsStringAsync());
        var on = await client.GetAsync($"{Proxied.Url}/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        Assert.Contains("\"openapi\"", await on.Content.ReadAsStringAsync());
    }

    private static async Task<string> CookieSignInAsync(RunningApp app)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(app.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login?useCookies=true")
        {
            Content = JsonContent.Create(new { email = AppFactory.AdminEmail, password = AppFactory.AdminPassword }),
        };
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("whatsapp.auth="));
    }
}
