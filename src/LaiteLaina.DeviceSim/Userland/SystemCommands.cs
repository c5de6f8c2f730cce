using System.Globalization;
using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.DeviceSim.Userland;

/// <summary>How a factory reset was started; it decides what survives it (scripts/adb/README.md, "Sources").</summary>
public enum ResetKind
{
    /// <summary><c>cmd testharness enable</c>: the adb key and the test-harness setup survive, FRP data too.</summary>
    TestHarness,
    /// <summary>"Wipe data/factory reset" in recovery: FRP data survives.</summary>
    Recovery,
    /// <summary>Settings > Reset: wipes the persistent data block first, so Google's FRP does not follow.</summary>
    Settings,
}

/// <summary>Framework commands: properties, settings, dumpsys, am, dpm, wm, input, cmd, reboot.</summary>
public static class SystemCommands
{
    public static void Register(Dictionary<string, Command> table)
    {
        table["getprop"] = GetProp;
        table["setprop"] = SetProp;
        table["settings"] = Settings;
        table["dumpsys"] = Dumpsys;
        table["df"] = Df;
        table["am"] = Am;
        table["dpm"] = Dpm;
        table["wm"] = Wm;
        table["input"] = (_, _) => 0;
        table["reboot"] = (c, args) => Reboot(c, args.At(0));
        table["svc"] = (_, _) => 0;
        table["cmd"] = Cmd;
        table["locksettings"] = LockSettings;
        table["logcat"] = Logcat;
    }

    /// <summary><c>logcat -d</c>: the simulated log, with the lines the framework would write for what the shell did.</summary>
    private static int Logcat(CommandContext context, IReadOnlyList<string> args)
    {
        if (!args.Contains("-d"))
        {
            return context.Fail("logcat: only 'logcat -d' (dump and exit) in this simulator");
        }
        foreach (var line in context.State.Logcat)
        {
            context.OutLine(line);
        }
        return 0;
    }

    /// <summary>
    /// <c>locksettings verify</c> (= <c>cmd lock_settings verify</c>) with no <c>--old</c>: succeeds only when the
    /// tablet has no PIN, pattern or password, which is how scripts find out whether a lock screen is set.
    /// </summary>
    private static int LockSettings(CommandContext context, IReadOnlyList<string> args)
    {
        switch (args.At(0))
        {
            case "set-disabled" when args.Contains("true") || args.Contains("false"):
                // LockSettingsShellCommand.runSetDisabled: with no credential set, "disabled" means "None" instead of Swipe.
                context.State.LockScreenDisabled = args.Contains("true");
                context.OutLine($"Lock screen disabled set to {(context.State.LockScreenDisabled ? "true" : "false")}");
                return 0;
            case "get-disabled":
                context.OutLine(context.State.LockScreenDisabled ? "true" : "false");
                return 0;
            case "verify":
                break;
            default:
                return context.Fail("usage: locksettings verify|set-disabled|get-disabled", 255);
        }
        if (context.State.LockScreen is LockScreenKind.None or LockScreenKind.Swipe)
        {
            context.OutLine("Lock credential verified successfully");
            return 0;
        }
        context.OutLine("Old password '' didn't match");
        return 255;
    }

    public static SortedDictionary<string, string> Properties(SimulatedTablet tablet)
    {
        var s = tablet.State;
        var props = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ro.serialno"] = s.Serial,
            ["ro.boot.serialno"] = s.Serial,
            ["ro.product.manufacturer"] = s.Manufacturer,
            ["ro.product.brand"] = s.Brand,
            ["ro.product.model"] = s.Model,
            ["ro.product.name"] = s.Product,
            ["ro.product.device"] = s.Device,
            ["ro.product.cpu.abi"] = "arm64-v8a",
            ["ro.build.version.release"] = s.AndroidVersion,
            ["ro.build.version.sdk"] = s.Sdk.ToString(CultureInfo.InvariantCulture),
            ["ro.build.version.security_patch"] = s.SecurityPatch,
            ["ro.build.type"] = "user",
            ["ro.build.tags"] = "release-keys",
            ["ro.build.fingerprint"] = $"{s.Brand}/{s.Product}/{s.Device}:{s.AndroidVersion}/SIM{s.Sdk}/{s.SecurityPatch.Replace("-", "", StringComparison.Ordinal)}:user/release-keys",
            ["ro.crypto.type"] = s.EncryptionType,
            ["ro.crypto.state"] = s.EncryptionType == "none" ? "unencrypted" : "encrypted",
            ["ro.debuggable"] = "0",
            ["ro.secure"] = "1",
            ["ro.sf.lcd_density"] = s.PhysicalDensity.ToString(CultureInfo.InvariantCulture),
            ["ro.boot.mode"] = tablet.BootMode == BootMode.Recovery ? "recovery" : "normal",
            ["sys.boot_completed"] = "1",
            ["dev.bootcomplete"] = "1",
            ["persist.sys.usb.config"] = "mtp,adb",
            ["service.adb.tcp.port"] = tablet.Port.ToString(CultureInfo.InvariantCulture),
            ["ro.frp.pst"] = s.FrpPartition,
        };
        if (s.TestHarnessEnabled)
        {
            props["ro.test_harness"] = "1";
            props["persist.sys.test_harness"] = "1";
        }
        foreach (var (key, value) in s.ExtraProperties)
        {
            props[key] = value;
        }
        return props;
    }

    private static int GetProp(CommandContext context, IReadOnlyList<string> args)
    {
        var props = Properties(context.Tablet);
        if (args.Count == 0)
        {
            foreach (var (key, value) in props)
            {
                context.OutLine($"[{key}]: [{value}]");
            }
            return 0;
        }
        // An unknown property prints an empty line (or the given default), never an error.
        context.OutLine(props.TryGetValue(args[0], out var found) ? found : args.Count > 1 ? args[1] : "");
        return 0;
    }

    private static int SetProp(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.Count < 2)
        {
            return context.Fail("setprop: Need 2 arguments");
        }
        // ro.* are write-once; the shell's SELinux domain may not set persist.sys.* either (test_harness among them).
        if (args[0].StartsWith("ro.", StringComparison.Ordinal) || args[0].StartsWith("persist.sys.", StringComparison.Ordinal))
        {
            return context.Fail($"Failed to set property '{args[0]}' to '{args[1]}'.\nSee dmesg for error reason.");
        }
        context.State.ExtraProperties[args[0]] = args[1];
        return 0;
    }

    private static int Settings(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = ParsedArgs.Parse(args, "--user");
        var p = parsed.Positional;
        // SettingsService MyShellCommand: without --user the current (foreground) user, not user 0; "current" is
        // accepted, "all" and users that do not exist are refused.
        var user = context.State.CurrentUser;
        if (parsed.Value("--user") is { } given && given != "current")
        {
            if (!int.TryParse(given, NumberStyles.Integer, CultureInfo.InvariantCulture, out user) || context.State.Users.All(u => u.Id != user))
            {
                return context.Fail("Invalid user: " + given, 255);
            }
        }
        if (p.Count < 2 || p[1] is not ("system" or "secure" or "global"))
        {
            return context.Fail(p.Count >= 2 ? $"Invalid namespace '{p[1]}'" : "Invalid command: " + string.Join(' ', args), 255);
        }
        var values = context.State.SettingsFor(p[1], user);
        switch (p[0])
        {
            case "get" when p.Count >= 3:
                context.OutLine(values.TryGetValue(p[2], out var value) ? value : "null");
                return 0;
            case "put" when p.Count >= 4:
                values[p[2]] = p[3];
                return 0;
            case "delete" when p.Count >= 3:
                context.OutLine(values.Remove(p[2]) ? "Deleted 1 rows" : "Deleted 0 rows");
                return 0;
            case "list":
                foreach (var (key, v) in values)
                {
                    context.OutLine($"{key}={v}");
                }
                return 0;
            default:
                return context.Fail("Invalid command: " + string.Join(' ', args), 255);
        }
    }

    private static int Dumpsys(CommandContext context, IReadOnlyList<string> args)
    {
        switch (args.At(0))
        {
            case "battery" when args.Count >= 4 && args[1] == "set" && args[2] == "level":
                context.State.Battery.Level = int.Parse(args[3], CultureInfo.InvariantCulture);
                return 0;
            case "battery" when args.Count > 1:
                return 0; // unplug, reset, set ac ...: accepted silently like the real service
            case "battery":
                var b = context.State.Battery;
                context.OutLine("Current Battery Service state:");
                context.OutLine($"  AC powered: {Bool(b.AcPowered)}");
                context.OutLine($"  USB powered: {Bool(b.UsbPowered)}");
                context.OutLine("  Wireless powered: false");
                context.OutLine($"  Max charging current: {(b.UsbPowered || b.AcPowered ? 500000 : 0)}");
                context.OutLine($"  Max charging voltage: {(b.UsbPowered || b.AcPowered ? 5000000 : 0)}");
                context.OutLine($"  Charge counter: {b.Level * 60000}");
                context.OutLine($"  status: {b.Status}");
                context.OutLine($"  health: {b.Health}");
                context.OutLine("  present: true");
                context.OutLine($"  level: {b.Level}");
                context.OutLine("  scale: 100");
                context.OutLine($"  voltage: {b.VoltageMv}");
                context.OutLine($"  temperature: {b.TemperatureDeciC}");
                context.OutLine($"  technology: {b.Technology}");
                return 0;
            case "account":
                foreach (var user in context.State.Users.OrderBy(u => u.Id))
                {
                    var accounts = context.State.Accounts.Where(a => a.UserId == user.Id).ToList();
                    context.OutLine($"User UserInfo{{{user.Id}:{user.Name}:{user.Flags:x}}}:");
                    context.OutLine($"  Accounts: {accounts.Count}");
                    foreach (var account in accounts)
                    {
                        context.OutLine($"    Account {{name={account.Name}, type={account.Type}}}");
                    }
                    context.OutLine("");
                }
                return 0;
            case null:
                return context.Fail("dumpsys: no service given in this simulator");
            default:
                return context.Fail($"Can't find service: {args[0]}");
        }
    }

    private static string Bool(bool value) => value ? "true" : "false";

    public static long FreeKb(TabletState state) =>
        state.StorageTotalKb - state.StorageUsedKb - state.Files.Values.Sum(f => f.Length) / 1024;

    private static int Df(CommandContext context, IReadOnlyList<string> args)
    {
        var s = context.State;
        var dataUsed = s.StorageTotalKb - FreeKb(s);
        context.OutLine("Filesystem            1K-blocks    Used Available Use% Mounted on");
        Row(context, "/dev/root", 3_041_256, 2_987_132, "/");
        Row(context, "tmpfs", 1_442_516, 1_100, "/dev");
        Row(context, "tmpfs", 1_442_516, 0, "/mnt");
        Row(context, "/dev/block/dm-1", 1_182_148, 1_176_436, "/vendor");
        Row(context, "/dev/block/dm-5", s.StorageTotalKb, dataUsed, "/data");
        Row(context, "/dev/fuse", s.StorageTotalKb, dataUsed, "/storage/emulated");
        return 0;
    }

    private static void Row(CommandContext context, string fs, long total, long used, string mount)
    {
        var percent = total == 0 ? 0 : (int)Math.Ceiling(used * 100.0 / total);
        context.OutLine($"{fs,-21}{total,10}{used,8}{total - used,10}{percent,4}% {mount}");
    }

    private static int Am(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = ParsedArgs.Parse(args.Skip(1), "-a", "-n", "-p", "--user", "-d", "-c", "--es", "--ez", "--ei");
        var intent = "Intent { " + string.Join(' ', new[]
        {
            parsed.Value("-a") is { } act ? "act=" + act : null,
            parsed.Value("-d") is { } data ? "dat=" + data : null,
            "flg=0x" + (args.At(0) == "broadcast" ? "400000" : "10000000"),
            parsed.Value("-p") is { } pkg ? "pkg=" + pkg : null,
            parsed.Value("-n") is { } cmp ? "cmp=" + cmp : null,
        }.Where(x => x is not null)) + " }";
        var user = parsed.Positional.Count > 0 && int.TryParse(parsed.Positional[0], out var id) ? context.State.Users.FirstOrDefault(u => u.Id == id) : null;
        switch (args.At(0))
        {
            case "broadcast":
                return Broadcast(context, parsed.Value("-a"), intent);
            case "start":
                context.OutLine("Starting: " + intent);
                return 0;
            case "force-stop" or "kill":
                return 0;
            case "start-user" when user is not null:
                user.Running = true;
                context.OutLine("Success: user started");
                return 0;
            case "start-user":
                // ActivityManagerShellCommand.runStartUser prints the error and still returns 0.
                return context.Fail("Error: could not start user", 0);
            case "switch-user" when user is not null:
                user.Running = true;
                context.State.CurrentUser = user.Id;
                return 0;
            case "switch-user":
                return context.Fail("Error: failed to switch to user " + parsed.Positional.At(0), 255);
            case "stop-user" when user is not null && user.Id != 0:
                user.Running = false;
                return 0;
            default:
                return context.Fail("Error: unknown command '" + args.At(0) + "'", 255);
        }
    }

    // Protected broadcasts the shell (uid 2000) may not send: the "first line security check" in
    // BroadcastController / ActivityManagerService.broadcastIntentLocked. Not MASTER_CLEAR nor FACTORY_RESET.
    private static readonly HashSet<string> ProtectedActions =
    [
        "android.intent.action.BOOT_COMPLETED", "android.intent.action.LOCKED_BOOT_COMPLETED", "android.intent.action.REBOOT",
        "android.intent.action.MASTER_CLEAR_NOTIFICATION", "android.intent.action.ACTION_SHUTDOWN", "android.intent.action.USER_ADDED",
    ];

    // Received only by MasterClearReceiver, which requires android.permission.MASTER_CLEAR: the shell lacks it.
    private static readonly HashSet<string> ResetActions = ["android.intent.action.MASTER_CLEAR", "android.intent.action.FACTORY_RESET"];

    private static int Broadcast(CommandContext context, string? action, string intent)
    {
        context.OutLine("Broadcasting: " + intent);
        var pid = 4000 + Random.Shared.Next(20000);
        if (action is not null && ProtectedActions.Contains(action))
        {
            context.ErrLine("");
            context.ErrLine("Exception occurred while executing 'broadcast':");
            context.ErrLine($"java.lang.SecurityException: Permission Denial: not allowed to send broadcast {action} from pid={pid}, uid=2000");
            context.ErrLine("\tat com.android.server.am.BroadcastController.broadcastIntentLockedTraced(BroadcastController.java:1019)");
            context.ErrLine("\tat com.android.server.am.ActivityManagerShellCommand.runSendBroadcast(ActivityManagerShellCommand.java:1010)");
            context.ErrLine("\tat com.android.modules.utils.BasicShellCommandHandler.exec(BasicShellCommandHandler.java:97)");
            return 255;
        }
        if (action is not null && ResetActions.Contains(action))
        {
            // Not protected, so "completed"; the only receiver is skipped for want of a permission, so nothing happens.
            context.State.Log($"W BroadcastQueue: Permission Denial: broadcasting {intent} from null (pid={pid}, uid=2000) requires android.permission.MASTER_CLEAR due to receiver android/com.android.server.MasterClearReceiver");
            context.State.ResetBroadcasts.Add(intent);
            ResetBroadcastLog.Add(context.State.Serial, intent);
        }
        context.OutLine("Broadcast completed: result=0");
        return 0;
    }

    private static int Dpm(CommandContext context, IReadOnlyList<string> args)
    {
        var parsed = ParsedArgs.Parse(args.Skip(1), "--user", "--name");
        if (args.At(0) is not ("set-device-owner" or "remove-active-admin") || parsed.Positional.Count == 0)
        {
            return context.Fail("usage: dpm [subcommand] [options]", 255);
        }
        var raw = parsed.Positional[0];
        var slash = raw.IndexOf('/');
        var package = slash < 0 ? raw : raw[..slash];
        var cls = slash < 0 ? "" : raw[(slash + 1)..];
        var component = $"{package}/{(cls.StartsWith('.') ? package + cls : cls)}";
        if (args[0] == "remove-active-admin")
        {
            context.State.DeviceOwner = context.State.DeviceOwner == component ? null : context.State.DeviceOwner;
            context.OutLine($"Success: Admin removed ComponentInfo{{{component}}}");
            return 0;
        }
        string? error = null;
        if (!context.State.Packages.Any(p => p.Name == package))
        {
            error = $"java.lang.IllegalArgumentException: Unknown admin: ComponentInfo{{{component}}}";
        }
        else if (context.State.DeviceOwner is { } owner)
        {
            error = $"java.lang.IllegalStateException: Trying to set the device owner ({component}), but device owner ({owner}) is already set.";
        }
        else if (context.State.Users.Count > 1)
        {
            error = "java.lang.IllegalStateException: Not allowed to set the device owner because there are already several users on the device";
        }
        else if (context.State.Accounts.Count > 0)
        {
            error = "java.lang.IllegalStateException: Not allowed to set the device owner because there are already some accounts on the device";
        }
        if (error is not null)
        {
            context.ErrLine("Exception occurred while executing 'set-device-owner':");
            return context.Fail(error, 255);
        }
        context.State.DeviceOwner = component;
        context.OutLine($"Success: Device owner set to package ComponentInfo{{{component}}}");
        context.OutLine($"Active admin set to component {{{component}}}");
        return 0;
    }

    private static int Wm(CommandContext context, IReadOnlyList<string> args)
    {
        var s = context.State;
        switch (args.At(0))
        {
            case "density" when args.Count == 1:
                context.OutLine($"Physical density: {s.PhysicalDensity}");
                if (s.DensityOverride is { } density)
                {
                    context.OutLine($"Override density: {density}");
                }
                return 0;
            case "density" when args[1] == "reset":
                s.DensityOverride = null;
                return 0;
            case "density" when int.TryParse(args[1], out var value):
                s.DensityOverride = value;
                return 0;
            case "size" when args.Count == 1:
                context.OutLine("Physical size: 1200x1920");
                return 0;
            default:
                return context.Fail("Error: bad wm command", 255);
        }
    }

    private static int Reboot(CommandContext context, string? mode)
    {
        context.Tablet.Reboot(mode == "recovery" ? BootMode.Recovery : BootMode.Device);
        return 0;
    }

    private static int Cmd(CommandContext context, IReadOnlyList<string> args)
    {
        IReadOnlyList<string> rest = [.. args.Skip(1)];
        switch (args.At(0))
        {
            case "package":
                return PackageManager.Run(context, rest);
            case "settings":
                return Settings(context, rest);
            case "activity":
                return Am(context, rest);
            case "device_policy":
                return Dpm(context, rest);
            case "window":
                return Wm(context, rest);
            case "battery":
                return Dumpsys(context, ["battery", .. rest]);
            case "lock_settings":
                return LockSettings(context, rest);
            case "testharness" when context.State.TestHarnessSupported:
                return TestHarness(context, rest);
            case null:
                return context.Fail("cmd: No service specified; use -l to list all services", 20);
            default:
                return context.Fail($"cmd: Can't find service: {args[0]}", 20);
        }
    }

    private static int TestHarness(CommandContext context, IReadOnlyList<string> args)
    {
        if (args.At(0) is not ("enable" or "restore"))
        {
            return context.Fail("Test Harness Mode commands:\n  help\n  enable|restore", 255);
        }
        // KeyguardManager.isDeviceSecure: a PIN, pattern or password; swipe is no lock.
        if (context.State.LockScreen is LockScreenKind.Pin or LockScreenKind.Pattern or LockScreenKind.Password)
        {
            return context.Fail("Test Harness Mode cannot be enabled if there is a lock screen", 2);
        }
        // The adb keys go to the persistent data block; without one (ro.frp.pst empty) there is no PDB service.
        if (string.IsNullOrEmpty(context.State.FrpPartition))
        {
            return context.Fail("Failed to enable Test Harness Mode", 1);
        }
        FactoryReset(context.State, ResetKind.TestHarness);
        context.Tablet.Reboot();
        return 0;
    }

    /// <summary>
    /// Wipes user data the way a factory reset does: everything in /data (users, apps, accounts, settings with
    /// android_id and boot_count, persist.* properties, adb keys) and all shared storage. Google's FRP data and a
    /// Samsung account's Reactivation Lock live outside /data and hold the tablet at setup afterwards. Test harness
    /// then applies its own setup (TestHarnessModeService.setUpTestHarnessMode and completeTestHarnessModeSetup).
    /// </summary>
    public static void FactoryReset(TabletState state, ResetKind kind)
    {
        var google = state.Accounts.FirstOrDefault(a => a.Type == "com.google" && a.UserId == 0);
        var samsung = state.ReactivationLock && state.Manufacturer.Equals("samsung", StringComparison.OrdinalIgnoreCase)
            ? state.Accounts.FirstOrDefault(a => a.Type == "com.osp.app.signin") : null;
        state.FrpLockedTo = (kind == ResetKind.Settings ? null : google?.Name) ?? samsung?.Name;
        state.Accounts.Clear();
        state.Users.RemoveAll(u => u.Id != 0);
        state.CurrentUser = 0;
        state.Packages.Clear();
        state.Files.Clear();
        state.Settings.Clear();
        state.UserSettings.Clear();
        state.DeviceOwner = null;
        state.DensityOverride = null;
        state.LockScreen = LockScreenKind.None;
        foreach (var key in state.ExtraProperties.Keys.Where(k => k.StartsWith("persist.", StringComparison.Ordinal)).ToList())
        {
            state.ExtraProperties.Remove(key);
        }
        Scenarios.AddBaseline(state, afterReset: true);
        var testHarness = kind == ResetKind.TestHarness;
        state.TestHarnessEnabled = testHarness;
        state.LockScreenDisabled = testHarness;
        state.MasterSync = !testHarness;
        state.LocationEnabled = testHarness;
        var secure = state.SettingsFor("secure");
        var global = state.SettingsFor("global");
        secure["user_setup_complete"] = testHarness ? "1" : "0";
        global["device_provisioned"] = testHarness ? "1" : "0";
        if (testHarness)
        {
            global["adb_allowed_connection_time"] = "0";
            global["development_settings_enabled"] = "1";
            global["verifier_verify_adb_installs"] = "0";
            global["stay_on_while_plugged_in"] = "15";
            global["ota_disable_automatic_update"] = "1";
            secure["location_mode"] = "3";
        }
        else
        {
            // /data/misc/adb/adb_keys is gone: the person who turns USB debugging on again also allows this computer.
            state.StationKeyLastUsedMs = null;
        }
    }
}
