using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using WhatsApp.Api.Infrastructure.Instances;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Outbox rows a broadcast's fan-out wrote already claimed by this instance, handed to its dispatcher in memory: the
/// dispatcher sends them without claiming them from the database first. A claim there finds the rows the fan-out has
/// just written, marks them in an UPDATE behind SQLite's single writer and reads all 39 columns back: in a
/// 100,000-recipient send the claims took 8 % of the app's CPU, and the sends stopped whenever one waited behind the
/// fan-out's writes (bench/README.md, session 20).
/// <para>Contract: a batch is written with <see cref="ClaimAsync"/>'s token and lease in the same transaction as its rows,
/// handed over (<see cref="Hand"/>) only once committed, and given back (<see cref="GiveBack"/>) when it was not. At most
/// <see cref="MostWaiting"/> batches wait; the fan-out writes the rest unclaimed for the dispatcher's usual claim. A
/// batch that waited so long its lease is half gone is not sent from here: its rows are released
/// (<see cref="OutboxDispatcher"/>). If the process dies, its claims come back like any other claim of a dead
/// instance.</para>
/// </summary>
public sealed class FreshBatches(IOptions<DispatchOptions> options, InstanceIdentity instance)
{
    /// <summary>
    /// Batches waiting at most (2,000 rows at the default batch size, two of the fan-out's batches): a fan-out that
    /// finds no room waits a little for it and then writes its rows unclaimed. A slow provider leaves later batches
    /// waiting past half their lease; those are released for an ordinary claim.
    /// </summary>
    public const int MostWaiting = 4;

    private readonly ConcurrentQueue<Batch> _waiting = new();
    /// <summary>Room for batches: taken while one is written or waits, freed when the dispatcher takes it.</summary>
    private readonly SemaphoreSlim _room = new(MostWaiting, MostWaiting);

    /// <param name="Rows">As written (their ids set), each carrying the claim.</param>
    public sealed record Batch(Guid Token, DateTime ClaimedUntil, List<WhatsAppMessage> Rows);

    /// <summary>
    /// Marks as many of <paramref name="messages"/> as there is room for (in dispatch-sized batches, from the first) as
    /// claimed by this instance until a lease from <paramref name="now"/>; returns the batches, to hand over once they
    /// are written. Waits up to <paramref name="patience"/> in all for room.
    /// </summary>
    public async Task<List<Batch>> ClaimAsync(IReadOnlyList<WhatsAppMessage> messages, DateTime now, TimeSpan patience, CancellationToken ct)
    {
        var size = Math.Max(1, options.Value.BatchSize);
        var batches = new List<Batch>();
        var until = now + options.Value.Lease;
        var waiting = Stopwatch.StartNew();
        try
        {
            for (var first = 0; first < messages.Count; first += size)
            {
                if (!await _room.WaitAsync(Max(patience - waiting.Elapsed, TimeSpan.Zero), ct)) break;
                var rows = messages.Skip(first).Take(size).ToList();
                var token = Guid.NewGuid();
                foreach (var row in rows) (row.ClaimToken, row.ClaimedUntil, row.ClaimedBy) = (token, until, instance.Id);
                batches.Add(new Batch(token, until, rows));
            }
        }
        catch (OperationCanceledException)
        {
            GiveBack(batches);
            throw;
        }
        return batches;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Makes committed batches (their rows' ids set) available to the dispatcher.</summary>
    public void Hand(List<Batch> batches)
    {
        foreach (var batch in batches) _waiting.Enqueue(batch);
    }

    /// <summary>Frees the room of batches that were not written (their transaction did not commit).</summary>
    public void GiveBack(List<Batch> batches)
    {
        if (batches.Count > 0) _room.Release(batches.Count);
    }

    /// <summary>The oldest waiting batch, if any.</summary>
    public bool TryTake(out Batch batch)
    {
        if (!_waiting.TryDequeue(out batch!)) return false;
        _room.Release();
        return true;
    }
}
