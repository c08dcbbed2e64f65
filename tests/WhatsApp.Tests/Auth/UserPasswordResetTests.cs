using System.Net;
using System.Net.Http.Json;
using WhatsApp.Api.Features.Auth;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Auth;

public class UserPasswordResetTests(SharedApp app) : IClassFixture<SharedApp>
{
    private async Task<UserDto> CreateStaffAsync(HttpClient admin, string password)
    {
        var email = $"forgetful-{Guid.NewGuid():N}@test.local";
        return await (await admin.PostAsJsonAsync("/api/users", new { email, password, role = "Staff" })).ReadAsAsync<UserDto>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_admin_resets_a_users_password_their_sessions_end_and_only_the_new_one_signs_in()
    {
        using var admin = await app.AdminAsync();
        var user = await CreateStaffAsync(admin, "Old-Password-1!");
        using var before = await app.SignedInAsync(user.Email, "Old-Password-1!");

        Assert.Equal(HttpStatusCode.NoContent,
            (await admin.PutAsJsonAsync($"/api/users/{user.Id}/password", new { newPassword = "New-Password-2!" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await before.GetAsync("/api/auth/me")).StatusCode);
        var old = await app.Anonymous().PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "Old-Password-1!" });
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        using var after = await app.SignedInAsync(user.Email, "New-Password-2!");
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task A_weak_or_missing_password_is_named_and_changes_nothing()
    {
        using var admin = await app.AdminAsync();
        var user = await CreateStaffAsync(admin, "Kept-Password-1!");
        await (await admin.PutAsJsonAsync($"/api/users/{user.Id}/password", new { newPassword = "short" })).AssertFieldErrorAsync("newPassword");
        await (await admin.PutAsJsonAsync($"/api/users/{user.Id}/password", new { newPassword = "" })).AssertFieldErrorAsync("newPassword");
        using var still = await app.SignedInAsync(user.Email, "Kept-Password-1!");
    }

    [Fact]
    public async Task Ones_own_password_is_not_reset_here_and_an_unknown_user_is_404()
    {
        using var admin = await app.AdminAsync();
        var me = await (await admin.GetAsync("/api/auth/me")).ReadJsonAsync();
        await (await admin.PutAsJsonAsync($"/api/users/{me.GetProperty("id").GetString()}/password", new { newPassword = "Whatever-Password-3!" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NotFound,
            (await admin.PutAsJsonAsync("/api/users/no-such-user/password", new { newPassword = "Whatever-Password-3!" })).StatusCode);
    }

    [Fact]
    public async Task Staff_cannot_reset_anyones_password()
    {
        using var admin = await app.AdminAsync();
        var user = await CreateStaffAsync(admin, "Other-Password-1!");
        using var staff = await app.StaffAsync();
        Assert.Equal(HttpStatusCode.Forbidden,
            (await staff.PutAsJsonAsync($"/api/users/{user.Id}/password", new { newPassword = "Taken-Password-1!" })).StatusCode);
    }
}
