using System.Net;
using System.Net.Http.Json;
using OtpNet;
using WhatsApp.Api.Features.Audit;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Auth;

/// <summary>Two-factor sign-in with an authenticator app: set up, sign in with a code or a recovery code, turn off.</summary>
public class TwoFactorTests(SharedApp app) : IClassFixture<SharedApp>
{
    private const string Password = "TwoFactor-Password-1!";

    [Fact]
    public async Task With_two_factor_on_a_password_alone_is_refused_and_the_apps_code_signs_in()
    {
        var email = await CreateUserAsync("Staff");
        using var browser = await SignInWithCookieAsync(email);
        var (key, _) = await EnableAsync(browser);

        var withoutCode = await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Contains("RequiresTwoFactor", await withoutCode.Content.ReadAsStringAsync());

        var wrongCode = await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { email, password = Password, twoFactorCode = "000000" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCode.StatusCode);

        using var withCode = await SignInAsync(email, new { twoFactorCode = Code(key) });
        Assert.Equal(HttpStatusCode.OK, (await withCode.GetAsync("/api/customers")).StatusCode);
        // The browser that turned it on stays signed in.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/customers")).StatusCode);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        var email = await CreateUserAsync("Staff");
        using var browser = await SignInWithCookieAsync(email);
        var (_, codes) = await EnableAsync(browser);
        Assert.Equal(TwoFactor.RecoveryCodeCount, codes.Count);

        using var first = await SignInAsync(email, new { twoFactorRecoveryCode = codes[0] });
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/customers")).StatusCode);
        var again = await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { email, password = Password, twoFactorRecoveryCode = codes[0] });
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);

        var status = await (await browser.GetAsync("/api/auth/two-factor")).ReadAsAsync<TwoFactorStatus>();
        Assert.Equal(TwoFactor.RecoveryCodeCount - 1, status.RecoveryCodesLeft);
    }

    [Fact]
    public async Task New_recovery_codes_replace_the_old_ones()
    {
        var email = await CreateUserAsync("Staff");
        using var browser = await SignInWithCookieAsync(email);
        var (_, old) = await EnableAsync(browser);

        var fresh = await (await browser.PostAsync("/api/auth/two-factor/recovery-codes", null)).ReadAsAsync<RecoveryCodes>();
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { email, password = Password, twoFactorRecoveryCode = old[0] })).StatusCode);
        using var withNew = await SignInAsync(email, new { twoFactorRecoveryCode = fresh.Codes[0] });
        Assert.Equal(HttpStatusCode.OK, (await withNew.GetAsync("/api/customers")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_confirmation_code_names_the_field_and_leaves_two_factor_off()
    {
        var email = await CreateUserAsync("Staff");
        using var browser = await SignInWithCookieAsync(email);
        (await browser.PostAsync("/api/auth/two-factor/setup", null)).EnsureSuccessStatusCode();

        await (await browser.PostAsJsonAsync("/api/auth/two-factor/enable", new EnableTwoFactorRequest("123"))).AssertFieldErrorAsync("code");
        await (await browser.PostAsJsonAsync("/api/auth/two-factor/enable", new EnableTwoFactorRequest(""))).AssertFieldErrorAsync("code");
        Assert.False((await (await browser.GetAsync("/api/auth/two-factor")).ReadAsAsync<TwoFactorStatus>()).Enabled);
        using var passwordOnly = await app.SignedInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, (await passwordOnly.GetAsync("/api/customers")).StatusCode);
    }

    [Fact]
    public async Task Turning_two_factor_off_lets_the_password_alone_sign_in_and_both_changes_are_audited()
    {
        var email = await CreateUserAsync("Staff");
        using var browser = await SignInWithCookieAsync(email);
        await EnableAsync(browser);

        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/api/auth/two-factor/disable", null)).StatusCode);
        using var passwordOnly = await app.SignedInAsync(email, Password);
        Assert.False((await (await browser.GetAsync("/api/auth/two-factor")).ReadAsAsync<TwoFactorStatus>()).Enabled);

        using var admin = await app.AdminAsync();
        var page = await (await admin.GetAsync("/api/settings/audit-log?kind=user")).ReadAsAsync<AuditPage>();
        var mine = page.Items.Where(e => e.Actor == email).Select(e => e.Action).ToList();
        Assert.Contains("EnableTwoFactor", mine);
        Assert.Contains("DisableTwoFactor", mine);
    }

    [Fact]
    public async Task Identitys_own_two_factor_endpoint_is_not_reachable()
    {
        using var admin = await app.AdminAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/auth/manage/2fa", new { enable = false })).StatusCode);
    }

    private async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnableAsync(HttpClient browser) =>
        await TwoFactorSteps.EnableAsync(browser);

    private async Task<HttpClient> SignInAsync(string email, object secondFactor) => await TwoFactorSteps.SignInAsync(app, email, Password, secondFactor);

    private async Task<HttpClient> SignInWithCookieAsync(string email) => await TwoFactorSteps.SignInWithCookieAsync(app, email, Password);

    private async Task<string> CreateUserAsync(string role)
    {
        using var admin = await app.AdminAsync();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        (await admin.PostAsJsonAsync("/api/users", new CreateUserRequest(email, Password, role))).EnsureSuccessStatusCode();
        return email;
    }

    private static string Code(string key) => TwoFactorSteps.Code(key);
}

/// <summary>While Admins must have two-factor, an Admin without it can do nothing but set it up.</summary>
public sealed class TwoFactorForAdminsTests : IDisposable
{
    // An app of its own: the requirement applies to every Admin of the database.
    private readonly AppFactory _app = new();

    [Fact]
    public async Task An_admin_without_two_factor_is_refused_everything_but_setting_it_up()
    {
        using var staff = await _app.StaffAsync();
        using var admin = await TwoFactorSteps.SignInWithCookieAsync(_app, AppFactory.AdminEmail, AppFactory.AdminPassword);
        Assert.False((await (await admin.GetAsync("/api/auth/me")).ReadAsAsync<CurrentUser>()).MustSetUpTwoFactor);
        var set = await admin.PutAsJsonAsync("/api/auth/security-settings", new SecuritySettings(true));
        Assert.True((await set.ReadAsAsync<SecuritySettings>()).RequireTwoFactorForAdmins);

        var refused = await (await admin.GetAsync("/api/users")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("two-factor", refused.GetProperty("detail").GetString());
        Assert.True((await (await admin.GetAsync("/api/auth/me")).ReadAsAsync<CurrentUser>()).MustSetUpTwoFactor);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/customers")).StatusCode);

        await TwoFactorSteps.EnableAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/users")).StatusCode);
        Assert.False((await (await admin.GetAsync("/api/auth/me")).ReadAsAsync<CurrentUser>()).MustSetUpTwoFactor);
        await (await admin.PostAsync("/api/auth/two-factor/disable", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        var page = await (await admin.GetAsync("/api/settings/audit-log?kind=security-setting")).ReadAsAsync<AuditPage>();
        Assert.Equal("UpdateSecuritySettings", Assert.Single(page.Items).Action);
    }

    [Fact]
    public async Task Only_admins_change_the_security_settings()
    {
        using var staff = await _app.StaffAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PutAsJsonAsync("/api/auth/security-settings", new SecuritySettings(true))).StatusCode);
        using var admin = await _app.AdminAsync();
        Assert.False((await (await admin.GetAsync("/api/auth/security-settings")).ReadAsAsync<SecuritySettings>()).RequireTwoFactorForAdmins);
    }

    public void Dispose() => _app.Dispose();
}

/// <summary>The steps a person takes with an authenticator app, as HTTP calls.</summary>
internal static class TwoFactorSteps
{
    /// <summary>The code an authenticator app shows now for the key as the setup answered it.</summary>
    public static string Code(string key) => new Totp(Base32Encoding.ToBytes(key.Replace(" ", "").ToUpperInvariant())).ComputeTotp();

    public static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnableAsync(HttpClient browser)
    {
        var setup = await (await browser.PostAsync("/api/auth/two-factor/setup", null)).ReadAsAsync<TwoFactorSetup>();
        Assert.StartsWith("otpauth://totp/", setup.AuthenticatorUri);
        var codes = await (await browser.PostAsJsonAsync("/api/auth/two-factor/enable", new EnableTwoFactorRequest(Code(setup.SharedKey)))).ReadAsAsync<RecoveryCodes>();
        return (setup.SharedKey, codes.Codes);
    }

    /// <summary>Signs in with a bearer token, with the second factor's fields merged into the body.</summary>
    public static async Task<HttpClient> SignInAsync(AppFactory app, string email, string password, object secondFactor)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(new { email, password })!.AsObject();
        foreach (var (k, v) in System.Text.Json.JsonSerializer.SerializeToNode(secondFactor)!.AsObject()) body[k] = v?.DeepClone();
        var client = app.Anonymous();
        var tokens = await (await client.PostAsJsonAsync("/api/auth/login", body)).ReadAsAsync<Microsoft.AspNetCore.Authentication.BearerToken.AccessTokenResponse>();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        return client;
    }

    /// <summary>A browser: signed in with the cookie, as the SPA is.</summary>
    public static async Task<HttpClient> SignInWithCookieAsync(AppFactory app, string email, string password)
    {
        var browser = app.CreateClient();
        (await browser.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password })).EnsureSuccessStatusCode();
        return browser;
    }
}
