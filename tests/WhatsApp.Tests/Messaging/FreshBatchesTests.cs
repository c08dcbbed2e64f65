using Microsoft.Extensions.Options;
using WhatsApp.Api.Features.Messaging;
using WhatsApp.Api.Infrastructure.Instances;

namespace WhatsApp.Tests.Messaging;

/// <summary>How many of a fan-out's fresh rows go to the dispatcher already claimed, and when.</summary>
public class FreshBatchesTests
{
    private const int BatchSize = 2;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);
    private static readonly DateTime Now = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);
    private readonly InstanceIdentity _instance = new();
    private readonly FreshBatches _fresh;

    public FreshBatchesTests() =>
        _fresh = new FreshBatches(Options.Create(new DispatchOptions { BatchSize = BatchSize, Lease = Lease }), _instance);

    private static List<WhatsAppMessage> Messages(int count) => Enumerable.Range(0, count)
        .Select(i => new WhatsAppMessage { ToPhone = $"+1212555{i:0000}", TemplateName = "news", TemplateLanguage = "en_US", ParametersJson = "{}" }).ToList();

    [Fact]
    public async Task Rows_are_claimed_in_dispatch_sized_batches_while_there_is_room_and_the_rest_are_left_unclaimed()
    {
        var messages = Messages(FreshBatches.MostWaiting * BatchSize + 3);

        var batches = await _fresh.ClaimAsync(messages, Now, TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(FreshBatches.MostWaiting, batches.Count);
        Assert.Equal(messages.Take(FreshBatches.MostWaiting * BatchSize), batches.SelectMany(b => b.Rows));
        Assert.Equal(batches.Count, batches.Select(b => b.Token).Distinct().Count());
        foreach (var batch in batches)
        {
            Assert.Equal(Now + Lease, batch.ClaimedUntil);
            Assert.All(batch.Rows, row => Assert.Equal((batch.Token, Now + Lease, _instance.Id), (row.ClaimToken!.Value, row.ClaimedUntil!.Value, row.ClaimedBy!.Value)));
        }
        Assert.All(messages.Skip(FreshBatches.MostWaiting * BatchSize), row => Assert.Equal((null, null, null), (row.ClaimToken, row.ClaimedUntil, row.ClaimedBy)));
    }

    [Fact]
    public async Task A_fan_out_waits_for_the_room_the_dispatcher_frees_by_taking_a_batch()
    {
        var first = await _fresh.ClaimAsync(Messages(FreshBatches.MostWaiting * BatchSize), Now, TimeSpan.Zero, CancellationToken.None);
        _fresh.Hand(first);

        var next = _fresh.ClaimAsync(Messages(BatchSize), Now, TimeSpan.FromSeconds(30), CancellationToken.None);
        await Task.Delay(200);
        Assert.False(next.IsCompleted);

        Assert.True(_fresh.TryTake(out var taken));
        Assert.Equal(first[0], taken);
        Assert.Single(await next.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Batches_that_were_not_written_give_their_room_back_and_are_never_handed_over()
    {
        var unwritten = await _fresh.ClaimAsync(Messages(FreshBatches.MostWaiting * BatchSize), Now, TimeSpan.Zero, CancellationToken.None);
        Assert.Empty(await _fresh.ClaimAsync(Messages(BatchSize), Now, TimeSpan.Zero, CancellationToken.None));

        _fresh.GiveBack(unwritten);

        Assert.False(_fresh.TryTake(out _));
        Assert.Equal(FreshBatches.MostWaiting, (await _fresh.ClaimAsync(Messages(FreshBatches.MostWaiting * BatchSize), Now, TimeSpan.Zero, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task The_dispatcher_takes_batches_in_the_order_they_were_handed_over()
    {
        var batches = await _fresh.ClaimAsync(Messages(3 * BatchSize), Now, TimeSpan.Zero, CancellationToken.None);
        _fresh.Hand(batches[..1]);
        _fresh.Hand(batches[1..]);

        var taken = new List<FreshBatches.Batch>();
        while (_fresh.TryTake(out var batch)) taken.Add(batch);

        Assert.Equal(batches, taken);
    }
}
