using System.Net;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Auth;

public class JobsDashboardTests(SharedApp app) : IClassFixture<SharedApp>
{
    [Fact]
    public async Task The_hangfire_dashboard_is_for_admins_only()
    {
        using var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/hangfire")).StatusCode);
        using var staff = await app.StaffAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/hangfire")).StatusCode);
        using var admin = await app.AdminAsync();
        var page = await admin.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Hangfire", await page.Content.ReadAsStringAsync());
    }
}
