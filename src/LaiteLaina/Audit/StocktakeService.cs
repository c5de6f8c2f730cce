using System.Data.Common;
using System.Globalization;
using Dapper;
using LaiteLaina.Documents;
using LaiteLaina.Inventory;
using LaiteLaina.Loans;
using LaiteLaina.Storage;
using LaiteLaina.Users;
using LaiteLaina.Web;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Audit;

public enum StocktakeState { Open, Closed }

/// <summary>Found: where it should be. Missing: expected there, not scanned. Misplaced: scanned there but registered
/// elsewhere, or in a state that should not be on a shelf (on loan, lost, retired). Unknown: a tag-shaped code that
/// names no device. OnLoan: registered there, on loan, so not expected.</summary>
public enum StocktakeFinding { Found, Missing, Misplaced, Unknown, OnLoan }

public sealed record Stocktake
{
    public long Id { get; init; }
    public string Reference => "ST-" + Id.ToString("D6", CultureInfo.InvariantCulture);
    public long SiteId { get; init; }
    public string? SiteCode { get; init; }
    public long? LocationId { get; init; }
    public string? LocationName { get; init; }
    public string? Scanner { get; init; }
    public StocktakeState State { get; init; }
    public long OtherCodes { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public required string StartedBy { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? ClosedBy { get; init; }
    public long? DocumentId { get; init; }
    public long Scanned { get; init; }

    public string Place => LocationName is null ? SiteCode ?? "" : $"{SiteCode} / {LocationName}";
}

public sealed record StocktakeItem
{
    public StocktakeFinding Finding { get; init; }
    public required string Tag { get; init; }
    public long? DeviceId { get; init; }
    public DeviceKind? Kind { get; init; }
    public string? Model { get; init; }
    public DeviceStatus? Status { get; init; }
    /// <summary>Where the register has it: "KESKUS / Kaappi".</summary>
    public string? RegisteredAt { get; init; }
    public DateTimeOffset? ScannedAt { get; init; }
}

public sealed record StocktakeResult(Stocktake Stocktake, IReadOnlyList<StocktakeItem> Items)
{
    public int Count(StocktakeFinding finding) => Items.Count(i => i.Finding == finding);

    public IEnumerable<StocktakeItem> Of(StocktakeFinding finding) => Items.Where(i => i.Finding == finding);
}

/// <summary>What one scan in a stocktake turned out to be, for the scanner's screen.</summary>
/// <param name="Note">What the scan found, as a message id and its arguments; <see cref="Message"/> is its text in the
/// current UI language (the request's, for the API and the pages).</param>
public sealed record StocktakeScan(Stocktake Stocktake, StocktakeFinding? Finding, string? Tag, bool Repeated,
    [property: System.Text.Json.Serialization.JsonIgnore] Message Note)
{
    public string Message => Note.Render(System.Globalization.CultureInfo.CurrentUICulture);
}

/// <summary>
/// Stocktakes: start one for a site or a location, scan what is on the shelves (a scanner in stocktake mode, the CLI
/// or a handheld on the web page), see what was found, missing, misplaced or unknown, close it with its result kept as
/// a PDF, and mark the missing devices lost in one step. The result holds no personal data: a device on loan is listed
/// as on loan, never with its borrower.
/// </summary>
public sealed class StocktakeService(Database db, DocumentStore documents, IStringLocalizer<Ui> l)
{
    private const string Select = """
        SELECT t.id, t.site_id, s.code AS site_code, t.location_id, l.name AS location_name, t.scanner, t.state, t.other_codes,
               t.started_at, t.started_by, t.closed_at, t.closed_by, t.document_id,
               (SELECT count(*) FROM stocktake_scans x WHERE x.stocktake_id = t.id) AS scanned
        FROM stocktakes t
        JOIN sites s ON s.id = t.site_id
        LEFT JOIN locations l ON l.id = t.location_id
        """;

    public Task<Stocktake> StartAsync(string site, string? location, string? scanner, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var s = await SiteService.FindAsync(c, tx, Parse.Text(site) ?? throw UserError.Invalid("site", site, Msg.StocktakeSiteMissing))
                    ?? throw UserError.NotFound("site", site);
            long? locationId = null;
            if (Parse.Text(location) is { } name)
                locationId = (await SiteService.FindLocationAsync(c, tx, s.Id, name) ?? throw UserError.NotFound("location", $"{s.Code} / {name}")).Id;
            scanner = Parse.Text(scanner);
            if (scanner is not null && await OpenForScannerAsync(c, tx, scanner) is { } busy)
                throw new UserError(Msg.StocktakeScannerBusy.With(scanner, busy.Reference, busy.Place), UserErrorKind.Conflict, "scanner");
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO stocktakes (site_id, location_id, scanner, state, other_codes, started_at, started_by)
                VALUES (@siteId, @locationId, @scanner, 'Open', 0, @at, @actor) RETURNING id
                """, new { siteId = s.Id, locationId, scanner, at = DateTimeOffset.UtcNow, actor }, tx);
            var started = await GetAsync(c, tx, id.ToString(CultureInfo.InvariantCulture));
            await AuditLog.AppendAsync(c, tx, actor, "stocktake.start", "stocktake", id, started.Reference, null,
                new { started.SiteCode, started.LocationName, started.Scanner });
            return started;
        }, ct);

    /// <summary>Records one scanned code. Scanning a tag twice is harmless: it counts once.</summary>
    public Task<StocktakeScan> ScanAsync(string key, string code, string actor, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => ScanAsync(c, tx, key, code, actor), ct);

    /// <summary>The open stocktake a scanner feeds, if any.</summary>
    public Task<Stocktake?> ForScannerAsync(string scanner, CancellationToken ct = default) =>
        db.ReadAsync(c => OpenForScannerAsync(c, null, scanner), ct);

    private static async Task<StocktakeScan> ScanAsync(DbConnection c, DbTransaction tx, string key, string code, string actor)
    {
        var t = await GetForUpdateAsync(c, tx, key);
        if (t.State != StocktakeState.Open)
            throw new UserError(Msg.StocktakeClosed.With(t.Reference), UserErrorKind.Conflict, "stocktake");
        code = Parse.Text(code)?.ToUpperInvariant() ?? throw UserError.Invalid("code", code, Msg.StocktakeCodeMissing);
        var device = await DeviceStore.FindByTagAsync(c, tx, code);
        var prefix = (await Settings.ReadAsync(c, tx)).TagPrefix;
        if (device is null && !code.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            // Not one of our labels: it could be a loyalty card or an ID card. Counted, never stored.
            await c.ExecuteAsync("UPDATE stocktakes SET other_codes = other_codes + 1 WHERE id = @Id", new { t.Id }, tx);
            return new StocktakeScan(t, null, null, false, Msg.StocktakeNotATag.With(prefix));
        }
        var inserted = await c.ExecuteAsync("""
            INSERT INTO stocktake_scans (stocktake_id, at, code, device_id) VALUES (@Id, @at, @code, @deviceId)
            ON CONFLICT (stocktake_id, code) DO NOTHING
            """, new { t.Id, at = DateTimeOffset.UtcNow, code, deviceId = device?.Id }, tx);
        if (inserted > 0)
            await AuditLog.AppendAsync(c, tx, actor, "stocktake.scan", "stocktake", t.Id, t.Reference, null, new { tag = code });
        var finding = device is null ? StocktakeFinding.Unknown : Judge(t, device.SiteId, device.LocationId, device.Status);
        var message = finding switch
        {
            StocktakeFinding.Found => Msg.StocktakeFound.With(code),
            StocktakeFinding.Unknown => Msg.StocktakeNotRegistered.With(code),
            _ => Msg.StocktakeMisplaced.With(code, Place(device!.SiteCode, device.LocationName), device.Status),
        };
        return new StocktakeScan(t, finding, code, inserted == 0, inserted == 0 ? Msg.StocktakeRepeat.With(code) : message);
    }

    public Task<StocktakeResult> ResultAsync(string key, CancellationToken ct = default) =>
        db.ReadAsync(async c => await ResultAsync(c, null, await GetAsync(c, null, key)), ct);

    public Task<IReadOnlyList<Stocktake>> ListAsync(bool openOnly = false, CancellationToken ct = default) => ListOf(openOnly).AllAsync(ct);

    /// <summary>Stocktakes, newest first; paged by the API, streamed by its CSV.</summary>
    public SqlList<Stocktake> ListOf(bool openOnly) => new(db, Select + (openOnly ? " WHERE t.state = 'Open'" : ""), "t.id DESC");

    public Task<Stocktake> GetAsync(string key, CancellationToken ct = default) => db.ReadAsync(c => GetAsync(c, null, key), ct);

    /// <summary>Closes the stocktake and keeps its result as a PDF document.</summary>
    public Task<(Stocktake Stocktake, StoredDocument Document)> CloseAsync(string key, string actor, CancellationToken ct = default)
    {
        // One moment for every round of the write: the report states it, and an equal report is laid out only once.
        var now = DateTimeOffset.UtcNow;
        return DocumentDrafts.WriteAsync(db, async (c, tx, drafts) =>
        {
            var t = await GetForUpdateAsync(c, tx, key);
            if (t.State != StocktakeState.Open)
                throw new UserError(Msg.StocktakeAlreadyClosed.With(t.Reference), UserErrorKind.Conflict, "stocktake");
            t = t with { State = StocktakeState.Closed, ClosedAt = now, ClosedBy = actor };
            var result = await ResultAsync(c, tx, t);
            var organisation = (await Settings.ReadAsync(c, tx)).OrganisationName ?? "";
            // In the words of whoever closes it, who is also the first to read it.
            var reader = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
            var language = reader is "sv" or "en" ? reader : "fi";
            var names = await UserService.DisplayNamesAsync(c, tx, [t.StartedBy, t.ClosedBy]);
            var pdf = drafts.Get(new { organisation, result, language }, () => Pdf(organisation, result, l, names));
            var document = await documents.IssueReportAsync(c, tx, "stocktake-report", language, pdf,
                new DocumentSubject("stocktake", t.Id, t.Reference), actor, ct);
            await c.ExecuteAsync("UPDATE stocktakes SET state = 'Closed', closed_at = @now, closed_by = @actor, document_id = @doc WHERE id = @Id",
                new { now, actor, doc = document.Id, t.Id }, tx);
            await AuditLog.AppendAsync(c, tx, actor, "stocktake.close", "stocktake", t.Id, t.Reference, null, new
            {
                found = result.Count(StocktakeFinding.Found), missing = result.Count(StocktakeFinding.Missing),
                misplaced = result.Count(StocktakeFinding.Misplaced), unknown = result.Count(StocktakeFinding.Unknown),
                onLoan = result.Count(StocktakeFinding.OnLoan), documentId = document.Id,
            });
            return (t with { DocumentId = document.Id }, document with { Content = [] });
        }, ct);
    }

    /// <summary>Marks every device the stocktake found missing as lost, in one transaction, each with its audit row. Only
    /// after the stocktake is closed: while the count goes on, "missing" means only "not scanned yet".</summary>
    public Task<IReadOnlyList<string>> MarkMissingLostAsync(string key, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var t = await GetForUpdateAsync(c, tx, key);
            if (t.State == StocktakeState.Open)
                throw new UserError(Msg.StocktakeNotClosed.With(t.Reference), UserErrorKind.Conflict, "stocktake");
            var result = await ResultAsync(c, tx, t);
            var lost = new List<string>();
            foreach (var item in result.Of(StocktakeFinding.Missing))
            {
                var device = await DeviceStore.GetForUpdateAsync(c, tx, item.Tag);
                if (!Lifecycle.CanMove(device.Status, DeviceStatus.Lost))
                    continue; // changed since the count (lent, retired): no longer missing from the shelf
                await DeviceGate.MoveAsync(c, tx, device,
                    device with { Status = DeviceStatus.Lost, Notes = Append(device.Notes, $"Missing in stocktake {t.Reference}") }, actor, "device.lost");
                lost.Add(device.Tag);
            }
            await AuditLog.AppendAsync(c, tx, actor, "stocktake.mark-lost", "stocktake", t.Id, t.Reference, null, new { tags = lost });
            return (IReadOnlyList<string>)lost;
        }, ct);

    public static readonly Column<StocktakeItem>[] ItemColumns =
    [
        new("finding", i => i.Finding), new("tag", i => i.Tag), new("kind", i => i.Kind), new("model", i => i.Model),
        new("status", i => i.Status), new("registered at", i => i.RegisteredAt), new("scanned", i => i.ScannedAt),
    ];

    /// <summary>The stocktake's report in the words, numbers and dates of <paramref name="l"/> and the current culture; who
    /// started and closed it by the <paramref name="names"/> of their accounts, times with their offset from UTC.</summary>
    private static byte[] Pdf(string organisation, StocktakeResult r, IStringLocalizer l, IReadOnlyDictionary<string, string> names)
    {
        var culture = CultureInfo.CurrentUICulture;
        string Who(string actor) => names.GetValueOrDefault(actor) ?? Access.LoginOf(actor);
        var t = r.Stocktake;
        var order = new[] { StocktakeFinding.Missing, StocktakeFinding.Misplaced, StocktakeFinding.Unknown, StocktakeFinding.OnLoan, StocktakeFinding.Found };
        var columns = ItemColumns.Select(c => new Column<StocktakeItem>(WebCsv.Header(c.Header, l), i => WebCsv.Cell(c.Value(i), l))).ToList();
        var started = l["Stocktake {0} at {1}; started {2} by {3}.", t.Reference, t.Place, Tabular.Time(t.StartedAt, culture), Who(t.StartedBy)].Value;
        return Tabular.Pdf(culture, organisation, l["Stocktake"], t.Reference,
        [
            started + (t.ClosedAt is { } closed ? " " + l["Closed {0} by {1}.", Tabular.Time(closed, culture), Who(t.ClosedBy ?? "")] : ""),
            string.Join("; ", order.Select(f => $"{l.Of(f)} {LocalText.Count(r.Count(f))}")) + "; " + l["other codes read {0}", LocalText.Count(t.OtherCodes)] + ".",
        ], order.Select(f => new Tabular.Section(Capital(l.Of(f)), Tabular.Headers(columns), Tabular.Cells(r.Of(f), columns))));
    }

    private static string Capital(string words) => words.Length == 0 ? words : char.ToUpper(words[0], CultureInfo.CurrentCulture) + words[1..];

    private static async Task<StocktakeResult> ResultAsync(DbConnection c, DbTransaction? tx, Stocktake t)
    {
        var scans = (await c.QueryAsync<ScanRow>("""
            SELECT x.code, x.at, x.device_id, d.kind, d.model, d.status, d.site_id, d.location_id, s.code AS site_code, l.name AS location_name
            FROM stocktake_scans x
            LEFT JOIN devices d ON d.id = x.device_id
            LEFT JOIN sites s ON s.id = d.site_id
            LEFT JOIN locations l ON l.id = d.location_id
            WHERE x.stocktake_id = @Id
            """, new { t.Id }, tx)).AsList();
        var expected = await c.QueryAsync<ScanRow>($"""
            SELECT d.tag AS code, d.id AS device_id, d.kind, d.model, d.status, d.site_id, d.location_id, s.code AS site_code, l.name AS location_name
            FROM devices d
            JOIN sites s ON s.id = d.site_id
            LEFT JOIN locations l ON l.id = d.location_id
            WHERE d.site_id = @SiteId {(t.LocationId is null ? "" : "AND d.location_id = @LocationId")}
              AND d.status NOT IN ('HandedOver', 'Retired', 'Lost')
            """, new { t.SiteId, t.LocationId }, tx);
        var items = new List<StocktakeItem>();
        var seen = new HashSet<long>();
        foreach (var s in scans)
        {
            if (s.DeviceId is { } id)
                seen.Add(id);
            items.Add(s.Item(s.DeviceId is null ? StocktakeFinding.Unknown : Judge(t, s.SiteId, s.LocationId, s.Status!.Value)));
        }
        foreach (var e in expected.Where(e => !seen.Contains(e.DeviceId!.Value)))
            items.Add(e.Item(e.Status == DeviceStatus.OnLoan ? StocktakeFinding.OnLoan : StocktakeFinding.Missing) with { ScannedAt = null });
        return new StocktakeResult(t, [.. items.OrderBy(i => i.Finding).ThenBy(i => i.Tag, StringComparer.Ordinal)]);
    }

    private static StocktakeFinding Judge(Stocktake t, long? siteId, long? locationId, DeviceStatus status) =>
        siteId == t.SiteId && (t.LocationId is null || locationId == t.LocationId) &&
        status is not (DeviceStatus.OnLoan or DeviceStatus.Lost or DeviceStatus.Retired or DeviceStatus.HandedOver)
            ? StocktakeFinding.Found
            : StocktakeFinding.Misplaced;

    private static string Where(string? site, string? location) =>
        site is null ? "no site" : location is null ? site : $"{site} / {location}";

    /// <summary>Where a device is registered, for a message in the reader's language.</summary>
    private static object Place(string? site, string? location) => site is null ? Msg.StocktakeNoSite : Where(site, location);

    private static string Append(string? notes, string note) => string.IsNullOrEmpty(notes) ? note : notes + "\n" + note;

    private static Task<Stocktake?> OpenForScannerAsync(DbConnection c, DbTransaction? tx, string scanner) =>
        c.QueryFirstOrDefaultAsync<Stocktake>(Select + " WHERE t.state = 'Open' AND lower(t.scanner) = lower(@scanner) ORDER BY t.id DESC LIMIT 1", new { scanner }, tx);

    /// <summary>
    /// Reads a stocktake for a change that depends on its state. On PostgreSQL the row is locked first, so a second
    /// close (or a scan arriving as it closes) waits for the first and then sees it closed, instead of both acting on
    /// the open state each read; SQLite's one writer already serialises them.
    /// </summary>
    private static async Task<Stocktake> GetForUpdateAsync(DbConnection c, DbTransaction tx, string key)
    {
        if (c is Npgsql.NpgsqlConnection)
            await c.ExecuteAsync("SELECT id FROM stocktakes WHERE id = @Id FOR UPDATE", new { (await GetAsync(c, tx, key)).Id }, tx);
        return await GetAsync(c, tx, key);
    }

    private static async Task<Stocktake> GetAsync(DbConnection c, DbTransaction? tx, string key)
    {
        var text = key.Trim().ToUpperInvariant();
        var id = long.TryParse(text.StartsWith("ST-", StringComparison.Ordinal) ? text[3..] : text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        return await c.QuerySingleOrDefaultAsync<Stocktake>(Select + " WHERE t.id = @id", new { id }, tx) ?? throw UserError.NotFound("stocktake", key);
    }

    internal sealed record ScanRow
    {
        public required string Code { get; init; }
        public DateTimeOffset? At { get; init; }
        public long? DeviceId { get; init; }
        public DeviceKind? Kind { get; init; }
        public string? Model { get; init; }
        public DeviceStatus? Status { get; init; }
        public long? SiteId { get; init; }
        public long? LocationId { get; init; }
        public string? SiteCode { get; init; }
        public string? LocationName { get; init; }

        public StocktakeItem Item(StocktakeFinding finding) => new()
        {
            Finding = finding, Tag = Code, DeviceId = DeviceId, Kind = Kind, Model = Model, Status = Status,
            RegisteredAt = DeviceId is null ? null : StocktakeService.Where(SiteCode, LocationName), ScannedAt = At,
        };
    }
}
