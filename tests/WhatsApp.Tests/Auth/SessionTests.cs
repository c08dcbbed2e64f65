using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Auth;

/// <summary>Credentials count only while their server-side session is open and their user unchanged.</summary>
public class SessionTests(SharedApp app) : IClassFixture<SharedApp>
{
    private const string Password = "Session-Password-1!";

    [Fact]
    public async Task A_deleted_users_bearer_token_is_refused_on_data_routes_at_once()
    {
        var (id, email) = await CreateUserAsync("Staff");
        using var staff = await app.SignedInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/customers")).StatusCode);

        using var admin = await app.AdminAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/users/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await staff.GetAsync("/api/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await staff.GetAsync("/api/whatsapp/templates")).StatusCode);
    }

    [Fact]
    public async Task A_demoted_admin_is_refused_admin_routes_and_signs_in_again_as_staff()
    {
        var (id, email) = await CreateUserAsync("Admin");
        using var demoted = await app.SignedInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, (await demoted.GetAsync("/api/users")).StatusCode);

        using var admin = await app.AdminAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/users/{id}/role", new ChangeRoleRequest("Staff"))).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await demoted.GetAsync("/api/users")).StatusCode);
        using var again = await app.SignedInAsync(email, Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync("/api/users")).StatusCode);
        var me = await (await again.GetAsync("/api/auth/me")).Content.ReadFromJsonAsync<CurrentUser>();
        Assert.Equal(["Staff"], me!.Roles);
    }

    [Fact]
    public async Task The_last_admin_cannot_be_demoted_and_an_unknown_role_names_the_field()
    {
        using var admin = await app.AdminAsync();
        var me = await (await admin.GetAsync("/api/auth/me")).Content.ReadFromJsonAsync<CurrentUser>();
        await (await admin.PutAsJsonAsync($"/api/users/{me!.Id}/role", new ChangeRoleRequest("Staff"))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PutAsJsonAsync($"/api/users/{me.Id}/role", new ChangeRoleRequest("Owner"))).AssertFieldErrorAsync("role");
    }

    [Fact]
    public async Task A_bearer_token_replayed_after_sign_out_is_refused()
    {
        var (_, email) = await CreateUserAsync("Staff");
        using var staff = await app.SignedInAsync(email, Password);
        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await staff.GetAsync("/api/customers")).StatusCode);
    }

    [Fact]
    public async Task A_cookie_replayed_after_sign_out_is_refused()
    {
        var (_, email) = await CreateUserAsync("Staff");
        using var browser = app.Anonymous();
        var login = await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = Password });
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("whatsapp.auth=")).Split(';')[0];

        Assert.Equal(HttpStatusCode.OK, (await SendWithCookieAsync(HttpMethod.Get, "/api/customers", cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SendWithCookieAsync(HttpMethod.Post, "/api/auth/logout", cookie)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendWithCookieAsync(HttpMethod.Get, "/api/customers", cookie)).StatusCode);
    }

    [Fact]
    public async Task A_refresh_token_works_while_the_session_is_open_and_not_after_sign_out()
    {
        var (_, email) = await CreateUserAsync("Staff");
        using var client = app.Anonymous();
        var tokens = await (await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password })).Content.ReadFromJsonAsync<Tokens>();

        var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens!.RefreshToken });
        var fresh = await refreshed.Content.ReadFromJsonAsync<Tokens>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fresh!.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/customers")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/logout", null)).StatusCode);
        client.DefaultRequestHeaders.Authorization = null;
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.RefreshToken })).StatusCode);
    }

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_and_keeps_the_cookie_session()
    {
        var (_, email) = await CreateUserAsync("Staff");
        using var other = await app.SignedInAsync(email, Password);
        using var browser = app.CreateClient();
        (await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = Password })).EnsureSuccessStatusCode();

        var changed = await browser.PostAsJsonAsync("/api/auth/password", new ChangePasswordRequest(Password, "Brand-New-Password-2!"));
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/api/customers")).StatusCode);
        using var withNew = await app.SignedInAsync(email, "Brand-New-Password-2!");
        Assert.Equal(HttpStatusCode.OK, (await withNew.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_current_password_names_the_field_and_changes_nothing()
    {
        var (_, email) = await CreateUserAsync("Staff");
        using var staff = await app.SignedInAsync(email, Password);
        await (await staff.PostAsJsonAsync("/api/auth/password", new ChangePasswordRequest("not-it", "Brand-New-Password-2!"))).AssertFieldErrorAsync("currentPassword");
        await (await staff.PostAsJsonAsync("/api/auth/password", new ChangePasswordRequest(Password, "short"))).AssertFieldErrorAsync("newPassword");
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/customers")).StatusCode);
    }

    [Fact]
    public async Task Admins_see_a_users_open_sessions_and_end_one()
    {
        var (id, email) = await CreateUserAsync("Staff");
        using var first = await app.SignedInAsync(email, Password);
        using var second = await app.SignedInAsync(email, Password);
        using var admin = await app.AdminAsync();

        var sessions = await (await admin.GetAsync($"/api/users/{id}/sessions")).Content.ReadFromJsonAsync<List<SessionDto>>();
        Assert.Equal(2, sessions!.Count);
        Assert.All(sessions, s => Assert.Equal("bearer", s.Kind));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/users/{id}/sessions/{sessions[0].Id}")).StatusCode);
        var statuses = new[] { (await first.GetAsync("/api/customers")).StatusCode, (await second.GetAsync("/api/customers")).StatusCode };
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized], statuses.Order());
        Assert.Single((await (await admin.GetAsync($"/api/users/{id}/sessions")).Content.ReadFromJsonAsync<List<SessionDto>>())!);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/users/{id}/sessions/{sessions[0].Id}")).StatusCode);
    }

    [Theory]
    [InlineData("/api/auth/register")]
    [InlineData("/api/auth/forgotPassword")]
    [InlineData("/api/auth/resetPassword")]
    [InlineData("/api/auth/resendConfirmationEmail")]
    [InlineData("/api/auth/manage/info")]
    public async Task Identity_endpoints_the_app_does_not_use_are_not_found(string path)
    {
        using var admin = await app.AdminAsync();
        var response = await admin.PostAsJsonAsync(path, new { email = AppFactory.AdminEmail, password = "Intruder-Password-1!", resetCode = "x", newPassword = "Intruder-Password-1!" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendWithCookieAsync(HttpMethod method, string path, string cookie)
    {
        using var client = app.Anonymous();
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private async Task<(string Id, string Email)> CreateUserAsync(string role)
    {
        using var admin = await app.AdminAsync();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        var created = await admin.PostAsJsonAsync("/api/users", new CreateUserRequest(email, Password, role));
        var user = await created.Content.ReadFromJsonAsync<UserDto>();
        return (user!.Id, email);
    }

    private sealed record Tokens(string AccessToken, string RefreshToken);
}

/// <summary>Another instance on the same database learns of an ended session within its check interval.</summary>
public sealed class SessionAcrossInstancesTests : IDisposable
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), "whatsapp-tests", $"{Guid.NewGuid():N}.db");
    private readonly AppFactory _a;
    private readonly AppFactory _b;

    public SessionAcrossInstancesTests()
    {
        _a = new AppFactory(_database);
        _b = new AppFactory(_database, new Dictionary<string, string?> { ["Auth:SessionCheckSeconds"] = "1" });
    }

    [Fact]
    public async Task A_user_deleted_on_one_instance_is_refused_by_the_other_within_seconds()
    {
        using var admin = await _a.AdminAsync();
        var email = $"staff-{Guid.NewGuid():N}@test.local";
        var user = await (await admin.PostAsJsonAsync("/api/users", new CreateUserRequest(email, "Staff-Password-1!", "Staff"))).Content.ReadFromJsonAsync<UserDto>();
        using var onB = await _b.SignedInAsync(email, "Staff-Password-1!");
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/customers")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/users/{user!.Id}")).StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode status;
        do
        {
            status = (await onB.GetAsync("/api/customers")).StatusCode;
            if (status == HttpStatusCode.Unauthorized) break;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        AppFactory.DeleteDatabaseFiles(_database);
    }
}
