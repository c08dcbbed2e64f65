using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using WhatsApp.Api.Infrastructure;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// One hand-written statement for many rows, run once in the caller's transaction, the rows' values passed as lists of
/// one parameter each: a JSON array SQLite reads with json_each, an array PostgreSQL unnests. Where one statement run
/// per row cost the SQLite writer a statement per message (bench/README.md, the send path).
/// </summary>
internal sealed class ListStatement : IAsyncDisposable
{
    private readonly DbCommand _command;

    private ListStatement(DbCommand command, bool isSqlite) => (_command, IsSqlite) = (command, isSqlite);

    /// <summary>SQLite (lists are JSON, read with json_each) rather than PostgreSQL (lists are arrays, unnested).</summary>
    public bool IsSqlite { get; }

    public static async Task<ListStatement> CreateAsync(AppDbContext db, string sql, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        return new ListStatement(command, db.Database.IsSqlite());
    }

    /// <summary>One value for every row, typed by its column's mapping in the EF model (as EF would store it).</summary>
    public ListStatement Add(string name, EntityColumn column, object? value)
    {
        _command.Parameters.Add(column.Mapping.CreateParameter(_command, name, value, nullable: true));
        return this;
    }

    /// <summary>A value per row: JSON text on SQLite, an array on PostgreSQL.</summary>
    public ListStatement AddList<T>(string name, IReadOnlyCollection<T> values)
    {
        var parameter = _command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = IsSqlite ? JsonSerializer.Serialize(values) : values.ToArray();
        _command.Parameters.Add(parameter);
        return this;
    }

    public Task<int> RunAsync(CancellationToken ct) => _command.ExecuteNonQueryAsync(ct);

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
