using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LaiteLaina.Provisioning;

/// <summary>
/// adb's device list as the adb server pushes it, instead of an <c>adb devices -l</c> client started every poll (on a
/// station, most of the service's idle CPU). One connection asks for <c>host:track-devices-l</c> (AOSP adb,
/// services.cpp <c>host_service_to_socket</c>: a device tracker in the long format); the request and every answer are
/// framed as protocol.txt's smart sockets say, four hex digits of length and then the text. The server answers OKAY,
/// sends the whole list at once and again at every change, in <c>adb devices -l</c>'s lines without its header.
/// </summary>
public sealed class AdbDeviceTracker(int port)
{
    private const string Request = "host:track-devices-l";

    private volatile string? latest;

    /// <summary>The list the server sent last; null while there is no stream (not yet, the server gone, or a server
    /// too old for the request), and then the worker asks with <c>adb devices -l</c> as before.</summary>
    public string? Latest => latest;

    /// <summary>Follows the server until <paramref name="ct"/> ends; reconnects a second after the server went away
    /// (killed, restarted by a command). A server that refuses the request is not asked again.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            while (await TrackAsync(ct))
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            latest = null;
        }
    }

    /// <summary>One connection's worth of lists; false when the server refused the request.</summary>
    private async Task<bool> TrackAsync(CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, ct);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{Request.Length:x4}{Request}"), ct);
            if (await ReadAsync(stream, 4, ct) != "OKAY")
                return false;
            while (true)
                latest = await ReadAsync(stream, Convert.ToInt32(await ReadAsync(stream, 4, ct), 16), ct);
        }
        catch (Exception e) when (e is SocketException or IOException or FormatException && !ct.IsCancellationRequested)
        {
            latest = null;
            return true;
        }
    }

    private static async Task<string> ReadAsync(NetworkStream stream, int count, CancellationToken ct)
    {
        var buffer = new byte[count];
        // End of stream (the server went away) is an EndOfStreamException, an IOException.
        await stream.ReadExactlyAsync(buffer, ct);
        return Encoding.UTF8.GetString(buffer);
    }
}
