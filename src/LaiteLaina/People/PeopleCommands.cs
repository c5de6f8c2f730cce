using LaiteLaina.Storage;

namespace LaiteLaina.People;

public static class PeopleCommands
{
    /// <summary>`borrower` and `privacy`: the people the office lends to, and its duties towards their data.</summary>
    public static void Add(CliApp app, RootCommand root)
    {
        root.Subcommands.Add(BorrowerCommand(app));
        root.Subcommands.Add(PrivacyCommand(app));
    }

    private static Command BorrowerCommand(CliApp app) => new("borrower", "Borrowers: clients, staff members and places; only what a loan needs")
    {
        BorrowerAdd(app),
        BorrowerList(app),
        BorrowerShow(app),
    };

    private static Command BorrowerAdd(CliApp app)
    {
        var name = new Argument<string>("name") { Description = "Full name (never a personal identity code)" };
        var kind = new Option<string?>("--kind") { Description = "client (default), staff or place" };
        var contact = new Option<string?>("--contact") { Description = "Phone number or other way to reach them" };
        var reference = new Option<string?>("--client-reference") { Description = "The client's reference in the social-services system" };
        var unit = new Option<string?>("--unit") { Description = "Staff member's unit" };
        var badge = new Option<string?>("--badge") { Description = "Staff badge code, for quick checkout with a scanner" };
        var language = new Option<string?>("--language") { Description = "Preferred language: fi (default), sv, en or fi-selko" };
        var interpreter = new Option<bool>("--interpreter") { Description = "An interpreter is needed" };
        var notes = new Option<string?>("--notes") { Description = "Notes (no health or other sensitive details)" };
        var add = new Command("add", "Add a borrower; prints their number") { name, kind, contact, reference, unit, badge, language, interpreter, notes };
        app.Action(add, async (cli, ct) =>
        {
            var b = await (await cli.GetAsync<BorrowerService>(ct)).AddAsync(new BorrowerInput
            {
                Name = cli.Parse.GetValue(name), Kind = cli.Parse.GetValue(kind), Contact = cli.Parse.GetValue(contact),
                ClientReference = cli.Parse.GetValue(reference), Unit = cli.Parse.GetValue(unit), Badge = cli.Parse.GetValue(badge),
                Language = cli.Parse.GetValue(language), InterpreterNeeded = cli.Parse.GetValue(interpreter), Notes = cli.Parse.GetValue(notes),
            }, cli.Actor, ct);
            await cli.Out.WriteLineAsync(b.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });
        return add;
    }

    private static Command BorrowerList(CliApp app)
    {
        var search = new Option<string?>("--search", "-q") { Description = "Part of the name, a client reference or a badge" };
        var list = new Command("list", "List borrowers") { search };
        app.Action(list, async (cli, ct) => cli.List(await (await cli.GetAsync<BorrowerService>(ct)).ListAsync(cli.Parse.GetValue(search), ct),
            new("id", b => b.Id), new("kind", b => b.Kind), new("name", b => b.Name), new("contact", b => b.Contact),
            new("client-reference", b => b.ClientReference), new("unit", b => b.Unit), new("language", b => b.PreferredLanguage)));
        return list;
    }

    private static Command BorrowerShow(CliApp app)
    {
        var key = BorrowerArgument();
        var show = new Command("show", "Show a borrower") { key };
        app.Action(show, async (cli, ct) =>
        {
            // Reading a person's details is itself recorded (who looked at whom, and when).
            var b = await (await cli.GetAsync<PrivacyService>(ct)).ReadAsync(cli.Parse.GetValue(key)!, cli.Actor, ct);
            cli.Card(b, ("Number", b.Id), ("Kind", b.Kind), ("Name", b.Name), ("Contact", b.Contact), ("Client reference", b.ClientReference),
                ("Unit", b.Unit), ("Badge", b.Badge), ("Language", b.PreferredLanguage), ("Interpreter needed", b.InterpreterNeeded), ("Notes", b.Notes));
        });
        return show;
    }


    private static Command PrivacyCommand(CliApp app) => new("privacy", "Data protection: retention, anonymisation, right of access, erasure")
    {
        PrivacyDue(app),
        PrivacyAnonymise(app),
        PrivacyExport(app),
        PrivacyErase(app),
    };

    private static Argument<string> BorrowerArgument() => new("borrower") { Description = "Borrower number or staff badge" };

    private static Command PrivacyDue(CliApp app)
    {
        var until = new Option<string?>("--until") { Description = "Show who will be anonymised by this day (default today)" };
        var due = new Command("due", "Borrowers whose personal data is due to be anonymised") { until };
        app.Action(due, async (cli, ct) =>
        {
            var service = await cli.GetAsync<PrivacyService>(ct);
            cli.List(await service.DueAsync(Parse.Date("until", cli.Parse.GetValue(until)), ct), PrivacyService.DueColumns);
        });
        return due;
    }

    private static Command PrivacyAnonymise(CliApp app)
    {
        var anonymise = new Command("anonymise", "Anonymise now everyone past the retention period (the daily job does this too)");
        app.Action(anonymise, async (cli, ct) =>
        {
            var n = await (await cli.GetAsync<PrivacyService>(ct)).AnonymiseDueAsync(cli.Actor, ct);
            await cli.Out.WriteLineAsync($"Anonymised {n} borrower(s).");
        });
        return anonymise;
    }

    private static Command PrivacyExport(CliApp app)
    {
        var key = BorrowerArgument();
        var export = new Command("export", "Everything stored about one borrower, as a PDF (right of access); prints its path") { key, CliApp.OutputOption };
        app.Action(export, async (cli, ct) =>
        {
            var pdf = await (await cli.GetAsync<PrivacyService>(ct)).ExportAsync(cli.Parse.GetValue(key)!, cli.Actor, ct);
            await cli.WriteReportAsync(pdf, $"borrower-{cli.Parse.GetValue(key)}.pdf", ct);
        });
        return export;
    }

    private static Command PrivacyErase(CliApp app)
    {
        var key = BorrowerArgument();
        var erase = new Command("erase", "Erase a borrower's personal data on request (no loan of theirs may be open); the loans stay, anonymised") { key };
        app.Action(erase, async (cli, ct) =>
        {
            var b = await (await cli.GetAsync<PrivacyService>(ct)).EraseAsync(cli.Parse.GetValue(key)!, cli.Actor, ct);
            await cli.Out.WriteLineAsync($"Borrower {b.Id}: personal data erased.");
        });
        return erase;
    }
}
