using System.Diagnostics;
using System.IO.Ports;
using System.Threading.Channels;

namespace LaiteLaina.Hardware;

/// <summary>
/// Owns one scanner's serial port for the life of the service: opens it when the device is there, reads and frames
/// scans, and after an unplug closes it without hanging and opens it again when the device comes back.
/// Reads run on a dedicated thread with a short read time-out rather than BaseStream.ReadAsync, which on Linux just
/// goes silent when the device disappears; every time-out is a chance to look whether the device is still there.
/// </summary>
public sealed class ScannerWorker(ScannerSettings scanner, ScanProcessor processor, HardwareStatus status, ILogger<ScannerWorker> log)
    : BackgroundService
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan PresenceCheck = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan CloseLimit = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private long opens, abandonedCloses;

    public ScannerSettings Scanner => scanner;

    /// <summary>How often the port was opened; a test sees a replug as a second open.</summary>
    public long Opens => Interlocked.Read(ref opens);

    /// <summary>Closes that did not finish within the limit (their thread is left behind); should stay 0.</summary>
    public long AbandonedCloses => Interlocked.Read(ref abandonedCloses);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var frames = Channel.CreateUnbounded<ScanFrame>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var reader = new Thread(() => ReadLoop(frames.Writer, stoppingToken)) { IsBackground = true, Name = "scanner " + scanner.Name };
        reader.Start();
        await foreach (var frame in frames.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await processor.HandleAsync(scanner, frame, stoppingToken);
                status.Scanned(scanner.Name);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // One scan that cannot be handled (database away, a bug) must not stop the desk: log it, take the next.
                // A staff badge names a person, so the log says that one was read, not which.
                log.LogError(e, "Scanner {Scanner}: could not handle the scan of {Code}.", scanner.Name,
                    scanner.BadgePattern.IsMatch(frame.Code) ? "a staff badge" : frame.Code);
            }
        }
        status.Scanner(scanner.Name, PortState.Stopped);
    }

    private void ReadLoop(ChannelWriter<ScanFrame> frames, CancellationToken ct)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        var clock = Stopwatch.StartNew();
        var framer = new ScanFramer(scanner);
        var duplicates = new DuplicateFilter(scanner.DuplicateWindow);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (!File.Exists(scanner.Port))
                {
                    // Looking costs one stat(); doing it often is what makes a replug work within a second.
                    status.Scanner(scanner.Name, PortState.WaitingForDevice, Msg.ScannerPortMissing.With(scanner.Port));
                    ct.WaitHandle.WaitOne(PresenceCheck);
                    continue;
                }
                SerialPort port;
                try
                {
                    port = SerialPorts.Open(scanner.Port, scanner.Baud, scanner.Parity, scanner.DataBits, scanner.StopBits,
                        scanner.Handshake, ReadTimeout, TimeSpan.FromSeconds(1));
                }
                catch (IOException e)
                {
                    status.Scanner(scanner.Name, PortState.Error, Msg.ScannerOpenFailed.With(scanner.Port, e.Message));
                    log.LogWarning("Scanner {Scanner}: {Reason}; trying again in {Seconds} s.", scanner.Name, e.Message, backoff.TotalSeconds);
                    ct.WaitHandle.WaitOne(backoff);
                    backoff = Min(backoff * 2, MaxBackoff);
                    continue;
                }
                Interlocked.Increment(ref opens);
                backoff = TimeSpan.FromMilliseconds(250);
                status.Scanner(scanner.Name, PortState.Connected);
                log.LogInformation("Scanner {Scanner} connected on {Port}.", scanner.Name, scanner.Port);
                framer.Reset();
                var gone = ReadUntilGone(port, framer, duplicates, clock, frames, ct);
                // Blocking is allowed here: this loop runs on its own thread (not a pool thread) doing synchronous
                // serial I/O, there is no context to deadlock on, and CloseAsync gives up after CloseLimit.
#pragma warning disable RS0030 // see the comment above
                var closed = SerialPorts.CloseAsync(port, CloseLimit).GetAwaiter().GetResult();
#pragma warning restore RS0030
                if (!closed)
                {
                    Interlocked.Increment(ref abandonedCloses);
                    log.LogWarning("Scanner {Scanner}: closing the port did not finish in {Seconds} s; left it behind.", scanner.Name, CloseLimit.TotalSeconds);
                }
                if (gone is not null)
                {
                    status.Scanner(scanner.Name, PortState.WaitingForDevice, gone);
                    log.LogWarning("Scanner {Scanner} disconnected: {Reason}.", scanner.Name, gone);
                    ct.WaitHandle.WaitOne(PresenceCheck);
                }
            }
        }
        finally
        {
            frames.TryComplete();
        }
    }

    /// <summary>Reads until the device goes away (returns why) or the service stops (returns null).</summary>
    private Message? ReadUntilGone(SerialPort port, ScanFramer framer, DuplicateFilter duplicates, Stopwatch clock,
        ChannelWriter<ScanFrame> frames, CancellationToken ct)
    {
        var buffer = new byte[1024];
        var output = new List<FramerOutput>();
        var target = Target(scanner.Port);
        var checkedAt = clock.Elapsed;
        while (!ct.IsCancellationRequested)
        {
            var n = 0;
            try
            {
                n = port.Read(buffer, 0, buffer.Length);
            }
            catch (TimeoutException)
            {
                // Quiet line: fall through to the inter-byte flush and the presence check.
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or ArgumentOutOfRangeException
                                          or InvalidOperationException or UnauthorizedAccessException)
            {
                // All of these are how System.IO.Ports on Linux says the device went away.
                return Msg.ScannerReadFailed.With(e.Message);
            }
            var now = clock.Elapsed;
            framer.Push(buffer.AsSpan(0, n), now, output);
            framer.Poll(now, output);
            foreach (var o in output)
            {
                if (o.Frame is { } frame)
                {
                    if (!duplicates.IsRepeat(frame.Code, now))
                        frames.TryWrite(frame);
                }
                else
                {
                    status.Dropped(scanner.Name);
                    log.LogWarning("Scanner {Scanner}: {Reason}.", scanner.Name, o.Rejected);
                }
            }
            output.Clear();
            if (now - checkedAt >= PresenceCheck)
            {
                checkedAt = now;
                // IsOpen stays true after an unplug, so ask the file system instead: is the path there, and is it
                // still the same device node (a replug can hand the same by-id name a new ttyACM)?
                if (!File.Exists(scanner.Port))
                    return Msg.ScannerDisappeared.With(scanner.Port);
                if (Target(scanner.Port) != target)
                    return Msg.ScannerOtherNode.With(scanner.Port);
            }
        }
        return null;
    }

    private static string? Target(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
