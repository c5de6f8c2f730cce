using Dapper;
using System.Runtime.CompilerServices;

namespace LaiteLaina.Storage;

/// <summary>
/// A list the database answers: a page of it with the number of all the rows that match, or every row streamed (a CSV
/// export of millions holds one row at a time). <paramref name="Sql"/> is the SELECT with its WHERE and no ORDER BY;
/// <paramref name="OrderBy"/> must end in a unique column, so that pages neither skip nor repeat a row.
/// </summary>
public sealed record SqlList<T>(Database Db, string Sql, string OrderBy, object? Parameters = null)
{
    /// <summary>What a row becomes before anyone sees it (personal data left out for a volunteer, kinds spelt as the API does).</summary>
    public Func<T, T> Shown { get; init; } = row => row;

    public Task<ListPage<T>> PageAsync(int page, int pageSize, CancellationToken ct = default)
    {
        NumberRange.Page.Check(page);
        NumberRange.PageSize.Check(pageSize);
        return Db.ReadAsync(async c =>
        {
            var p = new DynamicParameters(Parameters);
            p.Add("take", pageSize);
            p.Add("skip", (long)(page - 1) * pageSize);
            var total = await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM ({Sql}) AS listed", Parameters, cancellationToken: ct));
            var rows = await c.QueryAsync<T>(new CommandDefinition($"{Sql} ORDER BY {OrderBy} LIMIT @take OFFSET @skip", p, cancellationToken: ct));
            return new ListPage<T>(rows.Select(Shown).ToList(), total, page, pageSize);
        }, ct);
    }

    /// <summary>Every row, read unbuffered; the connection stays open while the caller enumerates.</summary>
    public async IAsyncEnumerable<T> StreamAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var c = await Db.OpenAsync(ct);
        await foreach (var row in c.QueryUnbufferedAsync<T>($"{Sql} ORDER BY {OrderBy}", Parameters).WithCancellation(ct))
            yield return Shown(row);
    }

    /// <summary>Every row in memory, for the command line's table and the few places that need them all at once.</summary>
    public async Task<IReadOnlyList<T>> AllAsync(CancellationToken ct = default) =>
        (await Db.ReadAsync(c => c.QueryAsync<T>(new CommandDefinition($"{Sql} ORDER BY {OrderBy}", Parameters, cancellationToken: ct)), ct)).Select(Shown).ToList();
}

/// <summary>One page of a list and how many rows the whole list has.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, long Total, int Page, int PageSize)
{
    public bool HasMore => (long)Page * PageSize < Total;
}
