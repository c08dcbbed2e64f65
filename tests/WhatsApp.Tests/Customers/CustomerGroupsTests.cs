using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Customers;

public class CustomerGroupsTests(SharedApp app) : IClassFixture<SharedApp>
{
    private static async Task<int> GroupAsync(HttpClient client, string name) =>
        (await (await client.PostAsJsonAsync("/api/groups", new { name })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();

    private static List<int> GroupIds(JsonElement detail) =>
        detail.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("id").GetInt32()).ToList();

    [Fact]
    public async Task The_detail_keeps_its_fields_and_adds_groups_by_name_and_the_unsubscribe_link()
    {
        using var admin = await app.AdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var zeta = await GroupAsync(admin, $"Zeta {tag}");
        var alpha = await GroupAsync(admin, $"alpha {tag}");

        var created = await (await admin.PostAsJsonAsync("/api/customers", new
        {
            name = "Ana Souza", phone = TestPhones.Next(), whatsAppOptIn = true, groupIds = new[] { zeta, alpha },
        })).ReadJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("customer").GetProperty("id").GetInt32();

        var detail = await (await admin.GetAsync($"/api/customers/{id}")).ReadJsonAsync();
        Assert.True(detail.GetProperty("customer").GetProperty("whatsAppOptIn").GetBoolean());
        Assert.Single(detail.GetProperty("consentHistory").EnumerateArray());
        Assert.False(string.IsNullOrEmpty(detail.GetProperty("consentWording").GetString()));
        Assert.Equal([alpha, zeta], GroupIds(detail));
        Assert.Equal($"alpha {tag}", detail.GetProperty("groups")[0].GetProperty("name").GetString());
        Assert.StartsWith("http://localhost/u/", detail.GetProperty("unsubscribeUrl").GetString());
    }

    [Fact]
    public async Task GroupIds_sets_membership_exactly_and_null_leaves_it_alone()
    {
        using var admin = await app.AdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var a = await GroupAsync(admin, $"A {tag}");
        var b = await GroupAsync(admin, $"B {tag}");
        var created = await (await admin.PostAsJsonAsync("/api/customers", new { name = "Bruno", phone = TestPhones.Next(), groupIds = new[] { a } }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("customer").GetProperty("id").GetInt32();
        Assert.Equal([a], GroupIds(created));

        var moved = await (await admin.PutAsJsonAsync($"/api/customers/{id}", new { groupIds = new[] { b } })).ReadJsonAsync();
        Assert.Equal([b], GroupIds(moved));

        var renamed = await (await admin.PutAsJsonAsync($"/api/customers/{id}", new { name = "Bruno Lima" })).ReadJsonAsync();
        Assert.Equal([b], GroupIds(renamed));

        var cleared = await (await admin.PutAsJsonAsync($"/api/customers/{id}", new { groupIds = Array.Empty<int>() })).ReadJsonAsync();
        Assert.Empty(GroupIds(cleared));
    }

    [Fact]
    public async Task Unknown_group_ids_are_400_naming_groupIds_and_change_nothing()
    {
        using var admin = await app.AdminAsync();
        var a = await GroupAsync(admin, $"Known {Guid.NewGuid():N}");
        var phone = TestPhones.Next();
        var messages = await (await admin.PostAsJsonAsync("/api/customers", new { name = "Carla", phone, groupIds = new[] { a, 424242 } }))
            .AssertFieldErrorAsync("groupIds");
        Assert.Contains("424242", messages[0]);
        var search = await (await admin.GetAsync($"/api/customers?q={Uri.EscapeDataString(phone)}")).ReadJsonAsync();
        Assert.Equal(0, search.GetProperty("total").GetInt32());

        var id = (await (await admin.PostAsJsonAsync("/api/customers", new { name = "Carla", phone, groupIds = new[] { a } })).ReadJsonAsync(HttpStatusCode.Created))
            .GetProperty("customer").GetProperty("id").GetInt32();
        await (await admin.PutAsJsonAsync($"/api/customers/{id}", new { name = "Renamed", groupIds = new[] { 424242 } })).AssertFieldErrorAsync("groupIds");
        var detail = await (await admin.GetAsync($"/api/customers/{id}")).ReadJsonAsync();
        Assert.Equal("Carla", detail.GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal([a], GroupIds(detail));
    }

    [Fact]
    public async Task Search_takes_percent_underscore_and_backslash_literally_on_every_store()
    {
        using var admin = await app.AdminAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        foreach (var name in new[] { $"{tag} 100% a_b c\\d", $"{tag} 100x aXb cd" })
            (await admin.PostAsJsonAsync("/api/customers", new { name, phone = TestPhones.Next() })).EnsureSuccessStatusCode();

        foreach (var q in new[] { $"{tag} 100%", $"{tag} 100% a_b", "a_b c\\d" })
        {
            var found = await (await admin.GetAsync($"/api/customers?q={Uri.EscapeDataString(q)}")).ReadJsonAsync();
            Assert.Equal(1, found.GetProperty("total").GetInt32());
        }
    }
}
