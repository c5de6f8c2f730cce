using System.Globalization;
using System.Net.Http.Json;
using LaiteLaina.Web;

namespace LaiteLaina.Hardware;

/// <summary>`laitelaina hardware status` and `laitelaina label print|jobs|reprint|cancel`.</summary>
public static class HardwareCommands
{
    public static void Add(CliApp app, RootCommand root)
    {
        root.Subcommands.Add(HardwareCommand(app));
        root.Subcommands.Add(LabelCommand(app));
    }

    private static Command HardwareCommand(CliApp app) => new("hardware", "Scanners and label printers")
    {
        HardwareStatus(app),
    };

    private static Command LabelCommand(CliApp app) => new("label", "Asset labels and the print queue")
    {
        LabelPrint(app),
        LabelJobs(app),
        LabelReprint(app),
        LabelCancel(app),
    };

    private static Command HardwareStatus(CliApp app)
    {
        var url = new Option<string?>("--url") { Description = $"The running service (default LAITELAINA_URL or {WebApi.DefaultUrl})" };
        var token = new Option<string?>("--token") { Description = "An API token ('laitelaina user token NAME'; default LAITELAINA_TOKEN)" };
        var status = new Command("status", "What each scanner and printer is doing, as the running service sees it") { url, token };
        app.Action(status, async (cli, ct) =>
        {
            var report = await ServiceReportAsync(cli.Parse.GetValue(url), cli.Parse.GetValue(token), ct);
            if (cli.Format == OutputFormat.Json)
            {
                cli.Card(report);
                return;
            }
            cli.List(report.Scanners,
                new Column<ScannerState>("scanner", s => s.Name), new Column<ScannerState>("port", s => s.Port),
                new Column<ScannerState>("mode", s => s.Mode), new Column<ScannerState>("state", s => s.State),
                new Column<ScannerState>("reason", s => s.Reason), new Column<ScannerState>("last scan", s => s.LastScanAt),
                new Column<ScannerState>("scans", s => s.Scans), new Column<ScannerState>("dropped", s => s.Dropped));
            cli.List(report.Printers,
                new Column<PrinterState>("printer", p => p.Name), new Column<PrinterState>("port", p => p.Port),
                new Column<PrinterState>("language", p => p.Language), new Column<PrinterState>("dpi", p => p.Dpi),
                new Column<PrinterState>("label", p => p.LabelSize), new Column<PrinterState>("status", p => p.LastStatus),
                new Column<PrinterState>("checked", p => p.CheckedAt));
        });
        return status;
    }

    private static Command LabelPrint(CliApp app)
    {
        var tag = new Argument<string>("TAG") { Description = "The device's asset tag" };
        var copies = new Option<int>("--copies") { Description = "How many labels (default 1)", DefaultValueFactory = _ => 1 };
        var printer = new Option<string?>("--printer") { Description = "Printer name from configuration (default PrintQueue:DefaultPrinter or the first)" };
        var print = new Command("print", "Queue an asset label; the service prints it when the printer is ready") { tag, copies, printer };
        app.Action(print, async (cli, ct) =>
        {
            var queue = await QueueAsync(cli, ct);
            var job = await queue.EnqueueAsync(cli.Parse.GetValue(tag)!, cli.Parse.GetValue(copies), cli.Parse.GetValue(printer), cli.Actor, ct);
            await cli.Out.WriteLineAsync(Invariant($"queued print job {job.Id}: {job.Copies} × {job.Tag} on {job.Printer}"));
        });
        return print;
    }

    private static Command LabelJobs(CliApp app)
    {
        var limit = new Option<int>("--limit") { Description = "How many of the newest jobs (default 50)", DefaultValueFactory = _ => 50 };
        var jobs = new Command("jobs", "The print queue, newest first") { limit };
        app.Action(jobs, async (cli, ct) =>
        {
            var queue = await QueueAsync(cli, ct);
            cli.List(await queue.ListAsync(cli.Parse.GetValue(limit), ct),
                new Column<PrintJob>("job", j => j.Id), new Column<PrintJob>("tag", j => j.Tag), new Column<PrintJob>("printer", j => j.Printer),
                new Column<PrintJob>("copies", j => j.Copies), new Column<PrintJob>("state", j => j.State),
                new Column<PrintJob>("attempts", j => j.Attempts), new Column<PrintJob>("last error", j => j.LastError),
                new Column<PrintJob>("next attempt", j => j.State == PrintJobState.Queued ? j.NextAttemptAt : null),
                new Column<PrintJob>("created", j => j.CreatedAt), new Column<PrintJob>("printed", j => j.PrintedAt));
        });
        return jobs;
    }

    private static Command LabelReprint(CliApp app) =>
        JobCommand(app, "reprint", "Queue the same label again (a new job)", async (queue, id, cli, ct) =>
            Invariant($"queued print job {(await queue.ReprintAsync(id, cli.Actor, ct)).Id} (reprint of {id})"));

    private static Command LabelCancel(CliApp app) =>
        JobCommand(app, "cancel", "Cancel a queued or failed job", async (queue, id, cli, ct) =>
            Invariant($"print job {(await queue.CancelAsync(id, cli.Actor, ct)).Id} cancelled"));

    private static Command JobCommand(CliApp app, string name, string description, Func<PrintQueue, long, CliContext, CancellationToken, Task<string>> work)
    {
        var job = new Argument<long>("JOB") { Description = "The print job's number (see 'laitelaina label jobs')" };
        var command = new Command(name, description) { job };
        app.Action(command, async (cli, ct) =>
            await cli.Out.WriteLineAsync(await work(await QueueAsync(cli, ct), cli.Parse.GetValue(job), cli, ct)));
        return command;
    }

    private static Task<PrintQueue> QueueAsync(CliContext cli, CancellationToken ct) => cli.GetAsync<PrintQueue>(ct);

    private static async Task<HardwareReport> ServiceReportAsync(string? url, string? token, CancellationToken ct)
    {
        var baseUrl = url ?? Environment.GetEnvironmentVariable("LAITELAINA_URL") ?? WebApi.DefaultUrl;
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(5) };
        if ((token ?? Environment.GetEnvironmentVariable("LAITELAINA_TOKEN")) is { Length: > 0 } secret)
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        try
        {
            return await http.GetFromJsonAsync<HardwareReport>("/api/hardware", Json.Options, ct)
                ?? throw new UserError(Msg.ServiceEmptyReport.With(baseUrl), UserErrorKind.Unavailable, "url");
        }
        catch (HttpRequestException e) when (e.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            throw new UserError(Msg.ServiceToken.With(baseUrl), UserErrorKind.Invalid, "token");
        }
        catch (HttpRequestException e)
        {
            throw new UserError(Msg.ServiceNotAnswering.With(baseUrl, e.Message), UserErrorKind.Unavailable, "url");
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
