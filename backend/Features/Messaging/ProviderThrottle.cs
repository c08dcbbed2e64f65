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
/// slow to use it) is dropped rather than used late, so no one-second window ever holds more than the limit.
/// Also honours a provider-wide pause after a 429, shared the same way.
/// </summary>
public sealed class ProviderThrottle(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ProviderThrottle> logger)
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
        while (true)
        {
            long slot = -1;
            var now = clock.GetUtcNow().UtcTicks;
            lock (lane)
            {
                if (lane.Spacing != spacing) lane.Clear(spacing);
                // Stale slots go unused: sent late they would crowd the window of the slots after them.
                while (lane.Remaining > 0 && lane.NextSlot + tolerance < now) lane.Take();
                if (lane.Remaining > 0 && lane.NextSlot >= lane.PausedUntil) slot = lane.Take();
                else if (lane.Remaining > 0) lane.Clear(spacing);
            }
            if (slot < 0)
            {
                await ReserveAsync(providerId, lane, perSecond, spacing, ct);
                continue;
            }
            var wait = TimeSpan.FromTicks(slot - now);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, ct);
            return;
        }
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

    /// <summary>Takes the next block of slots off the shared timeline (one reserver per lane at a time).</summary>
    private async Task ReserveAsync(int providerId, Lane lane, int perSecond, long spacing, CancellationToken ct)
    {
        await lane.Reserving.WaitAsync(ct);
        try
        {
            lock (lane)
            {
                if (lane.Remaining > 0) return; // another waiter refilled it meanwhile
            }
            var count = Math.Max(1, perSecond / 10);
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
            long end, pausedUntil;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                await reader.ReadAsync(ct);
                end = reader.GetInt64(0);
                pausedUntil = reader.GetInt64(1);
            }
            lock (lane)
            {
                lane.NextSlot = end - count * spacing;
                lane.Remaining = count;
                if (pausedUntil > lane.PausedUntil) lane.PausedUntil = pausedUntil;
            }
            if (lane.NextSlot - now > TimeSpan.TicksPerSecond * 5)
                logger.LogDebug("Provider {ProviderId}: the next free send slot is {Seconds:0.0} s away.", providerId, (lane.NextSlot - now) / (double)TimeSpan.TicksPerSecond);
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

    private sealed class Lane
    {
        public readonly SemaphoreSlim Reserving = new(1, 1);
        public long Spacing;
        public long NextSlot;
        public int Remaining;
        public long PausedUntil;

        public long Take()
        {
            var slot = NextSlot;
            NextSlot += Spacing;
            Remaining--;
            return slot;
        }

        public void Clear(long spacing)
        {
            Spacing = spacing;
            Remaining = 0;
        }
    }
}
