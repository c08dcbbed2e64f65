using System.Net;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Broadcasts;

public class BroadcastSkippedTests(BroadcastHarness h) : IClassFixture<BroadcastHarness>
{
    private static string Plan() => $"plan-{Guid.NewGuid():N}"[..20];

    private async Task<SkippedRecipientPage> SkippedAsync(int id, string query = "") =>
        await (await h.Admin.GetAsync($"/api/whatsapp/broadcasts/{id}/skipped{query}")).ReadAsAsync<SkippedRecipientPage>();

    [Fact]
    public async Task The_skipped_are_listed_with_their_reason_and_the_variables_left_empty()
    {
        var plan = Plan();
        var (_, notOptedIn, shared, duplicates, noEmail) = await h.SeedMixedAudienceAsync(plan);
        var created = await h.CreateAsync(new { all = true, filter = new { plan } }, BroadcastHarness.MixedVariables);
        await h.WaitForAsync(created.Id, BroadcastHarness.IsCompleted);

        var page = await SkippedAsync(created.Id);
        Assert.Null(page.NextCursor);
        Assert.Equal(4, page.Items.Count);
        Assert.Equal(notOptedIn.Select(c => c.Id).Order(), page.Items.Where(s => s.Reason == SkipReason.NotOptedIn).Select(s => s.CustomerId).Order());
        var duplicate = Assert.Single(page.Items, s => s.Reason == SkipReason.Duplicate);
        Assert.Contains(duplicate.CustomerId, duplicates.Select(c => c.Id));
        Assert.Equal(shared, duplicate.Phone);
        var missing = Assert.Single(page.Items, s => s.Reason == SkipReason.MissingValue);
        Assert.Equal((noEmail[0].Id, noEmail[0].Name, noEmail[0].Phone), (missing.CustomerId, missing.Name, missing.Phone));
        Assert.Equal(["2"], missing.Missing);

        var onlyNotOptedIn = await SkippedAsync(created.Id, "?reason=NotOptedIn");
        Assert.All(onlyNotOptedIn.Items, s => Assert.Equal(SkipReason.NotOptedIn, s.Reason));
        Assert.Equal(2, onlyNotOptedIn.Items.Count);
    }

    [Fact]
    public async Task The_skipped_come_a_page_at_a_time_by_cursor_each_once()
    {
        var plan = Plan();
        await h.SeedAsync(1, plan: plan);
        var notOptedIn = await h.SeedAsync(5, optedIn: false, plan: plan);
        var created = await h.CreateAsync(new { all = true, filter = new { plan } });
        await h.WaitForAsync(created.Id, BroadcastHarness.IsCompleted);

        var seen = new List<int>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await SkippedAsync(created.Id, $"?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(s => s.CustomerId));
            cursor = page.NextCursor;
            pages++;
        } while (cursor is not null);
        Assert.Equal(3, pages);
        Assert.Equal(notOptedIn.Select(c => c.Id).Order(), seen.Order());
    }

    [Fact]
    public async Task A_deleted_customer_leaves_the_list_and_bad_requests_are_named()
    {
        var plan = Plan();
        await h.SeedAsync(1, plan: plan);
        var notOptedIn = await h.SeedAsync(2, optedIn: false, plan: plan);
        var created = await h.CreateAsync(new { all = true, filter = new { plan } });
        await h.WaitForAsync(created.Id, BroadcastHarness.IsCompleted);

        (await h.Admin.DeleteAsync($"/api/customers/{notOptedIn[0].Id}")).EnsureSuccessStatusCode();
        var page = await SkippedAsync(created.Id);
        Assert.Equal([notOptedIn[1].Id], page.Items.Select(s => s.CustomerId));
        // The count by reason is history and stays.
        Assert.Equal(2, (await h.GetAsync(created.Id)).SkippedBreakdown.NotOptedIn);

        await (await h.Admin.GetAsync($"/api/whatsapp/broadcasts/{created.Id}/skipped?cursor=abc")).AssertFieldErrorAsync("cursor");
        await (await h.Admin.GetAsync($"/api/whatsapp/broadcasts/{created.Id}/skipped?limit=0")).AssertFieldErrorAsync("limit");
        Assert.Equal(HttpStatusCode.NotFound, (await h.Admin.GetAsync("/api/whatsapp/broadcasts/999999/skipped")).StatusCode);
    }
}
