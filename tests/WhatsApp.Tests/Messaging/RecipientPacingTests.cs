using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Tests.Consent;

namespace WhatsApp.Tests.Messaging;

/// <summary>Meta (the fake) active, the app spacing messages to one recipient 2 s apart (6 s by default).</summary>
public sealed class PacedHarness : ConsentHarness
{
    public static readonly TimeSpan Spacing = TimeSpan.FromSeconds(2);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Dispatch:RecipientSpacing"] = Spacing.ToString(),
    };
}

/// <summary>Meta's pair rate limit (131056: about one message per 6 s to one person) is kept by spacing, and its error is retried.</summary>
public class RecipientPacingTests(PacedHarness h) : IClassFixture<PacedHarness>
{
    [Fact]
    public async Task Messages_to_one_recipient_go_spaced_apart_so_meta_never_refuses_them_while_others_are_not_held_up()
    {
        h.FakeState.MetaPairRateSpacing = PacedHarness.Spacing - TimeSpan.FromMilliseconds(200);
        try
        {
            var (busy, other) = ((await h.CustomerAsync()).Customer, (await h.CustomerAsync()).Customer);
            var bills = new List<MessageDto>();
            for (var i = 0; i < 3; i++) bills.Add(await h.SentAsync(busy.Phone, ConsentHarness.Bill));
            var single = await h.SentAsync(other.Phone, ConsentHarness.Bill);

            foreach (var bill in bills) await h.WaitForMessageAsync(bill.Id, m => m.Status == MessageStatus.Read);
            await h.WaitForMessageAsync(single.Id, m => m.Status == MessageStatus.Read);

            var atFake = h.FakeState.GetMessages("meta");
            var arrivals = atFake.Where(m => m.To == busy.Phone.TrimStart('+')).ToList();
            Assert.All(arrivals, m => Assert.Equal("accepted", m.Outcome));
            Assert.Equal(3, arrivals.Count);
            Assert.All(arrivals.Zip(arrivals.Skip(1)), pair => Assert.True(pair.Second.ReceivedAt - pair.First.ReceivedAt >= h.FakeState.MetaPairRateSpacing));
            // The other customer's bill did not wait behind the busy one's.
            Assert.True(atFake.Single(m => m.To == other.Phone.TrimStart('+')).ReceivedAt < arrivals[^1].ReceivedAt);
        }
        finally
        {
            h.FakeState.MetaPairRateSpacing = null;
        }
    }

    [Fact]
    public async Task Metas_131056_puts_the_message_back_in_the_outbox_to_be_tried_again()
    {
        h.FakeState.MetaPairRateSpacing = TimeSpan.FromMinutes(1);
        try
        {
            var customer = (await h.CustomerAsync()).Customer;
            var first = await h.SentAsync(customer.Phone, ConsentHarness.Bill);
            var second = await h.SentAsync(customer.Phone, ConsentHarness.Bill);

            await h.WaitForMessageAsync(first.Id, m => m.Status >= MessageStatus.Accepted);
            var waiting = await h.WaitForMessageAsync(second.Id, m => m.Status == MessageStatus.Queued && m.Error?.Code == "131056");
            Assert.True(waiting.NextAttemptAt > DateTime.UtcNow);
            Assert.Contains(h.FakeState.GetMessages("meta"), m => m.To == customer.Phone.TrimStart('+') && m.Outcome == "400:131056");
        }
        finally
        {
            h.FakeState.MetaPairRateSpacing = null;
        }
    }
}
