using System.Data.Common;
using System.Globalization;
using Dapper;
using LaiteLaina.Storage;
using LaiteLaina.Documents;
using LaiteLaina.Inventory;
using LaiteLaina.Users;

namespace LaiteLaina.People;

/// <summary>How many of a borrower's loan documents (signed agreements and receipts) are still kept, and the day the last of
/// them is erased by the retention job.</summary>
public sealed record AgreementsKept(int Count, DateOnly Until);

/// <summary>A borrower whose personal data is due to be anonymised on <see cref="DueOn"/>. No name: this list is for
/// deciding, and the number opens the record (which is then logged as a read).</summary>

public sealed record RetentionDue
{
    public long BorrowerId { get; init; }
    public BorrowerKind Kind { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastLoanClosed { get; init; }
    public long Loans { get; init; }
    public DateOnly DueOn { get; init; }
}

/// <summary>
/// The data-protection duties: personal data is kept no longer than the retention setting (months after the borrower's
/// last loan closed, 12 by default), then anonymised: name, contact, client reference, unit, badge and notes go, while
/// the loans stay so that every statistic still counts them. Erasure on request does the same at once where no loan is
/// open. The right of access is a PDF of everything stored about one borrower. Reading a borrower's details, exporting
/// and erasing are all written to the audit log. Places (a village hall) are not people and are left alone.
/// <para>A loan's signed agreement and receipts are the office's evidence if a device is never returned, so they are kept
/// apart from the rest, by default 3 years after the loan closed (agreement_retention_years: the general limitation
/// period, Act 728/2003), and then erased by the same daily job. An erasure on request keeps them too, as GDPR Art. 17(3)(e)
/// allows for what is needed to establish or defend legal claims; an administrator erases them early once the claim is
/// settled (<see cref="EraseAgreementsAsync"/>).</para>
/// </summary>
public sealed class PrivacyService(Database db, TimeProvider? clock = null, DataLocation? location = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public Task<int> RetentionMonthsAsync(CancellationToken ct = default) => db.ReadAsync(c => RetentionMonthsAsync(c, null), ct);

    /// <summary>Borrowers whose data will be anonymised by <paramref name="until"/> (default today): what the job takes next.</summary>
    public Task<IReadOnlyList<RetentionDue>> DueAsync(DateOnly? until = null, CancellationToken ct = default) =>
        db.ReadAsync(c => DueAsync(c, null, until ?? Today), ct);

    /// <summary>What the daily job does: anonymise everyone past retention, then erase the agreements and receipts of loans
    /// that closed longer ago than the agreement retention. Returns how many borrowers were anonymised.</summary>
    public async Task<int> AnonymiseDueAsync(string actor, CancellationToken ct = default)
    {
        var count = await AnonymiseOthersDueAsync(actor, ct);
        var expired = await db.WriteAsync(async (c, tx) =>
        {
            if (db.Engine == Engine.Postgres)
                await c.ExecuteAsync("SELECT pg_advisory_xact_lock(4242008)", transaction: tx);
            return await EraseExpiredAgreementsAsync(c, tx, actor);
        }, ct);
        DeleteWrittenOut(expired);
        return count;
    }

    private async Task<int> AnonymiseOthersDueAsync(string actor, CancellationToken ct)
    {
        // Read the list once, then anonymise fifty at a time, each batch its own transaction: the first run over years of
        // data must not hold SQLite's one writer for minutes while the desk waits. A borrower who has since been
        // anonymised (by another site's service on a shared PostgreSQL) or has a new open loan is left for the next run.
        var due = await DueAsync(null, ct);
        var count = 0;
        foreach (var batch in due.Chunk(50))
        {
            count += await db.WriteAsync(async (c, tx) =>
            {
                if (db.Engine == Engine.Postgres)
                    await c.ExecuteAsync("SELECT pg_advisory_xact_lock(4242008)", transaction: tx);
                var done = 0;
                foreach (var b in batch)
                {
                    var still = await c.ExecuteScalarAsync<long>("""
                        SELECT count(*) FROM borrowers br WHERE br.id = @BorrowerId AND br.anonymised_at IS NULL
                           AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.borrower_id = br.id AND l.state = 'Open')
                        """, new { b.BorrowerId }, tx);
                    if (still == 0)
                        continue;
                    await AnonymiseAsync(c, tx, b.BorrowerId, actor, "borrower.anonymise", "retention period ended");
                    done++;
                }
                return done;
            }, ct);
        }
        return count;
    }

    /// <summary>Erasure on request: anonymises one borrower now, whatever the retention, unless a loan of theirs is open.
    /// The signed agreements and receipts are kept until their own limit (<see cref="AgreementsKeptAsync"/>).</summary>
    public Task<Borrower> EraseAsync(string key, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var b = await BorrowerService.FindAsync(c, tx, key) ?? throw UserError.NotFound("borrower", key);
            if (b.AnonymisedAt is not null)
                throw new UserError(Msg.PrivacyAlreadyAnonymised.With(b.Id, b.AnonymisedAt), UserErrorKind.Conflict, "borrower");
            await RefuseOpenLoanAsync(c, tx, b.Id);
            await AnonymiseAsync(c, tx, b.Id, actor, "borrower.erase", "erasure on request");
            return await BorrowerService.FindAsync(c, tx, b.Id.ToString(CultureInfo.InvariantCulture)) ?? b;
        }, ct);

    /// <summary>The signed agreements and receipts still kept for one borrower's loans, and the day the last of them goes
    /// by itself; null when none is kept.</summary>
    public Task<AgreementsKept?> AgreementsKeptAsync(long borrowerId, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var years = (await Settings.ReadAsync(c, null)).AgreementRetentionYears;
            var kept = (await c.QueryAsync<DateTimeOffset?>("""
                SELECT l.closed_at FROM documents d JOIN loans l ON d.subject_type = 'loan' AND d.subject_id = l.id
                WHERE l.borrower_id = @borrowerId
                """, new { borrowerId })).AsList();
            if (kept.Count == 0)
                return null;
            // An open loan has no end yet: its agreement is kept at least until the limit counted from today.
            var last = kept.Max(closed => closed ?? clock.GetUtcNow());
            return new AgreementsKept(kept.Count, DateOnly.FromDateTime(last.ToLocalTime().DateTime).AddYears(years));
        }, ct);

    /// <summary>
    /// An administrator's erasure of one borrower's signed agreements and receipts before their limit, once no claim can
    /// arise any more (the device came back, or a claim was settled). Refused while a loan of theirs is open.
    /// </summary>
    public async Task<int> EraseAgreementsAsync(string key, string actor, CancellationToken ct = default)
    {
        var (count, erased) = await db.WriteAsync(async (c, tx) =>
        {
            var b = await BorrowerService.FindAsync(c, tx, key) ?? throw UserError.NotFound("borrower", key);
            await RefuseOpenLoanAsync(c, tx, b.Id);
            var erased = await EraseDocumentsAsync(c, tx, "l.borrower_id = @id", new { id = b.Id }, actor, "claim settled");
            if (erased.Count > 0)
                await AuditLog.AppendAsync(c, tx, actor, "borrower.erase-agreements", "borrower", b.Id, b.Id.ToString(CultureInfo.InvariantCulture), null,
                    new { reason = "claim settled", documentsErased = erased.Count });
            return (erased.Count, erased);
        }, ct);
        DeleteWrittenOut(erased);
        return count;
    }

    private static async Task RefuseOpenLoanAsync(DbConnection c, DbTransaction tx, long id)
    {
        var open = await c.QueryFirstOrDefaultAsync<string>("SELECT reference FROM loans WHERE borrower_id = @id AND state = 'Open'", new { id }, tx);
        if (open is not null)
            throw new UserError(Msg.PrivacyLoanOpen.With(id, open), UserErrorKind.Conflict, "borrower");
    }

    /// <summary>The agreements and receipts of loans closed longer ago than the agreement retention, of people (a place's
    /// papers hold no one's personal data), one audit row per borrower.</summary>
    private async Task<IReadOnlyList<ErasedDocument>> EraseExpiredAgreementsAsync(DbConnection c, DbTransaction tx, string actor)
    {
        var years = (await Settings.ReadAsync(c, tx)).AgreementRetentionYears;
        var closedBefore = clock.GetUtcNow().AddYears(-years);
        var erased = await EraseDocumentsAsync(c, tx,
            "l.closed_at IS NOT NULL AND l.closed_at <= @closedBefore AND l.borrower_id IN (SELECT id FROM borrowers WHERE kind <> 'Place')",
            new { closedBefore }, actor, "agreement retention ended");
        foreach (var borrower in erased.GroupBy(d => d.BorrowerId))
            await AuditLog.AppendAsync(c, tx, actor, "borrower.erase-agreements", "borrower", borrower.Key, borrower.Key.ToString(CultureInfo.InvariantCulture), null,
                new { reason = "agreement retention ended", documentsErased = borrower.Count() });
        return erased;
    }

    /// <summary>Records the erasure of the loan documents <paramref name="loans"/> selects (over loans l), then lets them go:
    /// the documents' triggers refuse a delete without its record.</summary>
    private async Task<IReadOnlyList<ErasedDocument>> EraseDocumentsAsync(DbConnection c, DbTransaction tx, string loans, object parameters,
        string actor, string reason)
    {
        var documents = (await c.QueryAsync<ErasedDocument>($"""
            SELECT d.id, d.subject_key, d.subject_id, d.kind, d.version, l.borrower_id
            FROM documents d JOIN loans l ON d.subject_type = 'loan' AND d.subject_id = l.id
            WHERE {loans}
            """, parameters, tx)).AsList();
        if (documents.Count == 0)
            return documents;
        var now = clock.GetUtcNow();
        foreach (var d in documents)
        {
            await c.ExecuteAsync("""
                INSERT INTO document_erasures (document_id, kind, sha256, subject_type, subject_id, erased_at, erased_by, reason)
                SELECT id, kind, sha256, subject_type, subject_id, @now, @actor, @reason FROM documents WHERE id = @Id
                """, new { d.Id, now, actor, reason }, tx);
            await c.ExecuteAsync("DELETE FROM document_sources WHERE document_id = @Id", new { d.Id }, tx);
            await c.ExecuteAsync("DELETE FROM documents WHERE id = @Id", new { d.Id }, tx);
        }
        return documents;
    }

    /// <summary>
    /// The copies the command line wrote out for printing (DATA/documents, <see cref="DocumentCommands.WriteOutAsync"/>)
    /// go with the stored documents; after the commit, since a file deleted for a rolled-back erasure cannot come back.
    /// A copy saved anywhere else, or on another site's machine, is beyond reach: the erasure's audit row counts the documents.
    /// </summary>
    private void DeleteWrittenOut(IEnumerable<ErasedDocument> erased)
    {
        if (location is null)
            return;
        foreach (var d in erased)
        {
            // Most documents were never written out; File.Delete throws where even the folder was never made.
            var path = DocumentCommands.WrittenOutPath(location, d.SubjectKey, d.SubjectId, d.Kind, d.Version);
            if (File.Exists(path))
                File.Delete(path);
        }
    }

    private sealed record ErasedDocument
    {
        public long Id { get; init; }
        public long BorrowerId { get; init; }
        public string? SubjectKey { get; init; }
        public long SubjectId { get; init; }
        public required string Kind { get; init; }
        public int Version { get; init; }
    }

    /// <summary>A borrower's details, for a person who may see them; the read itself goes into the audit log.</summary>
    public Task<Borrower> ReadAsync(string key, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var b = await BorrowerService.FindAsync(c, tx, key) ?? throw UserError.NotFound("borrower", key);
            await AuditLog.AppendAsync(c, tx, actor, "borrower.read", "borrower", b.Id, b.Id.ToString(CultureInfo.InvariantCulture), null, null);
            return b;
        }, ct);

    /// <summary>The right of access: everything stored about one borrower, and nothing about anyone else, as a PDF.</summary>
    public Task<byte[]> ExportAsync(string key, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var b = await BorrowerService.FindAsync(c, tx, key) ?? throw UserError.NotFound("borrower", key);
            var id = b.Id;
            var loans = (await c.QueryAsync<ExportedLoan>("""
                SELECT l.id, l.reference, l.kind, l.state, d.tag, l.counsellor, l.recommending_worker,
                       l.started_at, l.due_on, l.closed_at, l.accessories_out, l.condition_out, l.accessories_missing, l.accessories_damaged,
                       l.condition_in, l.return_notes
                FROM loans l JOIN devices d ON d.id = l.device_id WHERE l.borrower_id = @id ORDER BY l.id
                """, new { id }, tx)).AsList();
            var loanIds = loans.Select(l => l.Id).ToArray();
            var reservations = await c.QueryAsync<ReservationRow>(
                "SELECT id, device_kind AS kind, starts_on AS from_day, ends_on AS to_day, purpose, cancelled_at AS cancelled FROM reservations WHERE borrower_id = @id ORDER BY id", new { id }, tx);
            var documents = (await c.QueryAsync<DocumentRow>(
                "SELECT id, kind, version, language, created_at AS created, sha256, subject_id FROM documents WHERE subject_type = 'loan' AND subject_id = ANY_IDS ORDER BY id"
                    .Replace("= ANY_IDS", db.Engine == Engine.Sqlite ? "IN (SELECT value FROM json_each(@ids))" : "= ANY(@ids)", StringComparison.Ordinal),
                new { ids = Ids(loanIds) }, tx)).AsList();
            var audit = (await c.QueryAsync<AuditEntry>("""
                SELECT id, at, actor, action, record_type, record_id, record_key, before_json, after_json FROM audit_log
                WHERE (record_type = 'borrower' AND record_id = @id) OR (record_type = 'loan' AND record_id = ANY_IDS)
                ORDER BY id
                """.Replace("= ANY_IDS", db.Engine == Engine.Sqlite ? "IN (SELECT value FROM json_each(@ids))" : "= ANY(@ids)", StringComparison.Ordinal),
                new { id, ids = Ids(loanIds) }, tx)).AsList();
            var settings = await Settings.ReadAsync(c, tx);
            var organisation = settings.OrganisationName ?? "";
            // Whoever acted, by name: an account id ("api:sari") tells a citizen nothing. The counsellor field holds a
            // login when the loan was made without naming one.
            var names = await UserService.DisplayNamesAsync(c, tx, [.. audit.Select(a => a.Actor), .. loans.Select(l => l.Counsellor)]);
            await AuditLog.AppendAsync(c, tx, actor, "borrower.export", "borrower", id, id.ToString(CultureInfo.InvariantCulture), null,
                new { loans = loans.Count, documents = documents.Count });

            // The file is the borrower's, so it is written in their language (plain Finnish readers get Finnish), not
            // in the language of the staff member who asked for it.
            var culture = MessageCatalog.Parse(b.PreferredLanguage) ?? MessageCatalog.English;
            string T(string key, params object?[] args) => MessageCatalog.UiWords(key, culture, args);
            string Word(string type, string? code) => code is null ? "" : MessageCatalog.FindUiWords($"{type}.{EnumText.Kebab(code)}", culture) ?? code;
            string When(DateTimeOffset? at) => at is { } a ? Tabular.Time(a, culture) : "";
            string Day(DateOnly? day) => day is { } d ? LocalText.Date(d) : "";
            string Who(string who) => names.TryGetValue(who, out var name) ? name
                : Access.IsService(who) ? T("The service itself (automatic)")
                : who.StartsWith("cli:", StringComparison.Ordinal) ? T("An administrator of the service") : Access.LoginOf(who);
            IReadOnlyList<string> Row(params string?[] cells) => [.. cells.Select(c => CliContext.Text(c))];
            return Tabular.Pdf(culture, organisation, T("Information about you"), T("Borrower {0}", id),
            [
                organisation.Length > 0
                    ? T("Everything {0} keeps about you (borrower {1}), gathered on {2} at your request: the right of access, article 15 of the GDPR.", organisation, id, When(clock.GetUtcNow()))
                    : T("Everything kept about you (borrower {0}), gathered on {1} at your request: the right of access, article 15 of the GDPR.", id, When(clock.GetUtcNow())),
                T("Times are the office's local time, time zone {0}.", TimeZoneInfo.Local.Id),
                T("No personal identity code is ever recorded."),
            ],
            [
                new Tabular.Section(T("Borrower"), [T("Field"), T("Value")],
                [
                    Row(T("Number"), id.ToString(CultureInfo.InvariantCulture)), Row(T("Kind"), Word(nameof(BorrowerKind), b.Kind.ToString())), Row(T("Name"), b.Name),
                    Row(T("Contact"), b.Contact), Row(T("Client number"), b.ClientReference), Row(T("Unit"), b.Unit), Row(T("Badge"), b.Badge),
                    Row(T("Language"), Word("DocumentLanguage", b.PreferredLanguage)), Row(T("Needs an interpreter"), b.InterpreterNeeded ? T("yes") : T("no")), Row(T("Notes"), b.Notes),
                    Row(T("Created"), When(b.CreatedAt)), Row(T("Updated"), When(b.UpdatedAt)), Row(T("Anonymised"), When(b.AnonymisedAt)),
                ]),
                .. loans.Select(l => new Tabular.Section(T("Loan {0}", l.Reference), [T("Field"), T("Value")],
                [
                    Row(T("Kind"), Word("LoanKind", l.Kind)), Row(T("State"), Word("LoanState", l.State)), Row(T("Device"), l.Tag),
                    Row(T("Started"), When(l.StartedAt)), Row(T("Due"), Day(l.DueOn)), Row(T("Ended"), When(l.ClosedAt)),
                    Row(T("Accessories"), AccessoryList.Show(l.AccessoriesOut)), Row(T("Missing"), AccessoryList.Show(l.AccessoriesMissing)),
                    Row(T("Damaged accessories"), AccessoryList.Show(l.AccessoriesDamaged)),
                    Row(T("Condition when lent"), Word("DeviceCondition", l.ConditionOut)), Row(T("Condition when returned"), Word("DeviceCondition", l.ConditionIn)),
                    Row(T("Counsellor"), names.GetValueOrDefault(l.Counsellor, l.Counsellor)), Row(T("Recommended by"), l.RecommendingWorker), Row(T("Notes"), l.ReturnNotes),
                ])),
                new Tabular.Section(T("Reservations"), [T("Number"), T("Device"), T("From"), T("To"), T("Purpose"), T("Cancelled")],
                    reservations.Select(r => Row(r.Id.ToString(CultureInfo.InvariantCulture), Word("DeviceKind", r.Kind), Day(r.FromDay), Day(r.ToDay), r.Purpose, When(r.Cancelled)))),
                new Tabular.Section(T("Documents"), [T("Document"), T("Issued"), T("Loan"), "SHA-256"],
                    documents.Select(d => Row(T("{0}, version {1} ({2})", Word(nameof(DocumentKind), d.Kind), d.Version, Word("DocumentLanguage", d.Language)),
                        When(d.Created), loans.First(l => l.Id == d.SubjectId).Reference, d.Sha256)),
                    T("Each document can be printed in full on request.")),
                new Tabular.Section(T("Log of what was done"), [T("When"), T("Who"), T("What happened"), T("Record")],
                    audit.Select(a => Row(When(a.At), Who(a.Actor), AuditDiff.Actions.Contains(a.Action) ? T("AuditAction." + a.Action) : a.Action, a.RecordKey))),
            ], AccessNotice(settings, culture));
        }, ct);

    /// <summary>
    /// What article 15(1) and (2) of the GDPR give the person besides the data itself: the controller, the purposes and
    /// legal basis, the categories, the source, the recipients (and no transfers out of the EEA), both retention periods,
    /// the absence of automated decisions, each right and the right to complain to the Data Protection Ombudsman. The
    /// words are those of the agreements' privacy notice, so the two never disagree.
    /// </summary>
    private static Tabular.Notice AccessNotice(OfficeSettings settings, CultureInfo culture)
    {
        string T(string key, params object?[] args) => MessageCatalog.UiWords(key, culture, args);
        var controller = string.Join(", ", new[] { settings.OrganisationName, settings.OrganisationContact }.Where(v => !string.IsNullOrWhiteSpace(v)));
        return new Tabular.Notice(T("How your data is processed"),
        [
            (T("Controller."), controller + (string.IsNullOrWhiteSpace(settings.PrivacyContact) ? "" : " " + T("Data protection contact: {0}.", settings.PrivacyContact))),
            (T("Purposes and legal basis."), T("Your data is processed to lend and hand over devices, follow up returns and keep the device records, and to settle claims under the agreements. Lending devices is part of the municipality's or wellbeing services county's statutory services. The processing is based on the performance of a task carried out in the public interest and the exercise of official authority (EU General Data Protection Regulation, Article 6(1)(e)) and on the controller's legal obligations (Article 6(1)(c)).")),
            (T("Data processed."), T("The data listed in this document: your name and contact details, your client reference, your language, the names of the service counsellor and the worker who recommended the loan, the device details, the dates, the device's condition and notes made at its return, and the agreements you signed.")),
            (T("Where the data comes from."), T("From you, and from the staff who recorded your loans, returns and reservations.")),
            (T("Recipients."), T("The data is not disclosed to anyone as a matter of routine. The volunteers who wipe and set up the devices do not see who borrows them. Data is disclosed only where the law requires it, and it is not transferred outside the EU or the EEA.")),
            (T("Retention."), T("Your name, contact details and other data are deleted {0} months after your last loan or handover ends. The signed agreements and the receipts are kept apart from the other data for {1} years after the loan ends, so that claims under the agreement can be settled (the general limitation period for debts, Act 728/2003), and are then deleted.", settings.RetentionMonths, settings.AgreementRetentionYears)),
            (T("Automated decisions."), T("No decision about you is made automatically, and you are not profiled.")),
            (T("Your rights."), T("You have the right to a copy of your data (this document), the right to have incorrect data rectified, the right to have your data erased when it is no longer needed (a signed agreement may be kept until the end of its retention period to establish or defend legal claims), the right to restrict the processing and the right to object to it on grounds relating to your particular situation. Make your request to the data protection contact or your service counsellor.")),
            (T("Right to complain."), T("If you consider that your data is processed unlawfully, you may lodge a complaint with the Data Protection Ombudsman (Office of the Data Protection Ombudsman, tietosuoja.fi).")),
        ]);
    }

    internal sealed record ReservationRow
    {
        public long Id { get; init; }
        public required string Kind { get; init; }
        public DateOnly FromDay { get; init; }
        public DateOnly ToDay { get; init; }
        public string? Purpose { get; init; }
        public DateTimeOffset? Cancelled { get; init; }
    }

    internal sealed record DocumentRow
    {
        public long Id { get; init; }
        public required string Kind { get; init; }
        public int Version { get; init; }
        public required string Language { get; init; }
        public DateTimeOffset Created { get; init; }
        public required string Sha256 { get; init; }
        public long SubjectId { get; init; }
    }

    /// <summary>A loan as the right-of-access export shows it; read here, so privacy needs nothing of the loan feature.</summary>
    private sealed record ExportedLoan
    {
        public long Id { get; init; }
        public required string Reference { get; init; }
        public required string Kind { get; init; }
        public required string State { get; init; }
        public required string Tag { get; init; }
        public required string Counsellor { get; init; }
        public string? RecommendingWorker { get; init; }
        public DateTimeOffset StartedAt { get; init; }
        public DateOnly? DueOn { get; init; }
        public DateTimeOffset? ClosedAt { get; init; }
        public string? AccessoriesOut { get; init; }
        public required string ConditionOut { get; init; }
        public string? AccessoriesMissing { get; init; }
        public string? AccessoriesDamaged { get; init; }
        public string? ConditionIn { get; init; }
        public string? ReturnNotes { get; init; }
    }

    public static readonly Column<RetentionDue>[] DueColumns =
    [
        new("borrower", r => r.BorrowerId), new("kind", r => r.Kind), new("loans", r => r.Loans), new("last loan closed", r => r.LastLoanClosed),
        new("created", r => r.CreatedAt), new("anonymised on", r => r.DueOn),
    ];

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>SQLite reads a list as JSON (json_each); PostgreSQL as an array.</summary>
    private object Ids(long[] ids) => db.Engine == Engine.Sqlite ? System.Text.Json.JsonSerializer.Serialize(ids) : ids;

    private static async Task<int> RetentionMonthsAsync(DbConnection c, DbTransaction? tx) =>
        (await Settings.ReadAsync(c, tx)).RetentionMonths;

    private static async Task<IReadOnlyList<RetentionDue>> DueAsync(DbConnection c, DbTransaction? tx, DateOnly until)
    {
        var months = await RetentionMonthsAsync(c, tx);
        // Someone with an open loan or a reservation still ahead is a current borrower, however old their last loan.
        var candidates = await c.QueryAsync<RetentionDue>("""
            SELECT b.id AS borrower_id, b.kind, b.created_at, max(l.closed_at) AS last_loan_closed, count(l.id) AS loans
            FROM borrowers b LEFT JOIN loans l ON l.borrower_id = b.id
            WHERE b.anonymised_at IS NULL AND b.kind <> 'Place'
              AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.borrower_id = b.id AND r.cancelled_at IS NULL AND r.ends_on >= @until)
            GROUP BY b.id, b.kind, b.created_at
            HAVING sum(CASE WHEN l.state = 'Open' THEN 1 ELSE 0 END) = 0
            """, new { until }, tx);
        return candidates
            .Select(r => r with { DueOn = DateOnly.FromDateTime((r.LastLoanClosed ?? r.CreatedAt).UtcDateTime).AddMonths(months) })
            .Where(r => r.DueOn <= until)
            .OrderBy(r => r.DueOn).ThenBy(r => r.BorrowerId)
            .ToList();
    }

    /// <summary>Anonymises one borrower's own data. Their loans' signed agreements and receipts stay, apart, until the
    /// agreement retention ends (<see cref="EraseExpiredAgreementsAsync"/>); the audit row says how many were kept.</summary>
    private async Task AnonymiseAsync(DbConnection c, DbTransaction tx, long id, string actor, string action, string reason)
    {
        var now = clock.GetUtcNow();
        await c.ExecuteAsync("""
            UPDATE borrowers SET name = @name, contact = NULL, client_reference = NULL, unit = NULL, badge = NULL, notes = NULL,
                   interpreter_needed = @no, anonymised_at = @now, updated_at = @now
            WHERE id = @id
            """, new { id, name = $"(anonymised {id})", no = false, now }, tx);
        // Free text written at a return or a booking may name the person or their situation.
        await c.ExecuteAsync("UPDATE loans SET return_notes = NULL, damage_notes = NULL, coaching_reason = NULL WHERE borrower_id = @id", new { id }, tx);
        await c.ExecuteAsync("UPDATE reservations SET purpose = NULL WHERE borrower_id = @id", new { id }, tx);
        // What an agreement was laid out from (kept only so that an open loan's agreement can be signed) names the borrower
        // and serves no claim: the kept PDFs are the evidence, so it goes now.
        await c.ExecuteAsync("""
            DELETE FROM document_sources WHERE document_id IN (
                SELECT d.id FROM documents d JOIN loans l ON d.subject_type = 'loan' AND d.subject_id = l.id WHERE l.borrower_id = @id)
            """, new { id }, tx);
        var kept = await c.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM documents d JOIN loans l ON d.subject_type = 'loan' AND d.subject_id = l.id WHERE l.borrower_id = @id
            """, new { id }, tx);
        await AuditLog.AppendAsync(c, tx, actor, action, "borrower", id, id.ToString(CultureInfo.InvariantCulture), null, new { reason, agreementsKept = kept });
    }
}
