using System.Net;
using System.Net.Http.Json;
using WhatsApp.Api.Features.Broadcasts;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Consent;

/// <summary>Consent:MarketingCap, by default at most 2 marketing messages per customer in 7 days.</summary>
public class FrequencyCapTests(ConsentHarness h) : IClassFixture<ConsentHarness>
{
    private static readonly Dictionary<string, string> Variables = new() { ["1"] = "{{customer.name}}", ["2"] = "$30" };

    [Fact]
    public async Task A_customer_who_had_two_offers_this_week_is_skipped_as_frequency_capped_in_the_preview_and_in_progress()
    {
        var capped = (await h.CustomerAsync(name: "Carla Capped")).Customer;
        var fresh = (await h.CustomerAsync(name: "Fabio Fresh")).Customer;
        await h.SentAsync(capped.Phone, ConsentHarness.Offer);
        await h.SentAsync(capped.Phone, ConsentHarness.Offer);
        await h.SentAsync(fresh.Phone, ConsentHarness.Offer);
        var audience = new { customerIds = new[] { capped.Id, fresh.Id } };

        var preview = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/broadcasts/preview", new { templateId = h.OfferId, audience, variables = Variables }))
            .ReadAsAsync<BroadcastPreviewDto>();
        Assert.Equal((1, 1), (preview.Counts.Recipients, preview.Counts.SkippedBreakdown.FrequencyCap));
        Assert.Equal(fresh.Id, preview.Sample!.CustomerId);

        var created = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/broadcasts", new { templateId = h.OfferId, audience, variables = Variables }))
            .ReadAsAsync<BroadcastDto>(HttpStatusCode.Created);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        BroadcastDto progress;
        do
        {
            progress = await (await h.Admin.GetAsync($"/api/whatsapp/broadcasts/{created.Id}")).ReadAsAsync<BroadcastDto>();
            if (progress.Status != BroadcastStatus.Preparing) break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        Assert.Equal((1, 1, 1), (progress.Total, progress.Skipped, progress.SkippedBreakdown.FrequencyCap));
        // The capped customer got nothing more; the fresh one got their second offer.
        Assert.Equal(2, h.FakeState.GetMessages("meta").Count(m => m.To == capped.Phone.TrimStart('+')));
    }

    [Fact]
    public async Task Service_messages_are_never_capped()
    {
        var customer = (await h.CustomerAsync()).Customer;
        await h.SentAsync(customer.Phone, ConsentHarness.Offer);
        await h.SentAsync(customer.Phone, ConsentHarness.Offer);

        var preview = await (await h.Admin.PostAsJsonAsync("/api/whatsapp/broadcasts/preview",
                new { templateId = h.BillId, audience = new { customerIds = new[] { customer.Id } }, variables = Variables }))
            .ReadAsAsync<BroadcastPreviewDto>();

        Assert.Equal((1, 0), (preview.Counts.Recipients, preview.Counts.SkippedBreakdown.FrequencyCap));
    }
}
