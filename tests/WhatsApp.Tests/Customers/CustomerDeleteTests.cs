using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Groups;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Customers;

public class CustomerDeleteTests(SharedApp app) : IClassFixture<SharedApp>
{
    [Fact]
    public async Task Deleting_a_customer_removes_their_consent_and_memberships_and_unlinks_their_messages()
    {
        using var admin = await app.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/customers", new { name = "Gone Soon", phone = "+12125550777", whatsAppOptIn = true })).ReadJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("customer").GetProperty("id").GetInt32();
        var group = await (await admin.PostAsJsonAsync("/api/groups", new { name = $"G {Guid.NewGuid():N}" })).ReadJsonAsync(HttpStatusCode.Created);
        (await admin.PostAsJsonAsync($"/api/groups/{group.GetProperty("id").GetInt32()}/members", new { customerIds = new[] { id } })).EnsureSuccessStatusCode();
        var messageId = await app.WithDbAsync(async db =>
        {
            var m = new WhatsAppMessage { ToPhone = "+12125550777", CustomerId = id, TemplateName = "t", TemplateLanguage = "en", ParametersJson = "{}", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.Add(m);
            await db.SaveChangesAsync();
            return m.Id;
        });

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/customers/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/customers/{id}")).StatusCode);
        await app.WithDbAsync(async db =>
        {
            Assert.False(await db.Set<ConsentRecord>().AnyAsync(r => r.CustomerId == id));
            Assert.False(await db.Set<GroupMember>().AnyAsync(m => m.CustomerId == id));
            var message = await db.Set<WhatsAppMessage>().SingleAsync(m => m.Id == messageId);
            Assert.Null(message.CustomerId);
            Assert.Equal("+12125550777", message.ToPhone);
        });
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/customers/{id}")).StatusCode);
    }

    [Fact]
    public async Task Staff_cannot_delete_customers()
    {
        using var admin = await app.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/customers", new { name = "Kept", phone = "+12125550778" })).ReadJsonAsync(HttpStatusCode.Created);
        using var staff = await app.StaffAsync();
        var response = await staff.DeleteAsync($"/api/customers/{created.GetProperty("customer").GetProperty("id").GetInt32()}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
