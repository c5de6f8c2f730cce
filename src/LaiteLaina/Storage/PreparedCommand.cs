using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace LaiteLaina.Storage;

/// <summary>
/// One statement prepared once and run for many rows, for bulk paths such as a CSV import. Dapper builds
/// and binds a fresh command on every call, which at a million rows costs more than the inserts themselves.
/// Values are converted the way <see cref="DapperSetup"/> stores them, so rows written here and rows written
/// through Dapper read back alike.
/// </summary>
public sealed class PreparedCommand : IAsyncDisposable
{
    private readonly DbCommand command;
    private readonly bool sqlite;

    private PreparedCommand(DbCommand command, bool sqlite)
    {
        this.command = command;
        this.sqlite = sqlite;
    }

    /// <param name="parameters">Every @name in <paramref name="sql"/> with its type; values are set by position with <see cref="Set"/>.</param>
    public static async Task<PreparedCommand> CreateAsync(DbConnection c, DbTransaction tx, string sql,
        IReadOnlyList<(string Name, DbType Type)> parameters, CancellationToken ct = default)
    {
        var sqlite = c is SqliteConnection;
        var command = c.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, type) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            // SQLite keeps dates and instants as text (see DapperSetup).
            p.DbType = sqlite && type is DbType.Date or DbType.DateTimeOffset ? DbType.String : type;
            p.Value = DBNull.Value;
            command.Parameters.Add(p);
        }
        await command.PrepareAsync(ct);
        return new PreparedCommand(command, sqlite);
    }

    public void Set(int index, object? value) =>
        command.Parameters[index].Value = value switch
        {
            null => DBNull.Value,
            DateOnly d when sqlite => DapperSetup.SqliteDate(d),
            DateTimeOffset t when sqlite => DapperSetup.SqliteTimestamp(t),
            DateTimeOffset t => t.ToUniversalTime(),
            _ => value,
        };

    public Task<object?> ScalarAsync(CancellationToken ct = default) => command.ExecuteScalarAsync(ct);

    public Task<int> ExecuteAsync(CancellationToken ct = default) => command.ExecuteNonQueryAsync(ct);

    public ValueTask DisposeAsync() => command.DisposeAsync();
}
