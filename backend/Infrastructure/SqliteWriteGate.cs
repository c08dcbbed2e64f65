using Microsoft.EntityFrameworkCore;

namespace WhatsApp.Api.Infrastructure;

/// <summary>
/// Queues this instance's busiest writers (dispatch claims and outcomes, broadcast fan-out, delivery reports) for
/// SQLite's single write lock in-process. Left to SQLite, a writer that finds the lock taken sleeps in its busy
/// handler for up to 100 ms at a time, long after the lock is free again; under a broadcast those sleeps were most
/// of the time a batch took. PostgreSQL writes concurrently: there it does nothing.
/// </summary>
public sealed class SqliteWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Waits for the gate on SQLite (dispose the result to release it); null on PostgreSQL.</summary>
    public async ValueTask<IDisposable?> EnterAsync(AppDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsSqlite()) return null;
        await _gate.WaitAsync(ct);
        return new Release(_gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release();
        }
    }
}
