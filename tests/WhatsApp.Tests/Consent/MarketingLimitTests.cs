using System.Net;
using FakeProvider;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Consent;

/// <summary>The consent harness with Meta's per-user marketing limit retried after 2 seconds instead of a day.</summary>
public sealed class QuickMarketingLimitHarness : ConsentHarness
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Consent:MarketingLimitRetryAfter"] = "00:00:02",
    };
}

/// <summary>Meta 131049 (per-user marketing limit) is "not now": the message is tried once more, later, and the Sent Log says when.</summary>
public class MarketingLimitTests(QuickMarketingLimitHarness h) : IClassFixture<QuickMarketingLimitHarness>
{
    [Theory]
    [InlineData("sync")]
    [InlineData("async")]
    public async Task Meta_131049_is_retried_once_after_the_configured_delay_and_a_second_refusal_fails_it(string kind)
    {
        var customer = (await h.CustomerAsync()).Customer;
        h.FakeState.SetRecipientError(customer.Phone, new RecipientErrorRule { Kind = kind, Code = 131049, Template = ConsentHarness.Offer });
        var before = DateTime.UtcNow;

        var offer = await (await h.SendAsync(customer.Phone, ConsentHarness.Offer)).ReadAsAsync<MessageDto>(HttpStatusCode.Created);

        var waiting = await h.WaitForMessageAsync(offer.Id, m => m.Status == MessageStatus.Queued && m.Error?.Code == "131049");
        Assert.Contains("Will be retried once at", waiting.Error!.Message);
        Assert.InRange(waiting.NextAttemptAt!.Value, before.AddSeconds(1), DateTime.UtcNow.AddSeconds(3));

        var failed = await h.WaitForMessageAsync(offer.Id, m => m.Status == MessageStatus.Failed);
        Assert.Equal("131049", failed.Error!.Code);
        Assert.Equal(2, h.FakeState.GetMessages("meta").Count(m => m.To == customer.Phone.TrimStart('+')));
        // Not an opt-out: the customer still agrees to offers.
        Assert.True((await h.DetailAsync(customer.Id)).Customer.MarketingOptIn);
    }

    [Fact]
    public async Task A_retried_offer_that_goes_through_the_second_time_is_delivered()
    {
        var customer = (await h.CustomerAsync()).Customer;
        h.FakeState.SetRecipientError(customer.Phone, new RecipientErrorRule { Kind = "sync", Code = 131049, Template = ConsentHarness.Offer });

        var offer = await (await h.SendAsync(customer.Phone, ConsentHarness.Offer)).ReadAsAsync<MessageDto>(HttpStatusCode.Created);
        await h.WaitForMessageAsync(offer.Id, m => m.Status == MessageStatus.Queued && m.Error?.Code == "131049");
        h.FakeState.SetRecipientError(customer.Phone, new RecipientErrorRule { Kind = "sync", Code = 131049, Template = "some_other_template" });

        await h.WaitForMessageAsync(offer.Id, m => m.Status == MessageStatus.Read);
    }

    [Fact]
    public void By_default_the_marketing_limit_is_tried_again_a_day_later()
    {
        Assert.Equal(TimeSpan.FromHours(24), new ConsentOptions().MarketingLimitRetryAfter);
        Assert.True(MarketingLimitRetry.Applies("meta", "131049"));
        Assert.True(MarketingLimitRetry.Applies("twilio", "63049"));
        Assert.False(MarketingLimitRetry.Applies("meta", "131050"));
    }
}
