using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using WhatsApp.Api.Features.Providers.Drivers;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// Writes many new outbox rows with a prepared statement reused row after row (many rows per statement on PostgreSQL),
/// and their Queued events in one statement. EF Core's SaveChanges made a broadcast's fan-out the slowest step of sending (0.4–1 s per
/// 1,000 recipients); this takes about 0.1 s. Columns and parameter conversions come from the EF model, so the
/// statements follow the entity.
/// </summary>
public static class OutboxBulkInsert
{
    /// <summary>
    /// Inserts the messages with one Queued event each, in the caller's transaction, and sets each message's id (on
    /// PostgreSQL only where its phone is unique among them, always so in a broadcast: a multi-row INSERT's RETURNING
    /// is not promised in the order of its VALUES, so ids are matched by phone).
    /// </summary>
    public static async Task InsertQueuedAsync(AppDbContext db, IReadOnlyList<WhatsAppMessage> messages, DateTime now, CancellationToken ct)
    {
        if (messages.Count == 0) return;
        var table = EntityTable.Of<WhatsAppMessage>(db);
        await db.Database.OpenConnectionAsync(ct);
        var ids = db.Database.GetDbConnection() is SqliteConnection sqlite
            ? InsertOneByOne(sqlite, table, messages)
            : await InsertInChunksAsync(db, table, messages, ct);
        // Every event is the same but for its message id, so the order RETURNING gives the ids in does not matter.
        await ReportWrites.InsertSameEventAsync(db, ids, MessageStatus.Queued, now, ct);
    }

    /// <summary>
    /// SQLite: one prepared single-row statement run per row, in process (many rows per statement would cost the square
    /// of its parameters: SQLite finds a named parameter by a linear search, 250 rows × 22 took 0.8 s per 1,000), its
    /// values bound by position (<see cref="SqliteRowInsert"/>).
    /// </summary>
    private static List<long> InsertOneByOne(SqliteConnection connection, EntityTable table, IReadOnlyList<WhatsAppMessage> messages)
    {
        var ids = new List<long>(messages.Count);
        var values = new object?[table.Columns.Count];
        using var insert = SqliteRowInsert.Prepare(connection,
            $"INSERT INTO {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) VALUES ({string.Join(", ", table.Columns.Select(_ => "?"))}) RETURNING {table.KeyColumn}");
        foreach (var message in messages)
        {
            for (var col = 0; col < values.Length; col++) values[col] = table.Columns[col].ProviderValueOf(message);
            ids.Add(message.Id = insert.Run(values));
        }
        return ids;
    }

    /// <summary>PostgreSQL pays a round trip per statement instead: there many rows go in each.</summary>
    private static async Task<List<long>> InsertInChunksAsync(AppDbContext db, EntityTable table, IReadOnlyList<WhatsAppMessage> messages, CancellationToken ct)
    {
        const int rowsPerStatement = 100;
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        DbCommand? insertMessages = null;
        var ids = new List<long>(messages.Count);
        var phones = new List<string>(messages.Count);
        try
        {
            foreach (var chunk in messages.Chunk(rowsPerStatement))
            {
                // Commands are reused while the chunk size is the same, so each is prepared once.
                var full = chunk.Length == rowsPerStatement;
                var messageCommand = full ? insertMessages ??= MessageInsert(connection, transaction, table, chunk.Length) : MessageInsert(connection, transaction, table, chunk.Length);
                // Parameters are made once per command by the column's mapping (its type), then only their values change.
                var fresh = messageCommand.Parameters.Count == 0;
                for (var row = 0; row < chunk.Length; row++)
                for (var col = 0; col < table.Columns.Count; col++)
                {
                    var column = table.Columns[col];
                    if (fresh) messageCommand.Parameters.Add(column.Mapping.CreateParameter(messageCommand, $"@p{row}_{col}", column.Property.GetGetter().GetClrValueUsingContainingEntity(chunk[row]), column.Property.IsNullable));
                    else messageCommand.Parameters[row * table.Columns.Count + col].Value = column.ProviderValueOf(chunk[row]) ?? DBNull.Value;
                }
                await using (var reader = await messageCommand.ExecuteReaderAsync(ct))
                    while (await reader.ReadAsync(ct))
                    {
                        ids.Add(reader.GetInt64(0));
                        phones.Add(reader.GetString(1));
                    }
                if (!full) await messageCommand.DisposeAsync();
            }
            var byPhone = messages.CountBy(m => m.ToPhone).Where(p => p.Value == 1).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
            var idOf = phones.Zip(ids).Where(p => byPhone.Contains(p.First)).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
            foreach (var message in messages)
                if (idOf.TryGetValue(message.ToPhone, out var id)) message.Id = id;
            return ids;
        }
        finally
        {
            if (insertMessages is not null) await insertMessages.DisposeAsync();
        }
    }

    private static DbCommand MessageInsert(DbConnection connection, DbTransaction? transaction, EntityTable table, int rows)
    {
        var sql = new StringBuilder($"INSERT INTO {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) VALUES ");
        for (var row = 0; row < rows; row++)
            sql.Append(row == 0 ? "(" : ", (").AppendJoin(", ", table.Columns.Select((_, col) => $"@p{row}_{col}")).Append(')');
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql.Append($" RETURNING {table.KeyColumn}, {table.Column(nameof(WhatsAppMessage.ToPhone)).Name}").ToString();
        return command;
    }
}
