using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LaiteLaina.Inventory;

/// <summary>
/// A bigger SQLite page cache for the import's connection while it runs (PostgreSQL is left as it is). Every row
/// looks up and inserts into the serial-number index at a random place; with the default 2 MB cache those index
/// pages are written out to the WAL and read back again and again. The cache is set back before the connection
/// returns to the pool.
/// </summary>
/// <remarks>
/// Dropping the secondary indexes of devices and the audit log and building them again before the commit was
/// measured at 1,000,000 rows and lost: those indexes grow at their right-hand end, so keeping them saved only
/// about 2 s, and the rebuild read the new rows back from the WAL once per index (5–7 s).
/// </remarks>
internal sealed class ImportLoad : IAsyncDisposable
{
    /// <summary>64 MiB (negative means KiB): holds the serial index of several million devices.</summary>
    private const int ImportCacheKiB = 65_536;

    private readonly SqliteConnection? c;
    private readonly DbTransaction tx;
    private readonly long oldCacheSize;

    private ImportLoad(SqliteConnection? c, DbTransaction tx, long oldCacheSize) => (this.c, this.tx, this.oldCacheSize) = (c, tx, oldCacheSize);

    public static async Task<ImportLoad> BeginAsync(DbConnection c, DbTransaction tx)
    {
        if (c is not SqliteConnection sqlite)
            return new ImportLoad(null, tx, 0);
        var cacheSize = await c.ExecuteScalarAsync<long>("PRAGMA cache_size", transaction: tx);
        await c.ExecuteAsync($"PRAGMA cache_size = -{ImportCacheKiB}", transaction: tx);
        return new ImportLoad(sqlite, tx, cacheSize);
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
