using System.Globalization;
using LaiteLaina.Storage;

namespace LaiteLaina.Cli;

/// <summary>
/// The command line: the same executable as the service. Exit codes: 0 done, 1 an error the person can fix
/// (one line on stderr), 2 the command itself was written wrong. That line is in the language of --language, else
/// of the environment (LC_ALL, LC_MESSAGES, LANG, as POSIX reads them), else English; tests pass their own environment.
/// The verbs come from <paramref name="addCommands"/> and their services from the host <paramref name="createHost"/>
/// builds, both given by the composition root.
/// </summary>
public sealed class CliApp(TextWriter output, TextWriter error, Action<CliApp, RootCommand> addCommands,
    Func<DataLocation, Database, IHost> createHost, Func<string, string?>? environment = null)
{
    public const int Ok = 0, Failed = 1, Usage = 2;

    public static readonly Option<string?> DataOption = new("--data") { Description = "Data directory (default ./data, or LAITELAINA_DATA)", Recursive = true };
    public static readonly Option<string?> DatabaseOption = new("--database") { Description = "PostgreSQL connection string (or LAITELAINA_DATABASE); without it the SQLite file in the data directory", Recursive = true };
    public static readonly Option<string?> ActorOption = new("--as") { Description = "Who is acting, for the audit log (default: LAITELAINA_USER or the login name)", Recursive = true };
    /// <summary>For commands that write a report: where to, instead of the screen (or of data/reports for a PDF).</summary>
    public static readonly Option<string?> OutputOption = new("--output", "-o") { Description = "Write to this file instead of the screen" };
    public static readonly Option<string?> LanguageOption = new Option<string?>("--language") { Description = "Language of messages: fi, sv or en (default: from LC_ALL, LC_MESSAGES or LANG, else en)", Recursive = true }
        .AcceptOnlyFromAmong([.. MessageCatalog.Languages]);
    public static readonly Option<OutputFormat> FormatOption = new("--format") { Description = "Output: table, json or csv (pdf where a command prints a report)", Recursive = true, DefaultValueFactory = _ => OutputFormat.Table };

    private static readonly string[] LocaleVariables = ["LC_ALL", "LC_MESSAGES", "LANG"];

    public TextWriter Out => output;

    public async Task<int> InvokeAsync(string[] args, CancellationToken ct = default)
    {
        var root = Build();
        var parse = root.Parse(args.Length == 0 ? ["serve"] : args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
                await error.WriteLineAsync("error: " + e.Message);
            await error.WriteLineAsync("See 'laitelaina --help' or 'laitelaina COMMAND --help'.");
            return Usage;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, ct);
    }

    public RootCommand Build()
    {
        var root = new RootCommand("LaiteLaina: lend, take back, wipe and hand over devices in public services.");
        root.Options.Add(DataOption);
        root.Options.Add(DatabaseOption);
        root.Options.Add(ActorOption);
        root.Options.Add(FormatOption);
        root.Options.Add(LanguageOption);
        addCommands(this, root);
        return root;
    }

    /// <summary>The reader's language: --language, else the first of LC_ALL, LC_MESSAGES and LANG that is set (so
    /// LC_ALL=C means English even when LANG says Finnish), else English.</summary>
    public CultureInfo Language(ParseResult parse)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        var code = parse.GetValue(LanguageOption)
                   ?? LocaleVariables.Select(env).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        return MessageCatalog.Parse(code) ?? MessageCatalog.English;
    }

    /// <summary>Sets <paramref name="action"/> as the command's work, turning a <see cref="UserError"/> into one line and exit code 1.</summary>
    public void Action(Command command, Func<CliContext, CancellationToken, Task> action) =>
        command.SetAction(async (parse, ct) =>
        {
            await using var context = new CliContext(parse, output, error, createHost, Language(parse));
            try
            {
                await action(context, ct);
                return Ok;
            }
            catch (UserError e)
            {
                await error.WriteLineAsync("error: " + e.In(Language(parse)));
                return Failed;
            }
            catch (OperationCanceledException)
            {
                await error.WriteLineAsync("cancelled.");
                return Failed;
            }
            catch (IOException e)
            {
                await error.WriteLineAsync("error: " + e.Message);
                return Failed;
            }
            catch (UnauthorizedAccessException e)
            {
                await error.WriteLineAsync("error: " + e.Message);
                return Failed;
            }
            catch (Exception e)
            {
                // Never a stack trace to a person: one line they can pass on, nothing saved (every change is one transaction).
                await error.WriteLineAsync($"error: something unexpected went wrong ({e.GetType().Name}: {e.Message}); nothing was saved. Please report it.");
                return Failed;
            }
        });
}
