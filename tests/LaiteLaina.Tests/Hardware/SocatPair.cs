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
