using FakeProvider;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Tests.Infrastructure;

namespace WhatsApp.Tests.Broadcasts;

public sealed class FaultHarness : BroadcastHarness;

/// <summary>A provider failing a quarter of all sends: 20% answered 5xx, 5% answered 429 with Retry-After.</summary>
public class FaultTests(FaultHarness h) : IClassFixture<FaultHarness>
{
    [Fact]
    public async Task Under_20_percent_5xx_and_5_percent_429_a_5000_recipient_broadcast_loses_nothing_and_duplicates_nothing()
    {
        const int recipients = 5000;
        var customers = await h.SeedAsync(recipients);
        var phones = customers.Select(c => c.Phone).ToHashSet();
        h.FakeState.Chaos.Configure(new ChaosSettings { Rate5xx = 0.20, Rate429 = 0.05, RetryAfterSeconds = 1, Seed = 6 });
        int id;
        try
        {
            id = (await h.CreateAsync(new { customerIds = customers.Select(c => c.Id) })).Id;
            await h.WaitForAsync(id, BroadcastHarness.IsCompleted, seconds: 300);
        }
        finally
        {
            h.FakeState.Chaos.Reset();
        }

        var atFake = h.FakeState.GetMessages("twilio").Where(m => phones.Contains(m.To!.Replace("whatsapp:", ""))).ToList();
        var accepted = atFake.Where(m => m.Outcome == "accepted").GroupBy(m => m.To!.Replace("whatsapp:", "")).ToDictionary(g => g.Key, g => g.Count());
        // The faults really happened, in the proportions asked for.
        Assert.InRange(atFake.Count(m => m.Outcome.StartsWith("429")), recipients / 40, recipients / 8);
        Assert.InRange(atFake.Count(m => m.Outcome.StartsWith("5")), recipients / 10, recipients / 2);

        var messages = await h.App.WithDbAsync(db => db.Set<WhatsAppMessage>().AsNoTracking().Where(m => m.BroadcastId == id)
            .Select(m => new { m.ToPhone, m.Status, m.ErrorCode, m.ErrorMessage }).ToListAsync());
        // Nothing lost: every recipient has one message, and it reached an outcome.
        Assert.Equal(recipients, messages.Count);
        Assert.Equal(phones.Order(), messages.Select(m => m.ToPhone).Order());
        Assert.DoesNotContain(messages, m => m.Status == MessageStatus.Queued);
        // Nothing duplicated: no phone was accepted twice at the provider.
        Assert.DoesNotContain(accepted, a => a.Value > 1);
        // Every success was accepted there exactly once; every failure gave up after its retries, with the reason.
        foreach (var m in messages)
        {
            if (m.Status == MessageStatus.Failed)
            {
                Assert.False(accepted.ContainsKey(m.ToPhone), $"{m.ToPhone} failed in the log but the provider accepted it");
                Assert.False(string.IsNullOrEmpty(m.ErrorCode), $"{m.ToPhone} failed without a reason");
                Assert.False(string.IsNullOrEmpty(m.ErrorMessage));
            }
            else Assert.True(accepted.ContainsKey(m.ToPhone), $"{m.ToPhone} is {m.Status} but the provider never accepted it");
        }
        // The retries' history is kept: each failed attempt is an event with its code.
        var retried = await h.App.WithDbAsync(db => db.Set<MessageStatusEvent>().CountAsync(e => e.Message!.BroadcastId == id && e.ErrorCode != null));
        Assert.True(retried >= atFake.Count(m => m.Outcome != "accepted"), $"{retried} error events for {atFake.Count(m => m.Outcome != "accepted")} refusals");
    }
}
