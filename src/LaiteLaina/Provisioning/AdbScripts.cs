using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace LaiteLaina.Provisioning;

public enum AdbScriptResult { Ok, Act, Gone, Failed, Usage, TimedOut, Cancelled }

/// <summary>One machine-readable line a script printed: <c>LL key=value key="quoted value" ...</c>.</summary>
public sealed record AdbScriptLine(IReadOnlyDictionary<string, string> Fields)
{
    public string? this[string key] => Fields.GetValueOrDefault(key);
    public int? Progress => int.TryParse(this["progress"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 0, 100) : null;

    /// <summary>Parses one line of the contract in scripts/adb/README.md, or null for any other line.</summary>
    public static AdbScriptLine? Parse(string line)
    {
        if (!line.StartsWith("LL ", StringComparison.Ordinal))
            return null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 3;
        while (i < line.Length)
        {
            while (i < line.Length && line[i] == ' ')
                i++;
            var eq = line.IndexOf('=', i);
            if (eq < 0)
                break;
            var key = line[i..eq];
            i = eq + 1;
            var value = new StringBuilder();
            if (i < line.Length && line[i] == '"')
            {
                for (i++; i < line.Length && line[i] != '"'; i++)
                {
                    if (line[i] == '\\' && i + 1 < line.Length)
                        i++;
                    value.Append(line[i]);
                }
                i++;
            }
            else
            {
                while (i < line.Length && line[i] != ' ')
                    value.Append(line[i++]);
            }
            fields[key] = value.ToString();
        }
        return new AdbScriptLine(fields);
    }
}

/// <summary>How a script ended: its result, its last message, what it learnt and what it checked.</summary>
public sealed record AdbScriptOutcome(AdbScriptResult Result, Message Message, Message? Instruction,
    IReadOnlyDictionary<string, string> Facts, IReadOnlyList<AdbScriptLine> Checks, TimeSpan Duration);

/// <summary>
/// Runs the scripts of scripts/adb as a volunteer would, with bash, and reads their progress lines as they come.
/// The exit code decides the result (0 ok, 3 a person must act, 4 device gone, 2 usage, anything else failed);
/// the last <c>LL result=</c> line gives the message.
/// </summary>
public sealed class AdbScripts(ProvisioningOptions options)
{
    public async Task<AdbScriptOutcome> RunAsync(string script, IReadOnlyList<string> args, TimeSpan timeout,
        Func<AdbScriptLine, Task> onProgress, CancellationToken ct)
    {
        var path = Path.Combine(options.Scripts, script);
        if (!File.Exists(path))
            throw new UserError(Msg.ProvisioningScriptMissing.With(path), UserErrorKind.Unavailable, "script");
        var start = Start(options, "bash", [path, .. args]);
        // The script's scratch file for adb's errors, made here so the script need not start mktemp and rm.
        var errors = Path.GetTempFileName();
        start.Environment["LL_ERRFILE"] = errors;
        try
        {
            return await RunAsync(script, start, timeout, onProgress, ct);
        }
        finally
        {
            File.Delete(errors);
        }
    }

    private static async Task<AdbScriptOutcome> RunAsync(string script, ProcessStartInfo start, TimeSpan timeout,
        Func<AdbScriptLine, Task> onProgress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        var checks = new List<AdbScriptLine>();
        AdbScriptLine? result = null;
        Message? instruction = null;
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var progress = new LatestOnly<AdbScriptLine>(onProgress);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(limit.Token) is { } text)
            {
                if (AdbScriptLine.Parse(text) is not { } line)
                    continue;
                if (line["fact"] is { } fact)
                    facts[fact] = line["value"] ?? "";
                else if (line["check"] is not null)
                    checks.Add(line);
                else if (line["result"] is not null)
                    result = line;
                else
                {
                    instruction = line["act"] is { } act ? ScriptTexts.Of(act) : instruction;
                    progress.Post(line);
                }
            }
            await process.WaitForExitAsync(limit.Token);
            await progress.FlushAsync();
        }
        catch (OperationCanceledException)
        {
            // Time-out or cancel: the script and its adb children go, so nothing keeps talking to the tablet.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            try
            {
                await progress.FlushAsync();
            }
            catch (DbException)
            {
                // The cancel or time-out is the outcome to report; the database will say its own trouble again.
            }
            return ct.IsCancellationRequested
                ? new AdbScriptOutcome(AdbScriptResult.Cancelled, Msg.ProvisioningScriptCancelled.With(script), null, facts, checks, clock.Elapsed)
                : new AdbScriptOutcome(AdbScriptResult.TimedOut, Msg.ProvisioningScriptTimedOut.With(script, (long)timeout.TotalSeconds), instruction, facts, checks, clock.Elapsed);
        }
        var outcome = process.ExitCode switch
        {
            0 => AdbScriptResult.Ok,
            3 => AdbScriptResult.Act,
            4 => AdbScriptResult.Gone,
            2 => AdbScriptResult.Usage,
            _ => AdbScriptResult.Failed,
        };
        var errors = (await stderr).Trim();
        var message = result?["message"] is { Length: > 0 } said ? ScriptTexts.Of(said)
            : errors.Length > 0 ? Msg.ProvisioningScriptExitSaid.With(script, process.ExitCode, errors.Split('\n')[^1])
            : Msg.ProvisioningScriptExit.With(script, process.ExitCode);
        return new AdbScriptOutcome(outcome, message, outcome == AdbScriptResult.Act ? message : instruction, facts, checks, clock.Elapsed);
    }

    /// <summary>A process that talks to the configured adb server, with the configured HOME for its keys.</summary>
    public static ProcessStartInfo Start(ProvisioningOptions options, string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["ADB"] = options.Adb;
        if (options.AdbServerPort is { } port)
            start.Environment["ANDROID_ADB_SERVER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        if (options.AdbHome is { } home)
            start.Environment["HOME"] = home;
        return start;
    }

    /// <summary>Runs the adb client itself (devices, connect, version); exit code and stdout, or -1 when adb is missing.</summary>
    public static async Task<(int ExitCode, string Output)> AdbAsync(ProvisioningOptions options, IEnumerable<string> args, CancellationToken ct)
    {
        try
        {
            using var process = Process.Start(Start(options, options.Adb, args))!;
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var errors = process.StandardError.ReadToEndAsync(ct);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            return (process.ExitCode, await output + await errors);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, $"{options.Adb} is not installed (apt-get install adb)");
        }
    }
}
