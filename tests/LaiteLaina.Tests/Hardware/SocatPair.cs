using System.Threading.Channels;

namespace LaiteLaina.Tests.Hardware;

/// <summary>
/// A real pty pair from socat: the service opens <see cref="Host"/>, the test plays the device on <see cref="Device"/>.
/// Stopping socat is an unplug (the links vanish, reads fail); starting it again on the same paths is a replug.
/// </summary>
public sealed class SocatPair : IAsyncDisposable
{
    private Process? process;

    private SocatPair(string dir)
    {
        Device = Path.Combine(dir, "device");
        Host = Path.Combine(dir, "host");
    }

    public string Device { get; }
    public string Host { get; }

    /// <param name="owner">The process whose death stops socat: this test host unless a test says otherwise.</param>
    public static async Task<SocatPair> StartAsync(string dir, int? owner = null)
    {
        if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "socat"))))
            Assert.Ignore("socat not installed: apt-get install socat");
        var pair = new SocatPair(dir) { owner = owner ?? Environment.ProcessId };
        await pair.PlugAsync();
        return pair;
    }

    private int owner;

    // socat outlives a test host that is killed (a hung run, a mutation-testing time-out) and keeps its ptys forever.
    // A small shell stays beside it and stops it once the owner is gone; it passes SIGTERM on, so an unplug still lets
    // socat remove its links.
    private const string Watchdog = """
        owner=$1; shift
        socat "$@" & child=$!
        trap 'kill -TERM $child 2>/dev/null' TERM INT
        while kill -0 "$owner" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 0.2; done
        kill -TERM "$child" 2>/dev/null
        wait "$child"
        """;

    public async Task PlugAsync()
    {
        var start = new ProcessStartInfo("sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-c", Watchdog, "socat-watchdog", owner.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-d", "-d", $"pty,raw,echo=0,link={Device}", $"pty,raw,echo=0,link={Host}" })
            start.ArgumentList.Add(a);
        process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var until = DateTime.UtcNow.AddSeconds(5);
        while (!(File.Exists(Device) && File.Exists(Host)))
        {
            if (DateTime.UtcNow > until)
                Assert.Fail("socat did not create the pty links within 5 s");
            await Task.Delay(10);
        }
    }

    /// <summary>SIGTERM, so socat removes its links as a by-id link disappears when a USB device is pulled.</summary>
    public async Task UnplugAsync()
    {
        if (process is null)
            return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await process.WaitForExitAsync(wait.Token);
        process.Dispose();
        process = null;
    }

    /// <summary>
    /// Plays a person at a desk: waits until the listener has <see cref="Host"/> open, then writes each code with a
    /// carriage return and waits for the event it makes before the next one, <paramref name="pause"/> apart.
    /// </summary>
    /// <remarks>
    /// The waits are generous on purpose: they bound a hang, they do not measure speed. A full CI run on two cores
    /// once took more than 3 s for the first scan (JIT, first database connection) and failed a correct pipeline.
    /// </remarks>
    /// <param name="logs">What the listener and the processor logged, for the message when an event does not come.</param>
    public async Task<List<ScanEvent>> ScanAsync(HardwareStatus status, string scanner, ChannelReader<ScanEvent> events,
        IEnumerable<string> codes, TimeSpan pause, Func<IEnumerable<string>> logs)
    {
        var until = Stopwatch.StartNew();
        while (status.Scanner(scanner).State != PortState.Connected)
        {
            if (until.Elapsed > Patience)
                Assert.Fail($"the listener did not open {Host} within {Patience.TotalSeconds} s: {status.Scanner(scanner).State}");
            await Task.Delay(10);
        }
        await using var device = OpenDevice();
        var seen = new List<ScanEvent>();
        foreach (var code in codes)
        {
            device.Write(System.Text.Encoding.Latin1.GetBytes(code + "\r"));
            using var timeout = new CancellationTokenSource(Patience);
            try
            {
                seen.Add(await events.ReadAsync(timeout.Token));
            }
            catch (OperationCanceledException)
            {
                var port = status.Scanner(scanner);
                Assert.Fail($"no scan event for {code} within {Patience.TotalSeconds} s; seen before it: {string.Join(", ", seen.Select(e => e.Type))}; " +
                            $"port {port.State} ({port.Why?.Id}), {port.Scans} scans, {port.Dropped} dropped; log:\n{string.Join('\n', logs())}");
            }
            await Task.Delay(pause);
        }
        return seen;
    }

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>The device end, unbuffered: each Write is one write() on the pty.</summary>
    public FileStream OpenDevice() => new(Device, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 0);

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process?.Dispose();
    }
}
