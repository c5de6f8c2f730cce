using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LaiteLaina.DeviceSim;
using LaiteLaina.DeviceSim.State;
using LaiteLaina.Inventory;
using LaiteLaina.Provisioning;
using LaiteLaina.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace LaiteLaina.Benchmarks;

/// <summary>
/// Provisioning throughput against simulated tablets through Debian's adb (issue 7): the wall time of N tablets
/// provisioned at once against one alone (goal at most 1.3 times), and the job runner's own overhead per step
/// against running the same scripts directly with bash (goal under 10 %). A private adb server, SQLite in a temp
/// folder, the shipped staff-tablet profile (test-harness reset) with APK-shaped files.
/// </summary>
public static class ProvisioningBench
{
    private static readonly TimeSpan RebootDelay = TimeSpan.FromSeconds(2);

    public static async Task<string> RunAsync(int tablets, string dir)
    {
        var db = Database.Sqlite(Path.Combine(dir, "laitelaina.db"));
        await Migrator.MigrateAsync(db);
        await new SiteService(db).AddAsync("BENCH", "Penkki", "Testikatu 1", "bench");
        var home = Directory.CreateDirectory(Path.Combine(dir, "adb-home")).FullName;
        var options = new ProvisioningOptions
        {
            Adb = "/usr/bin/adb", AdbServerPort = FreePort(), AdbHome = home, ApkDirectory = Path.Combine(dir, "apks"),
            ScriptsDirectory = Path.Combine(Root(), "scripts", "adb"), MaxParallel = 64,
        };
        var profiles = ProvisioningProfiles.ForDataDirectory(dir);
        DemoTablets.WriteDemoApks(profiles, options.ApkDirectory);
        var profile = profiles.Get("staff-tablet");
        await AdbScripts.AdbAsync(options, ["start-server"], CancellationToken.None);
        var runner = new JobRunner(db, options, profiles, dir, Sanitisation.ForDataDirectory(db, dir), null, NullLogger.Instance);
        var index = 0;
        try
        {
            // One tablet alone, three times; the median is the baseline.
            var alone = new List<(TimeSpan Wall, ProvisioningJob Job)>();
            for (var i = 0; i < 3; i++)
                alone.Add((await ProvisionAsync(db, runner, options, 1, index++)).Jobs.Single());
            var single = alone.Select(a => a.Wall).Order().ElementAt(1);

            var (many, wall, cpu) = await ProvisionAsync(db, runner, options, tablets, index);
            index += tablets;
            var failed = many.Count(m => m.Job.State != JobState.Done);

            // The same steps run directly with bash, three tablets, median per step.
            var direct = new List<Dictionary<string, TimeSpan>>();
            for (var i = 0; i < 3; i++)
                direct.Add(await DirectAsync(options, profile, index++));

            var report = new StringBuilder();
            report.AppendLine("# Provisioning: simulated tablets through the real adb");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"- date: {DateTime.UtcNow:yyyy-MM-ddTHH:mmZ}");
            report.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Environment.ProcessorCount} cores, shared with other builds; SQLite; Release build");
            report.AppendLine(CultureInfo.InvariantCulture, $"- profile staff-tablet (test-harness factory reset, 2 APKs, settings, card, 1 disabled package); simulated reboot {RebootDelay.TotalSeconds:0} s");
            report.AppendLine();
            report.AppendLine("## Many at once against one alone (goal: at most 1.3 times)");
            report.AppendLine();
            report.AppendLine("| run | wall time | ratio |");
            report.AppendLine("| --- | ---: | ---: |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| 1 tablet alone (median of 3: {string.Join(", ", alone.Select(a => a.Wall.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)))} s) | {single.TotalSeconds:0.0} s | 1.00 |");
            report.AppendLine(CultureInfo.InvariantCulture, $"| {tablets} tablets at once ({tablets - failed} done, {failed} not) | {wall.TotalSeconds:0.0} s | {wall / single:0.00} |");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Host CPU of the {tablets} at once, per tablet: scripts with their adb, jq and other tools {cpu.Scripts.TotalSeconds / tablets:0.000} s, this process (job runner, SQLite, PDFs and the simulated tablets) {cpu.Service.TotalSeconds / tablets:0.000} s, the adb server {cpu.AdbServer.TotalSeconds / tablets:0.000} s; in all {cpu.Total.TotalSeconds:0.0} CPU-seconds over {Environment.ProcessorCount} cores in {wall.TotalSeconds:0.0} s.");
            report.AppendLine();
            report.AppendLine("Where the time goes: each step's recorded duration, one tablet alone (median of 3) against the sixteen at once (median and slowest).");
            report.AppendLine();
            report.AppendLine("| step | alone | at once, median | at once, slowest |");
            report.AppendLine("| --- | ---: | ---: | ---: |");
            foreach (var step in alone[0].Job.Steps.Select(s => s.Name))
            {
                double Ms(ProvisioningJob job) => job.Steps.Single(s => s.Name == step).DurationMs ?? 0;
                report.AppendLine(CultureInfo.InvariantCulture, $"| {step} | {Median(alone.Select(a => Ms(a.Job))):0} ms | {Median(many.Select(m => Ms(m.Job))):0} ms | {many.Max(m => Ms(m.Job)):0} ms |");
            }
            report.AppendLine();
            report.AppendLine("## The runner's overhead per step against the same script run directly (goal: under 10 %)");
            report.AppendLine();
            report.AppendLine("The runner's figure is the step's recorded duration (claim, progress lines stored, result stored), one tablet alone, median of 3.");
            report.AppendLine();
            report.AppendLine("| step | script directly | in the runner | overhead |");
            report.AppendLine("| --- | ---: | ---: | ---: |");
            double totalDirect = 0, totalRunner = 0;
            foreach (var step in direct[0].Keys)
            {
                var d = Median(direct.Select(x => x[step].TotalMilliseconds));
                var r = Median(alone.Select(a => (double)(a.Job.Steps.Single(s => s.Name == step).DurationMs ?? 0)));
                totalDirect += d;
                totalRunner += r;
                report.AppendLine(CultureInfo.InvariantCulture, $"| {step} | {d:0} ms | {r:0} ms | {(r - d) / d:+0.0 %;-0.0 %} |");
            }
            report.AppendLine(CultureInfo.InvariantCulture, $"| all script steps | {totalDirect:0} ms | {totalRunner:0} ms | {(totalRunner - totalDirect) / totalDirect:+0.0 %;-0.0 %} |");
            var certificate = Median(alone.Select(a => (double)(a.Job.Steps.Single(s => s.Name == "certificate").DurationMs ?? 0)));
            var label = Median(alone.Select(a => (double)(a.Job.Steps.Single(s => s.Name == "label").DurationMs ?? 0)));
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Steps with no script of their own: certificate (record, NIST SP 800-88 PDF) {certificate:0} ms, label and ready {label:0} ms.");
            return report.ToString();
        }
        finally
        {
            await AdbScripts.AdbAsync(options, ["kill-server"], CancellationToken.None);
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>
    /// Starts <paramref name="count"/> simulated tablets, registers and connects them, then times the provisioning
    /// alone: from the moment every job is claimed together to the end of the last one, as for one tablet alone.
    /// </summary>
    private static async Task<(IReadOnlyList<(TimeSpan Wall, ProvisioningJob Job)> Jobs, TimeSpan Wall, HostCpu Cpu)> ProvisionAsync(Database db, JobRunner runner, ProvisioningOptions options, int count, int first)
    {
        await using var farm = TabletFarm.Start(Enumerable.Range(first, count).Select(i => Scenarios.CreateClean(i)), new TabletFarmOptions { RebootDelay = RebootDelay });
        var inventory = new InventoryService(db);
        var jobs = new List<long>();
        foreach (var tablet in farm.Tablets)
        {
            var device = await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = tablet.Model, SerialNumber = tablet.Serial, Acquisition = "donated", Site = "BENCH" }, "bench");
            await inventory.SetStatusAsync(device.Tag, "awaiting-wipe", null, "bench");
            await AdbScripts.AdbAsync(options, ["connect", tablet.Address], CancellationToken.None);
            jobs.Add((await ProvisioningActions.StartAsync(db, tablet.Address, device.Tag, "staff-tablet", "bench")).Id);
        }
        var before = HostCpu.Read(options.AdbServerPort!.Value);
        var all = Stopwatch.StartNew();
        var results = await Task.WhenAll(jobs.Select(async id =>
        {
            var clock = Stopwatch.StartNew();
            await runner.ClaimAndRunAsync(id, "bench", CancellationToken.None);
            return (clock.Elapsed, await JobStore.GetAsync(db, id));
        }));
        var wall = all.Elapsed;
        return (results, wall, HostCpu.Read(options.AdbServerPort.Value) - before);
    }

    /// <summary>The script steps of a job run one after the other with bash, as a volunteer would by hand.</summary>
    private static async Task<Dictionary<string, TimeSpan>> DirectAsync(ProvisioningOptions options, ProvisioningProfile profile, int index)
    {
        await using var farm = TabletFarm.Start([Scenarios.CreateClean(index)], new TabletFarmOptions { RebootDelay = RebootDelay });
        var serial = farm.Tablets[0].Address;
        await AdbScripts.AdbAsync(options, ["connect", serial], CancellationToken.None);
        var card = Path.GetTempFileName();
        await File.WriteAllTextAsync(card, "This tablet belongs to: bench\n");
        var steps = new (string Step, string Script, string[] Args)[]
        {
            ("identify", "identify.sh", [serial]),
            ("precheck", "precheck.sh", [serial, profile.Path]),
            ("wipe", "wipe.sh", [serial, profile.Path]),
            ("wait", "wait.sh", [serial, "1800"]),
            ("verify-wipe", "verify.sh", [serial, profile.Path, "--wipe-only"]),
            ("provision", "provision.sh", [serial, profile.Path, "--tag", "LL-BENCH", "--card", card, "--apk-dir", options.ApkDirectory!]),
            ("verify", "verify.sh", [serial, profile.Path, "--tag", "LL-BENCH", "--card", card]),
        };
        var times = new Dictionary<string, TimeSpan>();
        foreach (var (step, script, args) in steps)
        {
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(AdbScripts.Start(options, "bash", [Path.Combine(options.Scripts, script), .. args]))!;
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            times[step] = clock.Elapsed;
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{script} exited {process.ExitCode} in the direct run");
        }
        File.Delete(card);
        return times;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Root()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "LaiteLaina.sln")))
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("run from inside the repository");
        return dir;
    }

    /// <summary>
    /// CPU time on the host, from /proc: this process, its reaped children (the scripts and everything they start)
    /// and the adb server, which daemonises and so is nobody's child.
    /// </summary>
    private readonly record struct HostCpu(TimeSpan Service, TimeSpan Scripts, TimeSpan AdbServer)
    {
        public TimeSpan Total => Service + Scripts + AdbServer;

        public static HostCpu operator -(HostCpu a, HostCpu b) => new(a.Service - b.Service, a.Scripts - b.Scripts, a.AdbServer - b.AdbServer);

        public static HostCpu Read(int adbPort)
        {
            var self = Ticks("/proc/self/stat");
            var server = Directory.EnumerateDirectories("/proc")
                .Where(d => int.TryParse(Path.GetFileName(d), out _))
                .FirstOrDefault(d => ReadOrEmpty(Path.Combine(d, "cmdline")).Replace('\0', ' ').Contains($"tcp:{adbPort} fork-server", StringComparison.Ordinal));
            var adb = server is null ? (Own: 0L, Children: 0L) : Ticks(Path.Combine(server, "stat"));
            return new(FromTicks(self.Own), FromTicks(self.Children), FromTicks(adb.Own));
        }

        /// <summary>utime+stime and cutime+cstime of a /proc/PID/stat, in clock ticks (100 a second on Linux).</summary>
        private static (long Own, long Children) Ticks(string stat)
        {
            var text = ReadOrEmpty(stat);
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            // Fields after "(comm) ": state is index 0, so utime (field 14) is index 11.
            long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
            return (Field(11) + Field(12), Field(13) + Field(14));
        }

        private static string ReadOrEmpty(string path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (IOException)
            {
                return "";
            }
        }

        private static TimeSpan FromTicks(long ticks) => TimeSpan.FromMilliseconds(ticks * 10);
    }
}
