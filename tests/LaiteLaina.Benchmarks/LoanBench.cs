using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Globalization;
using System.Text;
using LaiteLaina.Documents;
using LaiteLaina.Inventory;
using LaiteLaina.Loans;
using LaiteLaina.People;
using LaiteLaina.Storage;

namespace LaiteLaina.Benchmarks;

/// <summary>
/// Check-out plus return transactions per second on SQLite, in process (issue 3): a staff loan (two
/// transactions, no paperwork) and a client loan (the same plus its agreement and return receipt rendered
/// and stored), and, for the architecture's cost (issue 14), the staff loan's writes as raw SQL with Dapper
/// and no service code, on the same file and connection settings. Service and raw run in alternating
/// blocks in one run, so machine noise hits both alike and their ratio is the figure to quote.
/// Usage: laitelaina-bench loans [pairs] [results.md] (appends a dated section to results.md)
/// </summary>
public static class LoanBench
{
    private const int Devices = 50;
    private const int Block = 250;

    public static async Task<string> RunAsync(int pairs, string dir)
    {
        var db = Database.Sqlite(Path.Combine(dir, DataLocation.DatabaseFileName));
        await Migrator.MigrateAsync(db);
        var inventory = new InventoryService(db);
        // The service's devices and the raw path's devices are apart, so neither sees the other's loans.
        for (var i = 0; i < 2 * Devices; i++)
            await inventory.ReadyAsync((await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A9+", SerialNumber = "B" + i }, "bench")).Tag, "bench");
        var people = new BorrowerService(db);
        var staffId = (await people.AddAsync(new BorrowerInput { Name = "Pekka Perhetyö", Kind = "staff" }, "bench")).Id;
        var staff = staffId.ToString(CultureInfo.InvariantCulture);
        var client = (await people.AddAsync(new BorrowerInput { Name = "Aino Äijälä", Contact = "040 123 4567" }, "bench")).Id.ToString(CultureInfo.InvariantCulture);
        using var host = global::LaiteLaina.Program.CreateHost([], new DataLocation(dir, null), "http://127.0.0.1:0", b => b.Logging.ClearProviders(), db);
        var loans = host.Services.GetRequiredService<LoanService>();
        var due = DateTime.Today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var raw = new RawLoans(db.ConnectionString, staffId, DateOnly.FromDateTime(DateTime.Today.AddDays(30)));

        async Task ServicePair(string kind, string borrower, string tag)
        {
            await loans.CheckOutAsync(new CheckOutRequest { Tag = tag, Borrower = borrower, Kind = kind, Due = due, RecommendingWorker = "Sari" }, "bench");
            await loans.ReturnAsync(tag, new ReturnRequest(), "bench");
        }
        async Task RawPair(string tag)
        {
            await raw.CheckOutAsync(tag);
            await raw.ReturnAsync(tag);
        }

        var staffTimes = new List<double>();
        var rawTimes = new List<double>();
        await MeasureAsync(tag => ServicePair("staff", staff, tag), 0, 200, [], tag => ReadyAgainAsync(db, tag)); // warm-up: JIT, pools, templates
        await MeasureAsync(RawPair, Devices, 200, [], null);
        await MeasureAsync(tag => ServicePair("client", client, tag), 0, 20, [], tag => ReadyAgainAsync(db, tag));
        for (var done = 0; done < pairs; done += Block)
        {
            var count = Math.Min(Block, pairs - done);
            await MeasureAsync(tag => ServicePair("staff", staff, tag), 0, count, staffTimes, tag => ReadyAgainAsync(db, tag));
            await MeasureAsync(RawPair, Devices, count, rawTimes, null);
        }
        var clientTimes = new List<double>();
        await MeasureAsync(tag => ServicePair("client", client, tag), 0, Math.Max(50, pairs / 20), clientTimes, tag => ReadyAgainAsync(db, tag));
        var staffResult = Summary(staffTimes);
        var rawResult = Summary(rawTimes);
        var clientResult = Summary(clientTimes);

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: the service against raw SQL, side by side").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"With `scripts/bench-loans.sh` (Release). Machine: {Environment.ProcessorCount} cores shared with other work, so the figures move from run to run; the ratio, from one run with service and raw in alternating blocks of {Block} pairs ({pairs} pairs each), is the number to quote.");
        report.AppendLine("Each pair is two transactions (check out, return); the time between pairs that puts the device back on the shelf is not counted.");
        report.AppendLine("Raw SQL: one connection from the same pool with the same PRAGMAs and one IMMEDIATE transaction per operation, three Dapper statements each (check-out: device status, loan insert, audit row; return: loan close, device status, audit row), no service code.").AppendLine();
        report.AppendLine("| path | pairs/s | transactions/s | p50 per pair | p99 per pair | goal |");
        report.AppendLine("| --- | --- | --- | --- | --- | --- |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| service, staff loan (no paperwork) | {staffResult.PerSecond:F0} | {2 * staffResult.PerSecond:F0} | {staffResult.P50:F2} ms | {staffResult.P99:F2} ms | 2,000/s |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| raw SQL, the same writes | {rawResult.PerSecond:F0} | {2 * rawResult.PerSecond:F0} | {rawResult.P50:F2} ms | {rawResult.P99:F2} ms | — |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| service, client loan (agreement + receipt PDFs stored) | {clientResult.PerSecond:F0} | {2 * clientResult.PerSecond:F0} | {clientResult.P50:F2} ms | {clientResult.P99:F2} ms | — |");
        var ratio = rawResult.PerSecond / staffResult.PerSecond;
        report.AppendLine().AppendLine(CultureInfo.InvariantCulture,
            $"Ratio service/raw time per pair: **{ratio:F2}×** (goal: within 2×, {(ratio <= 2 ? "met" : "not met")}). What the service does beyond the raw writes, per check-out: reads the device with its joined names, the borrower, open reservations and the next loan reference, and writes a second audit row (the device move) with JSON snapshots; per return: reads the device, its open loan and the office settings, and the same second audit row.");
        report.AppendLine(CultureInfo.InvariantCulture, $"Ratio client/staff time per pair: {staffResult.PerSecond / clientResult.PerSecond:F1}×.");
        return report.ToString();
    }

    /// <summary>Times <paramref name="count"/> pairs on the devices from <paramref name="firstDevice"/> on, adding each pair's
    /// milliseconds to <paramref name="times"/>; <paramref name="after"/> runs untimed after each pair.</summary>
    private static async Task MeasureAsync(Func<string, Task> pair, int firstDevice, int count, List<double> times, Func<string, Task>? after)
    {
        for (var i = 0; i < count; i++)
        {
            var tag = $"LL-{firstDevice + (i % Devices) + 1:D6}";
            var sw = Stopwatch.StartNew();
            await pair(tag);
            times.Add(sw.Elapsed.TotalMilliseconds);
            if (after is not null)
                await after(tag);
        }
    }

    private static (double PerSecond, double P50, double P99) Summary(List<double> times)
    {
        var sorted = times.Order().ToArray();
        return (sorted.Length / sorted.Sum() * 1000, sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)]);
    }

    /// <summary>Puts the returned device straight back on the shelf, outside the measured time.</summary>
    private static Task<int> ReadyAgainAsync(Database db, string tag) =>
        db.WriteAsync((c, tx) => Dapper.SqlMapper.ExecuteAsync(c, "UPDATE devices SET status = 'Ready', needs_wipe = @no WHERE tag = @tag", new { tag, no = false }, tx));
}
