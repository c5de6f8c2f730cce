using System.Net;
using System.Net.Sockets;

namespace LaiteLaina.Tests.Hardware;

/// <summary>
/// A Brother QL on raw TCP (port 9100 on a QL-820NWB): answers every ESC i S with a 32-byte status for the roll in
/// <see cref="Roll"/>, and keeps every other byte it is sent, so a test can read back the labels it printed.
/// </summary>
public sealed class FakeBrother : IAsyncDisposable
{
    private static readonly byte[] StatusRequest = [0x1B, (byte)'i', (byte)'S'];
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<byte> received = [];
    private readonly Task serving;
    private int statusRequests;

    public FakeBrother()
    {
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public string Port => $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>The roll in the printer: width (mm), media type, length (mm).</summary>
    public (int Width, byte Type, int Length) Roll { get; set; } = (62, 0x0B, 29);

    public int StatusRequests => Volatile.Read(ref statusRequests);

    /// <summary>Everything sent except the status requests.</summary>
    public byte[] Received
    {
        get
        {
            lock (received)
                return received.ToArray();
        }
    }

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            using (client)
            {
                var stream = client.GetStream();
                var pending = new List<byte>();
                var buffer = new byte[8192];
                while (true)
                {
                    int n;
                    try
                    {
                        n = await stream.ReadAsync(buffer, stop.Token);
                    }
                    catch (Exception e) when (e is IOException or OperationCanceledException)
                    {
                        break;
                    }
                    if (n == 0)
                        break;
                    pending.AddRange(buffer.AsSpan(0, n));
                    // A request split across reads is completed by the next one; keep the last two bytes back.
                    int at;
                    while ((at = pending.ToArray().AsSpan().IndexOf(StatusRequest)) >= 0)
                    {
                        Keep(pending.Take(at));
                        pending.RemoveRange(0, at + StatusRequest.Length);
                        Interlocked.Increment(ref statusRequests);
                        var (width, type, length) = Roll;
                        await stream.WriteAsync(BrotherQlTests.Status(width, type, length));
                    }
                    var keep = Math.Max(0, pending.Count - 2);
                    Keep(pending.Take(keep));
                    pending.RemoveRange(0, keep);
                }
                Keep(pending);
            }
        }
    }

    private void Keep(IEnumerable<byte> bytes)
    {
        lock (received)
            received.AddRange(bytes);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await serving;
        stop.Dispose();
    }
}
