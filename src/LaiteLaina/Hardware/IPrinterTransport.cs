using System.Diagnostics;
using System.IO.Ports;
using System.Net.Sockets;

namespace LaiteLaina.Hardware;

/// <summary>
/// Moves bytes to a printer and its status answers back. Opened for one job and disposed after it: a printer
/// that was unplugged or switched off between jobs then costs nothing but a failed open.
/// </summary>
public interface IPrinterTransport : IAsyncDisposable
{
    /// <summary>False where nothing can answer (a file): the queue then prints without asking.</summary>
    bool CanReport { get; }

    Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct);

    /// <summary>Collects bytes until <paramref name="complete"/> says the answer is whole or the time is up; returns what came.</summary>
    Task<byte[]> ReadReplyAsync(Func<byte[], bool> complete, TimeSpan timeout, CancellationToken ct);
}

public static class PrinterTransports
{
    public static async Task<IPrinterTransport> OpenAsync(PrinterSettings printer, CancellationToken ct)
    {
        if (printer.Port.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
            return await TcpPrinterTransport.ConnectAsync(printer, ct);
        if (IsDevice(printer.Port))
            return new SerialPrinterTransport(printer);
        return new FilePrinterTransport(printer.Port);
    }

    /// <summary>A serial port is a device node, or a link to one such as /dev/serial/by-id/...; anything else is a file.</summary>
    public static bool IsDevice(string path)
    {
        if (path.StartsWith("/dev/", StringComparison.Ordinal))
            return true;
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName.StartsWith("/dev/", StringComparison.Ordinal) == true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}

/// <summary>Appends to a file: for tests, for a spool directory, or to look at what would be printed.</summary>
public sealed class FilePrinterTransport(string path) : IPrinterTransport
{
    public bool CanReport => false;

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        // FileMode.Append is not O_APPEND: two writers at once would overwrite each other's label. Write alone,
        // waiting a little for another writer to finish. On Linux .NET takes an exclusive flock only for
        // FileShare.None (anything else is a shared lock that excludes nobody).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None);
                // The end may have moved between opening and getting the lock, if another writer finished in between.
                file.Seek(0, SeekOrigin.End);
                await file.WriteAsync(data, ct);
                return;
            }
            catch (IOException) when (attempt < 50 && File.Exists(path))
            {
                await Task.Delay(20, ct);
            }
        }
    }

    public Task<byte[]> ReadReplyAsync(Func<byte[], bool> complete, TimeSpan timeout, CancellationToken ct) => Task.FromResult(Array.Empty<byte>());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Raw TCP, port 9100 on Zebra and most network label printers; both answer their status on the same socket.</summary>
public sealed class TcpPrinterTransport : IPrinterTransport
{
    private readonly TcpClient client;
    private readonly NetworkStream stream;
    private readonly TimeSpan writeTimeout;

    private TcpPrinterTransport(TcpClient client, TimeSpan writeTimeout)
    {
        this.client = client;
        stream = client.GetStream();
        this.writeTimeout = writeTimeout;
    }

    public static async Task<TcpPrinterTransport> ConnectAsync(PrinterSettings printer, CancellationToken ct)
    {
        var uri = new Uri(printer.Port);
        var client = new TcpClient { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(printer.StatusTimeout);
            await client.ConnectAsync(uri.Host, uri.Port > 0 ? uri.Port : 9100, timeout.Token);
            return new TcpPrinterTransport(client, printer.WriteTimeout);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            client.Dispose();
            throw new IOException($"printer {printer.Port} did not accept a connection within {printer.StatusTimeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            client.Dispose();
            throw new IOException($"printer {printer.Port}: {e.Message}", e);
        }
    }

    public bool CanReport => true;

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(writeTimeout);
        try
        {
            await stream.WriteAsync(data, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new IOException($"the printer took no data for {writeTimeout.TotalSeconds:0.#} s");
        }
    }

    public async Task<byte[]> ReadReplyAsync(Func<byte[], bool> complete, TimeSpan timeout, CancellationToken ct)
    {
        var reply = new List<byte>();
        var buffer = new byte[256];
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            while (!complete(reply.ToArray()))
            {
                var n = await stream.ReadAsync(buffer, limit.Token);
                if (n == 0)
                    break;
                reply.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The time is up: the caller judges what came.
        }
        return reply.ToArray();
    }

    public ValueTask DisposeAsync()
    {
        client.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A printer on a serial port (USB virtual COM or RS-232).</summary>
public sealed class SerialPrinterTransport(PrinterSettings printer) : IPrinterTransport
{
    private readonly SerialPort port = SerialPorts.Open(printer.Port, printer.Baud, Parity.None, 8, StopBits.One, printer.Handshake,
        TimeSpan.FromMilliseconds(50), printer.WriteTimeout);

    public bool CanReport => true;

    public Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct) =>
        // SerialPort.Write blocks (up to WriteTimeout, which is always set): keep it off the caller's thread.
        Task.Run(() =>
        {
            try
            {
                port.Write(data.ToArray(), 0, data.Length);
            }
            catch (TimeoutException e)
            {
                throw new IOException($"printer {printer.Port} took no data for {printer.WriteTimeout.TotalSeconds:0.#} s (off, or flow control holding)", e);
            }
        }, ct);

    public Task<byte[]> ReadReplyAsync(Func<byte[], bool> complete, TimeSpan timeout, CancellationToken ct) =>
        Task.Run(() =>
        {
            var reply = new List<byte>();
            var buffer = new byte[256];
            // Elapsed time from the monotonic clock: a wall-clock step (NTP) must not cut a reply short or stretch it.
            var started = Stopwatch.GetTimestamp();
            while (!complete(reply.ToArray()) && Stopwatch.GetElapsedTime(started) < timeout && !ct.IsCancellationRequested)
            {
                try
                {
                    var n = port.Read(buffer, 0, buffer.Length);
                    reply.AddRange(buffer.AsSpan(0, n));
                }
                catch (TimeoutException)
                {
                    // Nothing yet; Unix time-outs have 30 ms resolution, so poll until the deadline.
                }
            }
            return reply.ToArray();
        }, ct);

    public async ValueTask DisposeAsync() => await SerialPorts.CloseAsync(port, TimeSpan.FromSeconds(2));
}

/// <summary>What every serial user here needs, because of how System.IO.Ports behaves on Linux (see shared/reference/serial.md).</summary>
public static class SerialPorts
{
    public static SerialPort Open(string path, int baud, Parity parity, int dataBits, StopBits stopBits, Handshake handshake,
        TimeSpan readTimeout, TimeSpan writeTimeout)
    {
        // Opening a path that is gone can hang or fail obscurely; a by-id link simply is not there while unplugged.
        if (!File.Exists(path))
            throw new IOException($"{path} is not there (unplugged, or a different /dev/serial/by-id name)");
        var port = new SerialPort(path, baud, parity, dataBits, stopBits)
        {
            Handshake = handshake,
            ReadTimeout = (int)readTimeout.TotalMilliseconds,
            // Without a write time-out a write to a vanished device blocks for ever.
            WriteTimeout = (int)writeTimeout.TotalMilliseconds,
        };
        try
        {
            port.Open();
            return port;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            throw new IOException($"{path} cannot be opened: {e.Message}", e);
        }
    }

    /// <summary>Close() after a timed-out write can hang for ever (dotnet/runtime #121627): close on a background task
    /// and give up waiting after <paramref name="limit"/>; the port instance is dropped either way.</summary>
    public static async Task<bool> CloseAsync(SerialPort port, TimeSpan limit)
    {
        var close = Task.Run(() =>
        {
            try
            {
                port.Dispose();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or UnauthorizedAccessException)
            {
                // The device is already gone; there is nothing left to close properly.
            }
        });
        return await Task.WhenAny(close, Task.Delay(limit)) == close;
    }
}
