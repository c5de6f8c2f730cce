using LaiteLaina.Documents;
using LaiteLaina.Inventory;

namespace LaiteLaina.Loans;

public static class LoanCommands
{
    private static readonly Argument<string> Tag = new("tag") { Description = "The device's asset tag" };
    private static readonly Argument<string> Key = new("loan") { Description = "Loan reference (LN-000042), number, or the device's tag" };

    private static Task<LoanService> ServiceAsync(CliContext cli, CancellationToken ct) => cli.GetAsync<LoanService>(ct);

    /// <summary>Prints the loan reference, and the path of the PDF it issued so the counsellor can print it.</summary>
    private static async Task Issued(CliContext cli, LoanService service, Loan loan, CancellationToken ct)
    {
        if (cli.Format != OutputFormat.Table)
        {
            Show(cli, loan);
            return;
        }
        await cli.Out.WriteLineAsync(loan.Reference);
        if (loan.DocumentId is { } id)
            await cli.Out.WriteLineAsync(await DocumentCommands.WriteOutAsync(cli.Location, await (await cli.GetAsync<DocumentStore>(ct)).GetAsync(id, ct), ct: ct));
    }

    public static void Add(CliApp app, RootCommand root)
    {
        root.Subcommands.Add(LoanCommand(app));
        root.Subcommands.Add(ReserveCommand(app));
    }

    private static Column<Loan>[] Columns(LoanService service) =>
    [
        new("reference", l => l.Reference), new("tag", l => l.Tag), new("kind", l => l.Kind), new("state", l => l.State),
        new("borrower", l => l.BorrowerName), new("counsellor", l => l.Counsellor), new("started", l => l.StartedAt),
        new("due", l => l.DueOn), new("overdue", l => l.IsOverdue(service.Today) ? $"{service.Today.DayNumber - l.DueOn!.Value.DayNumber} d" : null),
        new("renewals", l => l.Renewals),
    ];

    private static void Show(CliContext cli, Loan l) =>
        cli.Card(l, ("Reference", l.Reference), ("Device", l.Tag), ("Kind", l.Kind), ("State", l.State), ("Borrower", $"{l.BorrowerName} ({l.BorrowerId})"),
            ("Counsellor", l.Counsellor), ("Recommended by", l.RecommendingWorker), ("Language", l.Language), ("Started", l.StartedAt),
            ("Due", l.DueOn), ("Accessories out", Items(l.AccessoriesOut)), ("Condition out", l.ConditionOut), ("Closed", l.ClosedAt),
            ("Condition in", l.ConditionIn), ("Missing", Items(l.AccessoriesMissing)), ("Damaged accessories", Items(l.AccessoriesDamaged)), ("Return notes", l.ReturnNotes), ("Renewals", l.Renewals),
            ("Coaching sessions", l.CoachingSessions));

    private static Command LoanCommand(CliApp app) => new("loan", "Lend devices, take them back, renew, hand over")
    {
        LoanOut(app),
        LoanReturn(app),
        LoanRenew(app),
        LoanLost(app),
        LoanHandover(app),
        LoanList(app),
        LoanOverdue(app),
        LoanAgreement(app),
        LoanShow(app),
    };

    // Options that more than one verb shares: lending, handing over and reserving.
    private static Option<string> BorrowerOption() => new("--borrower") { Required = true, Description = "Borrower number or staff badge" };

    private static Option<string?> CounsellorOption() => new("--counsellor") { Description = "Counsellor making the loan (default: you)" };

    private static Option<string[]> AccessoriesOption() =>
        new("--accessory") { Description = "An accessory given with it, kept as written, such as charger (repeat for each)", AllowMultipleArgumentsPerToken = true };

    /// <summary>A list of accessories on one line of a card (an item may hold a comma).</summary>
    private static string? Items(string? lines) => lines is null ? null : AccessoryList.Show(lines);

    private static Option<string?> AgreementLanguageOption() =>
        new("--language") { Description = "Language of the agreement: fi, sv, en or fi-selko (default: the borrower's)" };

    private static Command LoanOut(CliApp app)
    {
        var borrower = BorrowerOption();
        var kind = new Option<string>("--kind") { DefaultValueFactory = _ => "client", Description = "staff (hours to days, home visits) or client (months, under an agreement)" };
        var due = new Option<string?>("--due") { Description = "Agreed return date (2026-03-14 or 14.3.2026)" };
        var recommending = new Option<string?>("--recommended-by") { Description = "The worker who recommended a client loan" };
        var counsellor = CounsellorOption();
        var accessories = AccessoriesOption();
        var language = AgreementLanguageOption();
        var @out = new Command("out", "Lend a ready device; prints the loan reference") { Tag, borrower, kind, due, recommending, counsellor, accessories, language };
        app.Action(@out, async (cli, ct) =>
        {
            var service = await ServiceAsync(cli, ct);
            var l = (await service.CheckOutAsync(new CheckOutRequest
            {
                Tag = cli.Parse.GetValue(Tag)!, Borrower = cli.Parse.GetValue(borrower)!, Kind = cli.Parse.GetValue(kind), Due = cli.Parse.GetValue(due),
                RecommendingWorker = cli.Parse.GetValue(recommending), Counsellor = cli.Parse.GetValue(counsellor),
                Accessories = cli.Parse.GetValue(accessories), Language = cli.Parse.GetValue(language),
            }, cli.Actor, ct)).Loan;
            await Issued(cli, service, l, ct);
        });
        return @out;
    }

    private static Command LoanReturn(CliApp app)
    {
        var condition = new Option<string?>("--condition") { Description = "Condition on return: new, good, fair, poor or broken" };
        var missing = new Option<string[]>("--missing") { Description = "An accessory that did not come back (repeat)", AllowMultipleArgumentsPerToken = true };
        var damaged = new Option<string[]>("--damaged-accessory") { Description = "An accessory that came back damaged (repeat)", AllowMultipleArgumentsPerToken = true };
        var notes = new Option<string?>("--notes") { Description = "Return notes" };
        var @return = new Command("return", "Take a device back") { Tag, condition, missing, damaged, notes };
        app.Action(@return, async (cli, ct) =>
        {
            var service = await ServiceAsync(cli, ct);
            var l = (await service.ReturnAsync(cli.Parse.GetValue(Tag)!,
                new ReturnRequest
                {
                    Condition = cli.Parse.GetValue(condition), Missing = cli.Parse.GetValue(missing),
                    DamagedAccessories = cli.Parse.GetValue(damaged), Notes = cli.Parse.GetValue(notes),
                }, cli.Actor, ct: ct)).Loan;
            await Issued(cli, service, l, ct);
        });
        return @return;
    }

    private static Command LoanRenew(CliApp app)
    {
        var newDue = new Option<string>("--due") { Required = true, Description = "New return date" };
        var renew = new Command("renew", "Move a loan's return date later") { Key, newDue };
        app.Action(renew, async (cli, ct) => Show(cli, await (await ServiceAsync(cli, ct)).RenewAsync(cli.Parse.GetValue(Key)!, cli.Parse.GetValue(newDue), cli.Actor, ct)));
        return renew;
    }

    private static Command LoanLost(CliApp app)
    {
        var lostNotes = new Option<string?>("--notes") { Description = "What is known" };
        var lost = new Command("lost", "Mark a lent device lost") { Key, lostNotes };
        app.Action(lost, async (cli, ct) => Show(cli, await (await ServiceAsync(cli, ct)).MarkLostAsync(cli.Parse.GetValue(Key)!, cli.Parse.GetValue(lostNotes), cli.Actor, ct)));
        return lost;
    }

    private static Command LoanHandover(CliApp app)
    {
        var borrower = BorrowerOption();
        var coaching = new Option<int>("--coaching-sessions") { Required = true, Description = "Digital coaching sessions the client has done" };
        var reason = new Option<string?>("--coaching-reason") { Description = "Why the device is handed over with 0 coaching sessions" };
        var counsellor = CounsellorOption();
        var accessories = AccessoriesOption();
        var language = AgreementLanguageOption();
        var handover = new Command("handover", "Give a recycled device to a client to keep") { Tag, borrower, coaching, reason, counsellor, accessories, language };
        app.Action(handover, async (cli, ct) =>
        {
            var service = await ServiceAsync(cli, ct);
            var l = (await service.HandOverAsync(new HandoverRequest
            {
                Tag = cli.Parse.GetValue(Tag)!, Borrower = cli.Parse.GetValue(borrower)!, CoachingSessions = cli.Parse.GetValue(coaching),
                CoachingReason = cli.Parse.GetValue(reason), Counsellor = cli.Parse.GetValue(counsellor), Accessories = cli.Parse.GetValue(accessories), Language = cli.Parse.GetValue(language),
            }, cli.Actor, ct)).Loan;
            await Issued(cli, service, l, ct);
        });
        return handover;
    }

    private static Command LoanList(CliApp app)
    {
        var state = new Option<string?>("--state") { Description = "open (default), overdue, closed or all" };
        var ofBorrower = new Option<string?>("--borrower") { Description = "Only this borrower's loans" };
        var list = new Command("list", "List loans") { state, ofBorrower };
        app.Action(list, async (cli, ct) =>
        {
            var service = await ServiceAsync(cli, ct);
            cli.List(await service.ListAsync(cli.Parse.GetValue(state), cli.Parse.GetValue(ofBorrower), ct: ct), Columns(service));
        });
        return list;
    }

    private static Command LoanOverdue(CliApp app)
    {
        var overdue = new Command("overdue", "Loans past their return date, oldest first");
        app.Action(overdue, async (cli, ct) =>
        {
            var service = await ServiceAsync(cli, ct);
            cli.List(await service.OverdueAsync(ct), Columns(service));
        });
        return overdue;
    }

    private static Command LoanAgreement(CliApp app)
    {
        var agreementLanguage = new Option<string?>("--language") { Description = "fi, sv, en or fi-selko (default: the loan's)" };
        var agreement = new Command("agreement", "Issue a loan's agreement again as a new version; prints its path") { Key, agreementLanguage };
        app.Action(agreement, async (cli, ct) =>
        {
            var service = await ServiceAsync(cli, ct);
            var d = await service.ReissueAgreementAsync(cli.Parse.GetValue(Key)!, cli.Parse.GetValue(agreementLanguage), cli.Actor, ct);
            await cli.Out.WriteLineAsync(await DocumentCommands.WriteOutAsync(cli.Location, d, ct: ct));
        });
        return agreement;
    }

    private static Command LoanShow(CliApp app)
    {
        var show = new Command("show", "Show a loan") { Key };
        app.Action(show, async (cli, ct) => Show(cli, await (await ServiceAsync(cli, ct)).GetAsync(cli.Parse.GetValue(Key)!, ct)));
        return show;
    }

    private static Command ReserveCommand(CliApp app) => new("reserve", "Book a device, or any device of a kind, for a date range")
    {
        ReserveAdd(app),
        ReserveList(app),
        ReserveCancel(app),
    };

    private static Command ReserveAdd(CliApp app)
    {
        var tag = new Option<string?>("--device") { Description = "A particular device's tag" };
        var kind = new Option<string?>("--kind") { Description = "Any device of this kind (default tablet)" };
        var borrower = BorrowerOption();
        var from = new Option<string>("--from") { Required = true, Description = "First day" };
        var to = new Option<string?>("--to") { Description = "Last day (default: the first day)" };
        var purpose = new Option<string?>("--purpose") { Description = "What for, such as 'home visit'" };
        var add = new Command("add", "Make a reservation; prints its number") { tag, kind, borrower, from, to, purpose };
        app.Action(add, async (cli, ct) =>
        {
            var r = await (await cli.GetAsync<ReservationService>(ct)).AddAsync(cli.Parse.GetValue(tag), cli.Parse.GetValue(kind), cli.Parse.GetValue(borrower)!,
                cli.Parse.GetValue(from), cli.Parse.GetValue(to), cli.Parse.GetValue(purpose), cli.Actor, ct);
            await cli.Out.WriteLineAsync(r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        return add;
    }

    private static Command ReserveList(CliApp app)
    {
        var list = new Command("list", "Reservations that have not ended");
        app.Action(list, async (cli, ct) => cli.List(await (await cli.GetAsync<ReservationService>(ct)).ListAsync(ct),
            new("id", r => r.Id), new("device", r => r.Tag ?? "any " + EnumText.Kebab(r.DeviceKind)), new("borrower", r => r.BorrowerId),
            new("from", r => r.StartsOn), new("to", r => r.EndsOn), new("purpose", r => r.Purpose), new("by", r => r.CreatedBy)));
        return list;
    }

    private static Command ReserveCancel(CliApp app)
    {
        var id = new Argument<long>("reservation") { Description = "Reservation number" };
        var cancel = new Command("cancel", "Cancel a reservation") { id };
        app.Action(cancel, async (cli, ct) =>
        {
            await (await cli.GetAsync<ReservationService>(ct)).CancelAsync(cli.Parse.GetValue(id), cli.Actor, ct);
            await cli.Out.WriteLineAsync($"Reservation {cli.Parse.GetValue(id)} cancelled.");
        });
        return cancel;
    }
}
