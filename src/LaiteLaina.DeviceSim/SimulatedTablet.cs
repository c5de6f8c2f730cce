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
        var systemType = BootMode == BootMode.Recovery ? "recovery" : "device";
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
                    PlugIn();
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
            Userland.SystemCommands.FactoryReset(State, keepAdb: false);
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
