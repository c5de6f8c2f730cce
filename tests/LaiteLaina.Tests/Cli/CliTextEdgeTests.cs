using System.CommandLine;
using LaiteLaina.Cli;
using LaiteLaina.Tests.Kernel;

namespace LaiteLaina.Tests.Cli;

/// <summary>
/// The one text check at the edge of the command line: every text option and argument of every verb, found from the
/// command tree (a new verb or option is walked without a line here), refuses an identity code, a NUL byte and an
/// over-long value with one line that names the field, before the verb touches anything.
/// </summary>
public sealed class CliTextEdgeTests
{
    private string data = "";

    [SetUp]
    public void NoDataYet() => data = Path.Combine(Path.GetTempPath(), "laitelaina-text-edge-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void RemoveData()
    {
        if (Directory.Exists(data))
            Directory.Delete(data, recursive: true);
    }

    private sealed record Case(string[] Args, string Field);

    private static bool IsText(Type type) => type == typeof(string) || typeof(IEnumerable<string>).IsAssignableFrom(type);

    private static IEnumerable<(string[] Path, Command Command)> Commands(Command command, string[] path)
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands)
        {
            foreach (var found in Commands(sub, [.. path, sub.Name]))
                yield return found;
        }
    }

    private static IEnumerable<Case> Cases(Func<int, string> bad)
    {
        var root = Program.Cli(TextWriter.Null, TextWriter.Null).Build();
        var n = 0;
        foreach (var (path, command) in Commands(root, []))
        {
            // The root's own options are global (--data, --as): walked once, with a verb that only reads.
            var verb = path.Length == 0 ? ["settings", "list"] : path;
            if (command.Action is null && path.Length > 0)
                continue;
            foreach (var option in command.Options.Where(o => IsText(o.ValueType) && !o.Hidden))
                yield return new Case([.. verb, option.Name, bad(n++)], option.Name);
            var before = new List<string>();
            foreach (var argument in command.Arguments.Where(a => IsText(a.ValueType)))
            {
                yield return new Case([.. verb, .. before, bad(n++)], argument.Name);
                before.Add("x");
            }
        }
    }

    private async Task<List<string>> WalkAsync(Func<int, string> bad, string words)
    {
        var wrong = new List<string>();
        var cases = Cases(bad).ToList();
        Assert.That(cases, Has.Count.GreaterThan(60), "the walk found the verbs and their options");
        // A password or a token is never scanned for a code: it is no record, and it is never shown.
        foreach (var c in cases.Where(c => words != "personal identity code" || TextInput.KindOf(TextInput.FieldOf(c.Field)) is not TextKind.Secret))
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            // Were the check to let a value through, the verb would run: never for longer than this.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            string[] args = c.Field == "--data" ? [.. c.Args] : ["--data", data, .. c.Args];
            var code = await Program.Cli(output, error, _ => null).InvokeAsync(args, timeout.Token);
            var field = TextInput.FieldOf(c.Field);
            var english = MessageCatalog.Text(FieldName.Prefix + field, MessageCatalog.English);
            var lines = error.ToString().TrimEnd('\n').Split('\n');
            if (code != CliApp.Failed || lines.Length != 1 || !lines[0].Contains(words, StringComparison.Ordinal)
                || english is null || !lines[0].Contains(english, StringComparison.Ordinal) || lines[0].Length > 400)
                wrong.Add($"{string.Join(' ', c.Args.Select(a => a.Length > 20 ? a[..20] : a))}: {code} {english ?? "(no field." + field + " in the catalog)"} {Message.Quote(error.ToString(), 300)}");
        }
        Assert.That(Directory.Exists(data), Is.False, "no verb ran");
        return wrong;
    }

    [Test]
    public async Task Cli_IdentityCodeInEveryTextOptionAndArgument_RefusedOnOneLine() =>
        Assert.That(await WalkAsync(BadText.IdentityCode, "personal identity code"), Is.Empty);

    [Test]
    public async Task Cli_NulInEveryTextOptionAndArgument_RefusedOnOneLine() =>
        Assert.That(await WalkAsync(_ => BadText.Nul, "control character (U+0000)"), Is.Empty);

    [Test]
    public async Task Cli_OverLongValueInEveryTextOptionAndArgument_RefusedOnOneLine() =>
        Assert.That(await WalkAsync(_ => new string('x', TextInput.PathMax + 1), "characters long"), Is.Empty);

    [Test]
    public async Task Cli_RefusalInFinnish_NamesTheFieldInFinnish()
    {
        var result = await CliRun.RunAsync(new Dictionary<string, string> { ["LANG"] = "fi_FI.UTF-8" },
            "--data", data, "device", "add", "--kind", "tablet", "--model", "Tab\n" + BadText.Megabyte);
        Assert.That(result.ExitCode, Is.EqualTo(CliApp.Failed));
        Assert.That(result.Error, Does.StartWith("error: Tarkista malli: 'Tab\\nxxx").And.Contain("on 1000004 merkkiä pitkä, mutta enintään 200"));
        Assert.That(result.Error.TrimEnd('\n'), Does.Not.Contain("\n"));
    }

    [Test]
    public async Task Cli_UnknownArgumentWithLineBreak_ErrorOnOneLine()
    {
        var result = await CliRun.RunAsync("--data", data, "device", "list", "extra\nline");
        Assert.That(result.ExitCode, Is.EqualTo(CliApp.Usage));
        Assert.That(result.Error.Split('\n')[0], Does.Contain("extra\\nline"));
    }
}
