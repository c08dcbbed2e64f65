using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Customers;

public class UnsubscribeTests(SharedApp app) : IClassFixture<SharedApp>
{
    private const string Browser = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36";

    /// <summary>A customer opted in to service messages and offers, and the path of their unsubscribe link, as the customer detail gives it.</summary>
    private async Task<(int Id, string Path)> OptedInCustomerAsync()
    {
        using var admin = await app.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/customers",
                new { name = "Ana <b>Souza</b>", phone = TestPhones.Next(), whatsAppOptIn = true, marketingOptIn = true }))
            .ReadAsAsync<CustomerDetailDto>(HttpStatusCode.Created);
        return (created.Customer.Id, new Uri(created.UnsubscribeUrl).AbsolutePath);
    }

    private HttpClient Visitor(string userAgent = Browser)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return client;
    }

    private static FormUrlEncodedContent Choose(string scope) => new([new("scope", scope)]);

    private Task<List<ConsentRecord>> ConsentAsync(int customerId) =>
        app.WithDbAsync(db => db.Set<ConsentRecord>().AsNoTracking().Where(r => r.CustomerId == customerId).OrderBy(r => r.Id).ToListAsync());

    private Task<(bool Service, bool Marketing)> ConsentsAsync(int customerId) =>
        app.WithDbAsync(db => db.Set<Customer>().Where(c => c.Id == customerId).Select(c => new ValueTuple<bool, bool>(c.WhatsAppOptIn, c.MarketingOptIn)).SingleAsync());

    private static async Task<string> AssertPageAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("noindex", Assert.Single(response.Headers.GetValues("X-Robots-Tag")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        return html;
    }

    [Fact]
    public async Task Opening_a_valid_link_asks_whether_to_stop_offers_only_or_everything_and_changes_nothing()
    {
        var (id, path) = await OptedInCustomerAsync();
        Assert.StartsWith("/u/", path);
        using var visitor = Visitor();

        var html = await AssertPageAsync(await visitor.GetAsync(path), HttpStatusCode.OK);

        Assert.Contains("<title>", html);
        Assert.Contains("Stop offers only", html);
        Assert.Contains("Stop everything", html);
        Assert.Contains("name=\"scope\" value=\"offers\"", html);
        Assert.Contains("name=\"scope\" value=\"all\"", html);
        Assert.Equal((true, true), await ConsentsAsync(id));
        Assert.Equal(2, (await ConsentAsync(id)).Count);
    }

    [Fact]
    public async Task Stop_everything_ends_both_consents_and_confirms_it()
    {
        var (id, path) = await OptedInCustomerAsync();
        using var visitor = Visitor();

        var html = await AssertPageAsync(await visitor.PostAsync(path, Choose("all")), HttpStatusCode.OK);

        Assert.Contains("You will no longer receive WhatsApp messages from us", html);
        Assert.Contains("START", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Equal((false, false), await ConsentsAsync(id));
        var records = (await ConsentAsync(id)).Where(r => !r.OptedIn).ToList();
        Assert.Equal([ConsentPurpose.Service, ConsentPurpose.Marketing], records.Select(r => r.Purpose).Order());
        Assert.All(records, r => Assert.Equal((ConsentSource.UnsubscribeLink, "customer", "Clicked the unsubscribe link"), (r.Source, r.Actor, r.Text)));
    }

    [Fact]
    public async Task Stop_offers_only_ends_the_marketing_consent_and_keeps_the_bills()
    {
        var (id, path) = await OptedInCustomerAsync();
        using var visitor = Visitor();

        var html = await AssertPageAsync(await visitor.PostAsync(path, Choose("offers")), HttpStatusCode.OK);

        Assert.Contains("You will get no more offers", html);
        Assert.Contains("bills", html);
        Assert.Equal((true, false), await ConsentsAsync(id));
        var record = (await ConsentAsync(id)).Last();
        Assert.Equal((false, ConsentPurpose.Marketing, ConsentSource.UnsubscribeLink), (record.OptedIn, record.Purpose, record.Source));
    }

    [Fact]
    public async Task A_second_click_confirms_again_without_another_record()
    {
        var (id, path) = await OptedInCustomerAsync();
        using var visitor = Visitor();
        await AssertPageAsync(await visitor.PostAsync(path, Choose("all")), HttpStatusCode.OK);
        var html = await AssertPageAsync(await visitor.PostAsync(path, Choose("all")), HttpStatusCode.OK);
        await AssertPageAsync(await visitor.PostAsync(path, null), HttpStatusCode.OK);

        Assert.Contains("You will no longer receive WhatsApp messages from us", html);
        Assert.Equal([true, true, false, false], (await ConsentAsync(id)).Select(r => r.OptedIn));
    }

    [Fact]
    public async Task A_token_with_one_character_changed_is_404_and_changes_nothing()
    {
        var (id, path) = await OptedInCustomerAsync();
        var token = path["/u/".Length..];
        // A middle character: the last one of base64 may carry only padding bits.
        var middle = token.Length / 2;
        var tampered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];
        using var visitor = Visitor();

        var html = await AssertPageAsync(await visitor.GetAsync("/u/" + tampered), HttpStatusCode.NotFound);
        await AssertPageAsync(await visitor.PostAsync("/u/" + tampered, Choose("all")), HttpStatusCode.NotFound);
        await AssertPageAsync(await visitor.GetAsync("/u/" + id), HttpStatusCode.NotFound);

        Assert.Contains("This unsubscribe link is not valid", html);
        Assert.Equal((true, true), await ConsentsAsync(id));
        Assert.Equal(2, (await ConsentAsync(id)).Count);
    }

    [Fact]
    public async Task Each_customer_has_their_own_token_that_does_not_show_the_id()
    {
        var (a, pathA) = await OptedInCustomerAsync();
        var (b, pathB) = await OptedInCustomerAsync();
        var links = app.Services.GetRequiredService<UnsubscribeLinks>();
        var (tokenA, tokenB) = (pathA["/u/".Length..], pathB["/u/".Length..]);

        Assert.NotEqual(tokenA, tokenB);
        Assert.True(tokenA.Length >= 32, tokenA);
        Assert.NotEqual(a.ToString(), tokenA);
        Assert.Equal(a, links.Read(tokenA));
        Assert.Equal(b, links.Read(tokenB));

        using var visitor = Visitor();
        await AssertPageAsync(await visitor.PostAsync(pathA, Choose("all")), HttpStatusCode.OK);
        Assert.Equal((false, false), await ConsentsAsync(a));
        Assert.Equal((true, true), await ConsentsAsync(b));
    }

    [Theory]
    [InlineData("WhatsApp/2.24.6.77 A")]
    [InlineData("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)")]
    [InlineData("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")]
    public async Task A_link_preview_fetch_opts_nobody_out(string userAgent)
    {
        var (id, path) = await OptedInCustomerAsync();
        using var fetcher = Visitor(userAgent);

        var html = await AssertPageAsync(await fetcher.GetAsync(path), HttpStatusCode.OK);
        Assert.Contains("<form method=\"post\">", html);
        Assert.Equal((true, true), await ConsentsAsync(id));
        Assert.Equal(2, (await ConsentAsync(id)).Count);
    }

    [Fact]
    public async Task A_one_click_post_as_in_RFC_8058_stops_everything()
    {
        var (id, path) = await OptedInCustomerAsync();
        using var client = app.Anonymous();
        var body = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);
        await AssertPageAsync(await client.PostAsync(path, body), HttpStatusCode.OK);
        Assert.Equal((false, false), await ConsentsAsync(id));
        Assert.Equal(ConsentSource.UnsubscribeLink, (await ConsentAsync(id)).Last().Source);
    }

    [Fact]
    public async Task Unsubscribe_paths_are_answered_by_the_unsubscribe_page_not_the_spa()
    {
        using var visitor = Visitor();
        var html = await AssertPageAsync(await visitor.GetAsync("/u/not-a-token"), HttpStatusCode.NotFound);
        Assert.Contains("This unsubscribe link is not valid", html);

        var spaRoute = await visitor.GetAsync("/customers/not-a-token");
        Assert.DoesNotContain("unsubscribe", await spaRoute.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
