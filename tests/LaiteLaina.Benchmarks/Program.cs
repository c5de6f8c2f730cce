using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Benchmarks;

/// <summary>
/// The inventory at scale (issue 2): seeds a million devices through the real CSV import on SQLite in a temp
/// folder, then times tag look-ups, list pages and the export, and writes the figures against the goals as
/// Markdown. A Stopwatch harness rather than BenchmarkDotNet: the interesting number is the tail (p99) of many
/// single calls against one large database, which takes minutes to build and must be built once.
/// Usage: laitelaina-bench [rows] [results.md]; laitelaina-bench import [rows] [results.md] times only the import.
/// </summary>
public static class Program
{
    private static readonly (string Kind, string Make, string Model, string Os)[] Models =
    [
        ("tablet", "Samsung", "Galaxy Tab A8", "Android"), ("tablet", "Lenovo", "Tab M10", "Android"), ("tablet", "Apple", "iPad 9", "iPadOS"),
        ("phone", "Nokia", "G21", "Android"), ("phone", "Samsung", "Galaxy A14", "Android"), ("laptop", "Dell", "Latitude 5440", "Windows"),
        ("laptop", "HP", "ProBook 450", "Windows"), ("desktop", "Lenovo", "ThinkCentre M70q", "Windows"), ("monitor", "Dell", "P2422H", ""),
        ("printer-scanner", "Brother", "MFC-L2710DW", ""),
    ];

    public static async Task<int> Main(string[] args)
    {
        if (args is ["seed", var seedDir, ..])
        {
            await BenchSeed.EnsureAsync(seedDir, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000,
                args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5_000_000);
            return 0;
        }
        if (args is ["reports", var reportDir, ..])
        {
            var report = await ReportBench.RunAsync(reportDir);
            var results = args.Length > 2 ? args[2] : Path.Combine("bench", "results", "reports.md");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(results))!);
            await File.WriteAllTextAsync(results, report);
            Console.WriteLine(report);
            Console.WriteLine($"Written to {results}.");
            return 0;
        }
        if (args is ["import", ..])
            return await WriteAsync(args.Length > 2 ? args[2] : Path.Combine("bench", "results", "import-only.md"),
                dir => ImportOnlyAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000, dir));
        if (args is ["provisioning", ..])
            return await WriteAsync(args.Length > 2 ? args[2] : Path.Combine("bench", "results", "provisioning.md"),
                dir => ProvisioningBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16, dir));
        if (args is ["lock", ..])
        {
            var dir = Directory.CreateTempSubdirectory("laitelaina-bench-").FullName;
            try
            {
                Console.WriteLine(await LockBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15,
                    args.Length > 2 ? args[2] : "this build", dir));
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(dir, recursive: true);
            }
            return 0;
        }
        if (args is ["loans", ..])
            return await WriteAsync(args.Length > 2 ? args[2] : Path.Combine("bench", "results", "loans.md"),
                dir => LoanBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5000, dir), append: true);
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        return await WriteAsync(args.Length > 1 ? args[1] : Path.Combine("bench", "results", "inventory-1m.md"), dir => RunAsync(rows, dir));
    }

    /// <summary>Runs one benchmark in a fresh temp folder and writes its Markdown report; <paramref name="append"/> adds it
    /// as a new section below the earlier runs, for a benchmark whose history is worth keeping.</summary>
    private static async Task<int> WriteAsync(string results, Func<string, Task<string>> run, bool append = false)
    {
        var dir = Directory.CreateTempSubdirectory("laitelaina-bench-").FullName;
        try
        {
            var report = await run(dir);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(results))!);
            if (append && File.Exists(results))
                await File.AppendAllTextAsync(results, Environment.NewLine + report);
            else
                await File.WriteAllTextAsync(results, report);
            Console.WriteLine(report);
            Console.WriteLine($"Written to {results}.");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Only the import, for profiling it: a fresh database, the generated CSV, the rate.</summary>
    private static async Task<string> ImportOnlyAsync(int rows, string dir)
    {
        var (_, _, elapsed) = await SeedAsync(rows, dir);
        return string.Create(CultureInfo.InvariantCulture, $"Imported {rows:N0} in {elapsed.TotalSeconds:F1} s: {rows / elapsed.TotalSeconds:N0} rows/s.");
    }

    /// <summary>A database with the sites and donors the CSV names, filled through the CSV import, which is timed.</summary>
    private static async Task<(Database Db, InventoryService Service, TimeSpan Import)> SeedAsync(int rows, string dir)
    {
        var file = Path.Combine(dir, "laitelaina.db");
        var db = Database.Sqlite(file);
        await Migrator.MigrateAsync(db);
        foreach (var site in BenchSeed.Sites)
        {
            await new SiteService(db).AddAsync(site, "Toimipiste " + site, null, "bench");
            await new SiteService(db).AddLocationAsync(site, "Kaappi", "bench");
        }
        for (var i = 1; i <= 5; i++)
            await new DonorService(db).AddAsync($"Lahjoittaja {i} Oy", null, null, null, "bench");

        var csvPath = Path.Combine(dir, "devices.csv");
        var generate = Stopwatch.StartNew();
        await WriteCsvAsync(csvPath, rows);
        Console.WriteLine($"Generated {rows:N0} rows ({new FileInfo(csvPath).Length / 1e6:F0} MB) in {generate.Elapsed.TotalSeconds:F1} s.");

        var service = new InventoryService(db);
        var import = Stopwatch.StartNew();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        ImportResult imported;
        await using (var stream = File.OpenRead(csvPath))
        {
            var csv = DeviceCsv.Open(stream, csvPath);
            imported = await service.ImportAsync(csv.Rows(), "bench", skipBad: false, allowDuplicateSerial: false);
        }
        import.Stop();
        Console.WriteLine($"cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds:F1} s");
        if (imported.Imported != rows)
            throw new InvalidOperationException($"imported {imported.Imported} of {rows}: {string.Join("; ", imported.Problems.Take(5).Select(p => p.Message))}");
        Console.WriteLine($"Imported {rows:N0} in {import.Elapsed.TotalSeconds:F1} s: {rows / import.Elapsed.TotalSeconds:N0} rows/s.");
        return (db, service, import.Elapsed);
    }

    private static async Task<string> RunAsync(int rows, string dir)
    {
        var file = Path.Combine(dir, "laitelaina.db");
        var (db, service, importTime) = await SeedAsync(rows, dir);
        var importRate = rows / importTime.TotalSeconds;
        await using (var c = await db.OpenAsync())
            await c.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;");

        var random = new Random(42);
        var lookups = await TimeAsync(20_000, 1_000, () => service.GetAsync(Tag(random.Next(1, rows + 1))));
        Console.WriteLine($"Tag look-up: {lookups}");

        var serial = Serial(random.Next(rows));
        var pages = new List<(string Name, Samples Samples)>();
        foreach (var (name, filter) in new (string, DeviceFilter)[]
        {
            ("no filter, page 1", new DeviceFilter()),
            ("status=intake, page 1", new DeviceFilter { Status = "intake" }),
            ("kind=tablet, page 1", new DeviceFilter { Kind = "tablet" }),
            ("site=ITA, page 1", new DeviceFilter { Site = "ITA" }),
            ("kind=laptop + site=KESKUS, page 1", new DeviceFilter { Kind = "laptop", Site = "KESKUS" }),
            ("search by serial", new DeviceFilter { Search = serial }),
            ("search by tag", new DeviceFilter { Search = Tag(rows / 2) }),
            ("search by model text 'probook', page 1", new DeviceFilter { Search = "probook" }),
            ("status=intake, page 100 (offset 4 950)", new DeviceFilter { Status = "intake", Page = 100 }),
            ("site=ITA, page 1000 (offset 49 950)", new DeviceFilter { Site = "ITA", Page = 1000 }),
        })
        {
            var samples = await TimeAsync(200, 20, () => service.ListAsync(filter));
            pages.Add((name, samples));
            Console.WriteLine($"List {name}: {samples}");
        }

        var exportPath = Path.Combine(dir, "export.csv");
        var export = Stopwatch.StartNew();
        long exported;
        await using (var writer = new StreamWriter(exportPath, false, new UTF8Encoding(true)))
            exported = await DeviceCsv.WriteAsync(writer, service.ExportAsync(new DeviceFilter()), ";");
        export.Stop();
        var exportRate = exported / export.Elapsed.TotalSeconds;
        Console.WriteLine($"Exported {exported:N0} in {export.Elapsed.TotalSeconds:F1} s: {exportRate:N0} rows/s.");

        var dbBytes = new FileInfo(file).Length + (File.Exists(file + "-wal") ? new FileInfo(file + "-wal").Length : 0);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Inventory at {rows:N0} devices (SQLite)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `scripts/bench.sh` (Release, in process, one database in a temp folder).");
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores shared with other work, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}.");
        md.AppendLine("Seeded by generating a CSV of realistic rows (10 sites, 10 models, a fifth donated) and importing it through `DeviceCsv` + `InventoryService.ImportAsync`, the path `laitelaina import devices` takes: every row validated, serials checked against the file and the database, one audit row per device, one transaction.");
        md.AppendLine();
        md.AppendLine("| measure | result | goal | met |");
        md.AppendLine("| --- | --- | --- | --- |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| CSV import | {importRate:N0} rows/s ({rows:N0} in {importTime.TotalSeconds:F1} s) | ≥ 50,000 rows/s | {Met(importRate >= 50_000)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| tag look-up (`GetAsync`, {lookups.Count:N0} random tags) | p50 {lookups.P50 * 1000:F0} µs, p99 {lookups.P99 * 1000:F0} µs, mean {lookups.Mean * 1000:F0} µs | < 1 ms | {Met(lookups.P99 < 1)} |");
        foreach (var (name, s) in pages)
            md.AppendLine(CultureInfo.InvariantCulture, $"| list page of 50: {name} | p50 {s.P50:F2} ms, p99 {s.P99:F2} ms | < 50 ms | {Met(s.P99 < 50)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| CSV export (streamed) | {exportRate:N0} rows/s ({exported:N0} in {export.Elapsed.TotalSeconds:F1} s) | — | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| database size | {dbBytes / 1e6:F0} MB ({dbBytes / (double)rows:F0} bytes/device, with audit log) | — | |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| peak working set | {peak / 1e6:F0} MB (whole run; the import streams, checking and writing in one pass) | — | |");
        return md.ToString();
    }

    private static string Met(bool met) => met ? "yes" : "**no**";

    private static string Tag(int n) => "LL-" + n.ToString("D6", CultureInfo.InvariantCulture);

    private static string Serial(int i) => "R" + ((uint)(i * 2654435761u)).ToString("X8", CultureInfo.InvariantCulture) + i.ToString("X5", CultureInfo.InvariantCulture);

    private static async Task WriteCsvAsync(string path, int rows)
    {
        var random = new Random(7);
        await using var w = new StreamWriter(path, false, new UTF8Encoding(true), 1 << 16);
        await w.WriteLineAsync("kind;make;model;serial_number;os;condition;site;location;acquisition;acquired_on;cost;donor;accessories;notes");
        for (var i = 0; i < rows; i++)
        {
            var m = Models[random.Next(Models.Length)];
            var site = BenchSeed.Sites[random.Next(BenchSeed.Sites.Length)];
            var donated = random.Next(5) == 0;
            var date = new DateOnly(2018, 1, 1).AddDays(random.Next(2500));
            w.Write(m.Kind); w.Write(';');
            w.Write(m.Make); w.Write(';');
            w.Write(m.Model); w.Write(';');
            w.Write(Serial(i)); w.Write(';');
            w.Write(m.Os); w.Write(';');
            w.Write(random.Next(3) == 0 ? "hyvä" : "good"); w.Write(';');
            w.Write(site); w.Write(';');
            w.Write(random.Next(4) == 0 ? "Kaappi" : ""); w.Write(';');
            w.Write(donated ? "donated" : "purchased"); w.Write(';');
            w.Write(date.ToString(random.Next(2) == 0 ? "yyyy-MM-dd" : "d.M.yyyy", CultureInfo.InvariantCulture)); w.Write(';');
            w.Write(donated ? "" : (random.Next(5_000, 150_000) / 100m).ToString("0.00", CultureInfo.GetCultureInfo("fi-FI"))); w.Write(';');
            w.Write(donated ? $"Lahjoittaja {random.Next(1, 6)} Oy" : ""); w.Write(';');
            w.Write(random.Next(2) == 0 ? "laturi, suojakotelo" : ""); w.Write(';');
            w.WriteLine(random.Next(10) == 0 ? "\"Näytössä naarmu; toimii\"" : "");
        }
    }

    /// <summary>Times <paramref name="count"/> calls after <paramref name="warmup"/> untimed ones; milliseconds.</summary>
    private static async Task<Samples> TimeAsync<T>(int count, int warmup, Func<Task<T>> call)
    {
        for (var i = 0; i < warmup; i++)
            await call();
        var ms = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(ms);
        return new Samples(count, ms[count / 2], ms[Math.Min(count - 1, (int)(count * 0.99))], ms.Average());
    }

    private sealed record Samples(int Count, double P50, double P99, double Mean)
    {
        public override string ToString() => $"p50 {P50:F3} ms, p99 {P99:F3} ms, mean {Mean:F3} ms ({Count:N0} calls)";
    }
}
