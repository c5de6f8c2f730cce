using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LaiteLaina.Storage;

/// <summary>
/// One statement prepared once and run for many rows, for bulk paths such as a CSV import. Dapper builds
/// and binds a fresh command on every call, which at a million rows costs more than the inserts themselves.
/// Values are converted the way <see cref="DapperSetup"/> stores them, so rows written here and rows written
/// through Dapper read back alike.
/// </summary>
/// <remarks>
/// On SQLite the statement is driven through SQLitePCL's raw API on the connection's own handle (so inside its
/// transaction), binding by position. Microsoft.Data.Sqlite looks every parameter up by name on every
/// execution, which a profile of the import showed as the largest single cost (strncmp in
/// sqlite3_bind_parameter_index, quadratic in the 27 columns of a device), and it reads an INSERT ... RETURNING
/// through a data reader, three times slower than the insert itself; SQLite hands out the new rowid for free.
/// SQLite keeps a statement's bindings from one run to the next, so a value equal to the one already bound (the
/// NULLs, the same status, actor or action on every row) is not bound again, and text is encoded to UTF-8 in one
/// reused buffer rather than a new array per value.
/// </remarks>
public sealed class PreparedCommand : IAsyncDisposable
{
    private const string ReturningId = "RETURNING id";

    private readonly DbCommand? command;
    private readonly sqlite3? handle;
    private readonly sqlite3_stmt? statement;
    private readonly int[] positions;
    private readonly object?[] values;
    private readonly object?[] bound = [];
    private readonly bool[] isBound = [];
    private readonly bool idFromRowId;
    private byte[] utf8 = new byte[1024];

    private PreparedCommand(DbCommand command, int count)
    {
        this.command = command;
        positions = [];
        values = new object?[count];
    }

    private PreparedCommand(sqlite3 handle, sqlite3_stmt statement, int[] positions, bool idFromRowId)
    {
        this.handle = handle;
        this.statement = statement;
        this.positions = positions;
        this.idFromRowId = idFromRowId;
        values = new object?[positions.Length];
        bound = new object?[positions.Length];
        isBound = new bool[positions.Length];
    }

    /// <param name="parameters">Every @name in <paramref name="sql"/> with its type; values are set by position with <see cref="Set"/>.</param>
    public static async Task<PreparedCommand> CreateAsync(DbConnection c, DbTransaction tx, string sql,
        IReadOnlyList<(string Name, DbType Type)> parameters, CancellationToken ct = default)
    {
        if (c is SqliteConnection sqlite)
        {
            var idFromRowId = sql.TrimEnd().EndsWith(ReturningId, StringComparison.OrdinalIgnoreCase);
            var text = idFromRowId ? sql.TrimEnd()[..^ReturningId.Length] : sql;
            var handle = sqlite.Handle!;
            var rc = raw.sqlite3_prepare_v2(handle, text, out var statement);
            if (rc != raw.SQLITE_OK)
                SqliteException.ThrowExceptionForRC(rc, handle);
            var positions = parameters.Select(p => raw.sqlite3_bind_parameter_index(statement, "@" + p.Name)).ToArray();
            return new PreparedCommand(handle, statement, positions, idFromRowId);
        }

        var command = c.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, type) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.DbType = type;
            p.Value = DBNull.Value;
            command.Parameters.Add(p);
        }
        await command.PrepareAsync(ct);
        return new PreparedCommand(command, parameters.Count);
    }

    /// <summary>Text already encoded as UTF-8 (such as JSON from <see cref="System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(object?, Type, System.Text.Json.JsonSerializerOptions?)"/>),
    /// which SQLite takes as it is instead of through a string and back.</summary>
    public readonly record struct Utf8Text(byte[] Bytes);

    public void Set(int index, object? value)
    {
        if (command is not null)
            command.Parameters[index].Value = value switch
            {
                null => DBNull.Value,
                Utf8Text u => Encoding.UTF8.GetString(u.Bytes),
                DateTimeOffset t => t.ToUniversalTime(),
                _ => value,
            };
        else
            values[index] = value;
    }

    /// <summary>Runs the statement; returns the first column of its first row, or the new id of an INSERT ... RETURNING id.</summary>
    public async Task<object?> ScalarAsync(CancellationToken ct = default) =>
        command is not null ? await command.ExecuteScalarAsync(ct) : Step();

    public async Task<int> ExecuteAsync(CancellationToken ct = default)
    {
        if (command is not null)
            return await command.ExecuteNonQueryAsync(ct);
        Step();
        return raw.sqlite3_changes(handle);
    }

    private object? Step()
    {
        for (var i = 0; i < positions.Length; i++)
        {
            if (isBound[i] && Equals(values[i], bound[i]))
                continue;
            isBound[i] = false;
            Bind(positions[i], values[i]);
            bound[i] = values[i];
            isBound[i] = true;
        }
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_ROW)
            {
                return raw.sqlite3_column_type(statement, 0) switch
                {
                    raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, 0),
                    raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, 0),
                    raw.SQLITE_TEXT => raw.sqlite3_column_text(statement, 0).utf8_to_string(),
                    raw.SQLITE_NULL => null,
                    _ => raw.sqlite3_column_blob(statement, 0).ToArray(),
                };
            }
            if (rc != raw.SQLITE_DONE)
                SqliteException.ThrowExceptionForRC(rc, handle);
            return idFromRowId ? raw.sqlite3_last_insert_rowid(handle) : null;
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    private void Bind(int position, object? value)
    {
        var rc = value switch
        {
            null => raw.sqlite3_bind_null(statement, position),
            string s => BindText(position, s),
            Utf8Text { Bytes.Length: > 0 } u => raw.sqlite3_bind_text(statement, position, u.Bytes),
            Utf8Text => raw.sqlite3_bind_text(statement, position, ""),
            long n => raw.sqlite3_bind_int64(statement, position, n),
            int n => raw.sqlite3_bind_int64(statement, position, n),
            bool b => raw.sqlite3_bind_int64(statement, position, b ? 1 : 0),
            double d => raw.sqlite3_bind_double(statement, position, d),
            DateOnly d => BindText(position, DapperSetup.SqliteDate(d)),
            DateTimeOffset t => BindText(position, DapperSetup.SqliteTimestamp(t)),
            byte[] bytes => raw.sqlite3_bind_blob(statement, position, bytes),
            _ => throw new ArgumentException($"cannot bind a {value.GetType().Name} to SQLite", nameof(value)),
        };
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, handle);
    }

    /// <summary>SQLite copies the text (SQLITE_TRANSIENT), so the buffer is free again as soon as this returns.</summary>
    private int BindText(int position, string text)
    {
        // An empty span would reach SQLite as a null pointer, which binds NULL rather than ''.
        if (text.Length == 0)
            return raw.sqlite3_bind_text(statement, position, "");
        if (Encoding.UTF8.GetMaxByteCount(text.Length) > utf8.Length)
            utf8 = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        var length = Encoding.UTF8.GetBytes(text, utf8);
        return raw.sqlite3_bind_text(statement, position, utf8.AsSpan(0, length));
    }

    public ValueTask DisposeAsync()
    {
        statement?.Dispose();
        return command?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
