using System.CommandLine.Parsing;
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
        try
        {
            // The edge of the command line: every text typed is checked before the verb runs, and the verb reads it normalised.
            var normalised = CheckTexts(parse, args);
            if (normalised is not null)
                parse = root.Parse(normalised);
        }
        catch (UserError e)
        {
            await error.WriteLineAsync(CliHints.Lines(e, Language(parse)));
            return Failed;
        }
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
                await error.WriteLineAsync("error: " + OneLine(e.Message));
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
        string? given;
        try
        {
            given = parse.GetValue(LanguageOption);
        }
        catch (InvalidOperationException)
        {
            // --language with a value that is none of ours: the parse error says so, in the locale's language.
            given = null;
        }
        var code = given ?? LocaleVariables.Select(env).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        return MessageCatalog.Parse(code) ?? MessageCatalog.English;
    }

    /// <summary>Every value given to an option or argument through <see cref="TextInput.Check(string, string?)"/>, under
    /// the option's or argument's name; the arguments again with the normalised values, or null when none changed.</summary>
    private static string[]? CheckTexts(ParseResult parse, string[] args)
    {
        var changed = new Dictionary<string, string>(StringComparer.Ordinal);
        void Walk(CommandResult command)
        {
            foreach (var child in command.Children)
            {
                var (name, tokens) = child switch
                {
                    OptionResult o => (o.Option.Name, o.Tokens),
                    ArgumentResult a => (a.Argument.Name, a.Tokens),
                    _ => (null, []),
                };
                if (child is CommandResult sub)
                    Walk(sub);
                if (name is null)
                    continue;
                foreach (var token in tokens)
                {
                    var text = TextInput.Check(name, token.Value)!;
                    if (!string.Equals(text, token.Value, StringComparison.Ordinal))
                        changed[token.Value] = text;
                }
            }
        }
        Walk(parse.RootCommandResult);
        if (changed.Count == 0)
            return null;
        return args.Select(a => changed.TryGetValue(a, out var text) ? text
            : a.StartsWith("--", StringComparison.Ordinal) && a.IndexOf('=', StringComparison.Ordinal) is > 0 and var eq && changed.TryGetValue(a[(eq + 1)..], out var value) ? a[..(eq + 1)] + value
            : a).ToArray();
    }

    // What the parser or the system says may repeat a whole argument: one line of reasonable length.
    private static string OneLine(string text) => Message.Quote(text, 500);

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
                await error.WriteLineAsync(CliHints.Lines(e, Language(parse)));
                return Failed;
            }
            catch (OperationCanceledException)
            {
                await error.WriteLineAsync("cancelled.");
                return Failed;
            }
            catch (IOException e)
            {
                await error.WriteLineAsync("error: " + OneLine(e.Message));
                return Failed;
            }
            catch (UnauthorizedAccessException e)
            {
                await error.WriteLineAsync("error: " + OneLine(e.Message));
                return Failed;
            }
            catch (Exception e)
            {
                // Never a stack trace to a person: one line they can pass on, nothing saved (every change is one transaction).
                await error.WriteLineAsync($"error: something unexpected went wrong ({e.GetType().Name}: {OneLine(e.Message)}); nothing was saved. Please report it.");
                return Failed;
            }
        });
}
