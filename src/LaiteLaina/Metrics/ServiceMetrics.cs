using System.Data.Common;
using Dapper;
using LaiteLaina.Backups;
using LaiteLaina.Hardware;
using LaiteLaina.Storage;
using Prometheus;

namespace LaiteLaina.Metrics;

/// <summary>
/// What /metrics says about this service beyond the HTTP requests and the database time (which are counted where they
/// happen, in the process-wide registry): loans, overdue, print queue, provisioning, scanners and printers, backups.
/// These are read when Prometheus scrapes, from the database and the hardware status: a handful of counts on indexed
/// columns, so that nothing has to be kept in step with the code that changes them, and two sites on one PostgreSQL
/// report the same totals. Labels carry states, step names and device names from the settings, never ids or people.
/// </summary>
public sealed class ServiceMetrics : IDisposable
{
    private readonly Database db;
    private readonly HardwareStatus hardware;
    private readonly BackupService backups;
    private readonly TimeProvider clock;
    private readonly Gauge loansOpened, loansClosed, overdue, printJobs, provisioningJobs, scanners, printers, backupAge, backupOk, backupsFailed;
    private readonly Histogram stepSeconds;
    private DateTimeOffset stepsSince;
    private readonly SemaphoreSlim oneScrape = new(1, 1);

    public ServiceMetrics(Database db, HardwareStatus hardware, BackupService backups, TimeProvider clock)
    {
        this.db = db;
        this.hardware = hardware;
        this.backups = backups;
        this.clock = clock;
        stepsSince = clock.GetUtcNow();
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var make = Prometheus.Metrics.WithCustomRegistry(Registry);
        // Totals of rows, so monotonic like counters; exported as gauges because they are read, not incremented.
        loansOpened = make.CreateGauge("laitelaina_loans_opened_total", "Loans ever opened (rows in loans).");
        loansClosed = make.CreateGauge("laitelaina_loans_closed_total", "Loans ever closed (returned or handed over).");
        overdue = make.CreateGauge("laitelaina_loans_overdue", "Open loans past their due date.");
        printJobs = make.CreateGauge("laitelaina_print_jobs", "Print jobs by state; Queued is the queue's depth, Failed the failures kept.", "state");
        provisioningJobs = make.CreateGauge("laitelaina_provisioning_jobs", "Provisioning jobs by state.", "state");
        stepSeconds = make.CreateHistogram("laitelaina_provisioning_step_seconds", "Durations of provisioning steps finished while this service runs.",
            new HistogramConfiguration { LabelNames = ["step"], Buckets = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800] });
        scanners = make.CreateGauge("laitelaina_scanners_connected", "Scanners whose port is open, by configured name.", "scanner");
        printers = make.CreateGauge("laitelaina_printers_answering", "Printers that answered their last status check, by configured name.", "printer");
        backupAge = make.CreateGauge("laitelaina_backup_last_success_age_seconds", "Seconds since the last good backup; -1 before the first.");
        backupOk = make.CreateGauge("laitelaina_backup_last_ok", "1 when the last backup run succeeded, 0 when it failed, -1 before the first.");
        backupsFailed = make.CreateGauge("laitelaina_backups_failed_total", "Backup runs that failed.");
        Registry.AddBeforeCollectCallback(CollectAsync);
    }

    public CollectorRegistry Registry { get; }

    public void Dispose() => oneScrape.Dispose();

    private async Task CollectAsync(CancellationToken ct)
    {
        // Two scrapes at once would observe the same finished steps twice.
        await oneScrape.WaitAsync(ct);
        try
        {
            await CollectOnceAsync(ct);
        }
        finally
        {
            oneScrape.Release();
        }
    }

    private async Task CollectOnceAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var since = stepsSince;
        var now = clock.GetUtcNow();
        await db.ReadAsync(async c =>
        {
            var loans = await c.QuerySingleAsync<(long Opened, long Closed, long Overdue)>("""
                SELECT count(*),
                       count(closed_at),
                       coalesce(sum(CASE WHEN closed_at IS NULL AND due_on < @today THEN 1 ELSE 0 END), 0)
                FROM loans
                """, new { today });
            loansOpened.Set(loans.Opened);
            loansClosed.Set(loans.Closed);
            overdue.Set(loans.Overdue);
            await ByStateAsync(c, "SELECT state, count(*) FROM print_jobs GROUP BY state", printJobs, ["Queued", "Printing", "Failed"]);
            await ByStateAsync(c, "SELECT state, count(*) FROM provisioning_jobs GROUP BY state", provisioningJobs, ["Queued", "Running", "NeedsPerson", "Failed"]);
            var steps = await c.QueryAsync<(string Name, long? DurationMs, DateTimeOffset FinishedAt)>(
                "SELECT name, duration_ms, finished_at FROM provisioning_steps WHERE finished_at > @since AND duration_ms IS NOT NULL", new { since });
            foreach (var step in steps)
            {
                stepSeconds.WithLabels(step.Name).Observe(step.DurationMs!.Value / 1000.0);
                if (step.FinishedAt > stepsSince)
                    stepsSince = step.FinishedAt;
            }
            backupsFailed.Set(await c.ExecuteScalarAsync<long>("SELECT count(*) FROM backups WHERE state = 'failed'"));
            return true;
        }, ct);
        var last = await backups.LastAsync(ct);
        var good = await backups.LastSuccessAsync(ct);
        backupOk.Set(last is null ? -1 : last.Succeeded ? 1 : 0);
        backupAge.Set(good is null ? -1 : (now - good.FinishedAt).TotalSeconds);
        var report = hardware.Report();
        foreach (var s in report.Scanners)
            scanners.WithLabels(s.Name).Set(s.State == PortState.Connected ? 1 : 0);
        foreach (var p in report.Printers)
            printers.WithLabels(p.Name).Set(p.CheckedAt is not null && p.Status?.Id == Msg.PrinterReady ? 1 : 0);
    }

    /// <summary>Sets <paramref name="gauge"/> per state, with the states that matter always present (0 when none).</summary>
    private async Task ByStateAsync(DbConnection c, string sql, Gauge gauge, string[] always)
    {
        var counts = (await c.QueryAsync<(string State, long Count)>(sql)).ToDictionary(r => r.State, r => r.Count, StringComparer.Ordinal);
        var shown = states.GetOrAdd(gauge, _ => new HashSet<string>(always, StringComparer.Ordinal));
        lock (shown)
        {
            // A state once shown stays, at 0 when no row is in it any more, rather than keeping its last count.
            shown.UnionWith(counts.Keys);
            foreach (var state in shown)
                gauge.WithLabels(state).Set(counts.GetValueOrDefault(state));
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Gauge, HashSet<string>> states = new();
}
