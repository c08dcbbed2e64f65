using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using WhatsApp.Tests.Broadcasts;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Messaging;

/// <summary>
/// `/metrics` as a Prometheus server scrapes it: a real process (only a real connection has a client address to check,
/// and only a process of its own has no other test app's meters of the same names), sending through the fake provider.
/// </summary>
public partial class MetricsScrapeTests : CrashTest
{
    private const int Recipients = 40;

    [Fact]
    public async Task A_scraper_from_an_allowed_network_needs_no_sign_in_and_counts_every_accepted_send()
    {
        await using var app = await AppProcess.StartAsync(DatabasePath, new Dictionary<string, string>(CrashScenario.Settings)
        {
            ["Metrics:Prometheus"] = "true",
            ["Metrics:AllowedNetworks"] = "10.0.0.0/8, 127.0.0.0/8",
        });
        var broadcastId = await CrashScenario.StartBroadcastAsync(app.Admin, FakeUrl, Recipients);
        var done = await CrashScenario.WaitForCompletionAsync(app, broadcastId);
        Assert.Equal((Recipients, 0), (done.Total, done.Failed));

        using var scraper = new HttpClient { BaseAddress = new Uri(app.Url) };
        // The exporter serves a cached scrape for a moment: ask until it has caught up with the sends.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string scrape;
        while (true)
        {
            var response = await scraper.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            scrape = await response.Content.ReadAsStringAsync();
            if (SentByTwilio(scrape) >= Recipients || DateTime.UtcNow > deadline) break;
            await Task.Delay(250);
        }
        Assert.Equal(Recipients, SentByTwilio(scrape));
        Assert.Contains("whatsapp_outbox_depth", scrape);
    }

    /// <summary>The sum of the sent counter's Twilio series in a Prometheus text scrape.</summary>
    private static double SentByTwilio(string scrape) => SentLine().Matches(scrape)
        .Where(m => m.Groups["labels"].Value.Contains("\"twilio\""))
        .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^whatsapp_messages_sent(?:_total)?\{(?<labels>[^}]*)\} (?<value>[0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex SentLine();
}
