using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LaiteLaina.Benchmarks;

/// <summary>
/// A staff loan's writes with nothing but Dapper over the same SQLite file: the floor the service is measured against.
/// Same connection string (so the same pool, foreign keys and time-out) and the same per-connection PRAGMAs as the
/// service's connections; one IMMEDIATE transaction per operation. No checks, no reads beyond what the writes need.
/// </summary>
public sealed class RawLoans(string connectionString, long borrowerId, DateOnly due)
{
    private int reference;

    private async Task<T> InTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work)
    {
        await using var c = new SqliteConnection(connectionString);
        await c.OpenAsync();
        await c.ExecuteAsync("PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;");
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync();
        var result = await work(c, tx);
        await tx.CommitAsync();
        return result;
    }

    public Task<long> CheckOutAsync(string tag) =>
        InTransactionAsync(async (c, tx) =>
        {
            var now = DateTimeOffset.UtcNow;
            var deviceId = await c.ExecuteScalarAsync<long>(
                "UPDATE devices SET status = 'OnLoan', updated_at = @now WHERE tag = @tag RETURNING id", new { tag, now }, tx);
            var key = "RAW-" + (++reference).ToString("D6", CultureInfo.InvariantCulture);
            var loanId = await c.ExecuteScalarAsync<long>("""
                INSERT INTO loans (reference, kind, state, device_id, borrower_id, counsellor, language, started_at, due_on, condition_out, renewals)
                VALUES (@key, 'Staff', 'Open', @deviceId, @borrowerId, 'bench', 'fi', @now, @due, 'Good', 0)
                RETURNING id
                """, new { key, deviceId, borrowerId, now, due }, tx);
            await c.ExecuteAsync("""
                INSERT INTO audit_log (at, actor, action, record_type, record_id, record_key, before_json, after_json)
                VALUES (@now, 'bench', 'loan.out', 'loan', @loanId, @key, NULL, @json)
                """, new { now, loanId, key, json = $$"""{"id":{{loanId}},"reference":"{{key}}","state":"Open","deviceId":{{deviceId}}}""" }, tx);
            return loanId;
        });

    public Task<long> ReturnAsync(string tag) =>
        InTransactionAsync(async (c, tx) =>
        {
            var now = DateTimeOffset.UtcNow;
            var (loanId, key) = await c.QuerySingleAsync<(long, string)>("""
                UPDATE loans SET state = 'Returned', closed_at = @now, closed_by = 'bench', condition_in = 'Good'
                WHERE device_id = (SELECT id FROM devices WHERE tag = @tag) AND state = 'Open'
                RETURNING id, reference
                """, new { tag, now }, tx);
            await c.ExecuteAsync("UPDATE devices SET status = 'Ready', updated_at = @now WHERE tag = @tag", new { tag, now }, tx);
            await c.ExecuteAsync("""
                INSERT INTO audit_log (at, actor, action, record_type, record_id, record_key, before_json, after_json)
                VALUES (@now, 'bench', 'loan.return', 'loan', @loanId, @key, NULL, @json)
                """, new { now, loanId, key, json = $$"""{"id":{{loanId}},"reference":"{{key}}","state":"Returned"}""" }, tx);
            return loanId;
        });
}
