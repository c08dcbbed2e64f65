using System.Net;
using System.Net.Http.Json;
using FakeProvider;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Messaging;

public class SendOneTests(TwilioHarness h) : IClassFixture<TwilioHarness>
{
    private static object Send(string to, object? parameters = null) =>
        new { to, templateName = "bill_due", parameters = parameters ?? new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "$20.00" } };

    [Fact]
    public async Task A_message_to_an_opted_in_customer_reaches_twilio_and_its_status_moves_to_read()
    {
        await h.AddCustomerAsync("+14155550123");
        var response = await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", Send("+1 415 555 0123"));
        var message = await response.ReadAsAsync<MessageDto>(HttpStatusCode.Created);
        Assert.Equal(MessageStatus.Accepted, message.Status);
        Assert.StartsWith("SM", message.ProviderMessageId);
        Assert.Equal("+14155550123", message.To);

        var received = Assert.Single(h.FakeState.GetMessages("twilio", "whatsapp:+14155550123"));
        Assert.Equal(h.ContentSid, received.Template);
        Assert.Equal("Ana", received.ContentVariableMap!["1"]);
        Assert.Equal("$20.00", received.ContentVariableMap!["2"]);

        var read = await h.WaitForMessageAsync(message.Id, m => m.Status == MessageStatus.Read);
        Assert.NotNull(read.DeliveredAt);
        var detail = await (await h.Admin.GetAsync($"/api/whatsapp/messages/{message.Id}")).ReadAsAsync<MessageDetailDto>();
        Assert.Equal([MessageStatus.Queued, MessageStatus.Accepted, MessageStatus.Sent, MessageStatus.Delivered, MessageStatus.Read], detail.History.Select(e => e.Status));
        Assert.Equal("Hi Ana, your bill of $20.00 is due.", detail.RenderedBody);
    }

    [Fact]
    public async Task A_customer_who_has_not_opted_in_is_refused_and_nothing_is_sent()
    {
        await h.AddCustomerAsync("+14155550124", optIn: false);
        var problem = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", Send("+14155550124"))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("to", problem.GetProperty("field").GetString());
        Assert.Empty(h.FakeState.GetMessages("twilio", "whatsapp:+14155550124"));
    }

    [Fact]
    public async Task An_unknown_number_is_refused_as_not_opted_in()
    {
        var problem = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", Send("+14155550999"))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("opted in", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("not a phone")]
    [InlineData("+1 415")]
    [InlineData("")]
    public async Task An_invalid_number_is_400_naming_to(string to)
    {
        await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", Send(to))).AssertFieldErrorAsync("to");
    }

    [Fact]
    public async Task Wrong_missing_or_empty_parameters_are_400_naming_the_parameter()
    {
        await h.AddCustomerAsync("+14155550125");
        await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", Send("+14155550125", new Dictionary<string, string> { ["1"] = "Ana" })))
            .AssertFieldErrorAsync("parameters.2");
        await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", Send("+14155550125", new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "  " })))
            .AssertFieldErrorAsync("parameters.2");
        await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", Send("+14155550125", new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "x", ["3"] = "y" })))
            .AssertFieldErrorAsync("parameters.3");
        Assert.Empty(h.FakeState.GetMessages("twilio", "whatsapp:+14155550125"));
    }

    [Fact]
    public async Task An_unapproved_template_is_refused_with_422()
    {
        await h.AddCustomerAsync("+14155550126");
        await h.AddTemplateAsync(h.ProviderId, name: "draft_notice", body: "Hello {{1}}", status: "PENDING");
        var response = await h.Admin.PostAsJsonAsync("/api/whatsapp/messages",
            new { to = "+14155550126", templateName = "draft_notice", parameters = new Dictionary<string, string> { ["1"] = "Ana" } });
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("APPROVED", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unknown_template_is_400_naming_templateName()
    {
        await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", new { to = "+14155550123", templateName = "nope", parameters = new { } }))
            .AssertFieldErrorAsync("templateName");
    }

    [Fact]
    public async Task A_permanent_provider_error_fails_the_message_with_its_code_and_meaning()
    {
        await h.AddCustomerAsync("+14155550130");
        h.FakeState.SetRecipientError("+14155550130", new RecipientErrorRule { Kind = "sync", HttpStatus = 400, Code = 21211 });
        var message = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", Send("+14155550130"))).ReadAsAsync<MessageDto>(HttpStatusCode.Created);
        Assert.Equal(MessageStatus.Failed, message.Status);
        Assert.Equal("21211", message.Error!.Code);
        Assert.False(string.IsNullOrEmpty(message.Error.Meaning));
        Assert.Single(h.FakeState.GetMessages("twilio", "whatsapp:+14155550130"));
    }

    [Fact]
    public async Task A_recipient_who_blocked_us_is_failed_and_recorded_as_opted_out()
    {
        var customerId = await h.AddCustomerAsync("+14155550131");
        h.FakeState.SetRecipientError("+14155550131", new RecipientErrorRule { Kind = "sync", HttpStatus = 400, Code = 63014 });
        var message = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", Send("+14155550131"))).ReadAsAsync<MessageDto>(HttpStatusCode.Created);
        Assert.Equal(MessageStatus.Failed, message.Status);

        var customer = await (await h.Admin.GetAsync($"/api/customers/{customerId}")).ReadAsAsync<CustomerDetailDto>();
        Assert.False(customer.Customer.WhatsAppOptIn);
        Assert.Equal(ConsentSource.ProviderError, customer.ConsentHistory[0].Source);
    }

    [Fact]
    public async Task A_transient_provider_error_is_retried_and_then_goes_through()
    {
        await h.AddCustomerAsync("+14155550132");
        h.FakeState.Chaos.Configure(new ChaosSettings { Rate5xx = 1.0 });
        MessageDto message;
        try
        {
            message = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", Send("+14155550132"))).ReadAsAsync<MessageDto>(HttpStatusCode.Created);
            Assert.Equal(MessageStatus.Queued, message.Status);
            // Twilio's 5xx bodies carry their own code (20500, 20503) — either way it is classified as transient.
            Assert.True(message.Error?.Code is "http_500" or "http_503" or "20500" or "20503", message.ToString());
            Assert.NotNull(message.NextAttemptAt);
        }
        finally
        {
            h.FakeState.Chaos.Reset();
        }
        var accepted = await h.WaitForMessageAsync(message.Id, m => m.Status is MessageStatus.Accepted or MessageStatus.Sent or MessageStatus.Delivered or MessageStatus.Read);
        Assert.True(accepted.Attempts >= 2);
        Assert.Equal(1, h.FakeState.GetMessages("twilio", "whatsapp:+14155550132").Count(m => m.Outcome == "accepted"));
    }

    [Fact]
    public async Task An_opt_out_between_queueing_and_sending_stops_the_message()
    {
        var customerId = await h.AddCustomerAsync("+14155550133");
        h.FakeState.Chaos.Configure(new ChaosSettings { Rate5xx = 1.0 });
        long id;
        try
        {
            id = (await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", Send("+14155550133"))).ReadAsAsync<MessageDto>(HttpStatusCode.Created)).Id;
            (await h.Admin.PutAsJsonAsync($"/api/customers/{customerId}", new { whatsAppOptIn = false })).EnsureSuccessStatusCode();
        }
        finally
        {
            h.FakeState.Chaos.Reset();
        }
        var canceled = await h.WaitForMessageAsync(id, m => m.Status == MessageStatus.Canceled);
        Assert.Equal("not_opted_in", canceled.Error!.Code);
        Assert.DoesNotContain(h.FakeState.GetMessages("twilio", "whatsapp:+14155550133"), m => m.Outcome == "accepted");
    }

    [Fact]
    public async Task Staff_can_send_and_anonymous_cannot()
    {
        await h.AddCustomerAsync("+14155550134");
        using var staff = await h.App.StaffAsync();
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync("/api/whatsapp/messages", Send("+14155550134"))).StatusCode);
        using var anonymous = h.App.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/whatsapp/messages", Send("+14155550134"))).StatusCode);
    }
}
