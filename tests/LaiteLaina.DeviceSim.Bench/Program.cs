using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using LaiteLaina.DeviceSim;
using LaiteLaina.DeviceSim.State;

// Load harness for the simulator through Debian's real adb: push throughput into one tablet and
// into 16 at once, pull throughput, and the shell round trip. Prints a Markdown report.
// Usage: LaiteLaina.DeviceSim.Bench [megabytes=20] [tablets=16] [roundTrips=100]
var megabytes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
var tabletCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
var roundTrips = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
const string Adb = "/usr/bin/adb";
if (!File.Exists(Adb))
{
    Console.Error.WriteLine("adb not installed: apt-get install adb");
    return 2;
}

var serverPort = FreePort();
var home = Directory.CreateTempSubdirectory("laitelaina-bench-").FullName;
var file = Path.Combine(home, "payload.bin");
await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(megabytes * 1024 * 1024));
var bytes = new FileInfo(file).Length;
var me = Process.GetCurrentProcess();

await using var farm = TabletFarm.StartScenario(Scenarios.Clean, tabletCount);
try
{
    await RunAdb("start-server");
    foreach (var tablet in farm.Tablets)
    {
        await RunAdb("connect", tablet.Address);
    }
    await Task.Delay(500);
    var first = farm.Tablets[0];

    var rows = new List<string>();
    string Mbps(double seconds, long total) => (total / 1024.0 / 1024.0 / seconds).ToString("F1", CultureInfo.InvariantCulture);

    // Warm-up: JIT and the adb server's first transfer.
    await RunAdb("-s", first.Address, "push", file, "/sdcard/Download/warm.bin");

    var pushStore = await Median(3, () => Timed(() => RunAdb("-s", first.Address, "push", file, "/sdcard/Download/payload.bin")));
    var pushNull = await Median(3, () => Timed(() => RunAdb("-s", first.Address, "push", file, "/dev/null")));
    var pull = await Median(3, () => Timed(() => RunAdb("-s", first.Address, "pull", "/sdcard/Download/payload.bin", Path.Combine(home, "back.bin"))));
    rows.Add($"| push {megabytes} MiB into 1 tablet (stored) | {Mbps(pushStore, bytes)} MB/s | {pushStore * 1000:F0} ms |");
    rows.Add($"| push {megabytes} MiB into 1 tablet (/dev/null, sim discards) | {Mbps(pushNull, bytes)} MB/s | {pushNull * 1000:F0} ms |");
    rows.Add($"| pull {megabytes} MiB from 1 tablet | {Mbps(pull, bytes)} MB/s | {pull * 1000:F0} ms |");

    var cpuBefore = me.TotalProcessorTime;
    var parallel = await Timed(() => Task.WhenAll(farm.Tablets.Select(t => RunAdb("-s", t.Address, "push", file, "/sdcard/Download/payload.bin"))));
    me.Refresh();
    var simCpu = (me.TotalProcessorTime - cpuBefore).TotalSeconds;
    rows.Add($"| push {megabytes} MiB into {tabletCount} tablets at once (aggregate) | {Mbps(parallel, bytes * tabletCount)} MB/s | {parallel * 1000:F0} ms |");
    rows.Add($"| per tablet during the {tabletCount}-way push | {Mbps(parallel, bytes)} MB/s | |");
    rows.Add($"| simulator CPU during the {tabletCount}-way push | {simCpu:F2} s CPU for {bytes * tabletCount / 1024 / 1024} MiB = {simCpu / parallel * 100:F0}% of one core over the run | |");

    var parallelNull = await Timed(() => Task.WhenAll(farm.Tablets.Select(t => RunAdb("-s", t.Address, "push", file, "/dev/null"))));
    rows.Add($"| push {megabytes} MiB into {tabletCount} tablets at once, /dev/null (aggregate) | {Mbps(parallelNull, bytes * tabletCount)} MB/s | {parallelNull * 1000:F0} ms |");

    var shell = new List<double>();
    var hostOnly = new List<double>();
    for (var i = 0; i < roundTrips; i++)
    {
        shell.Add(await Timed(() => RunAdb("-s", first.Address, "shell", "true")) * 1000);
        hostOnly.Add(await Timed(() => RunAdb("-s", first.Address, "get-state")) * 1000);
    }
    rows.Add($"| `adb shell true` round trip, p50 / p99 ({roundTrips} runs) | {Percentile(shell, 50):F1} / {Percentile(shell, 99):F1} ms | |");
    rows.Add($"| `adb get-state` (client + server only, no device traffic), p50 / p99 | {Percentile(hostOnly, 50):F1} / {Percentile(hostOnly, 99):F1} ms | |");
    rows.Add($"| device share of a shell round trip (p50 shell - p50 get-state) | {Percentile(shell, 50) - Percentile(hostOnly, 50):F1} ms | |");
    rows.Add($"| stored vs. discarded push (sim storage cost) | {pushNull / pushStore * 100:F0}% of /dev/null speed | |");

    Console.WriteLine("| measurement | result | wall time |");
    Console.WriteLine("| --- | --- | --- |");
    rows.ForEach(Console.WriteLine);
    return 0;
}
finally
{
    await RunAdb("kill-server");
    Directory.Delete(home, recursive: true);
}

async Task RunAdb(params string[] arguments)
{
    var start = new ProcessStartInfo(Adb) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in arguments)
    {
        start.ArgumentList.Add(a);
    }
    start.Environment["ANDROID_ADB_SERVER_PORT"] = serverPort.ToString(CultureInfo.InvariantCulture);
    start.Environment["HOME"] = home;
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0 && arguments[0] != "kill-server")
    {
        throw new InvalidOperationException($"adb {string.Join(' ', arguments)} failed: {await output}{await error}");
    }
}

static async Task<double> Timed(Func<Task> action)
{
    var watch = Stopwatch.StartNew();
    await action();
    return watch.Elapsed.TotalSeconds;
}

static async Task<double> Median(int runs, Func<Task<double>> measure)
{
    var results = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        results.Add(await measure());
    }
    return Percentile(results, 50);
}

static double Percentile(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
    return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
