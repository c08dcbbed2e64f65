using System.Net;
using System.Net.Http.Json;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Auth;

public class UsersTests(SharedApp app) : IClassFixture<SharedApp>
{
    [Fact]
    public async Task Admin_creates_a_staff_user_who_can_sign_in_and_appears_in_the_list()
    {
        using var admin = await app.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/users", new { email = "ana@test.local", password = "Ana-Password-1!", role = "Staff" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Staff", created.GetProperty("role").GetString());

        var list = await (await admin.GetAsync("/api/users")).ReadJsonAsync();
        Assert.Contains(list.EnumerateArray(), u => u.GetProperty("email").GetString() == "ana@test.local" && u.GetProperty("role").GetString() == "Staff");
        using var ana = await app.SignedInAsync("ana@test.local", "Ana-Password-1!");
        Assert.Equal(HttpStatusCode.OK, (await ana.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Creating_a_user_names_each_invalid_field()
    {
        using var admin = await app.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/users", new { email = "not-an-email", password = "", role = "Owner" });
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("password", out _));
        Assert.True(errors.TryGetProperty("role", out _));
    }

    [Fact]
    public async Task A_weak_password_is_refused_on_the_password_field()
    {
        using var admin = await app.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/users", new { email = "weak@test.local", password = "short", role = "Staff" });
        await response.AssertFieldErrorAsync("password");
    }

    [Fact]
    public async Task A_duplicate_email_is_409()
    {
        using var admin = await app.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/users", new { email = AppFactory.AdminEmail, password = "Other-Password-1!", role = "Staff" });
        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Admins_cannot_delete_themselves_but_can_delete_staff()
    {
        using var admin = await app.AdminAsync();
        var me = await (await admin.GetAsync("/api/auth/me")).ReadJsonAsync();
        await (await admin.DeleteAsync($"/api/users/{me.GetProperty("id").GetString()}")).AssertProblemAsync(HttpStatusCode.Conflict);

        var staff = await (await admin.PostAsJsonAsync("/api/users", new { email = "gone@test.local", password = "Gone-Password-1!", role = "Staff" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/users/{staff.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/users/{staff.GetProperty("id").GetString()}")).StatusCode);
    }
}
