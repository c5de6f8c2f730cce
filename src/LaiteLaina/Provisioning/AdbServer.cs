using System.Net;
using System.Net.Sockets;

namespace LaiteLaina.Provisioning;

/// <summary>
/// The adb server the service talks to. adb starts one by itself at the first command and leaves it running after
/// the service has gone; so the service starts it itself when none answers, remembers that, and stops it when it
/// stops. A server that was already running (a developer's, another program's) is left alone.
/// </summary>
public sealed class AdbServer(ProvisioningOptions options)
{
    /// <summary>adb's own default port when neither Provisioning:AdbServerPort nor ANDROID_ADB_SERVER_PORT is set.</summary>
    public const int DefaultPort = 5037;

    public int Port => PortOf(options);

    /// <summary>The port of the server the adb commands of this service talk to: Provisioning:AdbServerPort (which
    /// <see cref="AdbScripts"/> passes on to them), else this service's own ANDROID_ADB_SERVER_PORT (which they
    /// inherit), else adb's default. Everything here that talks to the server itself asks this, so that the device
    /// watcher, the server's start and stop and the doctor follow the same server as the scripts.</summary>
    public static int PortOf(ProvisioningOptions options) =>
        options.AdbServerPort
        ?? (int.TryParse(Environment.GetEnvironmentVariable("ANDROID_ADB_SERVER_PORT"), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port : DefaultPort);

    /// <summary>Whether this service started the server that runs now (and so will stop it).</summary>
    public bool StartedHere { get; private set; }

    /// <summary>Starts the server unless one answers on <see cref="Port"/> already.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        if (await ListeningAsync(Port, ct))
            return;
        var (exit, _) = await AdbScripts.AdbAsync(options, ["start-server"], ct);
        StartedHere = exit == 0;
    }

    /// <summary>Stops the server if this service started it.</summary>
    public async Task StopAsync()
    {
        if (!StartedHere)
            return;
        StartedHere = false;
        await AdbScripts.AdbAsync(options, ["kill-server"], CancellationToken.None);
    }

    public static async Task<bool> ListeningAsync(int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, limit.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
