using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using LaiteLaina.Audit;
using LaiteLaina.Documents;
using LaiteLaina.Kernel;
using LaiteLaina.Reports;
using LaiteLaina.Storage;

namespace LaiteLaina.Benchmarks;

/// <summary>
/// The managers' audit and reports on the seeded database (<see cref="BenchSeed"/>): the return audit for a year, the
/// overdue report, the other reports, and the CSV export of every loan, streamed to a file while the process's
/// working set is sampled. Each query runs once to warm the page cache and then five times; the median and the
/// slowest are reported.
/// Usage: laitelaina-bench reports DIR [results.md]
/// </summary>
public static class ReportBench
{
    public static async Task<string> RunAsync(string dir)
    {
        var file = await BenchSeed.EnsureAsync(dir);
        var db = Database.Sqlite(file);
        // A database seeded before migration 0012 gets its totals now (counted once from the loans, in the migration).
        var migrating = Stopwatch.StartNew();
        var migrated = await Migrator.MigrateAsync(db);
        if (migrated.Count > 0)
            Console.WriteLine($"Migrated to {string.Join(", ", migrated)} in {migrating.Elapsed.TotalSeconds:F0} s.");
        var loadBefore = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var counts = await db.ReadAsync(async c => (
            Devices: await c.ExecuteScalarAsync<long>("SELECT count(*) FROM devices"),
            Loans: await c.ExecuteScalarAsync<long>("SELECT count(*) FROM loans"),
            Open: await c.ExecuteScalarAsync<long>("SELECT count(*) FROM loans WHERE state = 'Open'"),
            Borrowers: await c.ExecuteScalarAsync<long>("SELECT count(*) FROM borrowers")));
        var clock = new FixedClock(new DateTimeOffset(BenchSeed.Today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
        var audit = new ReturnAudit(db, clock);
        var live = new ReturnAudit(db, clock) { CountLive = true };
        var reports = new ReportService(db, clock);
        var year = new ReturnAuditFilter { From = "2025-01-01", To = "2025-12-31" };
        var dueInYear = await db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM loans WHERE due_on BETWEEN '2025-01-01' AND '2025-12-31'"));

        var rows = new List<(string Name, Timing Time, string Goal, bool? Met)>();
        async Task Measure<T>(string name, Func<Task<T>> run, double? goalMs = null)
        {
            await run();
            var ms = new double[5];
            for (var i = 0; i < ms.Length; i++)
            {
                var sw = Stopwatch.StartNew();
                await run();
                ms[i] = sw.Elapsed.TotalMilliseconds;
            }
            Array.Sort(ms);
            var t = new Timing(ms[2], ms[^1]);
            rows.Add((name, t, goalMs is { } g ? $"< {g / 1000:0.##} s" : "—", goalMs is { } goal ? t.Max < goal : null));
            Console.WriteLine($"{name}: median {t.Median:F0} ms, slowest {t.Max:F0} ms");
        }

        // Before (every loan of the year counted) and after (whole months from loan_totals), side by side in one run.
        // LAITELAINA_BENCH_AUDIT_ONLY=1: the return audit alone, its summaries from the totals and the 20 managers (minutes, not the export's).
        var auditOnly = Environment.GetEnvironmentVariable("LAITELAINA_BENCH_AUDIT_ONLY") == "1";
        foreach (var by in Enum.GetValues<ReturnAuditBy>())
        {
            if (!auditOnly)
                await Measure($"return audit 2025, by {EnumText.Kebab(by)} (summary), counted from the loans", () => live.SummaryAsync(year, by), 1000);
            await Measure($"return audit 2025, by {EnumText.Kebab(by)} (summary), from the monthly totals", () => audit.SummaryAsync(year, by), 250);
        }
        if (!auditOnly)
            await Measure("return audit 2025, one site (summary), counted from the loans", () => live.SummaryAsync(year with { Site = "ITA" }), 1000);
        await Measure("return audit 2025, one site (summary), from the monthly totals", () => audit.SummaryAsync(year with { Site = "ITA" }), 250);
        await Measure("return audit 1.3.–15.6.2025 by site, from the totals and two part months", () => audit.SummaryAsync(new ReturnAuditFilter { From = "2025-03-01", To = "2025-06-15" }), 250);
        if (!auditOnly)
            await Measure("return-audit totals: full recount compared (rebuild-totals --check)", () => new LoanTotals(db).CheckAsync());

        // 20 managers opening the audit page for the year at once: what the page reads (the summary, the first 100
        // loans, and the count for the pager: before, a count of the year's loans; now the summary's total).
        var pages = new List<(string Name, Load Load)>();
        foreach (var (name, service, count, rounds) in new[] { ("counted from the loans (before)", live, true, 1), ("from the monthly totals (after)", audit, false, 10) })
        {
            var load = await ConcurrentAsync(20, rounds, async n =>
            {
                var by = (ReturnAuditBy)(n % 3);
                var summary = await service.SummaryAsync(year, by);
                await service.RowsAsync(year, true);
                return count ? await service.CountAsync(year) : summary.Total.Due;
            });
            pages.Add((name, load));
            Console.WriteLine($"20 managers, return audit page for 2025, {name}: p50 {load.P50:F0} ms, p95 {load.P95:F0} ms, max {load.Max:F0} ms, {load.PerSecond:F1} pages/s");
        }
        await Measure("return audit 2025, first page of 100 loans", () => audit.RowsAsync(year, true), 1000);
        await Measure("return audit 2025, late loans page 1", () => audit.RowsAsync(year with { Outcome = "late" }, true), 1000);
        if (auditOnly)
        {
            var only = new StringBuilder();
            only.AppendLine(CultureInfo.InvariantCulture, $"## The return audit before and after its monthly totals (migration 0012), {counts.Loans:N0} loans, {dueInYear:N0} due in 2025");
            only.AppendLine();
            only.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `LAITELAINA_BENCH_AUDIT_ONLY=1 scripts/bench-reports.sh` on a migrated copy of the seeded database; \"today\" is {BenchSeed.Today:yyyy-MM-dd}, so all of 2025 is read from the totals. Load average (other engineers' builds and browser tests on the same {Environment.ProcessorCount} cores) {loadBefore} at the start, {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end: absolute times are inflated by it, the ratios measured side by side less so.");
            only.AppendLine();
            Tables(only, rows, pages);
            return only.ToString();
        }
        await Measure("overdue report (ageing + oldest 100 loans)", async () =>
        {
            var ageing = await reports.OverdueAgeingAsync();
            var oldest = new List<OverdueLoan>();
            await foreach (var l in reports.OverdueLoansAsync(true))
            {
                oldest.Add(l);
                if (oldest.Count == 100)
                    break;
            }
            return (ageing, oldest);
        }, 1000);
        await Measure("overdue report, every overdue loan", async () =>
        {
            long n = 0;
            await foreach (var _ in reports.OverdueLoansAsync(true))
                n++;
            return n;
        });
        await Measure("fleet report", () => reports.FleetAsync());
        await Measure("loans per month, last 12 months", () => reports.LoansAsync());
        await Measure("donations report", () => reports.DonationsAsync(true));
        await Measure("leases ending in 90 days", () => reports.LeasesAsync());

        // The export: every loan, through the same streaming path as `audit returns --format csv` and ?format=csv.
        var exportPath = Path.Combine(Path.GetTempPath(), "laitelaina-bench-loans.csv");
        GC.Collect();
        var before = Process.GetCurrentProcess().WorkingSet64;
        long peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64);
                await Task.Delay(50);
            }
        });
        var all = new ReturnAuditFilter { From = "2000-01-01", To = "2100-12-31" };
        var export = Stopwatch.StartNew();
        long exported;
        long managedPeak = 0;
        await using (var writer = new StreamWriter(exportPath, false, new UTF8Encoding(true), 1 << 16))
        {
            exported = await LaiteLaina.Kernel.CsvOutput.WriteAsync(writer, Counting(audit.StreamAsync(all, true), () => managedPeak = Math.Max(managedPeak, GC.GetTotalMemory(false))), ReturnAudit.RowColumns(true));
        }
        export.Stop();
        await sampling.CancelAsync();
        await sampler;
        var exportBytes = new FileInfo(exportPath).Length;
        File.Delete(exportPath);
        Console.WriteLine($"Exported {exported:N0} loans in {export.Elapsed.TotalSeconds:F1} s; working set {before / 1e6:F0} -> peak {peak / 1e6:F0} MB; managed heap peak {managedPeak / 1e6:F0} MB");

        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Audit and reports on {counts.Devices:N0} devices and {counts.Loans:N0} loans (SQLite)");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `scripts/bench-reports.sh` (Release, in process). Machine: {Environment.ProcessorCount} cores shared with other work, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, .NET {Environment.Version}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Data: `scripts/bench-seed.sh` ({File.ReadAllText(Path.Combine(dir, BenchSeed.Marker)).Trim()}); {counts.Borrowers:N0} borrowers, {counts.Open:N0} loans open, {dueInYear:N0} loans due in 2025; database {new FileInfo(file).Length / 1e9:F1} GB. \"Today\" is {BenchSeed.Today:yyyy-MM-dd}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Each query ran once to warm the cache, then five times: median and slowest. Load average (other engineers' work on the same cores) {loadBefore} at the start, {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end.");
        md.AppendLine();
        Tables(md, rows, pages);
        md.AppendLine(CultureInfo.InvariantCulture, $"CSV export of every loan (streamed, `ReturnAudit.StreamAsync` + `Tabular.WriteCsvAsync`): {exported:N0} rows, {exportBytes / 1e6:F0} MB, in {export.Elapsed.TotalSeconds:F1} s ({exported / export.Elapsed.TotalSeconds:N0} rows/s).");
        md.AppendLine(CultureInfo.InvariantCulture, $"Memory during the export: working set {before / 1e6:F0} MB before, peak {peak / 1e6:F0} MB (sampled every 50 ms; SQLite's page cache is part of it); managed heap at most {managedPeak / 1e6:F0} MB — steady, one row at a time, whatever the row count.");
        md.AppendLine();
        md.AppendLine("How the return audit is read: migration 0008's covering index `ix_loans_due (due_on, state, closed_at, site_id, counsellor, borrower_id, condition_out, condition_in, accessories_missing)` answers the counts without touching a loan row; the loan keeps the site it was made from (`loans.site_id`, set at check-out), so counting by site needs no look-up of a million devices; each sum tests only its own columns. Before these (the first version: rows read through `ix_loans_due (due_on, state, closed_at)` and each device looked up) the summary by site took 6.6 s on the same data. By unit counts per borrower from the index first and then adds the 5,000 borrowers up by their unit (1,026 ms before that, when every loan looked up its borrower). Reading a year means about a million index entries whatever is done per row, so the figures follow the load of the shared cores closely (see the load average above).");
        return md.ToString();
    }

    private static async IAsyncEnumerable<T> Counting<T>(IAsyncEnumerable<T> rows, Action sample)
    {
        long n = 0;
        await foreach (var row in rows)
        {
            if (++n % 100_000 == 0)
                sample();
            yield return row;
        }
    }

    private static void Tables(StringBuilder md, List<(string Name, Timing Time, string Goal, bool? Met)> rows, List<(string Name, Load Load)> pages)
    {
        md.AppendLine("| measure | median | slowest | goal | met |");
        md.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var (name, t, goal, met) in rows)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {t.Median:F0} ms | {t.Max:F0} ms | {goal} | {(met is null ? "" : met.Value ? "yes" : "**no**")} |");
        md.AppendLine();
        md.AppendLine("20 managers at once, each opening the return audit page for 2025 (by site, unit or counsellor in turn) again and again: the page's reads (summary, first 100 loans, the pager's count), in process:");
        md.AppendLine();
        md.AppendLine("| return audit page, 20 at once | pages | p50 | p95 | slowest | pages/s | goal p95 | met |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (name, load) in pages)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {load.Count} | {load.P50:F0} ms | {load.P95:F0} ms | {load.Max:F0} ms | {load.PerSecond:F1} | < 250 ms | {(load.P95 < 250 ? "yes" : "**no**")} |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Ratios, before / after: p95 {pages[0].Load.P95 / pages[1].Load.P95:F0}×, pages per second {pages[1].Load.PerSecond / pages[0].Load.PerSecond:F0}×.");
        md.AppendLine();
    }

    private sealed record Timing(double Median, double Max);

    private sealed record Load(int Count, double P50, double P95, double Max, double PerSecond);

    /// <summary>Runs <paramref name="work"/> from <paramref name="users"/> tasks at once, <paramref name="rounds"/> times each, after one warming call.</summary>
    private static async Task<Load> ConcurrentAsync<T>(int users, int rounds, Func<int, Task<T>> work)
    {
        await work(0);
        var times = new System.Collections.Concurrent.ConcurrentBag<double>();
        var all = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, users).Select(u => Task.Run(async () =>
        {
            for (var r = 0; r < rounds; r++)
            {
                var sw = Stopwatch.StartNew();
                await work(u + r);
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
        })));
        var sorted = times.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new Load(sorted.Length, At(0.5), At(0.95), sorted[^1], sorted.Length / all.Elapsed.TotalSeconds);
    }

    /// <summary>The seeded history's "today", so that overdue and due dates mean the same on every run.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
