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
        if (IsUsbPrinter(printer.Port))
            return UsbPrinterTransport.Open(printer);
        if (IsDevice(printer.Port))
            return new SerialPrinterTransport(printer);
        return new FilePrinterTransport(printer.Port);
    }

    /// <summary>A serial port is a device node, or a link to one such as /dev/serial/by-id/...; anything else is a file.
    /// (A USB printer-class node, <see cref="IsUsbPrinter"/>, is asked about first.)</summary>
    public static bool IsDevice(string path) => Target(path).StartsWith("/dev/", StringComparison.Ordinal);

    /// <summary>The kernel's USB printer class (usblp): /dev/usb/lp0, or a link to it such as a udev rule's
    /// /dev/brother-ql. A character device read and written like a file, with no serial settings at all.</summary>
    public static bool IsUsbPrinter(string path) => Target(path).StartsWith("/dev/usb/lp", StringComparison.Ordinal);

    /// <summary>Where a link leads, or the path itself.</summary>
    private static string Target(string path)
    {
        if (path.StartsWith("/dev/usb/lp", StringComparison.Ordinal))
            return path;
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
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

/// <summary>
/// A printer of the USB printer class (/dev/usb/lp*), as Brother QL printers are: a character device opened read and
/// write. The kernel sends what is written as one USB transfer and returns the printer's answers (a Brother's 32-byte
/// status) to read. A read with nothing to read blocks in the kernel, so it runs on its own task and is given up after
/// the time-out; closing the device ends it.
/// </summary>
public sealed class UsbPrinterTransport : IPrinterTransport
{
    private readonly FileStream device;
    private readonly string path;
    private readonly TimeSpan writeTimeout;
    private Task<int>? pending;
    private readonly byte[] buffer = new byte[256];

    private UsbPrinterTransport(FileStream device, string path, TimeSpan writeTimeout) => (this.device, this.path, this.writeTimeout) = (device, path, writeTimeout);

    public static UsbPrinterTransport Open(PrinterSettings printer)
    {
        if (!File.Exists(printer.Port))
            throw new IOException($"{printer.Port} is not there (unplugged or switched off)");
        try
        {
            // No buffering: each write goes to the printer as it is, and a read returns what the printer sent.
            var device = new FileStream(printer.Port, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
            return new UsbPrinterTransport(device, printer.Port, printer.WriteTimeout);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"{printer.Port} cannot be opened: {e.Message} (the service's user needs the lp group)", e);
        }
    }

    public bool CanReport => true;

    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        var write = Task.Run(() => device.Write(data.Span), CancellationToken.None);
        if (await Task.WhenAny(write, Task.Delay(writeTimeout, ct)) != write)
            throw new IOException($"printer {path} took no data for {writeTimeout.TotalSeconds:0.#} s");
        await write;
    }

    public async Task<byte[]> ReadReplyAsync(Func<byte[], bool> complete, TimeSpan timeout, CancellationToken ct)
    {
        var reply = new List<byte>();
        var started = Stopwatch.GetTimestamp();
        while (!complete(reply.ToArray()))
        {
            var left = timeout - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
                break;
            pending ??= Task.Run(() => device.Read(buffer, 0, buffer.Length), CancellationToken.None);
            if (await Task.WhenAny(pending, Task.Delay(left, ct)) != pending)
                break;
            var n = await pending;
            pending = null;
            if (n > 0)
                reply.AddRange(buffer.AsSpan(0, n));
            else
                await Task.Delay(10, ct); // usblp returns 0 when the printer has nothing to say yet
        }
        return reply.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await device.DisposeAsync();
        if (pending is not null)
            await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(1)));
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
