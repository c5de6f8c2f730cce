using Microsoft.Extensions.Localization;
using System.Text;
using LaiteLaina.Documents;

namespace LaiteLaina.Audit;

public static class AuditCommands
{
    /// <summary>For exports handed to volunteers: leaves borrowers' names and loan snapshots out.</summary>
    public static readonly Option<bool> NoPersonalData = new("--no-personal-data") { Description = "Leave borrowers' names and other personal data out (for volunteers)" };


    public static void Add(CliApp app, RootCommand root)
    {
        root.Subcommands.Add(AuditCommand(app));
        root.Subcommands.Add(StocktakeCommand(app));
    }

    private static Command AuditCommand(CliApp app) => new("audit", "Managers' audit: loan returns and the audit log")
    {
        AuditReturns(app),
        AuditRebuildTotals(app),
        AuditLog(app),
    };

    /// <summary>Recounts the return audit's pre-counted months from the loans: after a restore from an old backup, a
    /// hand-made change in the database, or to prove that the triggers kept them right (--check changes nothing).</summary>
    private static Command AuditRebuildTotals(CliApp app)
    {
        var check = new Option<bool>("--check") { Description = "Only compare the totals with a full recount; change nothing" };
        var rebuild = new Command("rebuild-totals", "Recount the return audit's monthly totals from the loans and say how many differed") { check };
        app.Action(rebuild, async (cli, ct) =>
        {
            var totals = await cli.GetAsync<LoanTotals>(ct);
            var onlyCheck = cli.Parse.GetValue(check);
            var result = onlyCheck ? await totals.CheckAsync(ct) : await totals.RebuildAsync(ct);
            if (cli.Format == OutputFormat.Json)
                cli.Card(result);
            else
                await cli.Out.WriteLineAsync($"{result.Rows} rows of return-audit totals; {result.Differences} differed from a full recount of the loans"
                    + (onlyCheck ? " (nothing changed)." : result.Differences == 0 ? "." : "; they are now rewritten from the loans."));
        });
        return rebuild;
    }

    /// <summary>Writes CSV to --output or the screen, streamed.</summary>
    public static async Task WriteCsvAsync<T>(CliContext cli, IAsyncEnumerable<T> rows, IReadOnlyList<Column<T>> columns, CancellationToken ct)
    {
        if (cli.Parse.GetValue(CliApp.OutputOption) is { } path)
        {
            await using var writer = new StreamWriter(path, false, new UTF8Encoding(true), 1 << 16);
            var n = await CsvOutput.WriteAsync(writer, rows, columns, ct);
            await cli.Error.WriteLineAsync($"{n} rows written to {Path.GetFullPath(path)}.");
        }
        else
        {
            await CsvOutput.WriteAsync(cli.Out, rows, columns, ct);
        }
    }

    private static Command AuditReturns(CliApp app)
    {
        var from = new Option<string>("--from") { Required = true, Description = "First due date of the period" };
        var to = new Option<string>("--to") { Required = true, Description = "Last due date of the period" };
        var site = new Option<string?>("--site") { Description = "Only devices of this site" };
        var unit = new Option<string?>("--unit") { Description = "Only borrowers of this unit" };
        var counsellor = new Option<string?>("--counsellor") { Description = "Only loans made by this counsellor" };
        var outcome = new Option<string?>("--outcome") { Description = "Only on-time, late, lost, overdue or out" };
        var by = new Option<string?>("--by") { Description = "Count by site (default), unit or counsellor" };
        var rows = new Option<bool>("--rows") { Description = "List the loans instead of the counts (csv always lists them)" };
        var returns = new Command("returns", "How loans due in a period came back: on time, late, missing accessories, damaged, lost, overdue")
            { from, to, site, unit, counsellor, outcome, by, rows, NoPersonalData, CliApp.OutputOption };
        app.Action(returns, async (cli, ct) =>
        {
            var service = await cli.GetAsync<ReturnAudit>(ct);
            var filter = new ReturnAuditFilter
            {
                From = cli.Parse.GetValue(from), To = cli.Parse.GetValue(to), Site = cli.Parse.GetValue(site), Unit = cli.Parse.GetValue(unit),
                Counsellor = cli.Parse.GetValue(counsellor), Outcome = cli.Parse.GetValue(outcome),
            };
            var personal = !cli.Parse.GetValue(NoPersonalData);
            switch (cli.Format)
            {
                case OutputFormat.Csv:
                    service.Check(filter); // before anything is written
                    await WriteCsvAsync(cli, service.StreamAsync(filter, personal, ct), ReturnAudit.RowColumns(personal), ct);
                    break;
                case OutputFormat.Pdf:
                    await cli.WriteReportAsync(await service.PdfAsync(filter, personal, await cli.GetAsync<IStringLocalizer<Ui>>(ct), ct), $"return-audit-{filter.From}-{filter.To}.pdf", ct);
                    break;
                default:
                    if (cli.Parse.GetValue(rows))
                    {
                        var list = new List<ReturnAuditRow>();
                        await foreach (var r in service.StreamAsync(filter, personal, ct))
                            list.Add(r);
                        cli.List(list, ReturnAudit.RowColumns(personal));
                        break;
                    }
                    var by_ = cli.Parse.GetValue(by) is { } b ? EnumText.Parse<ReturnAuditBy>("by", b) : ReturnAuditBy.Site;
                    var summary = await service.SummaryAsync(filter, by_, ct);
                    if (cli.Format == OutputFormat.Json)
                        cli.Card(summary);
                    else
                        cli.List([.. summary.Groups, summary.Total with { Key = "TOTAL" }], ReturnAudit.GroupColumns);
                    break;
            }
        });
        return returns;
    }

    private static Command AuditLog(CliApp app)
    {
        var actor = new Option<string?>("--actor") { Description = "Who did it" };
        var record = new Option<string?>("--record") { Description = "A record type, or type:key such as device:LL-000042 or loan:LN-000007" };
        var action = new Option<string?>("--action") { Description = "An action such as loan.return, or a prefix such as loan" };
        var from = new Option<string?>("--from") { Description = "From this day" };
        var to = new Option<string?>("--to") { Description = "To this day, included" };
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 100, Description = "How many of the newest to show (csv exports all)" };
        var log = new Command("log", "Search the audit log: who did what to which record and when, newest first")
            { actor, record, action, from, to, limit, NoPersonalData, CliApp.OutputOption };
        app.Action(log, async (cli, ct) =>
        {
            var search = await cli.GetAsync<AuditLogSearch>(ct);
            var filter = new AuditLogFilter
            {
                Actor = cli.Parse.GetValue(actor), Record = cli.Parse.GetValue(record), Action = cli.Parse.GetValue(action),
                From = cli.Parse.GetValue(from), To = cli.Parse.GetValue(to),
            };
            var personal = !cli.Parse.GetValue(NoPersonalData);
            if (cli.Format == OutputFormat.Csv)
                await WriteCsvAsync(cli, search.StreamAsync(filter, personal, ct), AuditLogSearch.Columns, ct);
            else
                cli.List(await search.PageAsync(filter, personal, null, (int)NumberRange.Limit.Check(cli.Parse.GetValue(limit)), ct), AuditLogSearch.Columns);
        });
        return log;
    }

    private static Command StocktakeCommand(CliApp app) => new("stocktake", "Count what is on the shelves of a site or location")
    {
        StocktakeStart(app),
        StocktakeScan(app),
        StocktakeShow(app),
        StocktakeList(app),
        StocktakeClose(app),
        StocktakeMarkMissingLost(app),
    };

    private static Argument<string> StocktakeArgument() => new("stocktake") { Description = "Stocktake reference (ST-000001) or number" };

    private static Command StocktakeStart(CliApp app)
    {
        var site = new Argument<string>("site") { Description = "Site code" };
        var location = new Option<string?>("--location") { Description = "Only this location of the site" };
        var scanner = new Option<string?>("--scanner") { Description = "A scanner in stocktake mode that feeds this stocktake" };
        var start = new Command("start", "Start a stocktake; prints its reference") { site, location, scanner };
        app.Action(start, async (cli, ct) =>
        {
            var t = await (await cli.GetAsync<StocktakeService>(ct)).StartAsync(cli.Parse.GetValue(site)!, cli.Parse.GetValue(location), cli.Parse.GetValue(scanner), cli.Actor, ct);
            await cli.Out.WriteLineAsync(t.Reference);
        });
        return start;
    }

    private static Command StocktakeScan(CliApp app)
    {
        var key = StocktakeArgument();
        var codes = new Argument<string[]>("tags") { Description = "Scanned tags (or '-' to read one per line from standard input)", Arity = ArgumentArity.OneOrMore };
        var scan = new Command("scan", "Record scanned tags") { key, codes };
        app.Action(scan, async (cli, ct) =>
        {
            var service = await cli.GetAsync<StocktakeService>(ct);
            var list = cli.Parse.GetValue(codes)!;
            IEnumerable<string> all = list is ["-"] ? ReadLines(Console.In) : list;
            foreach (var code in all.Where(c => c.Trim().Length > 0))
                await cli.Out.WriteLineAsync((await service.ScanAsync(cli.Parse.GetValue(key)!, code, cli.Actor, ct)).Note.Render(cli.Language));
        });
        return scan;
    }

    private static Command StocktakeShow(CliApp app)
    {
        var key = StocktakeArgument();
        var show = new Command("show", "What was found, missing, misplaced, unknown or on loan") { key };
        app.Action(show, async (cli, ct) =>
        {
            var r = await (await cli.GetAsync<StocktakeService>(ct)).ResultAsync(cli.Parse.GetValue(key)!, ct);
            if (cli.Format == OutputFormat.Table)
            {
                var t = r.Stocktake;
                await cli.Out.WriteLineAsync($"{t.Reference} at {t.Place}, {EnumText.Kebab(t.State)}: " +
                    string.Join(", ", Enum.GetValues<StocktakeFinding>().Select(f => $"{EnumText.Kebab(f)} {r.Count(f)}")) + $", other codes {t.OtherCodes}.");
            }
            cli.List(r.Items, StocktakeService.ItemColumns);
        });
        return show;
    }

    private static Command StocktakeList(CliApp app)
    {
        var list = new Command("list", "Stocktakes, newest first");
        app.Action(list, async (cli, ct) => cli.List(await (await cli.GetAsync<StocktakeService>(ct)).ListAsync(ct: ct),
            new("reference", t => t.Reference), new("place", t => t.Place), new("state", t => t.State), new("scanner", t => t.Scanner),
            new("scanned", t => t.Scanned), new("started", t => t.StartedAt), new("by", t => t.StartedBy), new("closed", t => t.ClosedAt),
            new("document", t => t.DocumentId)));
        return list;
    }

    private static Command StocktakeClose(CliApp app)
    {
        var key = StocktakeArgument();
        var close = new Command("close", "Close a stocktake and keep its result as a PDF; prints the PDF's path") { key };
        app.Action(close, async (cli, ct) =>
        {
            var (_, document) = await (await cli.GetAsync<StocktakeService>(ct)).CloseAsync(cli.Parse.GetValue(key)!, cli.Actor, ct);
            await cli.Out.WriteLineAsync(await Documents.DocumentCommands.WriteOutAsync(cli.Location, await (await cli.GetAsync<Documents.DocumentStore>(ct)).GetAsync(document.Id, ct), ct: ct));
        });
        return close;
    }

    private static Command StocktakeMarkMissingLost(CliApp app)
    {
        var key = StocktakeArgument();
        var lost = new Command("mark-missing-lost", "Mark every device the stocktake found missing as lost") { key };
        app.Action(lost, async (cli, ct) =>
        {
            var tags = await (await cli.GetAsync<StocktakeService>(ct)).MarkMissingLostAsync(cli.Parse.GetValue(key)!, cli.Actor, ct);
            await cli.Out.WriteLineAsync(tags.Count == 0 ? "No device was missing." : $"Marked lost ({tags.Count}): {string.Join(", ", tags)}");
        });
        return lost;
    }

    private static IEnumerable<string> ReadLines(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
            yield return line;
    }
}
