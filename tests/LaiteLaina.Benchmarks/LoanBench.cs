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
/// and stored), side by side in one run so machine noise hits both alike.
/// Usage: laitelaina-bench loans [pairs] [results.md]
/// </summary>
public static class LoanBench
{
    public static async Task<string> RunAsync(int pairs, string dir)
    {
        var db = Database.Sqlite(Path.Combine(dir, DataLocation.DatabaseFileName));
        await Migrator.MigrateAsync(db);
        var inventory = new InventoryService(db);
        const int devices = 50;
        for (var i = 0; i < devices; i++)
            await inventory.ReadyAsync((await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A9+", SerialNumber = "B" + i }, "bench")).Tag, "bench");
        var people = new BorrowerService(db);
        var staff = (await people.AddAsync(new BorrowerInput { Name = "Pekka Perhetyö", Kind = "staff" }, "bench")).Id.ToString(CultureInfo.InvariantCulture);
        var client = (await people.AddAsync(new BorrowerInput { Name = "Aino Äijälä", Contact = "040 123 4567" }, "bench")).Id.ToString(CultureInfo.InvariantCulture);
        using var host = global::LaiteLaina.Program.CreateHost([], new DataLocation(dir, null), "http://127.0.0.1:0", b => b.Logging.ClearProviders(), db);
        var loans = host.Services.GetRequiredService<LoanService>();
        var due = DateTime.Today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        async Task<(double PerSecond, double P50, double P99)> Measure(string kind, string borrower, int count)
        {
            var times = new double[count];
            for (var i = 0; i < count; i++)
            {
                var tag = $"LL-{(i % devices) + 1:D6}";
                var sw = Stopwatch.StartNew();
                await loans.CheckOutAsync(new CheckOutRequest { Tag = tag, Borrower = borrower, Kind = kind, Due = due, RecommendingWorker = "Sari" }, "bench");
                await loans.ReturnAsync(tag, new ReturnRequest(), "bench");
                times[i] = sw.Elapsed.TotalMilliseconds;
                await ReadyAgainAsync(db, tag);
            }
            Array.Sort(times);
            return (count / times.Sum() * 1000, times[count / 2], times[(int)(count * 0.99)]);
        }

        await Measure("staff", staff, 200); // warm-up: JIT, pools, templates
        await Measure("client", client, 20);
        var staffResult = await Measure("staff", staff, pairs);
        var clientResult = await Measure("client", client, Math.Max(50, pairs / 20));

        var report = new StringBuilder();
        report.AppendLine("# Loans: check-out plus return on SQLite, in process").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `scripts/bench-loans.sh` (Release). Machine: {Environment.ProcessorCount} cores shared with other work.");
        report.AppendLine("Each pair is two transactions (check out, return), each with its device move and audit rows; the time between pairs that puts the device back on the shelf is not counted.").AppendLine();
        report.AppendLine("| loan kind | pairs/s | p50 per pair | p99 per pair | goal |");
        report.AppendLine("| --- | --- | --- | --- | --- |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| staff (no paperwork) | {staffResult.PerSecond:F0} | {staffResult.P50:F2} ms | {staffResult.P99:F2} ms | 2,000/s |");
        report.AppendLine(CultureInfo.InvariantCulture, $"| client (agreement + receipt PDFs stored) | {clientResult.PerSecond:F0} | {clientResult.P50:F2} ms | {clientResult.P99:F2} ms | — |");
        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Ratio client/staff time per pair: {staffResult.PerSecond / clientResult.PerSecond:F1}×: the two PDFs, not the transactions, set the pace of a client loan.");
        return report.ToString();
    }

    /// <summary>Puts the returned device straight back on the shelf, outside the measured time.</summary>
    private static Task<int> ReadyAgainAsync(Database db, string tag) =>
        db.WriteAsync((c, tx) => Dapper.SqlMapper.ExecuteAsync(c, "UPDATE devices SET status = 'Ready', needs_wipe = @no WHERE tag = @tag", new { tag, no = false }, tx));
}
