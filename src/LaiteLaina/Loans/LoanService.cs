using System.Data.Common;
using System.Globalization;
using Dapper;
using LaiteLaina.Documents;
using LaiteLaina.Inventory;
using LaiteLaina.People;
using LaiteLaina.Storage;

namespace LaiteLaina.Loans;

/// <summary>
/// Check out, return, renew, lose and hand over devices. Each operation is one transaction that changes the
/// loan, moves the device along its lifecycle and writes both audit rows.
/// </summary>
public sealed class LoanService(Database db, LoanDocuments documents, TimeProvider? clock = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    internal static readonly string Select = """
        SELECT l.id, l.reference, l.kind, l.state, l.device_id, d.tag, l.borrower_id, b.name AS borrower_name, l.counsellor,
               l.recommending_worker, l.language, l.started_at, l.due_on, l.closed_at, l.accessories_out, l.condition_out,
               l.accessories_missing, l.accessories_damaged, l.condition_in, l.damaged, l.damage_notes, l.return_notes, l.renewals, l.coaching_sessions, l.coaching_reason, l.closed_by,
               l.reminded_on, l.reminded_by, l.signed_version, l.signed_at,
        """ + ServiceSite.Columns("l") + "\n" + """
        FROM loans l
        JOIN devices d ON d.id = l.device_id
        JOIN borrowers b ON b.id = l.borrower_id
        """;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    public Task<LoanOutcome> CheckOutAsync(CheckOutRequest request, string actor, CancellationToken ct = default) =>
        WithOpenLoanGuard(request.Tag, DocumentDrafts.WriteAsync(db, async (c, tx, drafts) =>
        {
            var kind = EnumText.Parse<LoanKind>("kind", request.Kind ?? "client");
            if (kind == LoanKind.Handover)
                throw UserError.Invalid("kind", request.Kind, Msg.LoanHandoverKind);
            var due = Parse.Date("due", request.Due) ?? throw UserError.Invalid("due", request.Due, Msg.LoanDueMissing.With(Today.AddDays(14)));
            if (due < Today)
                throw UserError.Invalid("due", request.Due, Msg.LoanDueInPast.With(Today));
            var recommending = IdentityCode.Refuse("recommending-worker", Parse.Text(request.RecommendingWorker));
            if (kind == LoanKind.Client && recommending is null)
                throw UserError.Invalid("recommending-worker", "", Msg.LoanRecommenderMissing);
            var lending = new Lending(kind, request.Tag, request.Borrower, request.Counsellor, request.Language, request.Accessories, request.SignaturePng)
            {
                NewBorrower = request.NewBorrower,
            };
            return await LendAsync(c, tx, drafts, lending, actor,
                (device, borrower) => ReservationService.RequireFreeAsync(c, tx, device, borrower.Id, Today, due),
                loan => loan with { DueOn = due, RecommendingWorker = recommending });
        }, ct));

    /// <param name="loanId">When the caller names a particular loan (the API does), the return is refused unless
    /// that loan is the device's open one, so a stale or repeated request cannot close a later loan.</param>
    public Task<LoanOutcome> ReturnAsync(string tag, ReturnRequest request, string actor, long? loanId = null, CancellationToken ct = default) =>
        DocumentDrafts.WriteAsync(db, async (c, tx, drafts) =>
        {
            var device = await DeviceStore.GetForUpdateAsync(c, tx, Required("tag", tag));
            var loan = await OpenLoanOfAsync(c, tx, device.Id)
                       ?? throw new UserError(Msg.LoanNotOnLoan.With(device.Tag, device.Status), UserErrorKind.Conflict, "tag");
            if (loanId is { } expected && loan.Id != expected)
                throw new UserError(Msg.LoanClosedMeanwhile.With(device.Tag, loan.Reference), UserErrorKind.Conflict, "loan");
            var condition = request.Condition is null ? device.Condition : EnumText.Parse<DeviceCondition>("condition", request.Condition);
            var missing = Given(loan, "missing", request.Missing);
            var damaged = Given(loan, "damaged-accessories", request.DamagedAccessories);
            foreach (var item in damaged.Where(d => missing.Contains(d, StringComparer.OrdinalIgnoreCase)))
                throw UserError.Invalid("damaged-accessories", item, Msg.LoanAccessoryMissingAndDamaged.With(item));
            var after = loan with
            {
                State = LoanState.Returned,
                ClosedAt = clock.GetUtcNow(),
                ClosedBy = actor,
                ConditionIn = condition.ToString(),
                AccessoriesMissing = AccessoryList.Join(missing),
                AccessoriesDamaged = AccessoryList.Join(damaged),
                ReturnNotes = IdentityCode.Refuse("notes", Parse.Text(request.Notes)),
                Damaged = request.Damaged,
                DamageNotes = request.Damaged ? IdentityCode.Refuse("damage-notes", Parse.Text(request.DamageNotes)) : null,
            };
            await UpdateAsync(c, tx, after);
            await AuditLog.AppendAsync(c, tx, actor, "loan.return", "loan", loan.Id, loan.Reference, Snapshot(loan), Snapshot(after));

            // A client may have left data on the device: it is wiped before anyone else gets it. A staff loan may
            // go straight back to the shelf where the office allows it.
            var straightToReady = loan.Kind == LoanKind.Staff && condition != DeviceCondition.Broken &&
                                  (await Settings.ReadAsync(c, tx)).StaffReturnToReady;
            var next = condition == DeviceCondition.Broken ? DeviceStatus.InRepair
                : straightToReady ? DeviceStatus.Ready : DeviceStatus.AwaitingWipe;
            var moved = await DeviceGate.MoveAsync(c, tx, device,
                device with { Status = next, Condition = condition, NeedsWipe = device.NeedsWipe || !straightToReady }, actor, "device.loan-return");
            if (loan.Kind == LoanKind.Client)
            {
                var borrower = await BorrowerService.FindAsync(c, tx, loan.BorrowerId.ToString(CultureInfo.InvariantCulture))
                               ?? throw new InvalidOperationException($"loan {loan.Reference} has no borrower row");
                after = after with { DocumentId = (await documents.IssueAsync(c, tx, DocumentKind.ReturnReceipt, after, device, borrower, actor, drafts)).Id };
            }
            return new LoanOutcome(after, moved);
        }, ct);

    /// <summary>The accessories a return names (missing or damaged), each of them one that the loan gave, as many times
    /// as it gave it at most.</summary>
    private static IReadOnlyList<string> Given(Loan loan, string field, IReadOnlyList<string>? named)
    {
        var given = loan.Accessories;
        var items = AccessoryList.Split(AccessoryList.Join(named));
        foreach (var item in items.Where(i => items.Count(o => Same(o, i)) > given.Count(g => Same(g, i))))
            throw UserError.Invalid(field, item, given.Count == 0
                ? Msg.LoanNoAccessoriesGiven
                : Msg.LoanAccessoryNotGiven.With(AccessoryList.Show(loan.AccessoriesOut)));
        return items;

        static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }

    public Task<Loan> RenewAsync(string key, string? due, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var loan = await LockedOpenLoanAsync(c, tx, key);
            var newDue = Parse.Date("due", due) ?? throw UserError.Invalid("due", due, Msg.LoanRenewDueMissing);
            if (newDue < Today || (loan.DueOn is { } old && newDue <= old))
                throw UserError.Invalid("due", due, Msg.LoanRenewDueNotLater.With(loan.DueOn));
            var limit = (await Settings.ReadAsync(c, tx)).RenewalLimit;
            if (loan.Renewals >= limit)
                throw new UserError(Msg.LoanRenewalLimit.With(loan.Reference, loan.Renewals, limit), UserErrorKind.Conflict, "renewals");
            var device = await DeviceStore.GetByTagAsync(c, tx, loan.Tag);
            await ReservationService.RequireFreeAsync(c, tx, device, loan.BorrowerId, (loan.DueOn ?? Today).AddDays(1), newDue);
            var after = loan with { DueOn = newDue, Renewals = loan.Renewals + 1 };
            await UpdateAsync(c, tx, after);
            await AuditLog.AppendAsync(c, tx, actor, "loan.renew", "loan", loan.Id, loan.Reference, Snapshot(loan), Snapshot(after));
            return after;
        }, ct);

    public Task<Loan> MarkLostAsync(string key, string? notes, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var loan = await LockedOpenLoanAsync(c, tx, key);
            var after = loan with { State = LoanState.Lost, ClosedAt = clock.GetUtcNow(), ClosedBy = actor, ReturnNotes = IdentityCode.Refuse("notes", Parse.Text(notes)) };
            await UpdateAsync(c, tx, after);
            await AuditLog.AppendAsync(c, tx, actor, "loan.lost", "loan", loan.Id, loan.Reference, Snapshot(loan), Snapshot(after));
            var device = await DeviceStore.GetForUpdateAsync(c, tx, loan.Tag);
            await DeviceGate.MoveAsync(c, tx, device, device with { Status = DeviceStatus.Lost, NeedsWipe = true }, actor, "device.lost");
            return after;
        }, ct);

    /// <summary>
    /// Notes that the borrower was reminded of an overdue return today (by phone, text message or letter): the loan keeps
    /// the last reminder for the overdue list, the audit log every one.
    /// </summary>
    public Task<Loan> RemindAsync(string key, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var loan = await LockedOpenLoanAsync(c, tx, key);
            var after = loan with { RemindedOn = Today, RemindedBy = actor };
            await c.ExecuteAsync("UPDATE loans SET reminded_on = @RemindedOn, reminded_by = @RemindedBy WHERE id = @Id AND state = 'Open'",
                new { after.RemindedOn, after.RemindedBy, after.Id }, tx);
            await AuditLog.AppendAsync(c, tx, actor, "loan.remind", "loan", loan.Id, loan.Reference, Snapshot(loan), Snapshot(after));
            return after;
        }, ct);

    /// <summary>Gives a recycled device to a client to keep, after digital coaching; the device leaves the pool.</summary>
    public Task<LoanOutcome> HandOverAsync(HandoverRequest request, string actor, CancellationToken ct = default) =>
        WithOpenLoanGuard(request.Tag, DocumentDrafts.WriteAsync(db, async (c, tx, drafts) =>
        {
            if (request.CoachingSessions is < 0 or > 100)
                throw UserError.Invalid("coaching-sessions", request.CoachingSessions.ToString(CultureInfo.InvariantCulture), Msg.LoanCoachingSessions);
            var reason = IdentityCode.Refuse("coaching-reason", Parse.Text(request.CoachingReason));
            var lending = new Lending(LoanKind.Handover, request.Tag, request.Borrower, request.Counsellor, request.Language, request.Accessories, request.SignaturePng)
            {
                NewBorrower = request.NewBorrower,
            };
            return await LendAsync(c, tx, drafts, lending, actor, async (device, _) =>
                {
                    await RequireFullSanitisationAsync(c, tx, device);
                    // A device given away without coaching is an exception the office must be able to explain later.
                    if (request.CoachingSessions == 0 && reason is null)
                        throw UserError.Invalid("coaching-reason", null, Msg.HandoverNoCoachingReason);
                },
                loan => loan with { CoachingSessions = request.CoachingSessions, CoachingReason = request.CoachingSessions == 0 ? reason : null });
        }, ct));

    /// <summary>
    /// The handover agreement tells the client that the device holds no earlier user's data, and only a sanitisation of the
    /// whole storage makes that true: a device whose last recorded wipe removed only a user profile (a loan tablet's
    /// user reset) or was a test-harness reset (the tablet still in Test Harness Mode), or that has no wipe on record at
    /// all, is refused, naming what was done last.
    /// </summary>
    private static async Task RequireFullSanitisationAsync(DbConnection c, DbTransaction tx, Device device)
    {
        var last = await c.QueryFirstOrDefaultAsync<LastWipe>("""
            SELECT scope, method, performed_at FROM sanitisations WHERE device_id = @Id ORDER BY performed_at DESC, id DESC LIMIT 1
            """, new { device.Id }, tx);
        if (last is null)
            throw new UserError(Msg.HandoverNeverWiped.With(device.Tag), UserErrorKind.Conflict, "tag");
        if (last.Scope != SanitisationScopes.Media)
            throw new UserError(Msg.HandoverOnlyProfileRemoved.With(device.Tag, last.PerformedAt.ToLocalTime()), UserErrorKind.Conflict, "tag");
        // A test-harness reset wipes everything but leaves the tablet in Test Harness Mode until a plain factory reset.
        if (last.Method == SanitisationMethods.TestHarness)
            throw new UserError(Msg.HandoverTestHarness.With(device.Tag, last.PerformedAt.ToLocalTime()), UserErrorKind.Conflict, "tag");
    }

    private sealed class LastWipe
    {
        public string Scope { get; init; } = "";
        public string Method { get; init; } = "";
        public DateTimeOffset PerformedAt { get; init; }
    }

    /// <summary>What a check-out and a handover both give: the device, the borrower and what goes out with them.</summary>
    private sealed record Lending(LoanKind Kind, string? Tag, string? Borrower, string? Counsellor, string? Language,
        IReadOnlyList<string>? Accessories, byte[]? SignaturePng)
    {
        public BorrowerInput? NewBorrower { get; init; }
    }

    /// <summary>
    /// The one way a device goes out, lent or handed over: the borrower fits the kind, the device is locked and ready,
    /// the loan is numbered and stored, the device moves through the gate, and the agreement is issued, all in the
    /// caller's transaction. <paramref name="check"/> adds a kind's own refusal once both are known (a reservation);
    /// <paramref name="complete"/> adds the kind's own fields (a due date, coaching sessions).
    /// </summary>
    private async Task<LoanOutcome> LendAsync(DbConnection c, DbTransaction tx, DocumentDrafts drafts, Lending lending, string actor,
        Func<Device, Borrower, Task>? check, Func<Loan, Loan> complete)
    {
        var handover = lending.Kind == LoanKind.Handover;
        // A signature given with the check-out passes the same test as one given on the loan's page.
        if (lending.SignaturePng is { } png)
            SignatureInk.Require(png);
        var tag = Required("tag", lending.Tag);
        var borrower = lending.NewBorrower is { } input
            ? Fitting(await BorrowerService.AddAsync(c, tx, input, actor), lending.Kind, "kind")
            : await BorrowerForLoanAsync(c, tx, Required("borrower", lending.Borrower), lending.Kind);
        var device = await DeviceStore.GetForUpdateAsync(c, tx, tag);
        await RequireLendableAsync(c, tx, device);
        if (check is not null)
            await check(device, borrower);
        // A client's loan and a handover are made under a signed agreement; a colleague's short loan needs none.
        var agreement = lending.Kind switch
        {
            LoanKind.Client => DocumentKind.LoanAgreement,
            LoanKind.Handover => DocumentKind.HandoverAgreement,
            _ => (DocumentKind?)null,
        };
        // The agreement prints the reference, so it is reserved for this loan before the agreement is laid out.
        var number = agreement is null
            ? await c.ExecuteScalarAsync<long>("UPDATE counters SET value = value + 1 WHERE name = 'loan_reference' RETURNING value", transaction: tx)
            : await drafts.NumberAsync(c, tx, "loan_reference");
        var now = clock.GetUtcNow();
        var counsellor = await CounsellorAsync(c, tx, lending.Counsellor, actor);
        var loan = complete(new Loan
        {
            Reference = "LN-" + number.ToString("D6", CultureInfo.InvariantCulture),
            Kind = lending.Kind,
            State = handover ? LoanState.HandedOver : LoanState.Open,
            DeviceId = device.Id,
            Tag = device.Tag,
            BorrowerId = borrower.Id,
            BorrowerName = borrower.Name,
            Counsellor = counsellor,
            Language = DocumentLanguages.Check(lending.Language ?? borrower.PreferredLanguage),
            StartedAt = now,
            ClosedAt = handover ? now : null,
            ClosedBy = handover ? actor : null,
            AccessoriesOut = IdentityCode.Refuse("accessories", AccessoryList.Join(lending.Accessories)),
            ConditionOut = device.Condition.ToString(),
        });
        loan = loan with { Id = await InsertAsync(c, tx, loan) };
        await AuditLog.AppendAsync(c, tx, actor, handover ? "loan.handover" : "loan.out", "loan", loan.Id, loan.Reference, null, Snapshot(loan));
        var moved = await DeviceGate.MoveAsync(c, tx, device, device with { Status = handover ? DeviceStatus.HandedOver : DeviceStatus.OnLoan },
            actor, handover ? "device.handover" : "device.loan-out");
        if (agreement is { } kind)
        {
            var issued = await documents.IssueAsync(c, tx, kind, loan, device, borrower, actor, drafts);
            // Signed at once: the version issued just now is the one signed, and the signed one follows it.
            if (lending.SignaturePng is { } signature)
            {
                issued = await documents.SignAsync(c, tx, kind, loan, signature, null, LocalNow, actor, drafts);
                loan = await MarkSignedAsync(c, tx, loan, issued);
            }
            loan = loan with { DocumentId = issued.Id };
        }
        return new LoanOutcome(loan, moved);
    }

    /// <summary>The newest unsigned agreement again, laid out as it was, with the borrower's signature drawn on screen.</summary>
    public Task<StoredDocument> SignAgreementAsync(string key, byte[] signaturePng, string actor, CancellationToken ct = default) =>
        SignAgreementAsync(key, signaturePng, actor, replaceBecause: null, place: null, ct);

    /// <summary>
    /// Signs an open loan's agreement: a new stored version with the signature, which the loan then names as the signed
    /// one. A loan is signed once; a counsellor who must have it signed again (the borrower signed in the wrong place)
    /// replaces the signature on purpose, saying why in <paramref name="replaceBecause"/>, and the audit log keeps both
    /// versions' numbers and the reason. A blank or nearly blank pad is refused before anything is stored.
    /// The signed version is laid out from the unsigned one it signs (<see cref="LoanDocuments.SignAsync"/>), so it says
    /// what the borrower read; <paramref name="place"/> is where it is signed, the town of the loan's site when not given.
    /// </summary>
    public Task<StoredDocument> SignAgreementAsync(string key, byte[] signaturePng, string actor, string? replaceBecause, string? place = null,
        CancellationToken ct = default)
    {
        SignatureInk.Require(signaturePng);
        var replace = replaceBecause is not null;
        var reason = IdentityCode.Refuse("reason", Parse.Text(replaceBecause));
        if (replace && reason is null)
            throw new UserError(Msg.SignatureReasonMissing, UserErrorKind.Invalid, "reason");
        // The signed PDF is laid out outside the write lock (DocumentDrafts): the checks may run twice, and refuse either time.
        return DocumentDrafts.WriteAsync(db, async (c, tx, drafts) =>
        {
            var loan = await LockedLoanAsync(c, tx, key);
            if (loan.Kind == LoanKind.Staff)
                throw new UserError(Msg.LoanStaffNoAgreement.With(loan.Reference), UserErrorKind.Invalid, "loan");
            // A returned device's agreement is history, and a handover is signed when the device is given.
            if (loan.State != LoanState.Open)
                throw new UserError(Msg.SignatureLoanClosed.With(loan.Reference, loan.State), UserErrorKind.Conflict, "signature");
            if (loan is { SignedVersion: { } version, SignedAt: { } at } && !replace)
                throw new UserError(Msg.SignatureAlreadySigned.With(loan.Reference, at.ToLocalTime(), version), UserErrorKind.Conflict, "signature");
            var issued = await documents.SignAsync(c, tx, AgreementKind(loan), loan, signaturePng, place, LocalNow, actor, drafts);
            var signed = await MarkSignedAsync(c, tx, loan, issued);
            await AuditLog.AppendAsync(c, tx, actor, replace ? "loan.sign-replace" : "loan.sign", "loan", loan.Id, loan.Reference,
                loan.SignedVersion is { } previous ? new { signedVersion = previous } : null,
                replace ? new { signedVersion = signed.SignedVersion, reason } : new { signedVersion = signed.SignedVersion });
            return issued;
        }, ct);
    }

    /// <summary>
    /// Issues the loan's agreement again, for example in another language or after a lost printout; the
    /// earlier versions stay stored unchanged and the new one gets the next version number.
    /// </summary>
    public Task<StoredDocument> ReissueAgreementAsync(string key, string? language, string actor, CancellationToken ct = default) =>
        DocumentDrafts.WriteAsync(db, async (c, tx, drafts) =>
        {
            var loan = await FindAsync(c, tx, key) ?? throw UserError.NotFound("loan", key);
            if (loan.Kind == LoanKind.Staff)
                throw new UserError(Msg.LoanStaffNoAgreement.With(loan.Reference), UserErrorKind.Invalid, "loan");
            loan = loan with { Language = DocumentLanguages.Check(language ?? loan.Language) };
            var device = await DeviceStore.GetByTagAsync(c, tx, loan.Tag);
            var borrower = await BorrowerService.FindAsync(c, tx, loan.BorrowerId.ToString(CultureInfo.InvariantCulture))
                           ?? throw UserError.NotFound("borrower", loan.BorrowerId.ToString(CultureInfo.InvariantCulture));
            return await documents.IssueAsync(c, tx, AgreementKind(loan), loan, device, borrower, actor, drafts);
        }, ct);

    private static DocumentKind AgreementKind(Loan loan) => loan.Kind == LoanKind.Handover ? DocumentKind.HandoverAgreement : DocumentKind.LoanAgreement;

    /// <summary>Where a loan's agreement is signed unless the counsellor says otherwise: the town of the site that lent the device.</summary>
    public Task<string> DefaultPlaceAsync(Loan loan, CancellationToken ct = default) =>
        db.ReadAsync(c => LoanDocuments.PlaceOfAsync(c, null, loan.Id), ct);

    /// <summary>Now on the office's clock, with its offset from UTC: the time a signature is given, as printed on the agreement.</summary>
    private DateTimeOffset LocalNow => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), clock.LocalTimeZone);

    /// <summary>Names <paramref name="signed"/> as the loan's signed agreement.</summary>
    private static async Task<Loan> MarkSignedAsync(DbConnection c, DbTransaction tx, Loan loan, StoredDocument signed)
    {
        var after = loan with { SignedVersion = signed.Version, SignedAt = signed.CreatedAt };
        await c.ExecuteAsync("UPDATE loans SET signed_version = @SignedVersion, signed_at = @SignedAt WHERE id = @Id",
            new { after.SignedVersion, after.SignedAt, after.Id }, tx);
        return after;
    }

    /// <summary>The open loan of a device, if it has one (at most one, by a unique index).</summary>
    public Task<Loan?> OpenForDeviceAsync(long deviceId, CancellationToken ct = default) =>
        db.ReadAsync(c => c.QuerySingleOrDefaultAsync<Loan>(Select + " WHERE l.device_id = @deviceId AND l.state = 'Open'", new { deviceId }), ct);

    /// <summary>Every loan of a device, newest first, for its page.</summary>
    public async Task<IReadOnlyList<Loan>> ForDeviceAsync(long deviceId, int limit = 200, CancellationToken ct = default) =>
        (await db.ReadAsync(c => c.QueryAsync<Loan>(Select + " WHERE l.device_id = @deviceId ORDER BY l.id DESC LIMIT @limit", new { deviceId, limit }), ct)).AsList();

    public Task<Loan> GetAsync(string key, CancellationToken ct = default) =>
        db.ReadAsync(async c => await FindAsync(c, null, key) ?? throw UserError.NotFound("loan", key), ct);

    /// <summary>Every loan in <paramref name="state"/>, for the command line (which shows them all).</summary>
    public async Task<IReadOnlyList<Loan>> ListAsync(string? state, string? borrower = null, CancellationToken ct = default) =>
        await (await ListOfAsync(state, borrower, ct: ct)).AllAsync(ct);

    /// <summary>The loans in <paramref name="state"/> (open, due-today, overdue, closed, all), of one borrower if given: paged by
    /// the API and the loans page, streamed by the CSV export; overdue ones oldest due first, the others newest first.
    /// With a <paramref name="siteId"/>, only the loans that site made: a returned loan stays the lending site's when its
    /// device has moved since, as the reports count it.</summary>
    public async Task<SqlList<Loan>> ListOfAsync(string? state, string? borrower = null, long? siteId = null, CancellationToken ct = default)
    {
        state = (state ?? "open").Trim().ToLowerInvariant();
        var where = state switch
        {
            "open" => "l.state = 'Open'",
            "overdue" => "l.state = 'Open' AND l.due_on < @today",
            "due-today" => "l.state = 'Open' AND l.due_on = @today",
            "closed" => "l.state <> 'Open'",
            "all" => "1 = 1",
            _ => throw UserError.Invalid("state", state, Msg.LoanStateFilter),
        };
        long? borrowerId = null;
        if (Parse.Text(borrower) is { } key)
            borrowerId = (await db.ReadAsync(c => BorrowerService.FindAsync(c, null, key), ct) ?? throw UserError.NotFound("borrower", key)).Id;
        if (borrowerId is not null)
            where += " AND l.borrower_id = @borrowerId";
        if (siteId is not null)
            where += " AND l.site_id = @siteId";
        return new SqlList<Loan>(db, $"{Select} WHERE {where}", state == "overdue" ? "l.due_on, l.id" : "l.id DESC", new { today = Today, borrowerId, siteId });
    }

    public Task<IReadOnlyList<Loan>> OverdueAsync(CancellationToken ct = default) => ListAsync("overdue", ct: ct);

    private static async Task<Borrower> BorrowerForLoanAsync(DbConnection c, DbTransaction tx, string key, LoanKind kind)
    {
        var borrower = await BorrowerService.FindAsync(c, tx, key) ?? throw new UserError(Msg.LoanBorrowerNotFound.With(key), UserErrorKind.NotFound, "borrower");
        if (borrower.AnonymisedAt is not null)
            throw UserError.Invalid("borrower", key, Msg.LoanBorrowerAnonymised);
        return Fitting(borrower, kind, "kind");
    }

    /// <summary>A staff loan goes to staff or a place, any other to a client or a place.</summary>
    private static Borrower Fitting(Borrower borrower, LoanKind kind, string field)
    {
        var fits = kind switch
        {
            LoanKind.Staff => borrower.Kind is BorrowerKind.Staff or BorrowerKind.Place,
            _ => borrower.Kind is BorrowerKind.Client or BorrowerKind.Place,
        };
        return fits ? borrower : throw UserError.Invalid(field, EnumText.Kebab(kind), Msg.LoanKindBorrowerMismatch.With(borrower.Id, borrower.Kind));
    }

    /// <summary>Only a ready device is lent; anything else gets a reason the counsellor can act on.</summary>
    private static async Task RequireLendableAsync(DbConnection c, DbTransaction tx, Device device)
    {
        if (device.Status == DeviceStatus.Ready)
            return;
        if (device.Status == DeviceStatus.OnLoan && await OpenLoanOfAsync(c, tx, device.Id) is { } holder)
            throw Holder(device.Tag, holder);
        throw new UserError(device.Status switch
        {
            DeviceStatus.Intake or DeviceStatus.AwaitingWipe or DeviceStatus.Wiping or DeviceStatus.Provisioning =>
                Msg.LoanDeviceNotWiped.With(device.Tag, device.Status),
            DeviceStatus.InRepair => Msg.LoanDeviceInRepair.With(device.Tag),
            _ => Msg.LoanDeviceNotLendable.With(device.Tag, device.Status),
        }, UserErrorKind.Conflict, "tag");
    }

    private static UserError Holder(string tag, Loan loan) =>
        new(Msg.LoanDeviceHeld.With(tag, new Personal(loan.BorrowerName), loan.Kind, loan.Reference, new Personal(loan.Counsellor), loan.DueOn),
            UserErrorKind.Conflict, "tag");

    /// <summary>
    /// The partial unique index is the last word when two check-outs of one device race: the loser's insert fails,
    /// its transaction is gone, and a fresh read tells the counsellor who won.
    /// </summary>
    private async Task<LoanOutcome> WithOpenLoanGuard(string tag, Task<LoanOutcome> work)
    {
        try
        {
            return await work;
        }
        catch (UserError e) when (e.Kind == UserErrorKind.Conflict && e.Field is "ux_loans_one_open_per_device" or "loans.device_id")
        {
            var holder = await db.ReadAsync(async c => await OpenLoanOfAsync(c, null, (await DeviceStore.GetByTagAsync(c, null, tag)).Id));
            throw holder is null ? new UserError(Msg.RecordChangedMeanwhile.With(tag), UserErrorKind.Conflict, "tag") : Holder(tag, holder);
        }
    }

    private static Task<Loan?> OpenLoanOfAsync(DbConnection c, DbTransaction? tx, long deviceId) =>
        c.QuerySingleOrDefaultAsync<Loan>(Select + " WHERE l.device_id = @deviceId AND l.state = 'Open'", new { deviceId }, tx);

    /// <summary>
    /// The loan, read after its device's row is locked: every change to a loan locks the device first (check-out,
    /// return, renew, lost), so a renewal racing a return sees the loan already closed instead of reopening it.
    /// </summary>
    private static async Task<Loan> LockedOpenLoanAsync(DbConnection c, DbTransaction tx, string key)
    {
        var loan = await LockedLoanAsync(c, tx, key);
        return loan.State == LoanState.Open ? loan
            : throw new UserError(Msg.LoanAlreadyClosed.With(loan.Reference, loan.State), UserErrorKind.Conflict, "loan");
    }

    /// <summary>The loan as it is once its device's row is locked, so that two signatures or a signature and a return
    /// of the same loan take turns.</summary>
    private static async Task<Loan> LockedLoanAsync(DbConnection c, DbTransaction tx, string key)
    {
        var found = await FindAsync(c, tx, key) ?? throw UserError.NotFound("loan", key);
        await DeviceStore.GetForUpdateAsync(c, tx, found.Tag);
        return await FindAsync(c, tx, found.Id.ToString(CultureInfo.InvariantCulture)) ?? throw UserError.NotFound("loan", key);
    }

    /// <summary>A loan by number, by reference (LN-000042) or by device tag (its open loan, else its latest).</summary>
    internal static Task<Loan?> FindAsync(DbConnection c, DbTransaction? tx, string key)
    {
        key = key.Trim().ToUpperInvariant();
        var id = long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        return c.QueryFirstOrDefaultAsync<Loan>(Select + """
             WHERE l.id = @id OR l.reference = @key OR d.tag = @key
             ORDER BY CASE WHEN l.state = 'Open' THEN 0 ELSE 1 END, l.id DESC LIMIT 1
            """, new { id, key }, tx);
    }

    private static Task<long> InsertAsync(DbConnection c, DbTransaction tx, Loan l) =>
        c.ExecuteScalarAsync<long>("""
            INSERT INTO loans (reference, kind, state, device_id, borrower_id, counsellor, recommending_worker, language, started_at, due_on,
                closed_at, accessories_out, condition_out, renewals, coaching_sessions, coaching_reason, closed_by, site_id)
            VALUES (@Reference, @Kind, @State, @DeviceId, @BorrowerId, @Counsellor, @RecommendingWorker, @Language, @StartedAt, @DueOn,
                @ClosedAt, @AccessoriesOut, @ConditionOut, @Renewals, @CoachingSessions, @CoachingReason, @ClosedBy,
                (SELECT site_id FROM devices WHERE id = @DeviceId))
            RETURNING id
            """, Parameters(l), tx);

    private static Task<int> UpdateAsync(DbConnection c, DbTransaction tx, Loan l) =>
        c.ExecuteAsync("""
            UPDATE loans SET state = @State, due_on = @DueOn, closed_at = @ClosedAt, accessories_missing = @AccessoriesMissing,
                accessories_damaged = @AccessoriesDamaged,
                condition_in = @ConditionIn, damaged = @Damaged, damage_notes = @DamageNotes, return_notes = @ReturnNotes, renewals = @Renewals, closed_by = @ClosedBy
            WHERE id = @Id AND state = 'Open'
            """, Parameters(l), tx);

    private static object Parameters(Loan l) => new
    {
        l.Id, l.Reference, Kind = l.Kind.ToString(), State = l.State.ToString(), l.DeviceId, l.BorrowerId, l.Counsellor,
        l.RecommendingWorker, l.Language, l.StartedAt, l.DueOn, l.ClosedAt, l.AccessoriesOut, l.ConditionOut,
        l.AccessoriesMissing, l.AccessoriesDamaged, l.ConditionIn, l.Damaged, l.DamageNotes, l.ReturnNotes, l.Renewals, l.CoachingSessions, l.CoachingReason, l.ClosedBy,
    };

    /// <summary>The counsellor printed on the agreement: the one given, else the acting user by their name ("Sari Salo"), never
    /// the audit log's "web:sari" or "api:sari"; an actor that is no user ("demo") is printed as it is.</summary>
    private static async Task<string> CounsellorAsync(DbConnection c, DbTransaction tx, string? given, string actor)
    {
        if (IdentityCode.Refuse("counsellor", Parse.Text(given)) is { } named)
            return named;
        var login = Access.LoginOf(actor);
        return (await Users.UserService.FindAsync(c, tx, login.ToLowerInvariant()))?.DisplayName ?? login;
    }

    /// <summary>A field JSON may leave null even when the record says required.</summary>
    private static string Required(string field, string? value) =>
        Parse.Text(value) ?? throw UserError.Invalid(field, value, Msg.ValueGive.With(new FieldName(field)));

    /// <summary>The loan's own fields for the audit: what is joined in for display (the borrower's name, the device's
    /// site) is another row's.</summary>
    private static object Snapshot(Loan l) => l with { BorrowerName = null, DocumentId = null, SiteId = null, SiteCode = null };
}
