using System.Text;
using WhatsApp.Api.Features.Providers.Drivers;

namespace WhatsApp.Tests.Drivers;

/// <summary>
/// Every status and error the providers document for the send and status-callback paths lands on our scale and in
/// <see cref="ProviderErrors"/> with a meaning, read through each driver's webhook parsing.
/// </summary>
public sealed class ProviderStatusTableTests(DriverFixture fx) : IClassFixture<DriverFixture>
{
    private static WebhookRequest Json(string body) =>
        new("POST", "https://app.example.test/webhooks/status", new Dictionary<string, string>(), Encoding.UTF8.GetBytes(body), "application/json",
            new Dictionary<string, string>());

    [Theory]
    [InlineData("131048")]
    [InlineData("132012")]
    [InlineData("132015")]
    [InlineData("132016")]
    [InlineData("131049")]
    public void A_meta_failed_status_carries_its_code_and_the_code_has_a_meaning(string code)
    {
        var body = $$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",
             "statuses":[{"id":"wamid.X{{{code}}}","status":"failed","timestamp":"1764633600","recipient_id":"14155550100",
                          "errors":[{"code":{{{code}}},"title":"Meta's own title"}]}]}}]}]}
            """;

        var update = Assert.Single(fx.Driver<MetaDriver>().ParseWebhook(Json(body)).Statuses);

        Assert.Equal((MessageStatus.Failed, code), (update.Status, update.ErrorCode));
        Assert.False(string.IsNullOrWhiteSpace(ProviderErrors.Describe("meta", code)?.Meaning));
    }

    [Theory]
    [InlineData("1240")]
    [InlineData("1331")]
    [InlineData("1340")]
    public void A_vonage_rejection_carries_its_code_and_the_code_has_a_meaning(string code)
    {
        var body = $$$"""
            {"message_uuid":"aaaaaaaa-bbbb-cccc-dddd-{{{code.PadLeft(12, '0')}}}","to":"14155550100","from":"14155550199","timestamp":"2026-12-02T10:00:00Z",
             "status":"rejected","channel":"whatsapp",
             "error":{"type":"https://developer.vonage.com/api-errors/messages#{{{code}}}","title":"Rejected","detail":"Vonage's detail"}}
            """;

        var update = Assert.Single(fx.Driver<VonageDriver>().ParseWebhook(Json(body)).Statuses);

        Assert.Equal((MessageStatus.Failed, code), (update.Status, update.ErrorCode));
        Assert.False(string.IsNullOrWhiteSpace(ProviderErrors.Describe("vonage", code)?.Meaning));
    }

    [Theory]
    [InlineData("twilio", "sending", MessageStatus.Sent)]
    [InlineData("twilio", "partially_delivered", MessageStatus.Sent)]
    [InlineData("meta", "accepted", MessageStatus.Accepted)]
    [InlineData("meta", "held_for_quality_assessment", MessageStatus.Accepted)]
    [InlineData("meta", "paused", MessageStatus.Accepted)]
    [InlineData("vonage", "submitted", MessageStatus.Accepted)]
    [InlineData("vonage", "undeliverable", MessageStatus.Undelivered)]
    public void Documented_statuses_land_on_our_scale_with_a_meaning(string provider, string raw, MessageStatus expected)
    {
        var row = ProviderStatuses.Describe(provider, raw);

        Assert.Equal(expected, row?.Status);
        Assert.False(string.IsNullOrWhiteSpace(row!.Meaning));
    }

    [Theory]
    [InlineData("twilio", "received")] // an inbound message's own status
    [InlineData("meta", "deleted")]
    [InlineData("meta", "warning")]
    public void Statuses_that_say_nothing_about_delivery_change_nothing(string provider, string raw)
    {
        Assert.Null(ProviderStatuses.Map(provider, raw));
    }

    [Fact]
    public void The_tables_have_one_row_per_provider_and_code_and_each_says_what_it_means()
    {
        Assert.All(ProviderStatuses.Table.GroupBy(r => (r.Provider, r.Raw)), g => Assert.Single(g));
        Assert.All(ProviderErrors.Table.GroupBy(r => (r.Provider, r.Code)), g => Assert.Single(g));
        Assert.All(ProviderStatuses.Table, r => Assert.False(string.IsNullOrWhiteSpace(r.Meaning)));
    }
}
