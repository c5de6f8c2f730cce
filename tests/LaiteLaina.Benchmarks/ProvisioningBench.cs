using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
/// The many-against-one comparison runs under two time models of the tablets, side by side in one run: compressed
/// (the simulator as fast as it goes, so the host's CPU decides) and tablet-like (a tablet's own time dominates).
/// </summary>
public static class ProvisioningBench
{
    /// <summary>How long the simulated tablets take: the reboot after a reset and every adb command.</summary>
    private sealed record TimeModel(string Name, TimeSpan Reboot, TimeSpan PerCommand, int AloneRuns);

    // The simulator's own documentation puts a real tablet's reset and reboot at 30-90 s; every pm, settings
    // and cmd call starts Android's runtime on the tablet and takes a tenth of a second or more. The compressed
    // model keeps the 2 s reboot the earlier figures used.
    private static readonly TimeModel Compressed = new("compressed: reboot 2 s, commands instant", TimeSpan.FromSeconds(2), TimeSpan.Zero, 3);
    private static readonly TimeModel TabletLike = new("tablet-like: reboot 30 s, 0.1 s a command", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), 1);

    private sealed record Round(IReadOnlyList<(TimeSpan Wall, ProvisioningJob Job)> Jobs, TimeSpan Wall, HostCpu Cpu);

    private sealed record Comparison(TimeModel Model, IReadOnlyList<(TimeSpan Wall, ProvisioningJob Job)> Alone, Round Many)
    {
        public TimeSpan Single => Alone.Select(a => a.Wall).Order().ElementAt(Alone.Count / 2);
        public int Failed => Many.Jobs.Count(m => m.Job.State != JobState.Done);
    }

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
        using var host = global::LaiteLaina.Program.CreateHost([], new DataLocation(dir, null), "http://127.0.0.1:0", b => b.Logging.ClearProviders(), db);
        var profiles = host.Services.GetRequiredService<ProvisioningProfiles>();
        DemoTablets.WriteDemoApks(profiles, options.ApkDirectory);
        var profile = profiles.Get("staff-tablet");
        await AdbScripts.AdbAsync(options, ["start-server"], CancellationToken.None);
        var runner = new JobRunner(db, options, profiles, new DataLocation(dir, null), host.Services.GetRequiredService<Sanitisation>(), null, NullLogger<JobRunner>.Instance);
        var next = 0;
        async Task<Round> ProvisionAsync(int count, TimeModel model)
        {
            var round = await ProvisionRoundAsync(db, runner, options, count, next, model);
            next += count;
            return round;
        }
        async Task<Comparison> CompareAsync(TimeModel model)
        {
            var alone = new List<(TimeSpan Wall, ProvisioningJob Job)>();
            for (var i = 0; i < model.AloneRuns; i++)
            {
                var run = (await ProvisionAsync(1, model)).Jobs.Single();
                if (run.Job.State != JobState.Done)
                    throw new InvalidOperationException($"tablet alone ({model.Name}), run {i + 1}: the job ended {run.Job.State}: " +
                        string.Join("; ", run.Job.Steps.Where(s => s.State != StepState.Done).Select(s => $"{s.Name} {s.State} {s.Message}")));
                alone.Add(run);
            }
            return new Comparison(model, alone, await ProvisionAsync(tablets, model));
        }
        try
        {
            // A service that has run for a while has compiled its hot code; one unmeasured round of as many tablets
            // as the measured one gets the JIT's tiered recompilation out of the figures (it was 0.6 CPU-seconds,
            // all of it inside the measured round, when the round ran cold).
            await ProvisionAsync(tablets, Compressed);
            var compressed = await CompareAsync(Compressed);
            var tabletLike = await CompareAsync(TabletLike);

            // The same steps run directly with bash, as many tablets as ran alone, median per step.
            async Task<List<Dictionary<string, TimeSpan>>> DirectRunsAsync(TimeModel model)
            {
                var runs = new List<Dictionary<string, TimeSpan>>();
                for (var i = 0; i < model.AloneRuns; i++)
                    runs.Add(await DirectAsync(options, profile, next++, model));
                return runs;
            }
            return Report(tablets, (compressed, await DirectRunsAsync(Compressed)), (tabletLike, await DirectRunsAsync(TabletLike)));
        }
        finally
        {
            await AdbScripts.AdbAsync(options, ["kill-server"], CancellationToken.None);
        }
    }

    private static string Report(int tablets, (Comparison Runner, List<Dictionary<string, TimeSpan>> Direct) compressedRuns,
        (Comparison Runner, List<Dictionary<string, TimeSpan>> Direct) tabletLikeRuns)
    {
        var (compressed, tabletLike) = (compressedRuns.Runner, tabletLikeRuns.Runner);
        var report = new StringBuilder();
        report.AppendLine("# Provisioning: simulated tablets through the real adb");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- date: {DateTime.UtcNow:yyyy-MM-ddTHH:mmZ}");
        report.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Environment.ProcessorCount} cores; SQLite; Release build; the simulated tablets run in the benchmark's own process, on the same cores");
        report.AppendLine("- profile staff-tablet (test-harness factory reset, 2 APKs, settings, card, 1 disabled package)");
        report.AppendLine(CultureInfo.InvariantCulture, $"- one unmeasured round of {tablets} tablets first, so the figures are those of a warm service");
        report.AppendLine();
        report.AppendLine("## Many at once against one alone (goal: at most 1.3 times)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"| time model of the tablets | 1 tablet alone | {tablets} tablets at once | ratio |");
        report.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var c in new[] { compressed, tabletLike })
        {
            var runs = c.Alone.Count > 1 ? $" (median of {c.Alone.Count}: {string.Join(", ", c.Alone.Select(a => a.Wall.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)))})" : "";
            report.AppendLine(CultureInfo.InvariantCulture, $"| {c.Model.Name} | {c.Single.TotalSeconds:0.0} s{runs} | {c.Many.Wall.TotalSeconds:0.0} s ({tablets - c.Failed} done, {c.Failed} not) | {c.Many.Wall / c.Single:0.00} |");
        }
        report.AppendLine();
        foreach (var (c, job) in new[] { compressed, tabletLike }.SelectMany(c => c.Many.Jobs.Where(j => j.Job.State != JobState.Done).Select(j => (c, j.Job))))
        {
            var stopped = job.Steps.FirstOrDefault(s => s.State is not (StepState.Done or StepState.Skipped));
            report.AppendLine(CultureInfo.InvariantCulture, $"- not done, {c.Model.Name.Split(':')[0]}: job {job.Id} {job.State} at {stopped?.Name} ({stopped?.State}): {job.Message}");
        }
        foreach (var c in new[] { compressed, tabletLike })
        {
            var cpu = c.Many.Cpu;
            report.AppendLine(CultureInfo.InvariantCulture, $"Host CPU of the {tablets} at once, {c.Model.Name.Split(':')[0]}, per tablet: scripts with their adb and other tools {cpu.Scripts.TotalSeconds / tablets:0.000} s, this process (job runner, SQLite, PDFs and the simulated tablets) {cpu.Service.TotalSeconds / tablets:0.000} s, the adb server {cpu.AdbServer.TotalSeconds / tablets:0.000} s; in all {cpu.Total.TotalSeconds:0.0} CPU-seconds over {Environment.ProcessorCount} cores in {c.Many.Wall.TotalSeconds:0.0} s.");
            report.AppendLine();
        }
        report.AppendLine("Where the time goes, compressed: each step's recorded duration, one tablet alone (median) against the many at once (median and slowest).");
        report.AppendLine();
        report.AppendLine("| step | alone | at once, median | at once, slowest |");
        report.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var step in compressed.Alone[0].Job.Steps.Select(s => s.Name))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {step} | {Median(compressed.Alone.Select(a => StepMs(a.Job, step))):0} ms | {Median(compressed.Many.Jobs.Select(m => StepMs(m.Job, step))):0} ms | {compressed.Many.Jobs.Max(m => StepMs(m.Job, step)):0} ms |");
        }
        report.AppendLine();
        report.AppendLine("## The runner's overhead per step against the same script run directly (goal: under 10 %)");
        report.AppendLine();
        report.AppendLine("The runner's figure is the step's recorded duration (claim, progress lines stored, result stored), one tablet alone; the direct figure is the same script started by this process with bash and read to the end. Median of the runs alone.");
        report.AppendLine();
        report.AppendLine("| step | compressed: directly | in the runner | overhead | tablet-like: directly | in the runner | overhead |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        var totals = new double[4];
        foreach (var step in compressedRuns.Direct[0].Keys)
        {
            var row = new[] { compressedRuns, tabletLikeRuns }.SelectMany(runs => new[]
            {
                Median(runs.Direct.Select(x => x[step].TotalMilliseconds)),
                Median(runs.Runner.Alone.Select(a => StepMs(a.Job, step))),
            }).ToArray();
            for (var i = 0; i < 4; i++)
                totals[i] += row[i];
            report.AppendLine(CultureInfo.InvariantCulture, $"| {step} | {Overhead(row[0], row[1])} | {Overhead(row[2], row[3])} |");
        }
        report.AppendLine(CultureInfo.InvariantCulture, $"| all script steps | {Overhead(totals[0], totals[1])} | {Overhead(totals[2], totals[3])} |");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Steps with no script of their own: certificate (record, NIST SP 800-88 PDF) {Median(compressed.Alone.Select(a => StepMs(a.Job, "certificate"))):0} ms, label and ready {Median(compressed.Alone.Select(a => StepMs(a.Job, "label"))):0} ms.");
        return report.ToString();
    }

    private static double StepMs(ProvisioningJob job, string step) => job.Steps.Single(s => s.Name == step).DurationMs ?? 0;

    private static string Overhead(double direct, double runner)
    {
        // Rounded before formatting: a difference that rounds to zero would otherwise print as "-+0".
        var ms = Math.Round(runner - direct);
        var share = Math.Round((runner - direct) / direct, 3);
        return string.Create(CultureInfo.InvariantCulture, $"{direct:0} ms | {runner:0} ms | {ms:+0;-0;0} ms, {share:+0.0 %;-0.0 %;0.0 %}");
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
    private static async Task<Round> ProvisionRoundAsync(Database db, JobRunner runner, ProvisioningOptions options, int count, int first, TimeModel model)
    {
        await using var farm = TabletFarm.Start(Enumerable.Range(first, count).Select(i => Scenarios.CreateClean(i)), new TabletFarmOptions { RebootDelay = model.Reboot });
        foreach (var tablet in farm.Tablets)
            tablet.SetSlow(model.PerCommand);
        var inventory = new InventoryService(db);
        var jobs = new List<long>();
        foreach (var tablet in farm.Tablets)
        {
            var device = await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = tablet.Model, SerialNumber = tablet.Serial, Acquisition = "donated", Site = "BENCH" }, "bench");
            await inventory.SetStatusAsync(device.Tag, "awaiting-wipe", null, "bench");
            await AdbScripts.AdbAsync(options, ["connect", tablet.Address], CancellationToken.None);
            jobs.Add((await ProvisioningActions.StartAsync(db, tablet.Address, device.Tag, "staff-tablet", "bench")).Id);
        }
        // As the service does, start once adb lists every tablet as a device (the handshake after a connect).
        for (var i = 0; i < 100; i++)
        {
            var (_, listed) = await AdbScripts.AdbAsync(options, ["devices"], CancellationToken.None);
            if (farm.Tablets.All(t => listed.Contains(t.Address + "\tdevice", StringComparison.Ordinal)))
                break;
            await Task.Delay(100);
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
        return new Round(results, wall, HostCpu.Read(options.AdbServerPort.Value) - before);
    }

    /// <summary>The script steps of a job run one after the other with bash, as a volunteer would by hand.</summary>
    private static async Task<Dictionary<string, TimeSpan>> DirectAsync(ProvisioningOptions options, ProvisioningProfile profile, int index, TimeModel model)
    {
        await using var farm = TabletFarm.Start([Scenarios.CreateClean(index)], new TabletFarmOptions { RebootDelay = model.Reboot });
        farm.Tablets[0].SetSlow(model.PerCommand);
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
            // The runner hands each script a scratch file for adb's errors; so does this, to time the same script work.
            var start = AdbScripts.Start(options, "bash", [Path.Combine(options.Scripts, script), .. args]);
            start.Environment["LL_ERRFILE"] = card + ".err";
            using var process = Process.Start(start)!;
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            times[step] = clock.Elapsed;
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{script} exited {process.ExitCode} in the direct run");
        }
        File.Delete(card);
        File.Delete(card + ".err");
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
