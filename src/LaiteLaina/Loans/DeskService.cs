using Dapper;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Loans;

/// <summary>What a look-up at the desk found: one device opens its card, several are offered as a choice.</summary>
public sealed record DeskLookup(string Query, IReadOnlyList<Device> Devices);

/// <summary>The first rows of one of the desk's lists, and whether there are more than it shows.</summary>
public sealed record DeskList<T>(IReadOnlyList<T> Rows, bool More);

/// <summary>An open loan on the desk's lists, with how to reach the borrower (null for a viewer who may not see borrowers).</summary>
public sealed record DeskLoan(Loan Loan, string? Contact, bool InterpreterNeeded);

/// <summary>The desk's daily lists, as Snipe-IT's and Shelf's check-in/out screens give them.</summary>
public sealed record DeskLists(DeskList<DeskLoan> DueToday, DeskList<DeskLoan> Overdue, DeskList<Device> AwaitingWipe,
    DeskList<Reservation> StartingToday, DateOnly Today);

/// <summary>A reminder to read out or send: the loan, the borrower's language and the text in it.</summary>
public sealed record Reminder(Loan Loan, string Language, string Text);

/// <summary>
/// The front desk: finding the device a scan or a typed text means, and the lists of what needs doing today. Every list
/// is a short range of an index (open loans by due date, devices by status, reservations by first day), read once.
/// </summary>
public sealed class DeskService(Database db, LoanService loans)
{
    /// <summary>How many rows a list on the desk shows before "show all".</summary>
    public const int ListRows = 20;

    /// <summary>
    /// The devices <paramref name="text"/> may mean: a tag, a short tag (ll-3, 3), a serial number, an IMEI or a loan
    /// reference (LN-000042, ln-42), case-insensitively. Refuses, saying what was searched for, when nothing matches.
    /// </summary>
    public async Task<DeskLookup> LookUpAsync(string? text, CancellationToken ct = default)
    {
        var query = Parse.Text(text) ?? throw UserError.Invalid("tag", text, Msg.DeskLookUpEmpty);
        var devices = await db.ReadAsync(async c =>
        {
            var found = (await DeviceStore.LookUpAsync(c, null, query, ListRows)).ToList();
            if (LoanReference(query) is { } reference &&
                await c.QuerySingleOrDefaultAsync<string>("SELECT d.tag FROM loans l JOIN devices d ON d.id = l.device_id WHERE l.reference = @reference",
                    new { reference }) is { } tag && found.All(d => d.Tag != tag))
                found.Add(await DeviceStore.GetByTagAsync(c, null, tag));
            return found;
        }, ct);
        return devices.Count == 0
            ? throw new UserError(Msg.DeskNothingFound.With(query), UserErrorKind.NotFound, "tag")
            : new DeskLookup(query, devices);
    }

    /// <summary>"ln-42", "LN42" or "LN-000042" as the stored reference; null when the text is no loan reference.</summary>
    internal static string? LoanReference(string text)
    {
        var t = text.Trim().ToUpperInvariant();
        if (!t.StartsWith("LN", StringComparison.Ordinal))
            return null;
        var number = t[2..].TrimStart('-', ' ').TrimStart('0');
        return number.Length is > 0 and <= 9 && number.All(char.IsAsciiDigit) ? "LN-" + number.PadLeft(6, '0') : null;
    }

    /// <summary>Today's lists. A viewer who may not see borrowers (a volunteer) gets the loans without names or contacts.</summary>
    public Task<DeskLists> ListsAsync(bool seesBorrowers, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var today = loans.Today;
            var take = ListRows + 1;
            var open = await OpenLoansAsync(c, today, take, seesBorrowers);
            var overdue = open.FindAll(l => l.Loan.DueOn < today);
            var dueToday = open.FindAll(l => l.Loan.DueOn == today);
            var wiping = await DeviceStore.ListAsync(c, DeviceStatus.AwaitingWipe, null, null, null, null, 1, ListRows);
            var starting = (await ReservationService.StartingAsync(c, today, take)).ToList();
            if (!seesBorrowers)
                starting = starting.ConvertAll(r => r with { BorrowerName = null, Purpose = null });
            return new DeskLists(Cut(dueToday), Cut(overdue),
                new DeskList<Device>(wiping.Items, wiping.HasMore), Cut(starting), today);
        }, ct);

    /// <summary>The reminder of <paramref name="reference"/>'s return in the borrower's language (fi, sv, en or fi-selko).</summary>
    public Task<Reminder> ReminderAsync(string reference, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var loan = await LoanService.FindAsync(c, null, reference) ?? throw UserError.NotFound("loan", reference);
            var device = await DeviceStore.GetByTagAsync(c, null, loan.Tag);
            var language = await c.ExecuteScalarAsync<string>("SELECT preferred_language FROM borrowers WHERE id = @BorrowerId", new { loan.BorrowerId }) ?? loan.Language;
            language = DocumentLanguages.All.Contains(language) ? language : loan.Language;
            var settings = await Settings.ReadAsync(c, null);
            var site = await c.QuerySingleOrDefaultAsync<Site>("SELECT id, code, name, address FROM sites WHERE id = @SiteId", new { device.SiteId });
            var place = ReturnPlace(site?.Name, site?.Address, settings);
            var facts = new ReminderText.Facts(loan.Tag, device.Kind, device.Make, device.Model, loan.Reference, loan.DueOn ?? loans.Today, place,
                settings.OrganisationContact ?? settings.ReturnLine);
            return new Reminder(loan, language, ReminderText.Compose(facts, language));
        }, ct);

    /// <summary>Where a device goes back: its site's name and address, else the return line the office set for labels.</summary>
    internal static string ReturnPlace(string? siteName, string? siteAddress, OfficeSettings settings) =>
        siteName is null && siteAddress is null
            ? settings.ReturnLine
            : string.Join(", ", new[] { siteName, siteAddress }.Where(p => !string.IsNullOrWhiteSpace(p)));

    /// <summary>A list read with one row more than it shows, so that it knows whether to offer "show all".</summary>
    private static DeskList<T> Cut<T>(List<T> rows) => rows.Count > ListRows ? new(rows[..ListRows], true) : new(rows, false);

    /// <summary>The open loans due today and the overdue ones, up to @take of each, by due date on ix_loans_state_due,
    /// the longest overdue first, with the borrower's contact. One statement for both lists: the desk page reads them on
    /// every look-up, and a round trip to the database costs more than their rows. Each list is its own index range with
    /// its own limit, and SQLite takes a LIMIT inside a compound only in a subquery.</summary>
    private static readonly string OpenLoansSql =
        "SELECT * FROM (" + OpenLoansDue("<") + ") overdue UNION ALL SELECT * FROM (" + OpenLoansDue("=") + ") due_today ORDER BY due_on, id";

    private static string OpenLoansDue(string comparison) =>
        LoanService.Select.Replace("\nFROM loans l", ", b.contact, b.interpreter_needed\nFROM loans l", StringComparison.Ordinal) +
        $" WHERE l.state = 'Open' AND l.due_on {comparison} @today ORDER BY l.due_on, l.id LIMIT @take";

    private static async Task<List<DeskLoan>> OpenLoansAsync(System.Data.Common.DbConnection c, DateOnly today, int take, bool seesBorrowers)
    {
        var rows = await c.QueryAsync<Loan, Reach, DeskLoan>(OpenLoansSql,
            (loan, reach) => seesBorrowers
                ? new DeskLoan(loan, reach?.Contact, reach?.InterpreterNeeded == true)
                : new DeskLoan(loan with { BorrowerName = null, BorrowerId = 0, Counsellor = "", RecommendingWorker = null, RemindedBy = null }, null, false),
            new { today, take }, splitOn: "contact");
        return rows.AsList();
    }

    /// <summary>Null from Dapper when the borrower has no contact (the split column is null).</summary>
    private sealed class Reach
    {
        public string? Contact { get; init; }
        public bool InterpreterNeeded { get; init; }
    }
}
