using LaiteLaina.Cli;

namespace LaiteLaina.Tests.Cli;

/// <summary>Runs the CLI in process, as a person would type it, and keeps what it printed.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error);

public static class CliRun
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.Cli(output, error).InvokeAsync(args);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}
