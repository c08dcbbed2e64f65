using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Messaging;

/// <summary>The app with Prometheus's scrape endpoint on (Metrics:Prometheus), a provider at the fake and a template.</summary>
public class MetricsHarness : SendingHarness
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Metrics:Prometheus"] = "true",
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var providerId = await AddTwilioProviderAsync(messagesPerSecond: 100);
        await AddTemplateAsync(providerId, name: "bill_due", body: "Hi {{1}}");
        await AddCustomerAsync(Phone);
    }

    public const string Phone = "+14155550142";
}

public class MetricsTests(MetricsHarness h) : IClassFixture<MetricsHarness>
{
    [Fact]
    public async Task Metrics_are_off_by_default_and_their_path_answers_404()
    {
        using var app = new AppFactory();
        using var admin = await app.AdminAsync();
        var response = await admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task When_on_an_admin_scrapes_the_apps_own_metrics_after_a_send()
    {
        var sent = await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", new { to = MetricsHarness.Phone, templateName = "bill_due", parameters = new Dictionary<string, string> { ["1"] = "Ana" } });
        var message = await sent.ReadAsAsync<MessageDto>(HttpStatusCode.Created);
        await h.WaitForMessageAsync(message.Id, m => m.Status >= MessageStatus.Accepted);

        var response = await h.Admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        foreach (var name in new[]
                 {
                     "whatsapp_messages_queued_total", "whatsapp_messages_sent_total", "whatsapp_provider_send_duration_seconds_bucket",
                     "whatsapp_throttle_wait_seconds_bucket", "whatsapp_outbox_depth", "whatsapp_outbox_oldest_due_age_seconds",
                 })
            Assert.Contains(name, text);
        Assert.Contains("provider=\"twilio\"", text);
    }

    [Fact]
    public async Task The_overviews_loop_health_counts_every_accepted_send_and_the_providers_answers()
    {
        var sent = await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", new { to = MetricsHarness.Phone, templateName = "bill_due", parameters = new Dictionary<string, string> { ["1"] = "Bo" } });
        var message = await sent.ReadAsAsync<MessageDto>(HttpStatusCode.Created);
        await h.WaitForMessageAsync(message.Id, m => m.Status >= MessageStatus.Accepted);

        // Every send of this app (this class's tests) happened within the card's window, so once the counter has counted
        // them all (it moves just after their commit) the card shows as many as were accepted.
        var accepted = await h.App.WithDbAsync(db => db.Set<WhatsApp.Api.Features.Messaging.WhatsAppMessage>()
            .CountAsync(m => m.Status >= MessageStatus.Accepted && m.Status < MessageStatus.Failed));
        async Task<WhatsApp.Api.Features.Stats.LoopHealthDto> ReadLoopAsync() =>
            await (await h.Admin.GetAsync("/api/whatsapp/stats/loop")).ReadAsAsync<WhatsApp.Api.Features.Stats.LoopHealthDto>();
        var loop = await ReadLoopAsync();
        for (var deadline = DateTime.UtcNow.AddSeconds(10); loop.Sent != accepted && DateTime.UtcNow < deadline; loop = await ReadLoopAsync())
            await Task.Delay(100);
        Assert.Equal(accepted, loop.Sent);
        var twilio = Assert.Single(loop.ProviderLatency, p => p.ProviderType == "twilio");
        Assert.True(twilio.Sends >= accepted, $"{twilio.Sends} provider answers for {accepted} sends");
        Assert.NotNull(twilio.P99Seconds);
        // The card reads the very instruments /metrics exports. Their scrape is not compared here: in this test process
        // parallel test apps create meters of the same name, and one app's disposal ended the others' streams in the
        // exporter (0 in a CI run). The scrape is checked in a process of its own (MetricsScrapeTests).
    }

    [Fact]
    public async Task Anonymous_and_staff_scrapers_are_refused()
    {
        using var anonymous = h.App.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        using var staff = await h.App.StaffAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/metrics")).StatusCode);
    }
}
