using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using LaiteLaina.DeviceSim.Protocol;
using LaiteLaina.DeviceSim.State;
using LaiteLaina.DeviceSim.Transport;
using Microsoft.Extensions.Logging;

namespace LaiteLaina.DeviceSim;

/// <summary>Faults switched on at run time, read by the protocol and the userland as they go.</summary>
public sealed class TabletFaults
{
    /// <summary>Answer CNXN with AUTH and never accept a key: <c>adb devices</c> shows <c>unauthorized</c>.</summary>
    public bool Unauthorized { get; set; }
    /// <summary>Never answer CNXN: <c>adb devices</c> shows <c>offline</c>.</summary>
    public bool Offline { get; set; }
    /// <summary>Added before every service a host opens (shell command, sync session, install).</summary>
    public TimeSpan CommandDelay { get; set; }
    /// <summary>The next install fails with this reason, e.g. <c>INSTALL_FAILED_INSUFFICIENT_STORAGE</c>.</summary>
    public string? FailNextInstall { get; set; }
    /// <summary>Pull the cable once a connection has received this many bytes from the host.</summary>
    public long? UnplugAfterBytes { get; set; }
}

public enum BootMode
{
    Device,
    Recovery,
    /// <summary>Recovery's "Apply update from ADB": the only time a user build's recovery runs adbd.</summary>
    Sideload,
    /// <summary>Powered off from the recovery menu; the power key starts it again.</summary>
    Off,
}

/// <summary>What the screen of a tablet in stock recovery shows.</summary>
public enum RecoveryScreen
{
    /// <summary>The robot with "No command": hold power and press volume up to get the menu.</summary>
    NoCommand,
    Menu,
    /// <summary>"Wipe all user data?" with Cancel and Factory data reset.</summary>
    ConfirmWipe,
}

/// <summary>
/// One simulated tablet: a TCP listener on 127.0.0.1 speaking the device side of ADB, its state
/// and its faults. Unplugging closes the listener so that the adb server's reconnects fail,
/// as they do when the tablet is physically gone.
/// </summary>
public sealed class SimulatedTablet
{
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<AdbConnection, byte> _connections = new();
    private readonly Lock _listenerLock = new();
    private TcpListener? _listener;
    // Bumped by every reboot and by Stop, so that a pending come-back of an older reboot is dropped.
    private int _bootGeneration;

    internal SimulatedTablet(TabletState state, int port, TabletFarmOptions options, ILogger logger)
    {
        State = state;
        Port = port;
        Options = options;
        _logger = logger;
    }

    public TabletState State { get; }
    public int Port { get; private set; }
    public string Address => $"127.0.0.1:{Port}";
    public string Serial => State.Serial;
    public string Model => State.Model;
    public TabletFaults Faults { get; } = new();
    public TabletFarmOptions Options { get; }
    public BootMode BootMode { get; private set; } = BootMode.Device;
    public RecoveryScreen RecoveryScreen { get; private set; } = RecoveryScreen.NoCommand;
    /// <summary>The highlighted line of the recovery menu or of its wipe confirmation.</summary>
    public int RecoveryIndex { get; private set; }
    /// <summary>Whether a person has unlocked the screen since it last locked: "Allow USB debugging?" needs it.</summary>
    public bool ScreenUnlocked { get; private set; }
    public bool IsPluggedIn => _listener is not null;
    /// <summary>Counts how often the tablet came up, so tests can tell a reboot happened.</summary>
    public int BootCount { get; private set; }

    /// <summary>Guards <see cref="State"/>: several connections and streams run commands at once.</summary>
    public Lock Sync { get; } = new();

    /// <summary>Raised after each (re)boot, when the tablet accepts connections again.</summary>
    public event EventHandler? Booted;

    public void SetOffline(bool offline) => Faults.Offline = offline;
    public void SetUnauthorized(bool unauthorized) => Faults.Unauthorized = unauthorized;
    public void SetSlow(TimeSpan perCommand) => Faults.CommandDelay = perCommand;
    public void FailNextInstall(string reason = "INSTALL_FAILED_INSUFFICIENT_STORAGE") => Faults.FailNextInstall = reason;
    public void UnplugAfterBytes(long bytes) => Faults.UnplugAfterBytes = bytes;

    public void SetBatteryLevel(int percent)
    {
        lock (Sync)
        {
            State.Battery.Level = Math.Clamp(percent, 0, 100);
        }
    }

    public void SetLockScreen(LockScreenKind kind)
    {
        lock (Sync)
        {
            State.LockScreen = kind;
        }
    }

    internal string Banner()
    {
        var systemType = BootMode switch
        {
            BootMode.Recovery => "recovery",
            BootMode.Sideload => "sideload",
            _ => "device",
        };
        return AdbFraming.DeviceBanner(systemType, State.Product, State.Model, State.Device, Options.Features);
    }

    /// <summary>Starts listening; with port 0 the OS picks one, which is then kept across reboots.</summary>
    public void PlugIn()
    {
        lock (_listenerLock)
        {
            if (_listener is not null)
            {
                return;
            }
            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start(64);
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _listener = listener;
            BootCount++;
            _ = AcceptLoopAsync(listener);
        }
        _logger.LogInformation("{Serial}: listening on {Address} ({Mode})", Serial, Address, BootMode);
        Booted?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>Pulls the cable: the listener goes away and open connections are reset.</summary>
    public void Unplug()
    {
        TcpListener? listener;
        lock (_listenerLock)
        {
            listener = _listener;
            _listener = null;
        }
        listener?.Stop();
        foreach (var connection in _connections.Keys)
        {
            connection.Abort(graceful: false);
        }
        Faults.UnplugAfterBytes = null;
        if (listener is not null)
        {
            _logger.LogInformation("{Serial}: unplugged", Serial);
        }
    }

    /// <summary>Drops the connection and comes back after <see cref="TabletFarmOptions.RebootDelay"/>.</summary>
    public void Reboot(BootMode mode = BootMode.Device)
    {
        var generation = Interlocked.Increment(ref _bootGeneration);
        _ = Task.Run(async () =>
        {
            try
            {
                // Let the OKAY/CLSE of the reboot service reach the host before the line drops.
                await Task.Delay(100);
                Unplug();
                BootMode = mode;
                await Task.Delay(Options.RebootDelay);
                if (Volatile.Read(ref _bootGeneration) == generation)
                {
                    BootUp(mode);
                    if (mode == BootMode.Recovery && Options.RecoveryWipeAfter is { } after)
                    {
                        await Task.Delay(after);
                        if (Volatile.Read(ref _bootGeneration) == generation && BootMode == BootMode.Recovery)
                        {
                            WipeDataFromRecovery();
                        }
                    }
                }
            }
            catch (Exception e)
            {
                // Background task: log instead of letting the exception vanish unobserved.
                _logger.LogError(e, "{Serial}: reboot failed", Serial);
            }
        });
    }

    /// <summary>
    /// The end of a boot. In Android every boot bumps <c>boot_count</c> and forgets the user ids removed since the
    /// last one. Stock recovery on a user build starts no adbd, so the tablet is simply gone for adb; a tablet held
    /// by factory reset protection sits in its setup wizard, where USB debugging is off.
    /// </summary>
    private void BootUp(BootMode mode)
    {
        bool listen;
        lock (Sync)
        {
            RecoveryScreen = RecoveryScreen.NoCommand;
            RecoveryIndex = 0;
            ScreenUnlocked = false;
            if (mode == BootMode.Device)
            {
                // PowerManagerService.incrementBootCount: read (0 when missing), write + 1.
                var global = State.SettingsFor("global");
                var count = global.TryGetValue("boot_count", out var raw) && int.TryParse(raw, out var n) ? n : 0;
                global["boot_count"] = (count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                State.RemovedUserIdsSinceBoot.Clear();
            }
            listen = mode switch
            {
                BootMode.Device => State.FrpLockedTo is null,
                BootMode.Recovery => Options.DebuggableRecovery,
                BootMode.Sideload => true,
                _ => false,
            };
        }
        if (listen)
        {
            PlugIn();
        }
        else
        {
            BootCount++;
            _logger.LogInformation("{Serial}: up without adb ({Mode})", Serial, mode);
        }
    }

    /// <summary>
    /// A person presses keys on the tablet: <c>power+volup</c> (hold power, press volume up), <c>volup</c>,
    /// <c>voldown</c> or <c>power</c>. Only the recovery screens and a powered-off tablet react. Returns what the
    /// screen shows afterwards, for the trainee.
    /// </summary>
    public string PressKeys(string keys)
    {
        keys = keys.Trim().ToLowerInvariant();
        switch (BootMode, RecoveryScreen, keys)
        {
            case (BootMode.Off, _, "power"):
                Reboot(BootMode.Device);
                return "Starting up";
            case (BootMode.Recovery, RecoveryScreen.NoCommand, "power+volup"):
                RecoveryScreen = RecoveryScreen.Menu;
                RecoveryIndex = 0;
                break;
            case (BootMode.Sideload, _, "power+volup" or "power"):
                // Leaving "Apply update from ADB" without a package: back to the menu, adbd stops again.
                Unplug();
                BootMode = BootMode.Recovery;
                RecoveryScreen = RecoveryScreen.Menu;
                break;
            case (BootMode.Recovery, RecoveryScreen.Menu or RecoveryScreen.ConfirmWipe, "volup"):
                RecoveryIndex = Math.Max(0, RecoveryIndex - 1);
                break;
            case (BootMode.Recovery, RecoveryScreen.Menu or RecoveryScreen.ConfirmWipe, "voldown"):
                RecoveryIndex = Math.Min(CurrentItems().Count - 1, RecoveryIndex + 1);
                break;
            case (BootMode.Recovery, RecoveryScreen.Menu, "power"):
                return SelectMenuItem();
            case (BootMode.Recovery, RecoveryScreen.ConfirmWipe, "power"):
                if (RecoveryIndex == 1)
                {
                    lock (Sync)
                    {
                        Userland.SystemCommands.FactoryReset(State, Userland.ResetKind.Recovery);
                    }
                    RecoveryScreen = RecoveryScreen.Menu;
                    RecoveryIndex = 0;
                    return "Data wipe complete.\n" + Screen();
                }
                RecoveryScreen = RecoveryScreen.Menu;
                RecoveryIndex = 0;
                break;
        }
        return Screen();
    }

    /// <summary>The recovery menu, trimmed to the lines a wipe needs (AOSP's has more: bootloader, SD card, logs).</summary>
    public static IReadOnlyList<string> RecoveryMenu { get; } = ["Reboot system now", "Apply update from ADB", "Wipe data/factory reset", "Power off"];
    private static readonly string[] ConfirmItems = ["Cancel", "Factory data reset"];

    private IReadOnlyList<string> CurrentItems() => RecoveryScreen == RecoveryScreen.ConfirmWipe ? ConfirmItems : RecoveryMenu;

    private string SelectMenuItem()
    {
        switch (RecoveryIndex)
        {
            case 0:
                Reboot(BootMode.Device);
                return "Rebooting";
            case 1:
                BootMode = BootMode.Sideload;
                PlugIn();
                return "Now send the package you want to apply to the device with \"adb sideload <filename>\"...";
            case 2:
                RecoveryScreen = RecoveryScreen.ConfirmWipe;
                RecoveryIndex = 0;
                return Screen();
            default:
                Interlocked.Increment(ref _bootGeneration);
                Unplug();
                BootMode = BootMode.Off;
                return "Off";
        }
    }

    /// <summary>What the tablet's screen shows, in words: the recovery screens with the highlighted line marked.</summary>
    public string Screen()
    {
        if (BootMode == BootMode.Off)
        {
            return "Off";
        }
        if (BootMode == BootMode.Device)
        {
            return State.FrpLockedTo is { } account
                ? $"Setup: This device was reset. To continue, sign in with a Google or Samsung account that was previously synced on this device ({Mask(account)})."
                : "Android is running";
        }
        if (BootMode == BootMode.Sideload)
        {
            return "Now send the package you want to apply to the device with \"adb sideload <filename>\"...";
        }
        if (RecoveryScreen == RecoveryScreen.NoCommand)
        {
            return "No command";
        }
        var title = RecoveryScreen == RecoveryScreen.ConfirmWipe ? "Wipe all user data?\n  THIS CAN NOT BE UNDONE!\n" : "Android Recovery\n";
        return title + string.Join('\n', CurrentItems().Select((item, i) => (i == RecoveryIndex ? "> " : "  ") + item));
    }

    private static string Mask(string account)
    {
        var at = account.IndexOf('@', StringComparison.Ordinal);
        return at <= 1 ? "•••" : account[0] + new string('•', at - 1) + account[at..];
    }

    /// <summary>
    /// The person signs in at the setup wizard with the account that factory reset protection asks for, finishes
    /// setup and turns USB debugging on again. False when the account is not the one the tablet wants.
    /// </summary>
    public bool SignInAfterReset(string account)
    {
        lock (Sync)
        {
            if (State.FrpLockedTo is null || !string.Equals(State.FrpLockedTo, account.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            State.FrpLockedTo = null;
            State.SettingsFor("secure")["user_setup_complete"] = "1";
            State.SettingsFor("global")["device_provisioned"] = "1";
        }
        if (BootMode == BootMode.Device)
        {
            PlugIn();
        }
        return true;
    }

    /// <summary>Settings > System > Reset > Erase all data, done by a person on the tablet. Unlike recovery it wipes
    /// the persistent data block first, so Google's factory reset protection does not follow.</summary>
    public void FactoryResetFromSettings()
    {
        lock (Sync)
        {
            Userland.SystemCommands.FactoryReset(State, Userland.ResetKind.Settings);
        }
        Reboot(BootMode.Device);
    }

    public void UnlockScreen() => ScreenUnlocked = true;

    /// <summary>
    /// The person taps "Allow" on "Allow USB debugging?" (with "Always allow from this computer"). Needs the screen
    /// unlocked when it has a PIN, pattern or password. The tablet drops the connection so that adb connects again,
    /// this time authorised.
    /// </summary>
    public bool AllowUsbDebugging()
    {
        lock (Sync)
        {
            if (State.LockScreen is LockScreenKind.Pin or LockScreenKind.Pattern or LockScreenKind.Password && !ScreenUnlocked)
            {
                return false;
            }
            State.StationKeyLastUsedMs = Options.Clock.NowMs;
        }
        Faults.Unauthorized = false;
        foreach (var connection in _connections.Keys)
        {
            connection.Abort(graceful: false);
        }
        return true;
    }

    /// <summary>
    /// On each connection: AdbDebuggingManager's key store drops a key unused for longer than
    /// <c>adb_allowed_connection_time</c> (default 7 days; 0 means never), so the tablet asks again. Android 11 and
    /// later; a used key gets its time refreshed.
    /// </summary>
    internal void CheckStationKey()
    {
        lock (Sync)
        {
            if (Faults.Unauthorized)
            {
                return;
            }
            var now = Options.Clock.NowMs;
            var allowed = State.SettingsFor("global").TryGetValue("adb_allowed_connection_time", out var raw) && long.TryParse(raw, out var ms) ? ms : 604_800_000L;
            if (State.Sdk >= 30 && allowed != 0 && State.StationKeyLastUsedMs is { } last && now - last > allowed)
            {
                State.StationKeyLastUsedMs = null;
                Faults.Unauthorized = true;
                return;
            }
            State.StationKeyLastUsedMs = now;
        }
    }

    /// <summary>
    /// What a person does at the recovery menu: "Wipe data/factory reset", then "Reboot system now". The tablet
    /// comes back with setup not done and (standing in for the person who turns USB debugging on again) adb on.
    /// </summary>
    public void WipeDataFromRecovery()
    {
        if (BootMode != BootMode.Recovery)
        {
            throw new InvalidOperationException($"{Serial} is not in recovery mode.");
        }
        lock (Sync)
        {
            Userland.SystemCommands.FactoryReset(State, Userland.ResetKind.Recovery);
        }
        Reboot(BootMode.Device);
    }

    internal bool ShouldUnplugAfter(long bytesReceived) =>
        Faults.UnplugAfterBytes is { } limit && bytesReceived >= limit;

    internal void Forget(AdbConnection connection) => _connections.TryRemove(connection, out _);

    internal void Stop()
    {
        Interlocked.Increment(ref _bootGeneration);
        Unplug();
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // listener stopped
            }
            var connection = new AdbConnection(socket, this, _logger);
            _connections[connection] = 0;
            _ = Task.Run(connection.RunAsync);
        }
    }
}
