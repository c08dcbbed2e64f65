using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Groups;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Groups;

public class GroupsTests(SharedApp app) : IClassFixture<SharedApp>
{
    private const string Path = "/api/groups";

    private async Task<int> CustomerAsync(HttpClient client, bool optIn = false, string? name = null)
    {
        var created = await (await client.PostAsJsonAsync("/api/customers", new { name = name ?? "Member " + Guid.NewGuid().ToString("N")[..6], phone = TestPhones.Next(), whatsAppOptIn = optIn }))
            .ReadJsonAsync(HttpStatusCode.Created);
        return created.GetProperty("customer").GetProperty("id").GetInt32();
    }

    private static async Task<JsonElement> GroupAsync(HttpClient client, string? name = null, string? description = null) =>
        await (await client.PostAsJsonAsync(Path, new { name = name ?? "Group " + Guid.NewGuid().ToString("N")[..8], description }))
            .ReadJsonAsync(HttpStatusCode.Created);

    [Fact]
    public async Task A_group_is_created_read_renamed_and_listed_by_name()
    {
        using var admin = await app.AdminAsync();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var created = await GroupAsync(admin, $"  zz Downtown {suffix} ", "Customers in the city centre");
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal($"zz Downtown {suffix}", created.GetProperty("name").GetString());
        Assert.Equal(0, created.GetProperty("memberCount").GetInt32());

        var read = await (await admin.GetAsync($"{Path}/{id}")).ReadJsonAsync();
        Assert.Equal("Customers in the city centre", read.GetProperty("description").GetString());

        var renamed = await (await admin.PutAsJsonAsync($"{Path}/{id}", new { name = $"AA Downtown {suffix}" })).ReadJsonAsync();
        Assert.Equal($"AA Downtown {suffix}", renamed.GetProperty("name").GetString());
        Assert.Equal("Customers in the city centre", renamed.GetProperty("description").GetString());

        await GroupAsync(admin, $"ab Uptown {suffix}");
        var names = (await (await admin.GetAsync(Path)).ReadJsonAsync()).EnumerateArray().Select(g => g.GetProperty("name").GetString()).ToList();
        // Case does not decide the order: "ab" follows "AA".
        Assert.True(names.IndexOf($"AA Downtown {suffix}") < names.IndexOf($"ab Uptown {suffix}"), string.Join(", ", names));
    }

    [Fact]
    public async Task A_name_taken_in_any_case_is_409_naming_the_name()
    {
        using var admin = await app.AdminAsync();
        var name = "Fibre " + Guid.NewGuid().ToString("N")[..6];
        await GroupAsync(admin, name);
        var problem = await (await admin.PostAsJsonAsync(Path, new { name = name.ToUpperInvariant() })).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("name", problem.GetProperty("field").GetString());

        var other = (await GroupAsync(admin)).GetProperty("id").GetInt32();
        await (await admin.PutAsJsonAsync($"{Path}/{other}", new { name = " " + name.ToLowerInvariant() })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("x101")]
    public async Task A_missing_or_too_long_name_is_400_naming_the_name(string? name)
    {
        using var admin = await app.AdminAsync();
        if (name == "x101") name = new string('x', 101);
        await (await admin.PostAsJsonAsync(Path, new { name, description = "d" })).AssertFieldErrorAsync("name");
    }

    [Fact]
    public async Task Adding_members_is_idempotent_and_counts_members_and_opted_in_customers()
    {
        using var admin = await app.AdminAsync();
        var id = (await GroupAsync(admin)).GetProperty("id").GetInt32();
        var optedIn = await CustomerAsync(admin, optIn: true);
        var optedOut = await CustomerAsync(admin, optIn: false);

        var first = await (await admin.PostAsJsonAsync($"{Path}/{id}/members", new { customerIds = new[] { optedIn, optedOut, optedIn } })).ReadJsonAsync();
        Assert.Equal(2, first.GetProperty("added").GetInt32());
        Assert.Equal(2, first.GetProperty("memberCount").GetInt32());

        var again = await (await admin.PostAsJsonAsync($"{Path}/{id}/members", new { customerIds = new[] { optedOut } })).ReadJsonAsync();
        Assert.Equal(0, again.GetProperty("added").GetInt32());
        Assert.Equal(2, again.GetProperty("memberCount").GetInt32());

        var group = await (await admin.GetAsync($"{Path}/{id}")).ReadJsonAsync();
        Assert.Equal(2, group.GetProperty("memberCount").GetInt32());
        Assert.Equal(1, group.GetProperty("optedInCount").GetInt32());
        var listed = (await (await admin.GetAsync(Path)).ReadJsonAsync()).EnumerateArray().Single(g => g.GetProperty("id").GetInt32() == id);
        Assert.Equal(2, listed.GetProperty("memberCount").GetInt32());
        Assert.Equal(1, listed.GetProperty("optedInCount").GetInt32());
    }

    [Fact]
    public async Task Unknown_customer_ids_are_400_naming_them_and_nothing_is_added()
    {
        using var admin = await app.AdminAsync();
        var id = (await GroupAsync(admin)).GetProperty("id").GetInt32();
        var known = await CustomerAsync(admin);

        var messages = await (await admin.PostAsJsonAsync($"{Path}/{id}/members", new { customerIds = new[] { known, 987654, 987655 } }))
            .AssertFieldErrorAsync("customerIds");
        Assert.Contains("987654", messages[0]);
        Assert.Contains("987655", messages[0]);
        Assert.DoesNotMatch($@"\b{known}\b", messages[0]);

        var group = await (await admin.GetAsync($"{Path}/{id}")).ReadJsonAsync();
        Assert.Equal(0, group.GetProperty("memberCount").GetInt32());
    }

    [Fact]
    public async Task An_empty_or_oversized_id_list_is_400_naming_customerIds()
    {
        using var admin = await app.AdminAsync();
        var id = (await GroupAsync(admin)).GetProperty("id").GetInt32();
        await (await admin.PostAsJsonAsync($"{Path}/{id}/members", new { customerIds = Array.Empty<int>() })).AssertFieldErrorAsync("customerIds");
        await (await admin.PostAsJsonAsync($"{Path}/{id}/members", new { })).AssertFieldErrorAsync("customerIds");
        await (await admin.PostAsJsonAsync($"{Path}/{id}/members", new { customerIds = Enumerable.Range(1, 10_001) })).AssertFieldErrorAsync("customerIds");
        await (await admin.PostAsJsonAsync($"{Path}/{id}/members/remove", new { customerIds = Array.Empty<int>() })).AssertFieldErrorAsync("customerIds");
    }

    [Fact]
    public async Task Members_are_listed_searched_and_removed()
    {
        using var admin = await app.AdminAsync();
        var id = (await GroupAsync(admin)).GetProperty("id").GetInt32();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var ana = await CustomerAsync(admin, name: $"Ana {tag}");
        var bruno = await CustomerAsync(admin, name: $"Bruno {tag}");
        var outsider = await CustomerAsync(admin, name: $"Carla {tag}");
        (await admin.PostAsJsonAsync($"{Path}/{id}/members", new { customerIds = new[] { ana, bruno } })).EnsureSuccessStatusCode();

        var page = await (await admin.GetAsync($"{Path}/{id}/members?pageSize=1")).ReadJsonAsync();
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal(ana, page.GetProperty("items")[0].GetProperty("id").GetInt32());
        var search = await (await admin.GetAsync($"{Path}/{id}/members?q=bruno")).ReadJsonAsync();
        Assert.Equal([bruno], search.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()));

        var filtered = await (await admin.GetAsync($"/api/customers?groupId={id}&q={tag}")).ReadJsonAsync();
        Assert.Equal([ana, bruno], filtered.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()));
        Assert.DoesNotContain(outsider, filtered.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()));

        var removed = await (await admin.PostAsJsonAsync($"{Path}/{id}/members/remove", new { customerIds = new[] { ana, outsider } })).ReadJsonAsync();
        Assert.Equal(1, removed.GetProperty("removed").GetInt32());
        Assert.Equal(1, removed.GetProperty("memberCount").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Path}/999999/members")).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_group_removes_its_memberships_and_keeps_the_customers()
    {
        using var admin = await app.AdminAsync();
        var id = (await GroupAsync(admin)).GetProperty("id").GetInt32();
        var customer = await CustomerAsync(admin);
        (await admin.PostAsJsonAsync($"{Path}/{id}/members", new { customerIds = new[] { customer } })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Path}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Path}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"{Path}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/customers/{customer}")).StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Set<GroupMember>().CountAsync(m => m.GroupId == id)));
    }

    [Fact]
    public async Task Staff_manage_groups_and_anonymous_gets_401()
    {
        using var staff = await app.StaffAsync();
        var id = (await GroupAsync(staff)).GetProperty("id").GetInt32();
        var customer = await CustomerAsync(staff);
        (await staff.PostAsJsonAsync($"{Path}/{id}/members", new { customerIds = new[] { customer } })).EnsureSuccessStatusCode();

        using var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync(Path, new { name = "Nope" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"{Path}/{id}/members", new { customerIds = new[] { customer } })).StatusCode);
    }
}
