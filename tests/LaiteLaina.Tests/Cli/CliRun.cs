using LaiteLaina.Cli;

namespace LaiteLaina.Tests.Cli;

/// <summary>Runs the CLI in process, as a person would type it, and keeps what it printed. The environment holds no
/// locale unless a test gives one, so messages are English whatever the machine's LANG.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error);

public static class CliRun
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.Cli(output, error, environment.GetValueOrDefault).InvokeAsync(args);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
