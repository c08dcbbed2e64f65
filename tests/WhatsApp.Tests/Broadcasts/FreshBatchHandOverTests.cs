using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WhatsApp.Api.Features.Customers;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Features.Templates;

namespace WhatsApp.Tests.Broadcasts;

/// <summary>
/// A five-minute lease: the app's <see cref="ClaimWatch"/> dispatches as soon as a claim lapses, and with the default ten
/// seconds a test's claims that are meant to run short would lapse, on a busy machine, before the test dispatches.
/// </summary>
public sealed class LongLeaseHarness : BroadcastHarness
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Dispatch:Lease"] = Lease.ToString(),
    };
}

/// <summary>
/// The dispatcher's side of <see cref="FreshBatches"/>: a batch a fan-out wrote claimed is sent as it stands, and one
/// whose claim ran short is never sent from the hand-over.
/// </summary>
public class FreshBatchHandOverTests(LongLeaseHarness h) : IClassFixture<LongLeaseHarness>
{
    private static readonly TimeSpan Lease = LongLeaseHarness.Lease;

    /// <summary>Writes a message for each customer, claimed as a fan-out claims them from <paramref name="claimedAt"/>, and hands them over.</summary>
    private async Task<List<WhatsAppMessage>> HandOverAsync(List<Customer> customers, DateTime claimedAt, DateTime? dueAt = null,
        Action<List<WhatsAppMessage>>? beforeWriting = null)
    {
        var fresh = h.App.Services.GetRequiredService<FreshBatches>();
        var (messages, batches) = await h.App.WithDbAsync(async db =>
        {
            var template = await db.Set<WhatsAppTemplate>().Include(t => t.Bindings).SingleAsync(t => t.Id == h.TemplateId);
            var provider = await db.WhatsAppProviders.SingleAsync(p => p.Id == h.ProviderId);
            var now = DateTime.UtcNow;
            var messages = customers.Select(c => WhatsAppMessage.Queued(c.Phone, c.Id, template,
                new Dictionary<string, string> { ["1"] = c.Name, ["2"] = "hello" }, provider, MessageSource.Broadcast, now, dueAt)).ToList();
            var batches = await fresh.ClaimAsync(messages, claimedAt, TimeSpan.FromSeconds(10), CancellationToken.None);
            Assert.Equal(messages.Count, batches.Sum(b => b.Rows.Count));
            beforeWriting?.Invoke(messages);
            await using var tx = await db.Database.BeginTransactionAsync();
            await OutboxBulkInsert.InsertQueuedAsync(db, messages, now, CancellationToken.None);
            await tx.CommitAsync();
            return (messages, batches);
        });
        fresh.Hand(batches);
        return messages;
    }

    private Task<List<WhatsAppMessage>> RowsAsync(List<WhatsAppMessage> messages)
    {
        var ids = messages.Select(m => m.Id).ToList();
        return h.App.WithDbAsync(db => db.Set<WhatsAppMessage>().AsNoTracking().Where(m => ids.Contains(m.Id)).ToListAsync());
    }

    private async Task<int> DispatchAsync() =>
        await h.App.Services.GetRequiredService<OutboxDispatcher>().RunOnceAsync(CancellationToken.None);

    [Fact]
    public async Task A_handed_batch_is_sent_as_it_stands_without_a_claim_from_the_outbox()
    {
        var customers = await h.SeedAsync(3);
        // Due in an hour: the outbox's own claim would not take these rows, so only the hand-over can send them now.
        var messages = await HandOverAsync(customers, DateTime.UtcNow, dueAt: DateTime.UtcNow.AddHours(1));

        Assert.Equal(3, await DispatchAsync());

        foreach (var c in customers) Assert.Single(h.FakeState.GetMessages("twilio", c.Phone));
        Assert.All(await RowsAsync(messages), row => Assert.Equal((MessageStatus.Accepted, (Guid?)null), (row.Status, row.ClaimToken)));
    }

    [Fact]
    public async Task A_handed_batch_whose_claim_ran_short_while_it_waited_is_released_and_claimed_again_from_the_outbox()
    {
        var customers = await h.SeedAsync(3);
        // Claimed so long ago that a fifth of its lease is left: too little for a send to be sure of its claim
        // (LeaseRenewal.Holds), so sent from the hand-over, none would go in this run.
        var messages = await HandOverAsync(customers, DateTime.UtcNow - Lease * 0.8);

        Assert.Equal(3, await DispatchAsync());

        foreach (var c in customers) Assert.Single(h.FakeState.GetMessages("twilio", c.Phone));
        Assert.All(await RowsAsync(messages), row => Assert.Equal(MessageStatus.Accepted, row.Status));
    }

    [Fact]
    public async Task Rows_another_instance_claimed_after_a_handed_claim_ran_out_are_not_sent_from_the_hand_over()
    {
        var customers = await h.SeedAsync(3);
        var other = (Token: Guid.NewGuid(), Instance: Guid.NewGuid(), Until: DateTime.UtcNow.AddMinutes(5));
        // Written as the other instance's claim left them: the database never shows the handed claim, lapsed or not.
        var messages = await HandOverAsync(customers, DateTime.UtcNow - Lease - TimeSpan.FromSeconds(1), beforeWriting: rows =>
        {
            foreach (var row in rows) (row.ClaimToken, row.ClaimedUntil, row.ClaimedBy) = (other.Token, other.Until, other.Instance);
        });

        Assert.Equal(0, await DispatchAsync());

        foreach (var c in customers) Assert.Empty(h.FakeState.GetMessages("twilio", c.Phone));
        Assert.All(await RowsAsync(messages), row => Assert.Equal((MessageStatus.Queued, other.Token, other.Instance), (row.Status, row.ClaimToken!.Value, row.ClaimedBy!.Value)));
    }
}
