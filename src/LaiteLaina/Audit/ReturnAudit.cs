using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Dapper;
using LaiteLaina.Inventory;
using LaiteLaina.Loans;
using LaiteLaina.Storage;
using LaiteLaina.Documents;
using LaiteLaina.Web;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Audit;

/// <summary>How a loan due in the audited period came out. Out: still out and not yet due.</summary>
public enum ReturnOutcome { OnTime, Late, Lost, Overdue, Out }

public enum ReturnAuditBy { Site, Unit, Counsellor }

/// <summary>What the audited period is a period of: the loans' due dates, or the days they came back.</summary>
public enum ReturnAuditBasis { Due, Returned }

/// <summary>Which loans an audit looks at: those due (or, with <see cref="Basis"/> "returned", returned) from
/// <see cref="From"/> to <see cref="To"/>, both days included; without either date, this calendar year.</summary>
public sealed record ReturnAuditFilter
{
    public string? From { get; init; }
    public string? To { get; init; }
    public string? Basis { get; init; }
    public string? Site { get; init; }
    public string? Unit { get; init; }
    public string? Counsellor { get; init; }
    public string? Outcome { get; init; }
}

/// <summary>One loan in the audit, with links to the loan and its paperwork. <see cref="BorrowerName"/> is
/// filled only for a viewer who may see personal data.</summary>
public sealed record ReturnAuditRow
{
    public long LoanId { get; init; }
    public required string Reference { get; init; }
    public LoanKind Kind { get; init; }
    public LoanState State { get; init; }
    public required string Tag { get; init; }
    public string? Site { get; init; }
    public string? Unit { get; init; }
    public required string Counsellor { get; init; }
    public long BorrowerId { get; init; }
    public string? BorrowerName { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateOnly DueOn { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The day it came back (local), for a returned loan; a lost one closed without coming back.</summary>
    public DateOnly? ReturnedOn => State == LoanState.Returned && ClosedAt is { } at ? DateOnly.FromDateTime(at.ToLocalTime().DateTime) : null;

    public ReturnOutcome Outcome { get; init; }
    /// <summary>Days after the due date it came back, or (still out) how many days it is overdue; 0 when early.</summary>
    public long DaysLate { get; init => field = Math.Max(0, value); }
    public string? AccessoriesOut { get; init; }
    public string? AccessoriesMissing { get; init; }
    public string? AccessoriesDamaged { get; init; }
    public string? ConditionOut { get; init; }
    public string? ConditionIn { get; init; }
    public bool Damaged { get; init; }
    /// <summary>What the counsellor wrote of the damage at the return, if anything.</summary>
    public string? DamageNotes { get; init; }
    public long? AgreementId { get; init; }
    public long? ReceiptId { get; init; }

    public string LoanUrl => "/api/loans/" + Reference;
}

/// <summary>Counts for one site, unit or counsellor (or all, as the total).</summary>
public sealed record ReturnAuditGroup
{
    public string? Key { get; init; }
    public long Due { get; init; }
    public long OnTime { get; init; }
    public long Late { get; init; }
    public long DaysLateTotal { get; init; }
    public long MaxDaysLate { get; init; }
    public long MissingAccessories { get; init; }
    public long Damaged { get; init; }
    public long Lost { get; init; }
    public long Overdue { get; init; }
    public long Out { get; init; }

    public double AverageDaysLate => Late == 0 ? 0 : Math.Round((double)DaysLateTotal / Late, 1);
}

public sealed record ReturnAuditSummary(DateOnly From, DateOnly To, ReturnAuditBy By, ReturnAuditGroup Total, IReadOnlyList<ReturnAuditGroup> Groups)
{
    public ReturnAuditBasis Basis { get; init; }
}

/// <summary>
/// The loan-return audit: every staff or client loan due in a period, how it came back (on time, late and how late,
/// with missing accessories or damage, lost, still out and overdue), counted by site, unit or counsellor. A loan is
/// late when it was closed on a later day (UTC) than its due date. The site is where the device was lent from; the
/// unit is the borrower's (a staff member's unit; clients have none).
/// </summary>
public sealed class ReturnAudit(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    /// <summary>Counts every summary from the loans, as before the totals: what tests and the benchmark compare against.</summary>
    internal bool CountLive { get; init; }

    /// <summary>
    /// Whether a return counts as damage: the counsellor marked it "returned damaged" (<paramref name="marked"/>), it came
    /// back broken, or two steps or more worse than it went out (new → fair, good → poor). One step worse (new → good,
    /// good → fair) is the wear of ordinary use, not damage. The SQL (<see cref="Query.Damaged"/> and the view
    /// loan_contributions of migration 0012) says the same.
    /// </summary>
    public static bool IsDamage(DeviceCondition conditionOut, DeviceCondition? conditionIn, bool marked = false) =>
        conditionIn is { } back && (marked || (back != conditionOut && (back == DeviceCondition.Broken || (int)back - (int)conditionOut >= 2)));

    /// <summary>The first and last day of this calendar year: the period an audit opens on.</summary>
    public (DateOnly From, DateOnly To) ThisYear => (new DateOnly(Today.Year, 1, 1), new DateOnly(Today.Year, 12, 31));

    /// <summary>Throws the <see cref="UserError"/> a bad period or outcome would give, before a streamed export starts writing.</summary>
    public void Check(ReturnAuditFilter filter) => Query.Of(filter, db.Engine, Today);

    /// <summary>
    /// The counts by site, unit or counsellor. Whole months before and after the current one are read from the totals
    /// the loans' triggers keep (<see cref="LoanTotals"/>); the current month, where "overdue" depends on today, and the
    /// days of a period that cover only part of a month are counted from the loans themselves.
    /// </summary>
    public async Task<ReturnAuditSummary> SummaryAsync(ReturnAuditFilter filter, ReturnAuditBy by = ReturnAuditBy.Site, CancellationToken ct = default)
    {
        var q = Query.Of(filter, db.Engine, Today);
        var raw = await db.ReadAsync(async c =>
        {
            var parts = new List<ReturnAuditGroup>();
            IEnumerable<(DateOnly From, DateOnly To, bool Counted)> runs = CountLive ? [(q.From, q.To, false)] : Parts(q.From, q.To, Today);
            foreach (var (from, to, counted) in runs)
            {
                var part = q with { From = from, To = to };
                var sql = counted ? TotalsSql(part, by) : SummarySql(part, by);
                parts.AddRange(await c.QueryAsync<ReturnAuditGroup>(new CommandDefinition(sql, part.Parameters, cancellationToken: ct)));
            }
            return parts;
        }, ct);
        var groups = raw.GroupBy(g => g.Key).Select(g => Add(g) with { Key = g.Key })
            .Select(g => g with { OnTime = g.Due - g.Late - g.Lost - g.Out, Out = g.Out - g.Overdue })
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        return new ReturnAuditSummary(q.From, q.To, by, Add(groups), groups) { Basis = q.Basis };
    }

    /// <summary>
    /// The period cut into runs of days counted from the loans and runs of whole months read from the totals
    /// (<c>counted</c>): a month counts from the totals when the period covers all of it and it is not today's month.
    /// </summary>
    internal static IEnumerable<(DateOnly From, DateOnly To, bool Counted)> Parts(DateOnly from, DateOnly to, DateOnly today)
    {
        var runs = new List<(DateOnly From, DateOnly To, bool Counted)>();
        for (var start = from; start <= to;)
        {
            var monthStart = new DateOnly(start.Year, start.Month, 1);
            var monthEnd = monthStart.AddMonths(1).AddDays(-1);
            var end = monthEnd < to ? monthEnd : to;
            var counted = start == monthStart && end == monthEnd && monthStart != new DateOnly(today.Year, today.Month, 1);
            if (runs.Count > 0 && runs[^1].Counted == counted)
                runs[^1] = runs[^1] with { To = end };
            else
                runs.Add((start, end, counted));
            start = end.AddDays(1);
        }
        return runs;
    }

    /// <summary>The summary's counts for whole months, from the totals (a few rows a month) instead of the loans.</summary>
    private static string TotalsSql(Query q, ReturnAuditBy by)
    {
        var key = by switch { ReturnAuditBy.Site => "s.code", ReturnAuditBy.Unit => "NULLIF(t.unit, '')", _ => "t.counsellor" };
        // A row the triggers emptied stays behind with nothing in it; it must not make a group of its own.
        var where = new List<string> { "t.basis = @basis", "t.month >= @fromMonth", "t.month <= @toMonth", "t.loans <> 0" };
        if (q.Site is not null) where.Add("t.site_id = (SELECT id FROM sites WHERE lower(code) = lower(@site))");
        if (q.NeedsUnit) where.Add("lower(t.unit) = lower(@unit)");
        if (q.Counsellor is not null) where.Add("lower(t.counsellor) = lower(@counsellor)");
        if (q.OutcomeValue is { } outcome)
            where.Add(Enum.Parse<ReturnOutcome>(outcome) switch
            {
                ReturnOutcome.Overdue => "t.outcome = 'Open' AND t.month < @todayMonth",
                ReturnOutcome.Out => "t.outcome = 'Open' AND t.month > @todayMonth",
                _ => "t.outcome = @outcome",
            });
        return $"""
            SELECT {key} AS key, sum(t.loans) AS due,
                   sum(CASE WHEN t.outcome = 'Late' THEN t.loans ELSE 0 END) AS late,
                   sum(t.days_late_sum) AS days_late_total, max(t.days_late_max) AS max_days_late,
                   sum(t.missing) AS missing_accessories, sum(t.damaged) AS damaged,
                   sum(CASE WHEN t.outcome = 'Lost' THEN t.loans ELSE 0 END) AS lost,
                   sum(CASE WHEN t.outcome = 'Open' AND t.month < @todayMonth THEN t.loans ELSE 0 END) AS overdue,
                   sum(CASE WHEN t.outcome = 'Open' THEN t.loans ELSE 0 END) AS out
            FROM loan_totals t
            {(by == ReturnAuditBy.Site ? "LEFT JOIN sites s ON s.id = t.site_id" : "")}
            WHERE {string.Join(" AND ", where)}
            GROUP BY {key}
            """;
    }

    private static ReturnAuditGroup Add(IEnumerable<ReturnAuditGroup> parts)
    {
        var list = parts.ToList();
        return new ReturnAuditGroup
        {
            Due = list.Sum(g => g.Due), OnTime = list.Sum(g => g.OnTime), Late = list.Sum(g => g.Late),
            DaysLateTotal = list.Sum(g => g.DaysLateTotal), MaxDaysLate = list.Count == 0 ? 0 : list.Max(g => g.MaxDaysLate),
            MissingAccessories = list.Sum(g => g.MissingAccessories), Damaged = list.Sum(g => g.Damaged),
            Lost = list.Sum(g => g.Lost), Overdue = list.Sum(g => g.Overdue), Out = list.Sum(g => g.Out),
        };
    }

    private static string SummarySql(Query q, ReturnAuditBy by)
    {
        var sqlite = q.Engine == Engine.Sqlite;
        // By unit without a unit filter: count per borrower from the covering index first, then add up the few thousand
        // borrowers by their unit, instead of looking up a borrower for each of a million loans.
        var perBorrower = by == ReturnAuditBy.Unit && !q.NeedsUnit;
        var group = by switch { ReturnAuditBy.Site => "l.site_id", ReturnAuditBy.Unit => perBorrower ? "l.borrower_id" : "b.unit", _ => "l.counsellor" };
        var late = $"l.state = 'Returned' AND {q.ClosedDay} > l.due_on";
        var lateDays = q.Engine == Engine.Sqlite ? "CAST(julianday(substr(l.closed_at, 1, 10)) - julianday(l.due_on) AS INTEGER)" : $"({q.ClosedDay} - l.due_on)";
        // A year is about a million loans, read from the covering index ix_loans_due alone: as few sums as will do, each
        // testing only the columns it needs ("on time" and "out, not yet due" are worked out from the others), the site
        // kept on the loan itself, and site codes joined to the groups rather than to every loan. "out" counts every
        // open loan here; the caller takes the overdue ones away.
        var outer = perBorrower
            ? """
              SELECT b.unit AS key, sum(g.due) AS due, sum(g.late) AS late, sum(g.days_late_total) AS days_late_total,
                     max(g.max_days_late) AS max_days_late, sum(g.missing_accessories) AS missing_accessories, sum(g.damaged) AS damaged,
                     sum(g.lost) AS lost, sum(g.overdue) AS overdue, sum(g.out) AS out
              """
            : $"SELECT {(by == ReturnAuditBy.Site ? "s.code" : "g.k")} AS key, g.*";
        return $"""
            {outer}
            FROM (
                SELECT {group} AS k, count(*) AS due,
                       sum(CASE WHEN {late} THEN 1 ELSE 0 END) AS late,
                       sum(CASE WHEN {late} THEN {lateDays} ELSE 0 END) AS days_late_total,
                       coalesce(max(CASE WHEN {late} THEN {lateDays} END), 0) AS max_days_late,
                       sum(CASE WHEN l.accessories_missing IS NOT NULL THEN 1 ELSE 0 END) AS missing_accessories,
                       sum({Query.Damaged}) AS damaged,
                       sum(CASE WHEN l.state = 'Lost' THEN 1 ELSE 0 END) AS lost,
                       sum(CASE WHEN l.state = 'Open' AND l.due_on < @today THEN 1 ELSE 0 END) AS overdue,
                       sum(CASE WHEN l.state = 'Open' THEN 1 ELSE 0 END) AS out
                FROM loans l
                {((by == ReturnAuditBy.Unit && !perBorrower) || q.NeedsUnit ? "JOIN borrowers b ON b.id = l.borrower_id" : "")}
                {q.Where}{(q.OutcomeFilter ? $" AND {q.Outcome} = @outcome" : "")}
                GROUP BY {group}
            ) g
            {(by == ReturnAuditBy.Site ? "LEFT JOIN sites s ON s.id = g.k" : "")}
            {(perBorrower ? "JOIN borrowers b ON b.id = g.k GROUP BY b.unit" : "")}
            ORDER BY 1
            """;
    }

    /// <summary>How many loans <see cref="RowsAsync"/> pages through.</summary>
    public Task<long> CountAsync(ReturnAuditFilter filter, CancellationToken ct = default) =>
        db.ReadAsync(c =>
        {
            var q = Query.Of(filter, db.Engine, Today);
            return c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM ({RowsSql(q, false)}) AS counted", q.Parameters, cancellationToken: ct));
        }, ct);

    /// <summary>One page of loans, by due date, for the audit page.</summary>
    public Task<IReadOnlyList<ReturnAuditRow>> RowsAsync(ReturnAuditFilter filter, bool withPersonalData, int page = 1, int pageSize = 100, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            NumberRange.Page.Check(page);
            NumberRange.PageSize.Check(pageSize);
            var q = Query.Of(filter, db.Engine, Today);
            var p = new DynamicParameters(q.Parameters);
            p.Add("take", pageSize);
            p.Add("skip", (long)(page - 1) * pageSize);
            return (IReadOnlyList<ReturnAuditRow>)(await c.QueryAsync<ReturnAuditRow>(new CommandDefinition(
                RowsSql(q, withPersonalData) + " LIMIT @take OFFSET @skip", p, cancellationToken: ct))).AsList();
        }, ct);

    /// <summary>Every loan of the audit, read row by row from one open connection: an export with no row limit at a steady memory.</summary>
    public async IAsyncEnumerable<ReturnAuditRow> StreamAsync(ReturnAuditFilter filter, bool withPersonalData, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var q = Query.Of(filter, db.Engine, Today);
        await using var c = await db.OpenAsync(ct);
        await foreach (var row in c.QueryUnbufferedAsync<ReturnAuditRow>(RowsSql(q, withPersonalData), q.Parameters).WithCancellation(ct))
            yield return row;
    }

    /// <summary>The printed audit: the counts by site, unit and counsellor, then every loan that did not come back on time
    /// and complete (late, lost, overdue, missing accessories, damage); loans returned on time and whole are only counted.
    /// Every word, number and date is the reader's: <paramref name="l"/> and the current culture.</summary>
    public async Task<byte[]> PdfAsync(ReturnAuditFilter filter, bool withPersonalData, IStringLocalizer l, CancellationToken ct = default)
    {
        var summaries = new List<ReturnAuditSummary>();
        foreach (var by in Enum.GetValues<ReturnAuditBy>())
            summaries.Add(await SummaryAsync(filter, by, ct));
        var exceptions = new List<ReturnAuditRow>();
        await foreach (var row in StreamAsync(filter with { Outcome = null }, withPersonalData, ct))
        {
            if (row.Outcome != ReturnOutcome.OnTime || row.AccessoriesMissing is not null || row.AccessoriesDamaged is not null || row.Damaged)
                exceptions.Add(row);
        }
        var organisation = (await db.ReadAsync(c => Settings.ReadAsync(c, null), ct)).OrganisationName ?? "";
        var first = summaries[0];
        var period = $"{LocalText.Date(first.From)}–{LocalText.Date(first.To)}";
        var t = first.Total;
        var sections = summaries.Select(s => new Tabular.Section(l["By " + EnumText.Kebab(s.By)],
            Tabular.Headers(PdfGroupColumns(s.By, l)), Tabular.Cells([.. s.Groups, s.Total with { Key = l["Total"] }], PdfGroupColumns(s.By, l)))).ToList();
        sections.Add(new Tabular.Section(l["Loans to follow up"], Tabular.Headers(PdfRowColumns(withPersonalData, l)),
            Tabular.Cells(exceptions, PdfRowColumns(withPersonalData, l)), l["Late, lost, overdue, or returned with missing accessories or damage."]));
        return Tabular.Pdf(CultureInfo.CurrentUICulture, organisation, l["Return audit"], period,
        [
            $"{l[first.Basis == ReturnAuditBasis.Due ? "Loans due" : "Loans returned"]} {period}.",
            l["Loans {0}; on time {1}; late {2} (on average {3} days, at most {4} days); missing accessories {5}; damaged {6}; lost {7}; overdue {8}; still out, not yet due {9}.",
                LocalText.Count(t.Due), LocalText.Count(t.OnTime), LocalText.Count(t.Late), LocalText.OneDecimal(t.AverageDaysLate), LocalText.Count(t.MaxDaysLate),
                LocalText.Count(t.MissingAccessories), LocalText.Count(t.Damaged), LocalText.Count(t.Lost), LocalText.Count(t.Overdue), LocalText.Count(t.Out)],
            l["Made {0}.", Tabular.Time(clock.GetUtcNow(), CultureInfo.CurrentUICulture)] + (withPersonalData ? "" : " " + l["Without personal data."]),
        ], sections);
    }

    /// <summary>The printed counts, with the page's own column words.</summary>
    private static Column<ReturnAuditGroup>[] PdfGroupColumns(ReturnAuditBy by, IStringLocalizer l) =>
    [
        new(l["group-" + EnumText.Kebab(by)], g => g.Key ?? "—"), new(l["Due"], g => LocalText.Count(g.Due)), new(l.Of(ReturnOutcome.OnTime), g => LocalText.Count(g.OnTime)),
        new(l.Of(ReturnOutcome.Late), g => LocalText.Count(g.Late)), new(l["Average days late"], g => LocalText.OneDecimal(g.AverageDaysLate)),
        new(l["Most days late"], g => LocalText.Count(g.MaxDaysLate)), new(l["Missing accessories"], g => LocalText.Count(g.MissingAccessories)),
        new(l["Damaged"], g => LocalText.Count(g.Damaged)), new(l.Of(ReturnOutcome.Lost), g => LocalText.Count(g.Lost)),
        new(l.Of(ReturnOutcome.Overdue), g => LocalText.Count(g.Overdue)), new(l.Of(ReturnOutcome.Out), g => LocalText.Count(g.Out)),
    ];

    public static readonly Column<ReturnAuditGroup>[] GroupColumns =
    [
        new("group", g => g.Key ?? "(none)"), new("due", g => g.Due), new("on time", g => g.OnTime), new("late", g => g.Late),
        new("avg days late", g => g.AverageDaysLate), new("max days late", g => g.MaxDaysLate), new("missing accessories", g => g.MissingAccessories),
        new("damaged", g => g.Damaged), new("lost", g => g.Lost), new("overdue", g => g.Overdue), new("out, not due", g => g.Out),
    ];

    /// <summary>The columns of an export; the borrower's name only for a viewer who may see personal data.</summary>
    public static Column<ReturnAuditRow>[] RowColumns(bool withPersonalData) =>
    [
        new("reference", r => r.Reference), new("tag", r => r.Tag), new("kind", r => r.Kind), new("site", r => r.Site), new("unit", r => r.Unit),
        new("counsellor", r => r.Counsellor), .. withPersonalData ? [new Column<ReturnAuditRow>("borrower", r => r.BorrowerName)] : Array.Empty<Column<ReturnAuditRow>>(),
        new("started", r => r.StartedAt), new("due", r => r.DueOn), new("closed", r => r.ClosedAt), new("returned", r => r.ReturnedOn), new("outcome", r => r.Outcome),
        new("days late", r => r.DaysLate), new("accessories out", r => r.AccessoriesOut), new("missing", r => r.AccessoriesMissing),
        new("condition out", r => Condition(r.ConditionOut)), new("condition in", r => Condition(r.ConditionIn)), new("damaged", r => r.Damaged),
        new("agreement", r => r.AgreementId), new("receipt", r => r.ReceiptId), new("link", r => r.LoanUrl),
    ];

    /// <summary>A stored condition as its enum, so that an export names it in the reader's words.</summary>
    public static DeviceCondition? Condition(string? stored) => EnumText.TryParse<DeviceCondition>(stored, out var c) ? c : null;

    /// <summary>Few columns, words that wrap at spaces: an A4 page has room for about seven.</summary>
    private static Column<ReturnAuditRow>[] PdfRowColumns(bool withPersonalData, IStringLocalizer l) =>
    [
        new($"{l["Loan"]}, {l["Device"]}", r => $"{r.Reference} {r.Tag}"), new(l["Site"], r => r.Site),
        new(withPersonalData ? $"{l["Counsellor"]}, {l["Borrower"]}" : l["Counsellor"], r => withPersonalData ? $"{r.Counsellor}, {r.BorrowerName}" : r.Counsellor),
        new(l["Due"], r => LocalText.Date(r.DueOn)),
        new(l["Outcome"], r => r.DaysLate > 0 ? $"{l.Of(r.Outcome)}, {l["{0} days", LocalText.Count(r.DaysLate)]}" : l.Of(r.Outcome)),
        new(l["To follow up"], r => string.Join("; ", new[]
        {
            r.AccessoriesMissing is { } m ? $"{l["Missing"]}: {AccessoryList.Show(m)}" : null,
            r.AccessoriesDamaged is { } broken ? $"{l["Damaged accessories"]}: {AccessoryList.Show(broken)}" : null,
            r.Damaged ? $"{l["Damaged"]}: {Words(r.ConditionOut, l)} → {Words(r.ConditionIn, l)}{(r.DamageNotes is { } notes ? ", " + notes : "")}" : null,
        }.Where(t => t is not null))),
        new(l["Documents"], r => string.Join(" ", new[] { r.AgreementId, r.ReceiptId }.Where(id => id is not null))),
    ];

    /// <summary>A stored condition in the reader's words.</summary>
    private static string Words(string? stored, IStringLocalizer l) => Condition(stored) is { } c ? l.Of(c) : "–";

    private static string RowsSql(Query q, bool withPersonalData) => $"""
        SELECT l.id AS loan_id, l.reference, l.kind, l.state, d.tag, s.code AS site, b.unit, l.counsellor, l.borrower_id,
               {(withPersonalData ? "b.name" : "NULL")} AS borrower_name, l.started_at, l.due_on, l.closed_at,
               {q.Outcome} AS outcome, {q.DaysLate} AS days_late, l.accessories_out, l.accessories_missing, l.accessories_damaged, l.condition_out,
               l.condition_in, {Query.Damaged} AS damaged, l.damage_notes,
               (SELECT max(id) FROM documents WHERE subject_type = 'loan' AND subject_id = l.id AND kind = 'loan-agreement') AS agreement_id,
               (SELECT max(id) FROM documents WHERE subject_type = 'loan' AND subject_id = l.id AND kind = 'return-receipt') AS receipt_id
        FROM loans l
        JOIN devices d ON d.id = l.device_id
        LEFT JOIN sites s ON s.id = l.site_id
        JOIN borrowers b ON b.id = l.borrower_id
        {q.Where}{(q.OutcomeFilter ? $" AND {q.Outcome} = @outcome" : "")}
        ORDER BY l.due_on, l.id
        """;

    /// <summary>The period, filters and the engine's spelling of the date arithmetic, shared by the summary and the rows.</summary>
    private sealed record Query(Engine Engine, DateOnly From, DateOnly To, string Where, DateOnly Today, string? Site, string? Unit, string? Counsellor,
        string? OutcomeValue, string Outcome, string DaysLate, string ClosedDay)
    {
        public bool NeedsUnit => Unit is not null;
        public ReturnAuditBasis Basis { get; init; }
        public bool OutcomeFilter => OutcomeValue is not null;

        public object Parameters => new
        {
            from = From, to = To, today = Today, site = Site, unit = Unit, counsellor = Counsellor, outcome = OutcomeValue,
            basis = Basis == ReturnAuditBasis.Due ? "due" : "returned", fromMonth = Month(From), toMonth = Month(To), todayMonth = Month(Today),
        };

        private static string Month(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

        private static string Rank(string column) => $"CASE {column} WHEN 'New' THEN 0 WHEN 'Good' THEN 1 WHEN 'Fair' THEN 2 WHEN 'Poor' THEN 3 WHEN 'Broken' THEN 4 END";

        /// <summary><see cref="IsDamage"/> in SQL: marked damaged, came back broken, or two steps or more worse than it went out.</summary>
        public static readonly string Damaged =
            $"CASE WHEN l.condition_in IS NOT NULL AND (l.damaged OR (l.condition_in <> l.condition_out AND (l.condition_in = 'Broken' OR {Rank("l.condition_in")} - {Rank("l.condition_out")} >= 2))) THEN 1 ELSE 0 END";

        public static Query Of(ReturnAuditFilter f, Engine engine, DateOnly today)
        {
            var basis = Parse.Text(f.Basis) is { } b ? EnumText.Parse<ReturnAuditBasis>("basis", b) : ReturnAuditBasis.Due;
            // No period at all: this calendar year, which is what a manager opening the audit wants to see first.
            var unset = Parse.Text(f.From) is null && Parse.Text(f.To) is null;
            var from = unset ? new DateOnly(today.Year, 1, 1) : Parse.Date("from", f.From) ?? throw UserError.Invalid("from", f.From, Msg.AuditFromMissing);
            var to = unset ? new DateOnly(today.Year, 12, 31) : Parse.Date("to", f.To) ?? throw UserError.Invalid("to", f.To, Msg.AuditToMissing);
            if (to < from)
                throw UserError.Invalid("to", f.To, Msg.AuditPeriodReversed.With(from));
            var outcome = Parse.Text(f.Outcome) is { } o ? EnumText.Parse<ReturnOutcome>("outcome", o) : (ReturnOutcome?)null;
            // The day a loan closed, in UTC, and day differences, as each engine writes them.
            var closedDay = engine == Engine.Sqlite ? "substr(l.closed_at, 1, 10)" : "(l.closed_at AT TIME ZONE 'UTC')::date";
            // A handover has no due date, so the period leaves it out by itself; by return date, only loans that came back.
            var where = basis == ReturnAuditBasis.Due
                ? new List<string> { "l.due_on >= @from", "l.due_on <= @to" }
                : new List<string> { "l.state = 'Returned'", $"{closedDay} >= @from", $"{closedDay} <= @to", "l.due_on IS NOT NULL" };
            var site = Parse.Text(f.Site);
            var unit = Parse.Text(f.Unit);
            var counsellor = Parse.Text(f.Counsellor);
            if (site is not null) where.Add("l.site_id = (SELECT id FROM sites WHERE lower(code) = lower(@site))");
            if (unit is not null) where.Add("lower(b.unit) = lower(@unit)");
            if (counsellor is not null) where.Add("lower(l.counsellor) = lower(@counsellor)");
            var daysLate = engine == Engine.Sqlite
                ? "CAST(CASE WHEN l.state = 'Open' THEN julianday(@today) - julianday(l.due_on) WHEN l.state = 'Returned' THEN julianday(substr(l.closed_at, 1, 10)) - julianday(l.due_on) ELSE 0 END AS INTEGER)"
                : "(CASE WHEN l.state = 'Open' THEN @today::date - l.due_on WHEN l.state = 'Returned' THEN (l.closed_at AT TIME ZONE 'UTC')::date - l.due_on ELSE 0 END)";
            var outcomeSql = $"""
                CASE WHEN l.state = 'Lost' THEN 'Lost'
                     WHEN l.state = 'Open' AND l.due_on < @today THEN 'Overdue'
                     WHEN l.state = 'Open' THEN 'Out'
                     WHEN {closedDay} > l.due_on THEN 'Late'
                     ELSE 'OnTime' END
                """;
            return new Query(engine, from, to, " WHERE " + string.Join(" AND ", where), today, site, unit, counsellor, outcome?.ToString(),
                outcomeSql, daysLate, closedDay) { Basis = basis };
        }
    }
}
