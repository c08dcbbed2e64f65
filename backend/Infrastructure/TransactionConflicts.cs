using System.Collections.Frozen;
using Npgsql;

namespace WhatsApp.Api.Infrastructure;

/// <summary>
/// The failures after which PostgreSQL has rolled a whole transaction back itself, to settle a conflict with another
/// one: nothing of it was written, so running it again is safe and, once the other has finished, succeeds. Any other
/// failure (above all a connection lost during the commit) leaves it unknown whether the transaction was written, and is
/// not one of these. SQLite has one writer at a time (<see cref="SqliteWriteGate"/>) and never fails this way.
/// </summary>
public static class TransactionConflicts
{
    /// <summary>SQLSTATE → the conflict, as a log line names it.</summary>
    private static readonly FrozenDictionary<string, string> RolledBack = new Dictionary<string, string>
    {
        [PostgresErrorCodes.DeadlockDetected] = "a deadlock",
        [PostgresErrorCodes.SerializationFailure] = "a serialization conflict",
    }.ToFrozenDictionary();

    /// <summary>The conflict PostgreSQL rolled the transaction back for; null when the failure is not such a rollback.</summary>
    public static string? RolledBackFor(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is PostgresException postgres && RolledBack.TryGetValue(postgres.SqlState, out var conflict)) return conflict;
        return null;
    }
}
