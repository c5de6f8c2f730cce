using System.Text;
using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.DeviceSim.Userland;

/// <summary>What one command of a pipeline sees: the tablet, its input, and where its output goes.</summary>
public sealed class CommandContext(SimulatedTablet tablet, byte[] stdin)
{
    public SimulatedTablet Tablet { get; } = tablet;
    public TabletState State => Tablet.State;
    public VirtualFileSystem Files { get; } = new(tablet.State);
    public byte[] Stdin { get; } = stdin;
    public MemoryStream Stdout { get; } = new();
    public MemoryStream Stderr { get; } = new();

    public string StdinText => Encoding.UTF8.GetString(Stdin);

    public void Out(string text) => Stdout.Write(Encoding.UTF8.GetBytes(text));
    public void OutLine(string line) => Out(line + "\n");
    public void Err(string text) => Stderr.Write(Encoding.UTF8.GetBytes(text));
    public void ErrLine(string line) => Err(line + "\n");

    /// <summary>Prints an error line to stderr and gives the exit code back, for one-line early returns.</summary>
    public int Fail(string line, int exitCode = 1)
    {
        ErrLine(line);
        return exitCode;
    }

    public static string Path(string raw) => VirtualFileSystem.Normalize(raw);
}

public static class ArgumentListExtensions
{
    /// <summary>The argument at an index, or null past the end: commands probe optional arguments a lot.</summary>
    public static string? At(this IReadOnlyList<string> args, int index) =>
        index >= 0 && index < args.Count ? args[index] : null;
}

/// <summary>A userland command: arguments without the command name, returns the exit code.</summary>
public delegate int Command(CommandContext context, IReadOnlyList<string> args);

/// <summary>The outcome of a whole command line.</summary>
public sealed record ShellResult(byte[] Stdout, byte[] Stderr, int ExitCode);

/// <summary>Options of the form <c>-x</c>, <c>--user N</c>; everything else stays positional.</summary>
public sealed class ParsedArgs
{
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public List<string> Positional { get; } = [];

    public static ParsedArgs Parse(IEnumerable<string> args, params string[] optionsWithValue)
    {
        var parsed = new ParsedArgs();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            if (optionsWithValue.Contains(arg))
            {
                parsed._values[arg] = e.MoveNext() ? e.Current : "";
            }
            else if (arg.StartsWith('-') && arg.Length > 1)
            {
                if (arg.StartsWith("--", StringComparison.Ordinal))
                {
                    parsed._flags.Add(arg);
                }
                else
                {
                    // Combined short flags: -rf is -r and -f.
                    foreach (var c in arg[1..])
                    {
                        parsed._flags.Add("-" + c);
                    }
                }
            }
            else
            {
                parsed.Positional.Add(arg);
            }
        }
        return parsed;
    }

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Value(string option) => _values.TryGetValue(option, out var value) ? value : null;

    public int? IntValue(string option) => int.TryParse(Value(option), out var value) ? value : null;
}
