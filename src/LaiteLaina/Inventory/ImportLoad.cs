using System.Data.Common;
using Dapper;
using LaiteLaina.Storage;
using Microsoft.Data.Sqlite;

namespace LaiteLaina.Inventory;

/// <summary>
/// How a large import writes into SQLite faster, inside its one transaction (PostgreSQL is left as it is).
/// <list type="bullet">
/// <item>A bigger page cache for this connection while the import runs, so that the serial-number index, which
/// every row looks up and inserts into at a random place, stays in memory instead of being written out to the
/// WAL and read back; it is set back before the connection returns to the pool.</item>
/// <item>Once the import has written as many rows as the table already holds (and at least
/// <see cref="MinRowsToDefer"/>), the secondary indexes of devices and of the audit log are dropped and built again
/// at the end, in the same transaction (<see cref="DeferredIndexes"/>). From then on the rebuild costs less than
/// keeping them up to date would; a small import into a large table never pays for a rebuild. The serial-number
/// index stays: every row is checked against it.</item>
/// </list>
/// </summary>
internal sealed class ImportLoad : IAsyncDisposable
{
    /// <summary>Below this the import keeps the indexes up to date: a rebuild would not pay off.</summary>
    public const int MinRowsToDefer = 10_000;

    /// <summary>64 MiB (negative means KiB): holds the serial index of several million devices.</summary>
    private const int ImportCacheKiB = 65_536;

    private readonly SqliteConnection? c;
    private readonly DbTransaction tx;
    private readonly long oldCacheSize;
    private readonly long deferDevicesAt, deferAuditAt;
    private DeferredIndexes? devices, audit;

    private ImportLoad(SqliteConnection? c, DbTransaction tx, long oldCacheSize, long deferDevicesAt, long deferAuditAt) =>
        (this.c, this.tx, this.oldCacheSize, this.deferDevicesAt, this.deferAuditAt) = (c, tx, oldCacheSize, deferDevicesAt, deferAuditAt);

    public static async Task<ImportLoad> BeginAsync(DbConnection c, DbTransaction tx)
    {
        if (c is not SqliteConnection sqlite)
            return new ImportLoad(null, tx, 0, long.MaxValue, long.MaxValue);
        var cacheSize = await c.ExecuteScalarAsync<long>("PRAGMA cache_size", transaction: tx);
        await c.ExecuteAsync($"PRAGMA cache_size = -{ImportCacheKiB}", transaction: tx);
        // max(id) reads one end of the primary key: the size of the table without counting it.
        var (devices, audit) = await c.QuerySingleAsync<(long, long)>("""
            SELECT (SELECT coalesce(max(id), 0) FROM devices), (SELECT coalesce(max(id), 0) FROM audit_log)
            """, transaction: tx);
        return new ImportLoad(sqlite, tx, cacheSize, Math.Max(MinRowsToDefer, devices), Math.Max(MinRowsToDefer, audit));
    }

    /// <summary>Called after each row written, with how many have been written so far.</summary>
    public async ValueTask WrittenAsync(int written)
    {
        if (written == deferDevicesAt)
            devices = await DeferredIndexes.DropAsync(c!, tx, "devices", "ix_devices_serial");
        if (written == deferAuditAt)
            audit = await DeferredIndexes.DropAsync(c!, tx, "audit_log");
    }

    /// <summary>Builds the dropped indexes again; call it after the last row, before the transaction commits.</summary>
    public async Task EndAsync()
    {
        if (devices is not null)
            await devices.RestoreAsync(c!, tx);
        if (audit is not null)
            await audit.RestoreAsync(c!, tx);
        devices = audit = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (c is null)
            return;
        try
        {
            await c.ExecuteAsync($"PRAGMA cache_size = {oldCacheSize}", transaction: tx);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            // The import is failing with the connection; keep it out of the pool rather than hand on its big cache.
            SqliteConnection.ClearPool(c);
        }
    }
}
