using System.Runtime.CompilerServices;
using Dapper;
using LaiteLaina.Storage;

namespace LaiteLaina.Reports;

public sealed record CountRow(string Dimension, string Key, long Count);

/// <summary>What the fleet is counted by; <see cref="CountRow.Dimension"/> is its kebab-case name.</summary>
public enum FleetDimension { Status, Kind, Site, Source }

public sealed record LoanMonth
{
    public required string Month { get; init; }
    public long Started { get; init; }
    public long Closed { get; init; }
    public double AverageDays { get; init; }
}

public sealed record OverdueBucket(string Bucket, long Staff, long Client, long Total);

public sealed record OverdueLoan
{
    public required string Reference { get; init; }
    public required string Tag { get; init; }
    public required string Kind { get; init; }
    public string? Site { get; init; }
    public required string Counsellor { get; init; }
    public string? Borrower { get; init; }
    public DateOnly DueOn { get; init; }
    public long DaysOverdue { get; init; }
}

/// <summary>A donor's devices and what became of them. Donor names of private persons are shown only with personal data.</summary>
public sealed record DonationRow
{
    public long DonorId { get; init; }
    public required string Donor { get; init; }
    public required string Kind { get; init; }
    public long Devices { get; init; }
    public long Wiped { get; init; }
    public long GivenToClients { get; init; }
    public long Recycled { get; init; }
    public long InPool { get; init; }
    public long Certificates { get; init; }
}

public sealed record LeaseRow
{
    public required string Tag { get; init; }
    public required string Kind { get; init; }
    public string? Model { get; init; }
    public string? Site { get; init; }
    public string? Point { get; init; }
    public DateOnly LeaseEnd { get; init; }
    public string? PaidBy { get; init; }
    public string? Supplier { get; init; }
}

public sealed record PointRow
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? Site { get; init; }
    public long Devices { get; init; }
    public long InRepair { get; init; }
    public string? MaintenanceNotes { get; init; }
    public string? LeaseNotes { get; init; }
}

/// <summary>
/// The managers' reports: the fleet by status, kind, site and source; loans per month and their average length;
/// overdue loans by age; donations and what became of the devices; leases ending soon; computer points with open
/// maintenance. Each is a query returning records (for the pages and the JSON API), with columns for CSV and a chart.
/// </summary>
public sealed class ReportService(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    private static readonly string[] Buckets = ["1-7", "8-30", "31-90", "91+"];

    public static IReadOnlyList<string> Names { get; } = ["fleet", "loans", "overdue", "donations", "leases", "points"];

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public Task<IReadOnlyList<CountRow>> FleetAsync(CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var rows = new List<CountRow>();
            foreach (var (dimension, column) in new[] { ("status", "d.status"), ("kind", "d.kind"), ("site", $"coalesce(s.code, '{NoSite}')"), ("source", "d.acquisition") })
            {
                var join = dimension == "site" ? "LEFT JOIN sites s ON s.id = d.site_id" : "";
                var grouped = await c.QueryAsync<(string Key, long Count)>(new CommandDefinition(
                    $"SELECT {column} AS k, count(*) AS n FROM devices d {join} GROUP BY {column} ORDER BY n DESC, k", cancellationToken: ct));
                rows.AddRange(grouped.Select(g => new CountRow(dimension, dimension is "site" ? g.Key : EnumText.Kebab(g.Key), g.Count)));
            }
            return (IReadOnlyList<CountRow>)rows;
        }, ct);

    /// <summary>Loans started per month from <paramref name="from"/> (default: twelve months back), with how many have
    /// closed and their average length in days.</summary>
    public Task<IReadOnlyList<LoanMonth>> LoansAsync(DateOnly? from = null, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var start = from ?? new DateOnly(Today.Year, Today.Month, 1).AddMonths(-11);
            var sqlite = db.Engine == Engine.Sqlite;
            var month = sqlite ? "substr(started_at, 1, 7)" : "to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM')";
            var days = sqlite ? "julianday(closed_at) - julianday(started_at)" : "extract(epoch FROM closed_at - started_at) / 86400.0";
            var rows = await c.QueryAsync<LoanMonth>(new CommandDefinition($"""
                SELECT {month} AS month, count(*) AS started, count(closed_at) AS closed, CAST(coalesce(avg({days}), 0) AS DOUBLE PRECISION) AS average_days
                FROM loans WHERE started_at >= @since AND kind <> 'Handover'
                GROUP BY {month} ORDER BY month
                """, new { since = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) }, cancellationToken: ct));
            return (IReadOnlyList<LoanMonth>)rows.Select(r => r with { AverageDays = Math.Round(r.AverageDays, 1) }).ToList();
        }, ct);

    public Task<IReadOnlyList<OverdueBucket>> OverdueAgeingAsync(CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var age = db.Engine == Engine.Sqlite ? "julianday(@today) - julianday(due_on)" : "(@today::date - due_on)";
            var rows = (await c.QueryAsync<(string Bucket, string Kind, long Count)>(new CommandDefinition($"""
                SELECT CASE WHEN {age} <= 7 THEN '1-7' WHEN {age} <= 30 THEN '8-30' WHEN {age} <= 90 THEN '31-90' ELSE '91+' END AS bucket,
                       kind, count(*) AS n
                FROM loans WHERE state = 'Open' AND due_on < @today
                GROUP BY 1, 2
                """, new { today = Today }, cancellationToken: ct))).AsList();
            return (IReadOnlyList<OverdueBucket>)Buckets.Select(b =>
            {
                var staff = rows.Where(r => r.Bucket == b && r.Kind == "Staff").Sum(r => r.Count);
                var client = rows.Where(r => r.Bucket == b && r.Kind == "Client").Sum(r => r.Count);
                return new OverdueBucket(b + " d", staff, client, staff + client);
            }).ToList();
        }, ct);

    /// <summary>Every overdue loan, oldest due date first, streamed.</summary>
    public async IAsyncEnumerable<OverdueLoan> OverdueLoansAsync(bool withPersonalData, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var age = db.Engine == Engine.Sqlite ? "CAST(julianday(@today) - julianday(l.due_on) AS INTEGER)" : "(@today::date - l.due_on)";
        await using var c = await db.OpenAsync(ct);
        var rows = c.QueryUnbufferedAsync<OverdueLoan>($"""
            SELECT l.reference, d.tag, l.kind, s.code AS site, l.counsellor, {(withPersonalData ? "b.name" : "NULL")} AS borrower,
                   l.due_on, {age} AS days_overdue
            FROM loans l JOIN devices d ON d.id = l.device_id LEFT JOIN sites s ON s.id = d.site_id JOIN borrowers b ON b.id = l.borrower_id
            WHERE l.state = 'Open' AND l.due_on < @today
            ORDER BY l.due_on, l.id
            """, new { today = Today });
        await foreach (var row in rows.WithCancellation(ct))
            yield return row;
    }

    /// <param name="privateDonor">How a private person who gave devices is named to a viewer without personal data ("private donor" #id).</param>
    public Task<IReadOnlyList<DonationRow>> DonationsAsync(bool withPersonalData, string privateDonor = "private donor", CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var rows = await c.QueryAsync<DonationRow>(new CommandDefinition("""
                SELECT o.id AS donor_id, o.name AS donor, o.kind, count(d.id) AS devices,
                       sum(CASE WHEN d.last_wiped_at IS NOT NULL THEN 1 ELSE 0 END) AS wiped,
                       sum(CASE WHEN d.status = 'HandedOver' THEN 1 ELSE 0 END) AS given_to_clients,
                       sum(CASE WHEN d.status = 'Retired' THEN 1 ELSE 0 END) AS recycled,
                       sum(CASE WHEN d.status NOT IN ('HandedOver', 'Retired') THEN 1 ELSE 0 END) AS in_pool,
                       (SELECT count(*) FROM sanitisations z JOIN devices x ON x.id = z.device_id WHERE x.donor_id = o.id) AS certificates
                FROM donors o LEFT JOIN devices d ON d.donor_id = o.id
                GROUP BY o.id, o.name, o.kind ORDER BY devices DESC, o.name
                """, cancellationToken: ct));
            // A private person who gave a tablet is personal data; a company or association is not.
            return (IReadOnlyList<DonationRow>)rows.Select(r => withPersonalData || r.Kind != "Person" ? r with { Kind = EnumText.Kebab(r.Kind) }
                : r with { Donor = $"{privateDonor} #{r.DonorId}", Kind = "person" }).ToList();
        }, ct);

    public Task<IReadOnlyList<LeaseRow>> LeasesAsync(int days = 90, CancellationToken ct = default)
    {
        // Before the date arithmetic: a day count beyond DateOnly's calendar would otherwise be an overflow.
        NumberRange.Days.Check(days);
        return db.ReadAsync(async c => (IReadOnlyList<LeaseRow>)(await c.QueryAsync<LeaseRow>(new CommandDefinition("""
            SELECT d.tag, d.kind, d.model, s.code AS site, p.code AS point, d.lease_end, d.lease_paid_by AS paid_by, d.supplier
            FROM devices d LEFT JOIN sites s ON s.id = d.site_id LEFT JOIN computer_points p ON p.id = d.point_id
            WHERE d.lease_end IS NOT NULL AND d.lease_end >= @today AND d.lease_end <= @until AND d.status NOT IN ('Retired', 'HandedOver')
            ORDER BY d.lease_end, d.tag
            """, new { today = Today, until = Today.AddDays(days) }, cancellationToken: ct))).Select(r => r with { Kind = EnumText.Kebab(r.Kind) }).ToList(), ct);
    }

    /// <summary>Computer points with maintenance noted or a device of theirs in repair.</summary>
    public Task<IReadOnlyList<PointRow>> PointsAsync(CancellationToken ct = default) =>
        db.ReadAsync(async c => (IReadOnlyList<PointRow>)(await c.QueryAsync<PointRow>(new CommandDefinition("""
            SELECT p.code, p.name, s.code AS site, p.maintenance_notes, p.lease_notes,
                   (SELECT count(*) FROM devices d WHERE d.point_id = p.id) AS devices,
                   (SELECT count(*) FROM devices d WHERE d.point_id = p.id AND d.status = 'InRepair') AS in_repair
            FROM computer_points p LEFT JOIN sites s ON s.id = p.site_id
            WHERE p.maintenance_notes IS NOT NULL OR EXISTS (SELECT 1 FROM devices d WHERE d.point_id = p.id AND d.status = 'InRepair')
            ORDER BY p.code
            """, cancellationToken: ct))).AsList(), ct);

    public static readonly Column<CountRow>[] FleetColumns = [new("dimension", r => Code<FleetDimension>(r.Dimension)), new("value", FleetValue), new("devices", r => r.Count)];

    /// <summary>A code kept as a string in a report row as its enum, so that a file for people names it in their words
    /// and the API's CSV keeps the kebab-case code.</summary>
    private static object Code<T>(string code) where T : struct, Enum => EnumText.TryParse<T>(code, out var value) ? value : code;

    private static object? FleetValue(CountRow r) => r.Dimension switch
    {
        "status" => Code<Inventory.DeviceStatus>(r.Key),
        "kind" => Code<Inventory.DeviceKind>(r.Key),
        "source" => Code<Inventory.Acquisition>(r.Key),
        _ => r.Key == NoSite ? null : r.Key,
    };

    /// <summary>The fleet's site group of devices that have no site.</summary>
    public const string NoSite = "(none)";

    public static readonly Column<LoanMonth>[] LoanColumns =
        [new("month", r => r.Month), new("started", r => r.Started), new("closed", r => r.Closed), new("average days", r => r.AverageDays)];

    public static readonly Column<OverdueBucket>[] AgeingColumns =
        [new("overdue", r => r.Bucket), new("staff", r => r.Staff), new("client", r => r.Client), new("total", r => r.Total)];

    public static Column<OverdueLoan>[] OverdueColumns(bool withPersonalData) =>
    [
        new("reference", r => r.Reference), new("tag", r => r.Tag), new("kind", r => Code<Loans.LoanKind>(r.Kind)), new("site", r => r.Site),
        new("counsellor", r => r.Counsellor), .. withPersonalData ? [new Column<OverdueLoan>("borrower", r => r.Borrower)] : Array.Empty<Column<OverdueLoan>>(),
        new("due", r => r.DueOn), new("days overdue", r => r.DaysOverdue),
    ];

    public static readonly Column<DonationRow>[] DonationColumns =
    [
        new("donor", r => r.Donor), new("kind", r => Code<Inventory.DonorKind>(r.Kind)), new("devices", r => r.Devices), new("wiped", r => r.Wiped),
        new("given to clients", r => r.GivenToClients), new("recycled", r => r.Recycled), new("in pool", r => r.InPool), new("certificates", r => r.Certificates),
    ];

    public static readonly Column<LeaseRow>[] LeaseColumns =
    [
        new("tag", r => r.Tag), new("kind", r => Code<Inventory.DeviceKind>(r.Kind)), new("model", r => r.Model), new("site", r => r.Site), new("point", r => r.Point),
        new("lease end", r => r.LeaseEnd), new("paid by", r => r.PaidBy), new("supplier", r => r.Supplier),
    ];

    public static readonly Column<PointRow>[] PointColumns =
    [
        new("code", r => r.Code), new("name", r => r.Name), new("site", r => r.Site), new("devices", r => r.Devices),
        new("in repair", r => r.InRepair), new("maintenance", r => r.MaintenanceNotes), new("lease", r => r.LeaseNotes),
    ];

    /// <summary>The chart of a report, as SVG, for the API (titles in English and Finnish, bars labelled with codes).</summary>
    public async Task<string> ChartAsync(string report, CancellationToken ct = default) =>
        SvgChart.Bars(Name(report) switch
        {
            "fleet" => "Devices by status / Laitteet tilan mukaan",
            "loans" => "Loans started per month / Lainat kuukausittain",
            "overdue" => "Overdue loans by age / Myöhässä olevat lainat",
            "donations" => "Donated devices by donor / Lahjoitetut laitteet",
            "leases" => "Leases ending in 90 days, by month / Päättyvät leasingit",
            _ => "Computer points: devices in repair / Asiakaspisteet: korjauksessa",
        }, await BarsAsync(report, ct: ct));

    /// <summary>The bars of a report's chart, labelled with codes (a status, yyyy-MM, an age bucket, a donor, a point)
    /// that a page turns into its reader's words.</summary>
    public async Task<IReadOnlyList<Bar>> BarsAsync(string report, string privateDonor = "private donor", CancellationToken ct = default) => Name(report) switch
    {
        "fleet" => (await FleetAsync(ct)).Where(r => r.Dimension == "status").Select(r => new Bar(r.Key, r.Count)).ToList(),
        "loans" => (await LoansAsync(null, ct)).Select(r => new Bar(r.Month, r.Started)).ToList(),
        "overdue" => (await OverdueAgeingAsync(ct)).Select(r => new Bar(r.Bucket, r.Total)).ToList(),
        "donations" => (await DonationsAsync(false, privateDonor, ct)).Select(r => new Bar(r.Donor, r.Devices)).ToList(),
        "leases" => (await LeasesAsync(90, ct)).GroupBy(r => r.LeaseEnd.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))
            .Select(g => new Bar(g.Key, g.Count())).ToList(),
        _ => (await PointsAsync(ct)).Select(r => new Bar(r.Code, r.InRepair)).ToList(),
    };

    public static string Name(string report) =>
        Names.FirstOrDefault(n => string.Equals(n, report?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw UserError.Invalid("report", report, Msg.ValueOneOf.With(string.Join(", ", Names)));
}
