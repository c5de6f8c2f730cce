using System.Globalization;
using System.Security.Cryptography;
using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.DeviceSim.Userland;

/// <summary><c>pm</c> and <c>cmd package</c>, with the messages PackageManagerShellCommand prints.</summary>
public static class PackageManager
{
    public static void Register(Dictionary<string, Command> table) => table["pm"] = Run;

    public static int Run(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            return context.Fail("Package manager (package) commands:\n  help\n    Print this help text.");
        }
        IReadOnlyList<string> rest = [.. args.Skip(1)];
        return args[0] switch
        {
            "list" when rest.At(0) == "packages" => ListPackages(context, rest.Skip(1)),
            "list" when rest.At(0) == "users" => ListUsers(context),
            "path" => Path(context, rest),
            "install" => InstallFromArgs(context, rest),
            "uninstall" => Uninstall(context, rest),
            "clear" => Clear(context, rest),
            "disable-user" => DisableUser(context, rest),
            "create-user" => CreateUser(context, rest),
            // PackageManagerShellCommand.runGetMaxUsers.
            "get-max-users" => GetMaxUsers(context),
            "remove-user" => RemoveUser(context, rest),
            _ => context.Fail($"Unknown command: {args[0]}", 255),
        };
    }

    private static int UserOf(ParsedArgs parsed) =>
        parsed.Value("--user") is "current" or null ? 0 : parsed.IntValue("--user") ?? 0;

    private static int ListPackages(CommandContext context, IEnumerable<string> args)
    {
        var parsed = ParsedArgs.Parse(args, "--user");
        var user = UserOf(parsed);
        var filter = parsed.Positional.At(0);
        foreach (var package in context.State.Packages.Where(p => p.Users.Contains(user)).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var disabled = package.DisabledForUsers.Contains(user);
            if ((parsed.Has("-3") && package.System) || (parsed.Has("-s") && !package.System)
                || (parsed.Has("-d") && !disabled) || (parsed.Has("-e") && disabled)
                || (filter is not null && !package.Name.Contains(filter, StringComparison.Ordinal)))
            {
                continue;
            }
            context.OutLine(parsed.Has("-f") ? $"package:{package.ApkPath}={package.Name}" : $"package:{package.Name}");
        }
        return 0;
    }

    private static int ListUsers(CommandContext context)
    {
        context.OutLine("Users:");
        foreach (var user in context.State.Users.OrderBy(u => u.Id))
        {
            context.OutLine($"\tUserInfo{{{user.Id}:{user.Name}:{user.Flags:x}}}{(user.Running ? " running" : "")}");
        }
        return 0;
    }

    private static int Path(CommandContext context, IReadOnlyList<string> args)
    {
        var package = context.State.Packages.FirstOrDefault(p => p.Name == args.At(0));
        if (package is null)
        {
            return 1;
        }
        context.OutLine("package:" + package.ApkPath);
        return 0;
    }

    private static int InstallFromArgs(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = ParsedArgs.Parse(args, "--user", "-S", "-i", "--install-reason");
        byte[] apk;
        if (parsed.Value("-S") is not null || parsed.Positional.Count == 0)
        {
            apk = context.Stdin;
        }
        else
        {
            var file = context.Files.Get(CommandContext.Path(parsed.Positional[0]));
            if (file is null || file.IsDirectory)
            {
                context.ErrLine($"Error: Can't open file: {parsed.Positional[0]}");
                context.ErrLine($"Exception occurred while executing 'install':");
                context.ErrLine($"java.lang.IllegalArgumentException: Error: Can't open file: {parsed.Positional[0]}");
                return 255;
            }
            apk = file.ReadAll();
        }
        var result = Install(context.Tablet, apk, parsed.Value("--user") is null ? null : UserOf(parsed));
        context.OutLine(result);
        return result == "Success" ? 0 : 1;
    }

    /// <summary>
    /// Installs an APK for all users (or one) and returns pm's status line. Callers hold the
    /// tablet's lock. Shared by <c>pm install</c> and the streamed <c>exec:cmd package install -S</c>.
    /// </summary>
    public static string Install(SimulatedTablet tablet, byte[] apk, int? user)
    {
        var state = tablet.State;
        if (tablet.Faults.FailNextInstall is { } reason)
        {
            tablet.Faults.FailNextInstall = null;
            return $"Failure [{reason}]";
        }
        var name = ApkInspector.PackageName(apk);
        if (name is null)
        {
            return "Failure [INSTALL_PARSE_FAILED_NOT_APK: Failed to parse /data/app/vmdl1.tmp/base.apk: Failed to load asset path /data/app/vmdl1.tmp/base.apk]";
        }
        if (SystemCommands.FreeKb(state) < apk.LongLength / 1024 + 1)
        {
            return "Failure [INSTALL_FAILED_INSUFFICIENT_STORAGE]";
        }
        var existing = state.Packages.FirstOrDefault(p => p.Name == name);
        var users = user is { } only ? [only] : state.Users.Select(u => u.Id).ToList();
        if (existing is not null)
        {
            users = [.. users.Union(existing.Users)];
            state.Packages.Remove(existing);
        }
        var hash = Convert.ToBase64String(SHA256.HashData(apk)[..9]).Replace('/', '_').Replace('+', '-');
        state.Packages.Add(new InstalledPackage(name, $"/data/app/~~{hash}/{name}-{hash}/base.apk") { Users = users });
        state.StorageUsedKb += apk.LongLength / 1024;
        return "Success";
    }

    private static InstalledPackage? Find(CommandContext context, string? name) =>
        context.State.Packages.FirstOrDefault(p => p.Name == name);

    private static int Uninstall(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = ParsedArgs.Parse(args, "--user");
        var package = Find(context, parsed.Positional.At(0));
        if (package is null || (package.System && parsed.Value("--user") is null))
        {
            context.OutLine("Failure [DELETE_FAILED_INTERNAL_ERROR]");
            return 1;
        }
        if (parsed.Value("--user") is not null)
        {
            package.Users.Remove(UserOf(parsed));
            if (package.Users.Count == 0 && !package.System)
            {
                context.State.Packages.Remove(package);
            }
        }
        else
        {
            context.State.Packages.Remove(package);
        }
        context.OutLine("Success");
        return 0;
    }

    private static int Clear(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = ParsedArgs.Parse(args, "--user");
        var known = Find(context, parsed.Positional.At(0)) is not null;
        if (known)
        {
            context.State.Accounts.RemoveAll(a => a.Type.StartsWith(parsed.Positional[0], StringComparison.Ordinal));
        }
        context.OutLine(known ? "Success" : "Failed");
        return known ? 0 : 1;
    }

    private static int DisableUser(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = ParsedArgs.Parse(args, "--user");
        var name = parsed.Positional.At(0);
        var package = Find(context, name);
        if (package is null)
        {
            context.ErrLine("Exception occurred while executing 'disable-user':");
            context.ErrLine($"java.lang.IllegalArgumentException: Unknown package: {name}");
            return 255;
        }
        var user = UserOf(parsed);
        if (!package.DisabledForUsers.Contains(user))
        {
            package.DisabledForUsers.Add(user);
        }
        context.OutLine($"Package {name} new state: disabled-user");
        return 0;
    }

    private static int GetMaxUsers(CommandContext context)
    {
        context.OutLine(string.Create(CultureInfo.InvariantCulture, $"Maximum supported users: {context.State.MaxUsers}"));
        return 0;
    }

    private static int CreateUser(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = ParsedArgs.Parse(args, "--profileOf", "--user-type");
        var name = parsed.Positional.At(0) ?? "";
        // UserManagerService.canAddMoreUsers: a model that supports one user makes none (runCreateUser prints this, exit 1).
        if (context.State.Users.Count >= context.State.MaxUsers)
        {
            return context.Fail("Error: couldn't create User.");
        }
        // UserManagerService.getNextAvailableId: the lowest free id from MIN_USER_ID (10) that was not removed since
        // the last boot (mRemovingUserIds, kept in memory only).
        var id = 10;
        while (context.State.Users.Any(u => u.Id == id) || context.State.RemovedUserIdsSinceBoot.Contains(id))
        {
            id++;
        }
        context.State.Users.Add(new UserEntry(id, name, 0x10) { Running = false });
        // A new user gets settings of its own, with an android_id of its own (ensureSecureSettingAndroidIdSetLocked).
        context.State.UserSettings.Remove(id);
        context.State.SettingsFor("secure", id)["android_id"] = TabletState.NewAndroidId();
        foreach (var package in context.State.Packages.Where(p => p.System))
        {
            package.Users.Add(id);
        }
        context.OutLine($"Success: created user id {id}");
        return 0;
    }

    private static int RemoveUser(CommandContext context, IReadOnlyList<string> args)
    {
        var raw = args.At(args.Count - 1) ?? "";
        var user = int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? context.State.Users.FirstOrDefault(u => u.Id == id) : null;
        if (user is null || user.Id == 0)
        {
            return context.Fail($"Error: couldn't remove user id {raw}");
        }
        context.State.Users.Remove(user);
        context.State.RemovedUserIdsSinceBoot.Add(id);
        context.State.UserSettings.Remove(id);
        context.Files.Remove($"/storage/emulated/{id}");
        if (context.State.CurrentUser == id)
        {
            context.State.CurrentUser = 0;
        }
        context.State.Accounts.RemoveAll(a => a.UserId == id);
        foreach (var package in context.State.Packages.ToList())
        {
            package.Users.Remove(id);
            package.DisabledForUsers.Remove(id);
            if (package.Users.Count == 0 && !package.System)
            {
                context.State.Packages.Remove(package);
            }
        }
        context.OutLine("Success: removed user");
        return 0;
    }
}
