using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// One hand-written statement run for many rows in the caller's transaction, each row's parameters typed by the EF
/// model's column mappings (so dates, enums and decimals are stored exactly as EF stores them). On SQLite the statement is
/// prepared once and run row after row in process (a run costs microseconds; many rows in one statement would cost the
/// square of its parameters, see <see cref="OutboxBulkInsert"/>); on PostgreSQL the rows wait and go together as one
/// batch, one round trip, each still its own statement with its own count of rows changed.
/// <para>Contract: <see cref="AddAsync"/> takes one value per parameter, in the order given at creation;
/// <see cref="RunAsync"/> returns, for every row added since the last run and in order, how many rows its statement changed.</para>
/// </summary>
internal sealed class RowStatement : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly string _sql;
    private readonly IReadOnlyList<(string Name, EntityColumn Column)> _parameters;
    private readonly DbCommand? _prepared;
    private readonly DbBatch? _batch;
    /// <summary>A batch command has no CreateParameter of its own: the mappings make parameters of the connection's kind on this.</summary>
    private readonly DbCommand? _parameterMaker;
    private readonly List<int> _changed = [];

    private RowStatement(AppDbContext db, string sql, IReadOnlyList<(string Name, EntityColumn Column)> parameters)
    {
        _connection = db.Database.GetDbConnection();
        _transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        (_sql, _parameters) = (sql, parameters);
        if (db.Database.IsSqlite())
        {
            _prepared = _connection.CreateCommand();
            (_prepared.CommandText, _prepared.Transaction) = (sql, _transaction);
        }
        else
        {
            _batch = _connection.CreateBatch();
            _batch.Transaction = _transaction;
            _parameterMaker = _connection.CreateCommand();
        }
    }

    /// <param name="parameters">Each parameter's name in <paramref name="sql"/> and the column whose mapping types it.</param>
    public static async Task<RowStatement> CreateAsync(AppDbContext db, string sql, IReadOnlyList<(string Name, EntityColumn Column)> parameters, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return new RowStatement(db, sql, parameters);
    }

    /// <summary>True when rows wait for <see cref="RunAsync"/> (PostgreSQL); on SQLite each row has already run.</summary>
    public bool HasPending => _batch is { BatchCommands.Count: > 0 };

    public async Task AddAsync(CancellationToken ct, params object?[] values)
    {
        if (_prepared is not null)
        {
            var fresh = _prepared.Parameters.Count == 0;
            for (var i = 0; i < values.Length; i++)
            {
                var (name, column) = _parameters[i];
                if (fresh) _prepared.Parameters.Add(column.Mapping.CreateParameter(_prepared, name, values[i], nullable: true));
                else _prepared.Parameters[i].Value = column.ToProvider(values[i]) ?? DBNull.Value;
            }
            _changed.Add(await _prepared.ExecuteNonQueryAsync(ct));
            return;
        }
        var command = _batch!.CreateBatchCommand();
        command.CommandText = _sql;
        for (var i = 0; i < values.Length; i++)
        {
            var (name, column) = _parameters[i];
            command.Parameters.Add(column.Mapping.CreateParameter(_parameterMaker!, name, values[i], nullable: true));
        }
        _batch.BatchCommands.Add(command);
    }

    public async Task<int[]> RunAsync(CancellationToken ct)
    {
        if (_batch is { BatchCommands.Count: > 0 })
        {
            await _batch.ExecuteNonQueryAsync(ct);
            _changed.AddRange(_batch.BatchCommands.Select(c => c.RecordsAffected));
            _batch.BatchCommands.Clear();
        }
        var changed = _changed.ToArray();
        _changed.Clear();
        return changed;
    }

    public async ValueTask DisposeAsync()
    {
        if (_prepared is not null) await _prepared.DisposeAsync();
        if (_batch is not null) await _batch.DisposeAsync();
        if (_parameterMaker is not null) await _parameterMaker.DisposeAsync();
    }
}
