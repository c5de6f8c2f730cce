using System.CommandLine;
using LaiteLaina.Cli;
using LaiteLaina.Storage;

namespace LaiteLaina.People;

public static class PrivacyCommands
{
    public static void Add(CliApp app, RootCommand root) => root.Subcommands.Add(PrivacyCommand(app));

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
            var service = (await cli.GetAsync<PrivacyService>(ct));
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
