using System.Text;

namespace LaiteLaina.Inventory;

/// <summary>import and export verbs: devices to and from CSV files as offices keep them in Excel.</summary>
public static class CsvCommands
{
    public static void Add(CliApp app, RootCommand root)
    {
        root.Subcommands.Add(ImportCommand(app));
        root.Subcommands.Add(ExportCommand(app));
    }

    private static Command ImportCommand(CliApp app) => new("import", "Bring records in from a file")
    {
        ImportDevices(app),
    };

    private static Command ExportCommand(CliApp app) => new("export", "Write records out to a file")
    {
        ExportDevices(app),
    };

    private static Command ImportDevices(CliApp app)
    {
        var file = new Argument<string>("file") { Description = "CSV file: comma, semicolon or tab; UTF-8 or Windows-1252; English or Finnish column names" };
        var skipBad = new Option<bool>("--skip-bad") { Description = "Import the good rows and list the bad ones, instead of importing nothing" };
        var allowDuplicate = new Option<bool>("--allow-duplicate-serial") { Description = "Import even where a serial number is already registered for the same make" };
        var command = new Command("devices", "Import devices from a CSV file; every row is checked before any is imported") { file, skipBad, allowDuplicate };
        app.Action(command, async (cli, ct) =>
        {
            var path = cli.Parse.GetValue(file)!;
            await using var stream = File.OpenRead(path);
            var csv = DeviceCsv.Open(stream, path);
            if (csv.Problems.Count > 0)
            {
                Report(cli, csv, csv.Problems);
                throw new UserError(Msg.ImportHeaderProblems.With(path, Count(csv.Problems.Count, Msg.ImportProblemOne, Msg.ImportProblems)), UserErrorKind.Invalid, "file");
            }
            var service = await cli.GetAsync<InventoryService>(ct);
            var result = await service.ImportAsync(csv.Rows(), cli.Actor, cli.Parse.GetValue(skipBad), cli.Parse.GetValue(allowDuplicate), ct);
            Report(cli, csv, result.Problems);
            if (result.Imported == 0 && result.Problems.Count > 0)
                throw new UserError(cli.Parse.GetValue(skipBad)
                    ? Msg.ImportAllRowsBad.With(path, Count(result.Problems.Count, Msg.ImportRowOne, Msg.ImportRows))
                    : Msg.ImportBadRowsFound.With(path, Count(result.Problems.Count, Msg.ImportBadRowOne, Msg.ImportBadRows)),
                    UserErrorKind.Invalid, "file");
            if (csv.AssignedColumns.Count > 0)
                await cli.Error.WriteLineAsync($"Note: column {string.Join(", ", csv.AssignedColumns)} ignored; LaiteLaina gives each imported device a new tag and starts it in intake.");
            var summary = result.Imported == 0
                ? $"Imported no devices: {path} has no rows."
                : $"Imported {Count(result.Imported, "device")} ({result.FirstTag} … {result.LastTag}).";
            if (result.Problems.Count > 0)
                summary += $" Skipped {Count(result.Problems.Count, "bad row")}, listed above.";
            await (cli.Format == OutputFormat.Table ? cli.Out : cli.Error).WriteLineAsync(summary);
        });
        return command;
    }

    /// <summary>One line per bad row on stderr; with --format json or csv the same list on stdout, for a script.</summary>
    private static void Report(CliContext cli, DeviceCsv csv, IReadOnlyList<RowProblem> problems)
    {
        if (problems.Count == 0)
            return;
        if (cli.Format == OutputFormat.Table)
        {
            foreach (var p in problems)
                cli.Error.WriteLine(csv.Describe(p));
            return;
        }
        cli.List(problems, new("line", p => p.Line), new("column", p => p.Field is null ? null : csv.Column(p.Field)), new("problem", p => p.Message));
    }

    private static string Count(long n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static Message Count(long n, Msg one, Msg many) => n == 1 ? one : many.With(n);

    private static Command ExportDevices(CliApp app)
    {
        var output = new Option<string?>("--output", "-o") { Description = "File to write (default: standard output)" };
        var delimiter = new Option<string>("--delimiter") { Description = "';' (default, what Finnish Excel expects), ',' or 'tab'", DefaultValueFactory = _ => ";" };
        var status = new Option<string?>("--status") { Description = "Only this status" };
        var kind = new Option<string?>("--kind") { Description = "Only this kind" };
        var site = new Option<string?>("--site") { Description = "Only this site" };
        var command = new Command("devices", "Export devices as CSV (UTF-8 with BOM, so Excel shows ä and ö); the file can be imported again") { output, delimiter, status, kind, site };
        app.Action(command, async (cli, ct) =>
        {
            var separator = cli.Parse.GetValue(delimiter) switch
            {
                ";" => ";",
                "," => ",",
                "tab" or "\t" or "\\t" => "\t",
                var other => throw UserError.Invalid("delimiter", other, Msg.ImportDelimiter),
            };
            var service = await cli.GetAsync<InventoryService>(ct);
            var devices = service.ExportAsync(new DeviceFilter { Status = cli.Parse.GetValue(status), Kind = cli.Parse.GetValue(kind), Site = cli.Parse.GetValue(site) }, ct);
            if (cli.Parse.GetValue(output) is not { } path)
            {
                // The byte order mark is what makes Excel read the file as UTF-8 rather than the local code page.
                await cli.Out.WriteAsync('\uFEFF');
                await DeviceCsv.WriteAsync(cli.Out, devices, separator, ct);
                return;
            }
            // Written beside the target and moved over it at the end, so that a failed export never leaves half a file.
            var partial = path + ".partial";
            long count;
            try
            {
                await using (var writer = new StreamWriter(partial, false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
                    count = await DeviceCsv.WriteAsync(writer, devices, separator, ct);
                File.Move(partial, path, overwrite: true);
            }
            catch
            {
                File.Delete(partial);
                throw;
            }
            await cli.Out.WriteLineAsync($"Exported {Count(count, "device")} to {path}.");
        });
        return command;
    }
}
