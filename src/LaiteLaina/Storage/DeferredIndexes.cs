using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LaiteLaina.Storage;

/// <summary>
/// For a bulk load into SQLite: drops a table's secondary indexes inside the caller's transaction and builds them
/// again, from the finished table, before it commits. Keeping an index up to date costs a B-tree insert per row;
/// building it afterwards is one scan and one sort. Both happen in the same transaction, so a load that fails
/// rolls the indexes back together with its rows, and no other connection ever sees the table without them
/// (SQLite has one writer, and readers see only the last commit). Unique indexes stay, so that they keep
/// refusing duplicates row by row.
/// </summary>
public sealed class DeferredIndexes
{
    private readonly IReadOnlyList<string> definitions;

    private DeferredIndexes(IReadOnlyList<string> definitions) => this.definitions = definitions;

    /// <summary>How many indexes were dropped and will be built again.</summary>
    public int Count => definitions.Count;

    /// <param name="keep">Indexes the load itself reads (such as a look-up for duplicates), which must stay.</param>
    public static async Task<DeferredIndexes> DropAsync(DbConnection c, DbTransaction tx, string table, params string[] keep)
    {
        if (c is not SqliteConnection)
            throw new InvalidOperationException("indexes are deferred only on SQLite");
        // sql is NULL for the indexes SQLite makes for UNIQUE and PRIMARY KEY constraints, which cannot be dropped.
        var indexes = (await c.QueryAsync<(string Name, string Sql)>("""
            SELECT name, sql FROM sqlite_schema
            WHERE type = 'index' AND tbl_name = @table AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
            ORDER BY name
            """, new { table }, tx)).Where(i => !keep.Contains(i.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        foreach (var (name, _) in indexes)
            await c.ExecuteAsync($"DROP INDEX \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", transaction: tx);
        return new DeferredIndexes(indexes.Select(i => i.Sql).ToList());
    }

    /// <summary>Builds every dropped index again, in the same transaction; call it before committing.</summary>
    public async Task RestoreAsync(DbConnection c, DbTransaction tx)
    {
        foreach (var sql in definitions)
            await c.ExecuteAsync(sql, transaction: tx);
    }
}
