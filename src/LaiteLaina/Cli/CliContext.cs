using System.Globalization;
using System.Text.Json;
using LaiteLaina.Storage;
using Spectre.Console;

namespace LaiteLaina.Cli;

/// <summary>Pdf: only commands that print a report (audit returns) accept it; listings refuse it.</summary>
public enum OutputFormat { Table, Json, Csv, Pdf }

/// <summary>What every command needs: where the data is, its services, who is acting, and where to write.</summary>
public sealed class CliContext(ParseResult parse, TextWriter output, TextWriter error, Func<DataLocation, Database, IHost> createHost,
    CultureInfo language) : IAsyncDisposable
{
    /// <summary>The language the person reads messages in (--language, else the locale, else English).</summary>
    public CultureInfo Language { get; } = language;

    private IHost? host;

    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;
    public ParseResult Parse { get; } = parse;

    // A plain field, not a Lazy<IAnsiConsole>: making that generic type in the constructor loaded Spectre's assembly.
    private IAnsiConsole? console;

    /// <summary>Made on first use: `serve` never writes a table, and Spectre's types would stay loaded for the service's
    /// whole life. A command runs on one thread, so the first use needs no lock.</summary>
    public IAnsiConsole Console => console ??= CreateConsole(Out);

    private static IAnsiConsole CreateConsole(TextWriter output)
    {
        var terminal = output == System.Console.Out && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        // Piped into a file or another program there is no screen to fit: do not wrap cells at 80 columns.
        if (!terminal)
            console.Profile.Width = 240;
        return console;
    }

    public DataLocation Location => DataLocation.Resolve(Parse.GetValue(CliApp.DataOption), Parse.GetValue(CliApp.DatabaseOption));

    public Task<Database> DatabaseAsync(CancellationToken ct) => GetAsync<Database>(ct);

    /// <summary>A service of the application, from the same host the service runs (built on first use, never started),
    /// over a database that was checked to exist and brought up to date.</summary>
    public async Task<T> GetAsync<T>(CancellationToken ct) where T : notnull => (await ServicesAsync(ct)).GetRequiredService<T>();

    public async Task<IServiceProvider> ServicesAsync(CancellationToken ct)
    {
        host ??= createHost(Location, await Location.ExistingDatabaseAsync(ct));
        return host.Services;
    }

    public async ValueTask DisposeAsync()
    {
        if (host is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
        else
            host?.Dispose();
    }

    /// <summary>The audit log's "who" for a command-line change: the person given with --as, else the login name.</summary>
    public string Actor => "cli:" + (Parse.GetValue(CliApp.ActorOption) ?? Environment.GetEnvironmentVariable("LAITELAINA_USER") ?? Environment.UserName);

    public OutputFormat Format => Parse.GetValue(CliApp.FormatOption);

    /// <summary>Writes a report (a PDF) to --output or data/reports/NAME and prints where.</summary>
    public async Task WriteReportAsync(byte[] content, string name, CancellationToken ct)
    {
        var path = Parse.GetValue(CliApp.OutputOption) ?? Path.Combine(Location.DataDirectory, "reports", name);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllBytesAsync(path, content, ct);
        await Out.WriteLineAsync(Path.GetFullPath(path));
    }

    public void List<T>(IEnumerable<T> rows, params Column<T>[] columns)
    {
        switch (Format)
        {
            case OutputFormat.Pdf:
                throw UserError.Invalid("format", "pdf", Msg.CliFormatNoPdf);
            case OutputFormat.Json:
                Out.WriteLine(JsonSerializer.Serialize(rows, Json.Indented));
                break;
            case OutputFormat.Csv:
                using (var csv = new CsvOutput(Out))
                {
                    csv.Row(columns.Select(c => c.Header));
                    foreach (var row in rows)
                        csv.Row(columns.Select(c => Text(c.Value(row))));
                }
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var c in columns)
                    table.AddColumn(new TableColumn(Markup.Escape(c.Header)));
                var count = 0;
                foreach (var row in rows)
                {
                    table.AddRow(columns.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(Text(c.Value(row)))).ToArray());
                    count++;
                }
                if (count == 0)
                    Out.WriteLine("(none)");
                else
                    Console.Write(table);
                break;
        }
    }

    /// <summary>One record: a two-column table of fields, or the record itself as JSON.</summary>
    public void Card(object record, params (string Field, object? Value)[] fields)
    {
        switch (Format)
        {
            case OutputFormat.Pdf:
                throw UserError.Invalid("format", "pdf", Msg.CliFormatNoPdf);
            case OutputFormat.Json:
                Out.WriteLine(JsonSerializer.Serialize(record, record.GetType(), Json.Indented));
                break;
            case OutputFormat.Csv:
                List(fields.Where(f => f.Value is not null), new Column<(string Field, object? Value)>("field", f => f.Field), new Column<(string Field, object? Value)>("value", f => f.Value));
                break;
            default:
                var grid = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("field").AddColumn("value");
                foreach (var (field, value) in fields.Where(f => f.Value is not null))
                    grid.AddRow(new Text(field, new Style(decoration: Decoration.Bold)), new Text(Text(value)));
                Console.Write(grid);
                break;
        }
    }

    /// <summary>A value as a person reads it on the screen: an instant in local time to the minute, the rest as an export has it.</summary>
    public static string Text(object? value) => value is DateTimeOffset t
        ? t.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        : CsvOutput.Cell(value);
}
