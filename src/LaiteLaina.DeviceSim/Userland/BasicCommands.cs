using System.Globalization;
using System.Text;

namespace LaiteLaina.DeviceSim.Userland;

/// <summary>Toybox and shell built-ins over the virtual file system, with toybox's messages.</summary>
public static class BasicCommands
{
    public static void Register(Dictionary<string, Command> table)
    {
        table["true"] = (_, _) => 0;
        table["false"] = (_, _) => 1;
        table["exit"] = (_, args) => args.Count > 0 && int.TryParse(args[0], out var code) ? code & 0xff : 0;
        table["sleep"] = (_, _) => 0;
        table["sync"] = (_, _) => 0;
        table["echo"] = Echo;
        table["cat"] = Cat;
        table["ls"] = Ls;
        table["rm"] = Rm;
        table["mkdir"] = Mkdir;
        table["touch"] = Touch;
        table["id"] = (c, _) => Print(c, "uid=2000(shell) gid=2000(shell) groups=2000(shell),1004(input),1007(log),1011(adb),1015(sdcard_rw),1028(sdcard_r),3001(net_bt_admin),3002(net_bt),3003(inet),3006(net_bw_stats),3009(readproc),3011(uhid) context=u:r:shell:s0");
        table["whoami"] = (c, _) => Print(c, "shell");
        table["grep"] = Grep;
        table["wc"] = Wc;
        table["head"] = Head;
        table["find"] = Find;
    }

    /// <summary>toybox find with the one test provisioning needs: <c>find PATH... [-type f|d]</c>.</summary>
    private static int Find(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = ParsedArgs.Parse(args, "-type", "-name");
        var type = parsed.Value("-type");
        var status = 0;
        foreach (var raw in parsed.Positional)
        {
            var root = CommandContext.Path(raw);
            var file = context.Files.Get(root);
            if (file is null)
            {
                status = context.Fail($"find: {raw}: No such file or directory");
                continue;
            }
            var prefix = root == "/" ? "/" : root + "/";
            var matches = context.State.Files.Where(f => f.Key == root || f.Key.StartsWith(prefix, StringComparison.Ordinal));
            foreach (var (path, entry) in matches)
            {
                if (type is null || (type == "f" && !entry.IsDirectory) || (type == "d" && entry.IsDirectory))
                {
                    context.OutLine(raw.TrimEnd('/') + path[root.Length..]);
                }
            }
        }
        return status;
    }

    private static int Print(CommandContext context, string line)
    {
        context.OutLine(line);
        return 0;
    }

    private static int Echo(CommandContext context, IReadOnlyList<string> args)
    {
        var newline = !(args.Count > 0 && args[0] == "-n");
        var words = newline ? args : args.Skip(1);
        context.Out(string.Join(' ', words) + (newline ? "\n" : ""));
        return 0;
    }

    private static int Cat(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            context.Stdout.Write(context.Stdin);
            return 0;
        }
        var status = 0;
        foreach (var raw in args)
        {
            var file = context.Files.Get(CommandContext.Path(raw));
            if (file is null)
            {
                status = context.Fail($"cat: {raw}: No such file or directory");
            }
            else if (file.IsDirectory)
            {
                status = context.Fail($"cat: {raw}: Is a directory");
            }
            else
            {
                context.Stdout.Write(file.ReadAll());
            }
        }
        return status;
    }

    private static int Ls(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = ParsedArgs.Parse(args);
        var targets = parsed.Positional.Count == 0 ? ["/"] : parsed.Positional;
        var status = 0;
        foreach (var raw in targets)
        {
            var path = CommandContext.Path(raw);
            var file = context.Files.Get(path);
            if (file is null)
            {
                status = context.Fail($"ls: {raw}: No such file or directory");
                continue;
            }
            if (targets.Count > 1 && file.IsDirectory)
            {
                context.OutLine(raw + ":");
            }
            var entries = file.IsDirectory
                ? context.Files.List(path).Select(name => (Name: name, File: context.Files.Get(path == "/" ? "/" + name : path + "/" + name)!))
                : [(Name: raw, File: file)];
            foreach (var (name, entry) in entries)
            {
                context.OutLine(parsed.Has("-l") ? LongListing(name, entry) : name);
            }
        }
        return status;
    }

    private static string LongListing(string name, State.VirtualFile file)
    {
        var type = file.IsDirectory ? 'd' : '-';
        var perms = new StringBuilder();
        for (var shift = 6; shift >= 0; shift -= 3)
        {
            var bits = (file.Permissions >> shift) & 7;
            perms.Append((bits & 4) != 0 ? 'r' : '-').Append((bits & 2) != 0 ? 'w' : '-').Append((bits & 1) != 0 ? 'x' : '-');
        }
        var time = DateTimeOffset.FromUnixTimeSeconds(file.ModifiedUnix).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var size = file.IsDirectory ? 3452 : file.Length;
        return $"{type}{perms} 1 root sdcard_rw {size,8} {time} {name}";
    }

    private static int Rm(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = ParsedArgs.Parse(args);
        var recursive = parsed.Has("-r") || parsed.Has("-R");
        var force = parsed.Has("-f");
        var status = 0;
        foreach (var raw in parsed.Positional)
        {
            var path = CommandContext.Path(raw);
            var file = context.Files.Get(path);
            if (file is null)
            {
                status = force ? status : context.Fail($"rm: {raw}: No such file or directory");
            }
            else if (file.IsDirectory && !recursive)
            {
                status = context.Fail($"rm: {raw}: Is a directory");
            }
            else
            {
                context.Files.Remove(path);
            }
        }
        return status;
    }

    private static int Mkdir(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = ParsedArgs.Parse(args, "-m");
        var status = 0;
        foreach (var raw in parsed.Positional)
        {
            var path = CommandContext.Path(raw);
            if (context.Files.Get(path) is not null)
            {
                status = parsed.Has("-p") ? status : context.Fail($"mkdir: '{raw}': File exists");
            }
            else if (!context.Files.Mounted(path) || (!parsed.Has("-p") && !context.Files.IsDirectory(VirtualFileSystem.Parent(path))))
            {
                status = context.Fail($"mkdir: '{raw}': No such file or directory");
            }
            else
            {
                context.Files.MakeDirectories(path);
            }
        }
        return status;
    }

    private static int Touch(CommandContext context, IReadOnlyList<string> args)
    {
        foreach (var raw in args.Where(a => !a.StartsWith('-')))
        {
            var path = CommandContext.Path(raw);
            var file = context.Files.Get(path);
            if (file is null)
            {
                context.Files.Write(path, [], DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            }
            else
            {
                file.ModifiedUnix = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            }
        }
        return 0;
    }

    private static string[] InputLines(CommandContext context, List<string> files)
    {
        var text = files.Count == 0
            ? context.StdinText
            : string.Concat(files.Select(f => context.Files.Get(CommandContext.Path(f)) is { IsDirectory: false } file ? Encoding.UTF8.GetString(file.ReadAll()) : ""));
        var lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    private static int Grep(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = ParsedArgs.Parse(args, "-e");
        var pattern = parsed.Value("-e") ?? (parsed.Positional.Count > 0 ? parsed.Positional[0] : null);
        if (pattern is null)
        {
            return context.Fail("usage: grep [-EFHIabchilnoqrsvwxz] [-A NUM] [-B NUM] [-C NUM] [-m MAX] [-e REGEX]... [-MELF PATTERN]... [-f REGEXFILE] [FILE]...", 2);
        }
        var files = parsed.Value("-e") is null ? parsed.Positional.Skip(1).ToList() : parsed.Positional;
        var options = System.Text.RegularExpressions.RegexOptions.CultureInvariant | (parsed.Has("-i") ? System.Text.RegularExpressions.RegexOptions.IgnoreCase : 0);
        var regex = new System.Text.RegularExpressions.Regex(parsed.Has("-F") ? System.Text.RegularExpressions.Regex.Escape(pattern) : pattern, options, TimeSpan.FromSeconds(1));
        var matches = InputLines(context, files).Where(line => regex.IsMatch(line) != parsed.Has("-v")).ToList();
        if (parsed.Has("-c"))
        {
            context.OutLine(matches.Count.ToString(CultureInfo.InvariantCulture));
        }
        else if (!parsed.Has("-q"))
        {
            matches.ForEach(context.OutLine);
        }
        return matches.Count > 0 ? 0 : 1;
    }

    private static int Wc(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = ParsedArgs.Parse(args);
        var data = context.Stdin;
        var lines = data.Count(b => b == (byte)'\n');
        context.OutLine(parsed.Has("-l") ? lines.ToString(CultureInfo.InvariantCulture) : $"{lines} {Encoding.UTF8.GetString(data).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length} {data.Length}");
        return 0;
    }

    private static int Head(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = ParsedArgs.Parse(args, "-n");
        var count = parsed.IntValue("-n") ?? 10;
        foreach (var line in InputLines(context, parsed.Positional).Take(count))
        {
            context.OutLine(line);
        }
        return 0;
    }
}
