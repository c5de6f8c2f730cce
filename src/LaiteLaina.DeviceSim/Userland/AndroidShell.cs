using System.Globalization;

namespace LaiteLaina.DeviceSim.Userland;

/// <summary>
/// Runs command lines the way <c>/system/bin/sh</c> (mksh) would for the commands provisioning
/// scripts use. Everything runs under the tablet's lock, so a command sees a consistent state.
/// </summary>
public static class AndroidShell
{
    public const int NotFound = 127;

    private static readonly Dictionary<string, Command> Commands = BuildCommandTable();

    private static Dictionary<string, Command> BuildCommandTable()
    {
        var table = new Dictionary<string, Command>(StringComparer.Ordinal);
        BasicCommands.Register(table);
        PackageManager.Register(table);
        SystemCommands.Register(table);
        return table;
    }

    public static bool IsKnown(string command) => Commands.ContainsKey(command);

    public static ShellResult Run(SimulatedTablet tablet, string commandLine, byte[]? stdin = null)
    {
        lock (tablet.Sync)
        {
            var stdout = new MemoryStream();
            var stderr = new MemoryStream();
            var status = 0;
            var chain = ";";
            var variables = Variables(tablet);
            foreach (var pipeline in ShellParser.Parse(commandLine, name => name == "?" ? status.ToString(CultureInfo.InvariantCulture) : variables.GetValueOrDefault(name, "")))
            {
                var skip = chain switch
                {
                    "&&" => status != 0,
                    "||" => status == 0,
                    _ => false,
                };
                chain = pipeline.Chain;
                if (!skip)
                {
                    status = RunPipeline(tablet, pipeline, stdin ?? [], stdout, stderr);
                }
            }
            return new ShellResult(stdout.ToArray(), stderr.ToArray(), status);
        }
    }

    private static Dictionary<string, string> Variables(SimulatedTablet tablet) => new(StringComparer.Ordinal)
    {
        ["EXTERNAL_STORAGE"] = "/sdcard",
        ["ANDROID_DATA"] = "/data",
        ["HOME"] = "/",
        ["PATH"] = "/product/bin:/apex/com.android.runtime/bin:/system/bin:/system/xbin",
        ["USER"] = "shell",
        ["HOSTNAME"] = tablet.State.Device,
    };

    private static int RunPipeline(SimulatedTablet tablet, Pipeline pipeline, byte[] stdin, MemoryStream stdout, MemoryStream stderr)
    {
        var input = stdin;
        var status = 0;
        for (var index = 0; index < pipeline.Commands.Count; index++)
        {
            var command = pipeline.Commands[index];
            var context = new CommandContext(tablet, ReadInput(tablet, command, input, stderr, out var inputOk));
            status = inputOk ? Execute(context, command.Words) : 1;
            var output = context.Stdout.ToArray();
            var errors = context.Stderr.ToArray();
            if (command.StderrToStdout)
            {
                context.Stdout.Write(errors);
                output = context.Stdout.ToArray();
                errors = [];
            }
            if (command.StderrFile is { } errFile)
            {
                WriteFile(context, errFile, errors, append: false);
            }
            else
            {
                stderr.Write(errors);
            }
            var last = index == pipeline.Commands.Count - 1;
            if (command.StdoutFile is { } outFile)
            {
                WriteFile(context, outFile, output, command.AppendStdout);
                input = [];
            }
            else if (last)
            {
                stdout.Write(output);
            }
            else
            {
                input = output;
            }
        }
        return status;
    }

    private static byte[] ReadInput(SimulatedTablet tablet, SimpleCommand command, byte[] piped, MemoryStream stderr, out bool ok)
    {
        ok = true;
        if (command.StdinFile is null)
        {
            return piped;
        }
        var path = CommandContext.Path(command.StdinFile);
        var file = new VirtualFileSystem(tablet.State).Get(path);
        if (file is null || file.IsDirectory)
        {
            ok = false;
            stderr.Write(System.Text.Encoding.UTF8.GetBytes($"/system/bin/sh: can't open {command.StdinFile}: No such file or directory\n"));
            return [];
        }
        return file.ReadAll();
    }

    private static void WriteFile(CommandContext context, string rawPath, byte[] data, bool append)
    {
        var path = CommandContext.Path(rawPath);
        var existing = context.Files.Get(path);
        if (append && existing is { IsDirectory: false })
        {
            data = [.. existing.ReadAll(), .. data];
        }
        context.Files.Write(path, data, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    private static int Execute(CommandContext context, IReadOnlyList<string> words)
    {
        var name = words[0];
        if (name.StartsWith("/system/bin/", StringComparison.Ordinal))
        {
            name = name["/system/bin/".Length..];
        }
        if (!Commands.TryGetValue(name, out var command))
        {
            return context.Fail($"/system/bin/sh: {words[0]}: inaccessible or not found", NotFound);
        }
        return command(context, [.. words.Skip(1)]);
    }
}
