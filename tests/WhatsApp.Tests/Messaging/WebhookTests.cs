using System.Net;
using System.Net.Http.Json;
using FakeProvider;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Messaging;

public class WebhookTests(TwilioHarness h) : IClassFixture<TwilioHarness>
{
    private string StatusUrl => $"/api/webhooks/whatsapp/{h.ProviderId}/status";

    private async Task<(long Id, string Sid)> SendAcceptedAsync(string phone)
    {
        await h.AddCustomerAsync(phone);
        h.FakeState.CallbacksConfig = h.FakeState.CallbacksConfig with { Enabled = false };
        try
        {
            var message = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", new
            {
                to = phone, templateName = "bill_due", parameters = new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "$5" },
            })).ReadAsAsync<MessageDto>(HttpStatusCode.Created);
            // A dispatch run in the background (the kick at start-up, or the minutely recovery) may claim the message
            // before the POST's own send does: the answer then says Queued, and that run sends it a moment later (it
            // happened once in CI, on PostgreSQL).
            var sid = message.ProviderMessageId ?? (await h.WaitForMessageAsync(message.Id, m => m.ProviderMessageId is not null)).ProviderMessageId!;
            return (message.Id, sid);
        }
        finally
        {
            h.FakeState.CallbacksConfig = h.FakeState.CallbacksConfig with { Enabled = true };
        }
    }

    /// <summary>A Twilio status callback signed the way Twilio signs it (or tampered with).</summary>
    private HttpRequestMessage TwilioCallback(string sid, string status, string? token = null, bool sign = true)
    {
        var form = new Dictionary<string, string> { ["MessageSid"] = sid, ["MessageStatus"] = status, ["AccountSid"] = SendingHarness.TwilioSid };
        var request = new HttpRequestMessage(HttpMethod.Post, StatusUrl) { Content = new FormUrlEncodedContent(form) };
        if (sign)
            request.Headers.Add("X-Twilio-Signature", Signing.TwilioSignature(token ?? SendingHarness.TwilioToken, "http://localhost" + StatusUrl, form));
        return request;
    }

    private async Task<string> StatusOfAsync(long id) =>
        (await (await h.Admin.GetAsync($"/api/whatsapp/messages/{id}")).ReadJsonAsync()).GetProperty("message").GetProperty("status").GetString()!;

    [Fact]
    public async Task A_missing_or_wrong_signature_is_403_and_changes_nothing()
    {
        var (id, sid) = await SendAcceptedAsync("+14155550140");
        using var anonymous = h.App.Anonymous();
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(TwilioCallback(sid, "delivered", sign: false))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.SendAsync(TwilioCallback(sid, "delivered", token: "wrong-token"))).StatusCode);
        Assert.Equal("Accepted", await StatusOfAsync(id));

        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(TwilioCallback(sid, "delivered"))).StatusCode);
        Assert.Equal("Delivered", await StatusOfAsync(id));
    }

    [Fact]
    public async Task Status_only_moves_forward_and_duplicates_change_nothing()
    {
        var (id, sid) = await SendAcceptedAsync("+14155550141");
        using var anonymous = h.App.Anonymous();
        foreach (var status in new[] { "read", "sent", "delivered", "read", "failed", "sent" })
            Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(TwilioCallback(sid, status))).StatusCode);

        Assert.Equal("Read", await StatusOfAsync(id));
        var history = (await (await h.Admin.GetAsync($"/api/whatsapp/messages/{id}")).ReadJsonAsync()).GetProperty("history");
        Assert.Equal(["Queued", "Accepted", "Read"], history.EnumerateArray().Select(e => e.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_storm_of_repeated_and_shuffled_callbacks_ends_in_one_right_status_with_one_history_entry_each()
    {
        var (id, sid) = await SendAcceptedAsync("+14155550142");
        using var anonymous = h.App.Anonymous();
        var statuses = Enumerable.Repeat("delivered", 100)
            .Concat(Enumerable.Range(0, 30).SelectMany(_ => new[] { "sent", "delivered", "read" }))
            .OrderBy(_ => Random.Shared.Next()).ToList();
        var responses = await Task.WhenAll(statuses.Select(status => anonymous.SendAsync(TwilioCallback(sid, status))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        Assert.Equal("Read", await StatusOfAsync(id));
        var history = (await (await h.Admin.GetAsync($"/api/whatsapp/messages/{id}")).ReadJsonAsync()).GetProperty("history")
            .EnumerateArray().Select(e => Enum.Parse<WhatsApp.Api.Features.Providers.Drivers.MessageStatus>(e.GetProperty("status").GetString()!)).ToList();
        Assert.Equal(history.Order().Distinct(), history);
        Assert.Equal(WhatsApp.Api.Features.Providers.Drivers.MessageStatus.Read, history[^1]);
    }

    [Fact]
    public async Task A_report_for_a_message_whose_id_is_not_recorded_yet_is_kept_and_applied_when_it_is()
    {
        var (id, _) = await SendAcceptedAsync("+14155550143");
        var early = "SM" + Guid.NewGuid().ToString("N");
        using var anonymous = h.App.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(TwilioCallback(early, "delivered"))).StatusCode);
        Assert.Equal(1, await h.App.WithDbAsync(db => db.Set<EarlyStatusReport>().CountAsync(r => r.ProviderMessageId == early)));

        // What the dispatcher does when it records the batch: the id arrives, the kept report applies.
        await h.App.WithDbAsync(db => db.Set<WhatsAppMessage>().Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ProviderMessageId, early)));
        using (var scope = h.App.Services.CreateScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<StatusUpdater>().ApplyEarlyReportsAsync(CancellationToken.None));

        Assert.Equal("Delivered", await StatusOfAsync(id));
        Assert.Equal(0, await h.App.WithDbAsync(db => db.Set<EarlyStatusReport>().CountAsync(r => r.ProviderMessageId == early)));
    }

    [Theory]
    [InlineData("sending", "Sent")]
    [InlineData("partially_delivered", "Sent")]
    public async Task Twilio_in_between_statuses_move_a_message_to_sent_and_delivered_still_follows(string twilioStatus, string expected)
    {
        var (id, sid) = await SendAcceptedAsync(TestPhones.Next());
        using var anonymous = h.App.Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(TwilioCallback(sid, twilioStatus))).StatusCode);
        Assert.Equal(expected, await StatusOfAsync(id));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(TwilioCallback(sid, "delivered"))).StatusCode);
        Assert.Equal("Delivered", await StatusOfAsync(id));
    }

    [Fact]
    public async Task A_failure_after_sent_is_terminal()
    {
        var (id, sid) = await SendAcceptedAsync("+14155550142");
        using var anonymous = h.App.Anonymous();
        await anonymous.SendAsync(TwilioCallback(sid, "sent"));
        await anonymous.SendAsync(TwilioCallback(sid, "undelivered"));
        await anonymous.SendAsync(TwilioCallback(sid, "delivered"));
        Assert.Equal("Undelivered", await StatusOfAsync(id));
    }

    [Theory]
    [InlineData("STOP")]
    [InlineData("  stop ")]
    [InlineData("Unsubscribe")]
    [InlineData("optout")]
    public async Task A_stop_reply_opts_the_customer_out_and_start_opts_back_in(string text)
    {
        var phone = $"+1415555{Random.Shared.Next(1000, 9999)}";
        var customerId = await h.AddCustomerAsync(phone);
        var answer = await FakeInbound(phone, text);
        Assert.Equal(200, answer);
        var customer = await (await h.Admin.GetAsync($"/api/customers/{customerId}")).ReadJsonAsync();
        Assert.False(customer.GetProperty("customer").GetProperty("whatsAppOptIn").GetBoolean());
        var latest = customer.GetProperty("consentHistory")[0];
        Assert.Equal("StopReply", latest.GetProperty("source").GetString());
        Assert.Contains(text.Trim(), latest.GetProperty("text").GetString());

        Assert.Equal(200, await FakeInbound(phone, "START"));
        customer = await (await h.Admin.GetAsync($"/api/customers/{customerId}")).ReadJsonAsync();
        Assert.True(customer.GetProperty("customer").GetProperty("whatsAppOptIn").GetBoolean());
        Assert.Equal("StartReply", customer.GetProperty("consentHistory")[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task An_ordinary_reply_changes_no_consent()
    {
        var customerId = await h.AddCustomerAsync("+14155550143");
        Assert.Equal(200, await FakeInbound("+14155550143", "please stop by tomorrow"));
        var customer = await (await h.Admin.GetAsync($"/api/customers/{customerId}")).ReadJsonAsync();
        Assert.True(customer.GetProperty("customer").GetProperty("whatsAppOptIn").GetBoolean());
    }

    [Fact]
    public async Task An_unknown_provider_id_is_404()
    {
        using var anonymous = h.App.Anonymous();
        var response = await anonymous.PostAsync("/api/webhooks/whatsapp/999/status", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>The fake sends a Twilio-signed inbound message into the app; returns the app's HTTP status.</summary>
    private async Task<int> FakeInbound(string from, string text)
    {
        using var http = new HttpClient();
        var result = await (await http.PostAsJsonAsync($"{h.FakeUrl}/_fake/inbound", new
        {
            provider = "twilio", accountId = SendingHarness.TwilioSid, from, text,
            url = $"http://localhost/api/webhooks/whatsapp/{h.ProviderId}/inbound",
        })).ReadJsonAsync();
        return result.GetProperty("statusCode").GetInt32();
    }
}
