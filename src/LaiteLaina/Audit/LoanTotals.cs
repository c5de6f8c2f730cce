using Dapper;
using LaiteLaina.Storage;

namespace LaiteLaina.Audit;

/// <summary>How the stored return-audit totals compared with a full recount of the loans.</summary>
/// <param name="Rows">Rows of totals a full recount gives.</param>
/// <param name="Differences">Rows that were missing, extra or held other counts.</param>
public sealed record LoanTotalsCheck(long Rows, long Differences);

/// <summary>
/// The return audit's pre-counted months (table loan_totals, migration 0012). The loans' and borrowers' triggers keep
/// them in the transaction of every change, whoever writes; this class only checks them against a full recount of the
/// loans (view loan_contributions, the same definition the triggers add up) and, if asked, writes the recount in.
/// </summary>
public sealed class LoanTotals(Database db)
{
    private const string Recount = """
        SELECT basis, month, site_id, counsellor, unit, outcome, count(*) AS loans, sum(days_late) AS days_late_sum,
               max(days_late) AS days_late_max, sum(missing) AS missing, sum(damaged) AS damaged
        FROM loan_contributions
        GROUP BY basis, month, site_id, counsellor, unit, outcome
        """;

    // A row emptied by the triggers stays behind with zero loans; it counts nothing, so it is no difference.
    private const string Stored = """
        SELECT basis, month, site_id, counsellor, unit, outcome, loans, days_late_sum, days_late_max, missing, damaged
        FROM loan_totals WHERE loans <> 0 OR days_late_sum <> 0 OR missing <> 0 OR damaged <> 0
        """;

    /// <summary>Compares the totals with a full recount, changing nothing.</summary>
    public Task<LoanTotalsCheck> CheckAsync(CancellationToken ct = default) =>
        db.ReadAsync(async c => Compare(await c.QueryAsync<Row>(new CommandDefinition(Stored, cancellationToken: ct)),
            await c.QueryAsync<Row>(new CommandDefinition(Recount, cancellationToken: ct))), ct);

    /// <summary>Recounts the totals from the loans and writes them in, in one transaction; says how many rows differed before.</summary>
    public Task<LoanTotalsCheck> RebuildAsync(CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            // No loan may change between the recount and the write (SQLite has one writer at a time anyway).
            if (db.Engine == Engine.Postgres)
                await c.ExecuteAsync(new CommandDefinition("LOCK TABLE loans, borrowers IN SHARE MODE", transaction: tx, cancellationToken: ct));
            var check = Compare(await c.QueryAsync<Row>(new CommandDefinition(Stored, transaction: tx, cancellationToken: ct)),
                await c.QueryAsync<Row>(new CommandDefinition(Recount, transaction: tx, cancellationToken: ct)));
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM loan_totals", transaction: tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition($"""
                INSERT INTO loan_totals (basis, month, site_id, counsellor, unit, outcome, loans, days_late_sum, days_late_max, missing, damaged)
                {Recount}
                """, transaction: tx, cancellationToken: ct));
            return check;
        }, ct);

    private static LoanTotalsCheck Compare(IEnumerable<Row> stored, IEnumerable<Row> recount)
    {
        var had = stored.ToDictionary(r => r.Key);
        var should = recount.ToDictionary(r => r.Key);
        var differences = should.Count(r => !had.TryGetValue(r.Key, out var h) || h != r.Value) + had.Keys.Count(k => !should.ContainsKey(k));
        return new LoanTotalsCheck(should.Count, differences);
    }

    private sealed record Row
    {
        public required string Basis { get; init; }
        public required string Month { get; init; }
        public long SiteId { get; init; }
        public required string Counsellor { get; init; }
        public required string Unit { get; init; }
        public required string Outcome { get; init; }
        public long Loans { get; init; }
        public long DaysLateSum { get; init; }
        public long DaysLateMax { get; init; }
        public long Missing { get; init; }
        public long Damaged { get; init; }

        public (string, string, long, string, string, string) Key => (Basis, Month, SiteId, Counsellor, Unit, Outcome);
    }
}
