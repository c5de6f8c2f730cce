using Dapper;
using LaiteLaina.Storage;

namespace LaiteLaina.Backups;

/// <summary>One run of the scheduled backup as recorded: <see cref="Problem"/> is a stored message (see <see cref="StoredText"/>).</summary>
public sealed record BackupRun(long Id, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string Folder, string State,
    long Bytes, long RowCount, string? Problem)
{
    public const string Ok = "ok", Failed = "failed";

    public bool Succeeded => State == Ok;

    /// <summary>Why the run failed, in any reader's language; null for a good run.</summary>
    public Message? Why => StoredText.Read(Problem);
}

/// <summary>The backups table: the only writer of it.</summary>
public sealed class BackupStore(Database db)
{
    private const string Columns = "id, started_at, finished_at, folder, state, bytes, row_count, problem";

    public Task<BackupRun> AddAsync(DateTimeOffset started, DateTimeOffset finished, string folder, string state, long bytes, long rows,
        Message? problem, CancellationToken ct) =>
        db.WriteAsync((c, tx) => c.QuerySingleAsync<BackupRun>($"""
            INSERT INTO backups (started_at, finished_at, folder, state, bytes, row_count, problem)
            VALUES (@started, @finished, @folder, @state, @bytes, @rows, @problem)
            RETURNING {Columns}
            """, new { started, finished, folder, state, bytes, rows, problem = problem is null ? null : StoredText.Store(problem) }, tx), ct);

    /// <summary>The newest run, good or not; null before the first.</summary>
    public Task<BackupRun?> LastAsync(CancellationToken ct) =>
        db.ReadAsync(c => c.QueryFirstOrDefaultAsync<BackupRun?>($"SELECT {Columns} FROM backups ORDER BY finished_at DESC, id DESC LIMIT 1"), ct);

    /// <summary>The newest good run; null before the first.</summary>
    public Task<BackupRun?> LastSuccessAsync(CancellationToken ct) =>
        db.ReadAsync(c => c.QueryFirstOrDefaultAsync<BackupRun?>(
            $"SELECT {Columns} FROM backups WHERE state = 'ok' ORDER BY finished_at DESC, id DESC LIMIT 1"), ct);
}
