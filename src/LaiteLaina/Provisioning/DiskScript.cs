using System.Diagnostics;
using System.Globalization;

namespace LaiteLaina.Provisioning;

/// <summary>How a provisioning script ended, by its exit code (scripts/disk/README.md).</summary>
public enum ScriptOutcome { Ok = 0, Failed = 1, Usage = 2, Act = 3, Gone = 4, Refused = 5 }

/// <summary>One machine-readable line of a script: a step with its progress, or the final result.</summary>
public sealed record ScriptLine(string? Step, int? Progress, string? Result, string Message);

/// <summary>The end of a script run: its outcome, the result line it printed (if any) and what it wrote to stderr.</summary>
public sealed record ScriptRun(ScriptOutcome Outcome, int ExitCode, ScriptLine? Result, string Error)
{
    /// <summary>The one line to show a person: the script's own message, else the end of its stderr.</summary>
    public string Message => Result?.Message ?? Error.Trim().Split('\n')[^1];
}

/// <summary>Runs a script of scripts/disk/ and reads its LL lines as they come, so a person sees the progress.</summary>
public static class DiskScript
{
    /// <summary>Reads "LL step=wipe progress=40 message="..."" or "LL result=ok message="..."": null for any other line.
    /// The fields are read by the one LL parser the ADB scripts use too (<see cref="AdbScriptLine.Parse"/>).</summary>
    public static ScriptLine? ParseLine(string line) =>
        AdbScriptLine.Parse(line.TrimEnd('\r')) is { } ll && (ll["step"] is not null || ll["result"] is not null)
            ? new ScriptLine(ll["step"], ll.Progress, ll["result"], ll["message"] ?? "")
            : null;

    /// <summary>The script's path: under LAITELAINA_SCRIPTS, beside the program (published), or in the source tree above it (development, tests).</summary>
    public static string Find(string relative)
    {
        if (Environment.GetEnvironmentVariable("LAITELAINA_SCRIPTS") is { Length: > 0 } configured)
            return Path.Combine(configured, relative);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", relative);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new UserError(Msg.DiskScriptMissing.With(relative), UserErrorKind.Unavailable, "script");
    }

    public static async Task<ScriptRun> RunAsync(string relative, IEnumerable<string> args, Action<ScriptLine>? progress, CancellationToken ct)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Find(relative));
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new UserError(Msg.DiskBashNotStarted, UserErrorKind.Unavailable, "script");
        var error = process.StandardError.ReadToEndAsync(ct);
        ScriptLine? result = null;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
            {
                if (ParseLine(line) is not { } parsed)
                    continue;
                if (parsed.Result is not null)
                    result = parsed;
                else
                    progress?.Invoke(parsed);
            }
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            // A wipe stopped half way leaves the disk neither clean nor as it was: stop the script and its nwipe, and say so.
            process.Kill(entireProcessTree: true);
            throw;
        }
        var outcome = Enum.IsDefined((ScriptOutcome)process.ExitCode) ? (ScriptOutcome)process.ExitCode : ScriptOutcome.Failed;
        return new ScriptRun(outcome, process.ExitCode, result, await error);
    }
}
