using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace WhatsApp.Api.Features.Messaging;

/// <summary>
/// One single-row <c>INSERT … RETURNING</c> prepared on the connection's SQLite handle and run row after row, its
/// values bound by position. Microsoft.Data.Sqlite binds a command's parameters by name on every run: it encodes each
/// name to UTF-8, searches the statement for it and allocates a binder per value. For the fan-out's 39 columns that
/// was 15–18 % of everything a 100,000-recipient send allocated (bench/README.md, session 16).
/// <para>Contract: values are the provider values of the EF model's columns (after their converters), and are stored
/// as Microsoft.Data.Sqlite stores them (same storage class, same text); <c>OutboxBulkInsertTests</c> compares every
/// column with EF's own insert. Runs in the caller's transaction, which must already hold SQLite's write lock (it has
/// written): a busy database is an error here, not a wait.</para>
/// </summary>
internal sealed class SqliteRowInsert : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _text = new byte[256];

    /// <summary>
    /// The value each parameter holds from an earlier row (null: NULL). A reset keeps the bindings, so a value is bound
    /// only where it differs: a queued message leaves about half its 39 columns NULL, and a broadcast's rows share most
    /// of the rest (template, provider, creator, their times, their claim). Bound anew each row, the values took 1.6 % of
    /// the app's CPU in a 100,000-recipient send, formatting the times as text 0.9 % of it (session 20).
    /// </summary>
    private object?[] _bound = [];

    private SqliteRowInsert(sqlite3 db, sqlite3_stmt statement) => (_db, _statement) = (db, statement);

    /// <param name="sql">A statement whose parameters are positional (<c>?</c>) and which returns one integer column.</param>
    public static SqliteRowInsert Prepare(SqliteConnection connection, string sql)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(db, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, db);
        return new SqliteRowInsert(db, statement);
    }

    /// <summary>Inserts one row; returns the integer its RETURNING clause gives.</summary>
    public long Run(ReadOnlySpan<object?> values)
    {
        try
        {
            if (_bound.Length != values.Length)
            {
                raw.sqlite3_clear_bindings(_statement);
                _bound = new object?[values.Length];
            }
            for (var i = 0; i < values.Length; i++)
            {
                var value = values[i] is DBNull ? null : values[i];
                if (value is null ? _bound[i] is null : value.Equals(_bound[i])) continue;
                Bind(i + 1, value);
                _bound[i] = value;
            }
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(rc, _db);
            var id = raw.sqlite3_column_int64(_statement, 0);
            rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
            return id;
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    private void Bind(int index, object? value)
    {
        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(_statement, index),
            string s => BindText(index, s),
            long l => raw.sqlite3_bind_int64(_statement, index, l),
            int n => raw.sqlite3_bind_int64(_statement, index, n),
            short n => raw.sqlite3_bind_int64(_statement, index, n),
            byte n => raw.sqlite3_bind_int64(_statement, index, n),
            bool b => raw.sqlite3_bind_int64(_statement, index, b ? 1 : 0),
            double d => raw.sqlite3_bind_double(_statement, index, d),
            // The text forms Microsoft.Data.Sqlite gives these (SqliteValueBinder), which EF's SQLite mappings rely on.
            DateTime t => BindText(index, t.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
            decimal m => BindText(index, m.ToString("0.0###########################", CultureInfo.InvariantCulture)),
            Guid g => BindText(index, g.ToString().ToUpperInvariant()),
            byte[] blob => raw.sqlite3_bind_blob(_statement, index, blob),
            Enum e => raw.sqlite3_bind_int64(_statement, index, Convert.ToInt64(e, CultureInfo.InvariantCulture)),
            _ => throw new InvalidOperationException($"No SQLite binding for a {value.GetType().Name} (parameter {index})."),
        };
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    /// <summary>The text as UTF-8 in a buffer kept for the next value (SQLite copies it).</summary>
    private int BindText(int index, string text)
    {
        // An empty span would reach SQLite as a null pointer, which binds NULL instead of ''.
        if (text.Length == 0) return raw.sqlite3_bind_text(_statement, index, "");
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_text.Length < length) _text = new byte[Math.Max(length, _text.Length * 2)];
        var written = Encoding.UTF8.GetBytes(text, _text);
        return raw.sqlite3_bind_text(_statement, index, _text.AsSpan(0, written));
    }

    public void Dispose() => _statement.Dispose();
}
