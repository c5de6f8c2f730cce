using System.Globalization;
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
public sealed class AdbDeviceTracker(int port, ILogger log)
{
    private const string Request = "host:track-devices-l";

    /// <summary>How long to wait before asking again a server that refused the request: an adb upgraded or restarted
    /// in the meantime may take it, and asking once a minute costs nothing.</summary>
    private static readonly TimeSpan AfterRefusal = TimeSpan.FromMinutes(1);

    private volatile string? latest;

    /// <summary>The list the server sent last; null while there is no stream (not yet, the server gone, or a server
    /// that refused the request), and then the worker asks with <c>adb devices -l</c> as before.</summary>
    public string? Latest => latest;

    /// <summary>Follows the server until <paramref name="ct"/> ends, and never fails: it reconnects a second after the
    /// server went away (killed, restarted by a command) or sent what is not adb's framing, and a minute after a
    /// refusal. Each change between following and not following is logged once.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        string? lastProblem = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var problem = await TrackAsync(ct);
                if (problem != lastProblem)
                    log.LogInformation("adb device stream on port {Port}: {Problem}; the watcher asks with 'adb devices -l' meanwhile.", port, problem);
                lastProblem = problem;
                await Task.Delay(problem == Refused ? AfterRefusal : TimeSpan.FromSeconds(1), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            latest = null;
        }
    }

    private const string Refused = "the server refused host:track-devices-l";

    /// <summary>One connection's worth of lists, until it ends; says why it ended.</summary>
    private async Task<string> TrackAsync(CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, ct);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{Request.Length:x4}{Request}"), ct);
            if (await ReadAsync(stream, 4, ct) != "OKAY")
                return Refused;
            log.LogInformation("adb device stream on port {Port}: following the server's device list.", port);
            while (true)
            {
                var length = await ReadAsync(stream, 4, ct);
                if (!int.TryParse(length, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var count))
                    return $"not adb's framing (length '{length}')";
                latest = await ReadAsync(stream, count, ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Whatever ended the connection (the server gone, a reset, a bug here), the watcher must go on: the worker
            // falls back to asking with the client while the list is null.
            return e.Message;
        }
        finally
        {
            latest = null;
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
