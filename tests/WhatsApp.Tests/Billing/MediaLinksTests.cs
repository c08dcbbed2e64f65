using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WhatsApp.Api.Features.Billing;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Media;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Billing;

/// <summary>The app on a clock the tests move, with media links that last one hour.</summary>
public sealed class MediaClockApp() : AppFactory(settings: new Dictionary<string, string?> { ["Media:LinkLifetime"] = "01:00:00" })
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>Signed public links (<c>/media/{token}</c>) to what a provider must fetch: no sign-in, nothing guessable, expiring.</summary>
public class MediaLinksTests(MediaClockApp app) : IClassFixture<MediaClockApp>
{
    private async Task<(BillDto Bill, MediaLink Link)> BillLinkAsync()
    {
        using var staff = await app.StaffAsync();
        var customer = await (await staff.PostAsJsonAsync("/api/customers", new { name = "Ana Souza", phone = TestPhones.Next() }))
            .ReadAsAsync<CustomerDetailDto>(HttpStatusCode.Created);
        var bill = await (await staff.PostAsJsonAsync("/api/bills", new { customerId = customer.Customer.Id, amount = 20m, currency = "USD", dueDate = "2026-12-10" }))
            .ReadAsAsync<BillDto>(HttpStatusCode.Created);
        return (bill, app.Services.GetRequiredService<MediaLinks>().Create(BillPdfMedia.For(bill.Id)));
    }

    private static string PathOf(string url) => new Uri(url).PathAndQuery;

    [Fact]
    public async Task A_bills_link_serves_its_pdf_to_anyone_holding_it_with_its_type_name_and_a_private_cache_policy()
    {
        var (bill, link) = await BillLinkAsync();
        Assert.StartsWith("http://localhost/media/", link.Url);
        Assert.Equal(app.Clock.GetUtcNow().AddHours(1), link.ExpiresAt);

        var response = await app.Anonymous().GetAsync(PathOf(link.Url));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"bill-{bill.Number}.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Contains("private", response.Headers.CacheControl?.ToString());
        Assert.Equal("%PDF"u8.ToArray(), (await response.Content.ReadAsByteArrayAsync())[..4]);

        var head = await app.Anonymous().SendAsync(new HttpRequestMessage(HttpMethod.Head, PathOf(link.Url)));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("application/pdf", head.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_tampered_made_up_or_expired_link_is_a_bare_not_found()
    {
        var (_, link) = await BillLinkAsync();
        var path = PathOf(link.Url);
        var client = app.Anonymous();
        // A character in the middle: the last one of base64url may carry unused bits, so changing it can leave the same bytes.
        var middle = path.Length - 20;
        var tampered = path[..middle] + (path[middle] == 'A' ? 'B' : 'A') + path[(middle + 1)..];

        foreach (var bad in new[] { tampered, path[..^10], "/media/" + new string('A', 120), "/media/1", "/media/" + new string('x', 5000) })
        {
            var response = await client.GetAsync(bad);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{bad} (link {path}) answered {response.StatusCode}");
            Assert.DoesNotContain("expired", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        // Even when the SPA is built (its fallback would answer any other path with its page).
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/media/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path + "/x")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task A_link_to_a_bill_that_was_deleted_with_its_customer_is_not_found()
    {
        var (bill, link) = await BillLinkAsync();
        using var admin = await app.AdminAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/customers/{bill.CustomerId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync(PathOf(link.Url))).StatusCode);
    }
}
