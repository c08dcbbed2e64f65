using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Holds each provider to its messages-per-second across every instance. Sends start on slots spaced 1/limit apart
/// on one shared timeline per provider (<see cref="ProviderThrottleState"/>): an instance reserves its next block of
/// slots (a tenth of a second's worth) in one atomic statement and starts one send per slot. Spacing, rather than
/// granting a second's quota at once, keeps arrivals at the provider under the limit too: a burst delayed on a cold
/// connection would otherwise land together with the next second's. A slot that has gone stale (its instance was
/// slow to use it, or its send woke late from the wait) is dropped rather than used late, so no one-second window
/// ever holds more than the limit. Also honours a provider-wide pause after a 429, shared the same way.
/// <para>The next block is reserved while the current one still has half its slots, through the SQLite write gate:
/// reserved only once a block ran out, the sends waited for that statement, which queued behind the delivery reports'
/// group writes, and a 20,000 broadcast at 1,000 msg/s with callbacks coming in sent 466 msg/s (1,580 msg/s with the
/// throttle off; bench/README.md, loop).</para>
/// </summary>
public sealed class ProviderThrottle(IServiceScopeFactory scopes, SqliteWriteGate gate, TimeProvider clock, ILogger<ProviderThrottle> logger)
{
    private readonly ConcurrentDictionary<int, Lane> _lanes = new();

    /// <summary>How much later than its neighbours a send may reach the provider (scheduling, connection pools).</summary>
    public static readonly TimeSpan ArrivalJitter = TimeSpan.FromMilliseconds(25);

    /// <summary>Waits for a slot for this provider. A rate of 0 or less means unthrottled.</summary>
    public async ValueTask WaitAsync(int providerId, int perSecond, CancellationToken ct)
    {
        if (perSecond <= 0) return;
        var lane = _lanes.GetOrAdd(providerId, _ => new Lane());
        // A slot may start up to half a step late (tolerance); the step is stretched by that much over the second, so
        // any one-second window still holds at most perSecond starts: N steps span exactly 1 s + tolerance. It is
        // stretched again by the jitter between a send's start and its arrival, so the provider's own count of any
        // second stays within the limit too (bench/README.md, throttle).
        var tolerance = TimeSpan.TicksPerSecond / (2L * perSecond);
        var spacing = (TimeSpan.TicksPerSecond + tolerance + ArrivalJitter.Ticks) / perSecond + 1;
        var blockSize = BlockSize(perSecond);
        while (true)
        {
            long slot = -1;
            var prefetch = false;
            var now = clock.GetUtcNow().UtcTicks;
            lock (lane)
            {
                if (lane.Spacing != spacing) lane.Clear(spacing);
                // Stale slots go unused: sent late they would crowd the window of the slots after them.
                while (lane.Remaining > 0 && lane.NextSlot + tolerance < now) lane.Take();
                if (lane.Remaining > 0 && lane.NextSlot >= lane.PausedUntil)
                {
                    slot = lane.Take();
                    prefetch = lane.WantsNextBlock(blockSize);
                }
                else if (lane.Remaining > 0) lane.Clear(spacing);
            }
            if (slot < 0)
            {
                await ReserveAsync(providerId, lane, blockSize, spacing, waitForTurn: true, ct);
                continue;
            }
            if (prefetch) _ = PrefetchAsync(providerId, lane, blockSize, spacing);
            var wait = TimeSpan.FromTicks(slot - now);
            if (wait <= TimeSpan.Zero) return;
            await Task.Delay(wait, clock, ct);
            // Woken later than the spacing's stretch allows (a collection, a starved thread pool, a paused machine):
            // every send waiting through the same stall wakes at once, and sent now they would land together, over
            // the limit (a second's sends within 114 ms, seen in CI). The slot is dropped and another one taken.
            var late = clock.GetUtcNow().UtcTicks - slot;
            if (late <= tolerance + ArrivalJitter.Ticks) return;
            logger.LogDebug("Provider {ProviderId}: woke {Late:0} ms after its send slot; taking another.", providerId, late / (double)TimeSpan.TicksPerMillisecond);
        }
    }

    /// <summary>Slots reserved at a time: a tenth of a second's worth.</summary>
    private static int BlockSize(int perSecond) => Math.Max(1, perSecond / 10);

    /// <summary>Reserves the next block in the background; a failure only means the sends reserve it themselves.</summary>
    private async Task PrefetchAsync(int providerId, Lane lane, int blockSize, long spacing)
    {
        try { await ReserveAsync(providerId, lane, blockSize, spacing, waitForTurn: false, CancellationToken.None); }
        catch (Exception ex) { logger.LogWarning(ex, "Reserving send slots ahead for provider {ProviderId} failed.", providerId); }
    }

    /// <summary>Stops every send through this provider, on every instance, until the time given (429 / Retry-After).</summary>
    public async Task PauseAsync(int providerId, TimeSpan duration, CancellationToken ct)
    {
        var until = clock.GetUtcNow().UtcTicks + duration.Ticks;
        var lane = _lanes.GetOrAdd(providerId, _ => new Lane());
        lock (lane)
        {
            if (until > lane.PausedUntil) lane.PausedUntil = until;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Only the function's name is spliced in; the values are parameters.
        var upsert = $$"""
            INSERT INTO "ProviderThrottleStates" ("ProviderId", "NextSlotTicks", "PausedUntilTicks") VALUES ({0}, 0, {1})
            ON CONFLICT ("ProviderId") DO UPDATE SET "PausedUntilTicks" = {{Greatest(db)}}("ProviderThrottleStates"."PausedUntilTicks", {1})
            """;
        await db.Database.ExecuteSqlRawAsync(upsert, [providerId, until], ct);
    }

    /// <summary>The larger of several values: SQLite's multi-argument MAX is PostgreSQL's GREATEST.</summary>
    private static string Greatest(AppDbContext db) => db.Database.IsNpgsql() ? "GREATEST" : "MAX";

    /// <summary>
    /// Takes the next block of slots off the shared timeline (one reserver per lane at a time). A send with no slot left
    /// waits for its turn; a prefetch gives way to a reservation already under way.
    /// </summary>
    private async Task ReserveAsync(int providerId, Lane lane, int count, long spacing, bool waitForTurn, CancellationToken ct)
    {
        if (waitForTurn) await lane.Reserving.WaitAsync(ct);
        else if (!lane.Reserving.Wait(0)) return;
        try
        {
            lock (lane)
            {
                // Another reserver refilled it meanwhile.
                if (waitForTurn ? lane.Remaining > 0 : !lane.WantsNextBlock(count)) return;
            }
            var now = clock.GetUtcNow().UtcTicks;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText =
                $"""
                 INSERT INTO "ProviderThrottleStates" ("ProviderId", "NextSlotTicks", "PausedUntilTicks") VALUES (@id, @now + @span, 0)
                 ON CONFLICT ("ProviderId") DO UPDATE SET "NextSlotTicks" =
                     {Greatest(db)}("ProviderThrottleStates"."NextSlotTicks", @now, "ProviderThrottleStates"."PausedUntilTicks") + @span
                 RETURNING "NextSlotTicks", "PausedUntilTicks"
                 """;
            Add(command, "id", providerId);
            Add(command, "now", now);
            Add(command, "span", count * spacing);
            long first, pausedUntil;
            using (await gate.EnterAsync(db, ct))
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                await reader.ReadAsync(ct);
                first = reader.GetInt64(0) - count * spacing;
                pausedUntil = reader.GetInt64(1);
            }
            lock (lane)
            {
                // Slots spaced for another rate are of no use (the rate was changed meanwhile).
                if (lane.Spacing == spacing) lane.Add(first, count);
                if (pausedUntil > lane.PausedUntil) lane.PausedUntil = pausedUntil;
            }
            if (first - now > TimeSpan.TicksPerSecond * 5)
                logger.LogDebug("Provider {ProviderId}: the next free send slot is {Seconds:0.0} s away.", providerId, (first - now) / (double)TimeSpan.TicksPerSecond);
        }
        finally
        {
            lane.Reserving.Release();
        }
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    /// <summary>A provider's slots on this instance: the block in use and at most one reserved after it.</summary>
    private sealed class Lane
    {
        public readonly SemaphoreSlim Reserving = new(1, 1);
        public long Spacing;
        public long PausedUntil;
        private long _next, _nextAfter;
        private int _remaining, _remainingAfter;

        public int Remaining => _remaining + _remainingAfter;
        public long NextSlot => _remaining > 0 ? _next : _nextAfter;

        /// <summary>The block in use is half gone and none waits after it.</summary>
        public bool WantsNextBlock(int blockSize) => _remainingAfter == 0 && _remaining <= blockSize / 2;

        public long Take()
        {
            Promote();
            var slot = _next;
            _next += Spacing;
            _remaining--;
            return slot;
        }

        public void Add(long first, int count)
        {
            Promote();
            if (_remaining == 0) (_next, _remaining) = (first, count);
            else (_nextAfter, _remainingAfter) = (first, count);
        }

        /// <summary>Once the block in use is gone, the one reserved after it takes its place.</summary>
        private void Promote()
        {
            if (_remaining == 0) (_next, _remaining, _nextAfter, _remainingAfter) = (_nextAfter, _remainingAfter, 0, 0);
        }

        public void Clear(long spacing)
        {
            Spacing = spacing;
            _remaining = _remainingAfter = 0;
        }
    }
}
