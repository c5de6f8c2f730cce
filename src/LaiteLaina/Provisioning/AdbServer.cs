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
    /// <summary>adb's own default port when Provisioning:AdbServerPort is not set.</summary>
    public const int DefaultPort = 5037;

    public int Port => options.AdbServerPort ?? DefaultPort;

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
