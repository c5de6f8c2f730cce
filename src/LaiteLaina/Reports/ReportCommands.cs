using LaiteLaina.Audit;
using LaiteLaina.Storage;

namespace LaiteLaina.Reports;

public static class ReportCommands
{
    public static void Add(CliApp app, RootCommand root) => root.Subcommands.Add(ReportCommand(app));

    private static Command ReportCommand(CliApp app)
    {
        var name = new Argument<string>("report") { Description = string.Join(", ", ReportService.Names) };
        var svg = new Option<string?>("--svg") { Description = "Also write the report's chart to this SVG file" };
        var days = new Option<int>("--days") { DefaultValueFactory = _ => 90, Description = "leases: how many days ahead" };
        var from = new Option<string?>("--from") { Description = "loans: first month (default: twelve months back)" };
        var report = new Command("report", "Managers' reports: fleet, loans, overdue, donations, leases, points") { name, svg, days, from, AuditCommands.NoPersonalData, CliApp.OutputOption };
        app.Action(report, async (cli, ct) =>
        {
            var reports = await cli.GetAsync<ReportService>(ct);
            var which = ReportService.Name(cli.Parse.GetValue(name)!);
            var personal = !cli.Parse.GetValue(AuditCommands.NoPersonalData);
            switch (which)
            {
                case "fleet": await Show(cli, await reports.FleetAsync(ct), ReportService.FleetColumns, ct); break;
                case "loans": await Show(cli, await reports.LoansAsync(Parse.Date("from", cli.Parse.GetValue(from)), ct), ReportService.LoanColumns, ct); break;
                case "overdue":
                    if (cli.Format == OutputFormat.Csv)
                    {
                        await AuditCommands.WriteCsvAsync(cli, reports.OverdueLoansAsync(personal, ct), ReportService.OverdueColumns(personal), ct);
                        break;
                    }
                    cli.List(await reports.OverdueAgeingAsync(ct), ReportService.AgeingColumns);
                    var loans = new List<OverdueLoan>();
                    await foreach (var l in reports.OverdueLoansAsync(personal, ct))
                    {
                        if (loans.Count == 50 && cli.Format == OutputFormat.Table)
                            break; // the screen shows the oldest; --format csv exports them all
                        loans.Add(l);
                    }
                    cli.List(loans, ReportService.OverdueColumns(personal));
                    break;
                case "donations": await Show(cli, await reports.DonationsAsync(personal, ct: ct), ReportService.DonationColumns, ct); break;
                case "leases": await Show(cli, await reports.LeasesAsync(cli.Parse.GetValue(days), ct), ReportService.LeaseColumns, ct); break;
                default: await Show(cli, await reports.PointsAsync(ct), ReportService.PointColumns, ct); break;
            }
            if (cli.Parse.GetValue(svg) is { } file)
            {
                await File.WriteAllTextAsync(file, await reports.ChartAsync(which, ct), ct);
                await cli.Error.WriteLineAsync("Chart written to " + Path.GetFullPath(file));
            }
        });
        return report;
    }

    private static Task Show<T>(CliContext cli, IReadOnlyList<T> rows, Column<T>[] columns, CancellationToken ct)
    {
        if (cli.Format == OutputFormat.Csv)
            return AuditCommands.WriteCsvAsync(cli, rows.ToAsyncEnumerable(), columns, ct);
        cli.List(rows, columns);
        return Task.CompletedTask;
    }
}
