using System.Net;
using System.Net.Http.Json;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Providers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Messaging;

public class MetaSendTests
{
    [Fact]
    public async Task A_message_through_meta_gets_named_parameters_and_its_signed_statuses_move_it_to_read()
    {
        var h = new SendingHarness();
        await h.InitializeAsync();
        try
        {
            var providerId = await h.AddMetaProviderAsync();
            (await h.Admin.PostAsJsonAsync("/api/whatsapp/templates", new
            {
                name = "ticket_update", language = "en_US", category = "UTILITY", status = "APPROVED",
                body = "Hi {{customer_name}}, ticket {{ticket_number}} is now {{status}}.",
                bindings = new[] { new { providerId, externalId = "ticket_update" } },
            })).EnsureSuccessStatusCode();
            await h.AddCustomerAsync("+5511987654321", name: "Bruna");

            var message = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", new
            {
                to = "+55 11 98765-4321", templateName = "ticket_update",
                parameters = new Dictionary<string, string> { ["customer_name"] = "Bruna", ["ticket_number"] = "T-42", ["status"] = "resolved" },
            })).ReadAsAsync<MessageDto>(HttpStatusCode.Created);
            Assert.StartsWith("wamid.", message.ProviderMessageId);

            var received = Assert.Single(h.FakeState.GetMessages("meta"));
            Assert.Equal("5511987654321", received.To);
            Assert.Equal(["Bruna", "T-42", "resolved"], received.Parameters);
            Assert.Contains("\"parameter_name\":\"ticket_number\"", received.RawBody);

            var read = await h.WaitForMessageAsync(message.Id, m => m.Status == MessageStatus.Read);
            // The "read" report carries no pricing; what "sent"/"delivered" said stays.
            Assert.Equal(("utility", (bool?)true), (read.PricingCategory, read.Billable));
        }
        finally
        {
            await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_message_meta_holds_for_quality_stays_accepted_and_its_history_says_why()
    {
        var h = new SendingHarness();
        await h.InitializeAsync();
        try
        {
            var providerId = await h.AddMetaProviderAsync();
            (await h.Admin.PostAsJsonAsync("/api/whatsapp/templates", new
            {
                name = "bill_due", language = "en_US", category = "UTILITY", status = "APPROVED", body = "Hi {{1}}, your bill of {{2}} is due.",
                bindings = new[] { new { providerId, externalId = "bill_due" } },
            })).EnsureSuccessStatusCode();
            await h.AddCustomerAsync("+5511987654322", name: "Caio");
            h.FakeState.SetRecipientError("+5511987654322", new FakeProvider.RecipientErrorRule { Kind = "held" });

            var message = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/messages", new
            {
                to = "+5511987654322", templateName = "bill_due", parameters = new Dictionary<string, string> { ["1"] = "Caio", ["2"] = "$20" },
            })).ReadAsAsync<MessageDto>(HttpStatusCode.Created);

            var detail = await (await h.Admin.GetAsync($"/api/whatsapp/messages/{message.Id}")).ReadAsAsync<MessageDetailDto>();
            Assert.Equal(MessageStatus.Accepted, detail.Message.Status);
            Assert.Contains(detail.History, e => e.Detail == $"held_for_quality_assessment: {ProviderStatuses.Describe("meta", "held_for_quality_assessment")!.Meaning}");
        }
        finally
        {
            await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task Meta_webhook_verification_echoes_the_challenge_only_for_the_right_token()
    {
        var h = new SendingHarness();
        await h.InitializeAsync();
        try
        {
            var providerId = await h.AddMetaProviderAsync();
            using var anonymous = h.App.Anonymous();
            var ok = await anonymous.GetAsync($"/api/webhooks/whatsapp/{providerId}/status?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync());
            var bad = await anonymous.GetAsync($"/api/webhooks/whatsapp/{providerId}/status?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1");
            Assert.Equal(HttpStatusCode.Forbidden, bad.StatusCode);
        }
        finally
        {
            await h.DisposeAsync();
        }
    }
}

public class ProviderTestActionTests
{
    [Fact]
    public async Task Test_checks_credentials_and_can_send_a_chosen_template_through_that_provider()
    {
        var h = new SendingHarness();
        await h.InitializeAsync();
        try
        {
            var good = await h.AddTwilioProviderAsync("Good", activate: false);
            var check = await (await h.Admin.PostAsJsonAsync($"/api/settings/whatsapp-providers/{good}/test", new { })).ReadAsAsync<ProviderTestResult>();
            Assert.True(check.Ok);

            var template = await h.AddTemplateAsync(good);
            await h.AddCustomerAsync("+14155550150");
            var sent = await (await h.Admin.PostAsJsonAsync($"/api/settings/whatsapp-providers/{good}/test", new
            {
                to = "+14155550150", templateId = template.GetProperty("id").GetInt32(),
                parameters = new Dictionary<string, string> { ["1"] = "Ana", ["2"] = "$1" },
            })).ReadAsAsync<ProviderTestResult>();
            Assert.True(sent.Ok, sent.ToString());
            Assert.Equal(MessageSource.Test, sent.SentMessage!.Source);
            Assert.Single(h.FakeState.GetMessages("twilio", "whatsapp:+14155550150"));

            // Wrong token at the provider: the check says so instead of failing.
            var bad = await (await h.Admin.PostAsJsonAsync("/api/settings/whatsapp-providers", new
            {
                name = "Bad", providerType = "twilio",
                credentials = new { accountSid = SendingHarness.TwilioSid, authToken = "not-the-token", from = "+14155550100" },
                settings = new { baseUrl = h.FakeUrl },
            })).ReadAsAsync<ProviderDto>(HttpStatusCode.Created);
            var badCheck = await (await h.Admin.PostAsJsonAsync($"/api/settings/whatsapp-providers/{bad.Id}/test", new { })).ReadAsAsync<ProviderTestResult>();
            Assert.False(badCheck.Ok);
            Assert.DoesNotContain("not-the-token", badCheck.ToString());
        }
        finally
        {
            await h.DisposeAsync();
        }
    }
}
