using System.Diagnostics;
using System.Globalization;
using System.Text;
using LaiteLaina.Hardware;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;
using Microsoft.Extensions.Logging.Abstractions;

// Scan-to-event latency over a real pty (socat), zero loss at 50 scans/s, and label jobs/s through the queue.
// Usage: LaiteLaina.HardwareBench [seconds=60] [burst-seconds=10] [jobs=300]; prints a Markdown table.
// LaiteLaina.HardwareBench decode DIR [runs]: camera pictures' decode time instead (DecodeBench, scripts/bench-decode.sh).
// LaiteLaina.HardwareBench raster DIR [labels]: raster label rendering per label (RasterBench, scripts/bench-raster.sh).
if (args is ["raster", var zplDir, ..])
{
    LaiteLaina.HardwareBench.RasterBench.Run(zplDir, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 400);
    return;
}
if (args is ["decode", var pictures, ..])
{
    LaiteLaina.HardwareBench.DecodeBench.Run(pictures, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 25);
    return;
}
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60;
var burstSeconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var jobCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300;
const int Baud = 9600;

var dir = Directory.CreateTempSubdirectory("laitelaina-bench-").FullName;
var db = Database.Sqlite(Path.Combine(dir, "bench.db"));
await Migrator.MigrateAsync(db);
await new InventoryService(db).AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A8" }, "bench");

var device = Path.Combine(dir, "device");
var host = Path.Combine(dir, "host");
using var socat = Process.Start(new ProcessStartInfo("socat", ["-d", "-d", $"pty,raw,echo=0,link={device}", $"pty,raw,echo=0,link={host}"]) { RedirectStandardError = true })!;
socat.ErrorDataReceived += (_, _) => { };
socat.BeginErrorReadLine();
while (!File.Exists(device) || !File.Exists(host))
    await Task.Delay(10);

// Duplicate window off: the same tag is scanned ten times a second on purpose.
var scanner = HardwareSettings.Scanner("Scanners:0", new ScannerOptions { Name = "bench", Port = host, Baud = Baud, Terminator = "CR", DuplicateWindowMs = 0 });
var status = new HardwareStatus(new HardwareSettings([scanner], [], PrintQueueSettings.Default));
var events = new ScanEvents();
var listener = new ScannerWorker(scanner, new ScanProcessor(db, ScanProcessor.Defaults(), events, NullLogger<ScanProcessor>.Instance),
    status, NullLogger<ScannerWorker>.Instance);
await listener.StartAsync(CancellationToken.None);
while (status.Scanner("bench").State != PortState.Connected)
    await Task.Delay(10);
await using var pty = new FileStream(device, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 0);

// 1. Latency at 10 scans/s: from the write() of the whole frame to the event reaching a subscriber.
var frame = Encoding.ASCII.GetBytes("LL-000001\r");
var wireMs = frame.Length * 10 * 1000.0 / Baud; // 8N1: ten bits a byte
await RunAsync(10, 10, i => frame, kept: false); // warm-up: JIT and the first SQLite connection, as in a running service
var latencies = await RunAsync(seconds * 10, 10, i => frame, kept: true);
latencies.Sort();

// 2. Burst at 50 scans/s with distinct codes: count what arrives.
var burst = burstSeconds * 50;
var burstLatencies = await RunAsync(burst, 50, i => Encoding.ASCII.GetBytes($"BURST-{i:D6}\r"), kept: true);

await listener.StopAsync(CancellationToken.None);
socat.Kill();

// 3. Label jobs through the queue to a file printer: enqueue (render + insert + audit) and print (claim, send, mark).
var labels = Path.Combine(dir, "labels.zpl");
var hardware = new HardwareSettings([], [HardwareSettings.Printer("Printers:0", new PrinterOptions { Name = "file", Port = labels })], PrintQueueSettings.Default);
var queue = new PrintQueue(db, hardware);
var worker = new PrintQueueWorker(queue, hardware, new HardwareStatus(hardware), NullLogger<PrintQueueWorker>.Instance);
var clock = Stopwatch.StartNew();
for (var i = 0; i < jobCount; i++)
    await queue.EnqueueAsync("LL-000001", 1, null, "bench");
var enqueueSeconds = clock.Elapsed.TotalSeconds;
clock.Restart();
var printed = 0;
while (await queue.ClaimAsync(["file"], "bench") is { } job)
{
    await worker.PrintAsync(job, CancellationToken.None);
    printed++;
}
var printSeconds = clock.Elapsed.TotalSeconds;
var onPaper = File.ReadAllText(labels).Split("^XZ").Length - 1;

Console.WriteLine("| measure | result | goal |");
Console.WriteLine("| --- | --- | --- |");
Console.WriteLine(Inv($"| scan-to-event latency at 10 scans/s for {seconds} s ({latencies.Count}/{seconds * 10} events), p50 | {P(latencies, 0.50):0.00} ms | |"));
Console.WriteLine(Inv($"| same, p99 | {P(latencies, 0.99):0.00} ms | < 10 ms beyond the wire time |"));
Console.WriteLine(Inv($"| same, max | {latencies[^1]:0.00} ms | |"));
Console.WriteLine(Inv($"| wire time of one 10-byte frame at {Baud} 8N1 (not in the figures above: a pty has no baud) | {wireMs:0.00} ms | |"));
Console.WriteLine(Inv($"| burst at 50 scans/s for {burstSeconds} s: events received | {burstLatencies.Count}/{burst} | {burst}/{burst} (no loss) |"));
Console.WriteLine(Inv($"| same, p99 latency | {P(burstLatencies.Order().ToList(), 0.99):0.00} ms | |"));
Console.WriteLine(Inv($"| label jobs queued (render ZPL + insert + audit row, SQLite) | {jobCount / enqueueSeconds:0} jobs/s | |"));
Console.WriteLine(Inv($"| label jobs printed (claim + send to file printer + mark printed) | {printed / printSeconds:0} jobs/s, {onPaper} labels for {jobCount} jobs | each once |"));
Directory.Delete(dir, recursive: true);
return;

async Task<List<double>> RunAsync(int count, int perSecond, Func<int, byte[]> scan, bool kept)
{
    using var subscription = events.Subscribe();
    var sentAt = new long[count];
    var received = new List<double>(count);
    var collector = Task.Run(async () =>
    {
        using var timeout = new CancellationTokenSource();
        while (received.Count < count)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            try
            {
                var e = await subscription.Reader.ReadAsync(timeout.Token);
                var now = Stopwatch.GetTimestamp();
                var index = received.Count;
                received.Add(Stopwatch.GetElapsedTime(sentAt[index], now).TotalMilliseconds);
            }
            catch (OperationCanceledException)
            {
                return; // the rest were lost
            }
        }
    });
    var start = Stopwatch.GetTimestamp();
    var period = Stopwatch.Frequency / perSecond;
    for (var i = 0; i < count; i++)
    {
        var due = start + i * period;
        while (Stopwatch.GetTimestamp() < due - Stopwatch.Frequency / 500)
            await Task.Delay(1);
        while (Stopwatch.GetTimestamp() < due)
            Thread.SpinWait(50);
        sentAt[i] = Stopwatch.GetTimestamp();
        pty.Write(scan(i));
    }
    await collector;
    return received;
}

static double P(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
