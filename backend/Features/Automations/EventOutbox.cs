using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Automations;

/// <summary>
/// How business changes raise events: the event row joins the change's transaction, and the processor is kicked only
/// after the commit. If the process stops in between, the row is still there and the recovery pass picks it up.
/// </summary>
public sealed class EventOutbox(AppDbContext db, AutomationTrigger trigger, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds the event to the context; the caller's SaveChanges writes it with the change.</summary>
    public AutomationEvent Add(string type, int customerId, string entityRef, IReadOnlyDictionary<string, string> data,
        EventOrigin origin = EventOrigin.App, string? dedupKey = null, DateTime? occurredAt = null, int? apiKeyId = null)
    {
        // Whole microseconds: the events API answers with CreatedAt now and its replays read it back (PostgreSQL keeps µs).
        var now = clock.GetUtcNow().UtcDateTime.ToStoredPrecision();
        var row = new AutomationEvent
        {
            Type = type,
            CustomerId = customerId,
            EntityRef = entityRef,
            DataJson = JsonSerializer.Serialize(data, Json),
            Origin = origin,
            DedupKey = dedupKey,
            ApiKeyId = apiKeyId,
            Status = AutomationEventStatus.Pending,
            NextAttemptAt = now,
            OccurredAt = occurredAt ?? now,
            CreatedAt = now,
        };
        db.Add(row);
        return row;
    }

    /// <summary>
    /// Saves the pending change, then, in the same transaction, the events <paramref name="raise"/> adds (it runs after
    /// the first save, so new rows have their ids for the entity reference); kicks the processor after the commit.
    /// </summary>
    public async Task SaveAsync(Action raise, CancellationToken ct = default)
    {
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            raise();
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        Kick();
    }

    /// <summary><see cref="SaveAsync"/>, or false when the database refused the write (a unique number taken, a concurrent change).</summary>
    public async Task<bool> TrySaveAsync(Action raise, CancellationToken ct = default)
    {
        try
        {
            await SaveAsync(raise, ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    public void Kick() => trigger.Kick();

    internal static Dictionary<string, string> ReadData(AutomationEvent e) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(e.DataJson, Json) ?? [];
}

/// <summary>
/// Starts the processor as a Hangfire job. A kick while a run is busy here needs no job: that run looks again before it
/// ends, so a burst of events during a run costs no job per event. Only a local run is relied on: a job waiting in shared
/// storage may be taken by another instance that has finished by the time the next event is written.
/// </summary>
public sealed class AutomationTrigger(IBackgroundJobClient jobs, AutomationProcessor processor)
{
    public void Kick()
    {
        if (!processor.LookAgainIfRunning()) jobs.Enqueue<AutomationJob>(j => j.RunAsync(CancellationToken.None));
    }
}

public sealed class AutomationJob(AutomationProcessor processor)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Turn automation events into WhatsApp messages")]
    public Task RunAsync(CancellationToken ct) => processor.RunAsync(ct);
}
