using System.Net;
using System.Net.Http.Json;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Auth;

public class AuthTests(SharedApp app) : IClassFixture<SharedApp>
{
    [Theory]
    [InlineData("GET", "/api/auth/me")]
    [InlineData("GET", "/api/users")]
    [InlineData("GET", "/api/settings/whatsapp-providers")]
    [InlineData("GET", "/api/settings/whatsapp-providers/types")]
    [InlineData("POST", "/api/settings/whatsapp-providers/1/set-active")]
    [InlineData("DELETE", "/api/settings/whatsapp-providers/1")]
    public async Task Anonymous_requests_to_private_routes_get_401(string method, string path)
    {
        using var client = app.Anonymous();
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/users")]
    [InlineData("GET", "/api/settings/whatsapp-providers")]
    [InlineData("GET", "/api/settings/whatsapp-providers/types")]
    [InlineData("POST", "/api/settings/whatsapp-providers/1/set-active")]
    public async Task Staff_is_refused_settings_and_users_with_403(string method, string path)
    {
        using var staff = await app.StaffAsync();
        var response = await staff.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Health_is_public()
    {
        using var client = app.Anonymous();
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Me_returns_the_signed_in_users_email_and_roles()
    {
        using var staff = await app.StaffAsync();
        var me = await (await staff.GetAsync("/api/auth/me")).ReadJsonAsync();
        Assert.StartsWith("staff-", me.GetProperty("email").GetString());
        Assert.Equal(["Staff"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        using var admin = await app.AdminAsync();
        me = await (await admin.GetAsync("/api/auth/me")).ReadJsonAsync();
        Assert.Equal(AppFactory.AdminEmail, me.GetProperty("email").GetString());
        Assert.Equal(["Admin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Cookie_login_sets_an_httponly_samesite_strict_cookie_that_signs_in_and_logout_ends_it()
    {
        using var client = app.CreateClient(); // handles cookies
        var login = await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = AppFactory.AdminEmail, password = AppFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("whatsapp.auth="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Wrong_password_is_401()
    {
        using var client = app.Anonymous();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = AppFactory.AdminEmail, password = "not-the-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Self_registration_is_not_available()
    {
        using var client = app.Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/register", new { email = "intruder@test.local", password = "Intruder-Password-1!" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "intruder@test.local", password = "Intruder-Password-1!" });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }
}

public class LoginRateLimitTests
{
    [Fact]
    public async Task Login_attempts_beyond_the_limit_get_429_problem_not_503()
    {
        using var app = new AppFactory(null, new Dictionary<string, string?> { ["Auth:LoginAttemptsPerMinute"] = "3" });
        using var client = app.Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await client.PostAsJsonAsync("/api/auth/login", new { email = AppFactory.AdminEmail, password = "wrong" })).StatusCode);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses.Take(3));
        var limited = await client.PostAsJsonAsync("/api/auth/login", new { email = AppFactory.AdminEmail, password = AppFactory.AdminPassword });
        var problem = await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("Too many", problem.GetProperty("title").GetString());
    }
}
