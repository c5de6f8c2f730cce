using System.Diagnostics;
using System.Globalization;
using System.Text;
using LaiteLaina.Inventory;
using LaiteLaina.Kernel;
using LaiteLaina.Loans;
using LaiteLaina.People;
using LaiteLaina.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LaiteLaina.Benchmarks;

/// <summary>
/// How long a short write waits while other desks lend under agreements (issue 15, defect 7): a colleague's loan
/// (check-out and return, no paperwork) timed alone and then while two desks lend to clients without pause, each
/// client loan laying out its agreement and receipt with names at their longest (200 characters) and 4,000 characters
/// of return notes. Prints one Markdown table row; <c>scripts/bench-lock.sh</c> runs this build and an earlier one in
/// turns and puts their rows side by side.
/// Usage: laitelaina-bench lock [pairs] [label]
/// </summary>
public static class LockBench
{
    private const int Desks = 2;

    public static async Task<string> RunAsync(int pairs, string label, string dir)
    {
        var db = Database.Sqlite(Path.Combine(dir, DataLocation.DatabaseFileName));
        await Migrator.MigrateAsync(db);
        var inventory = new InventoryService(db);
        for (var i = 0; i < Desks + 1; i++)
            await inventory.ReadyAsync((await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A9+", SerialNumber = "L" + i }, "bench")).Tag, "bench");
        var people = new BorrowerService(db);
        var staff = (await people.AddAsync(new BorrowerInput { Name = "Pekka Perhetyö", Kind = "staff" }, "bench")).Id.ToString(CultureInfo.InvariantCulture);
        var longName = string.Join(' ', Enumerable.Repeat("Väänänen-Äijälä", 13))[..200];
        var client = (await people.AddAsync(new BorrowerInput { Name = longName, Contact = "040 123 4567" }, "bench")).Id.ToString(CultureInfo.InvariantCulture);
        var notes = string.Concat(Enumerable.Repeat("Näytössä naarmu, kotelo kulunut. ", 130))[..4000];
        using var host = global::LaiteLaina.Program.CreateHost([], new DataLocation(dir, null), "http://127.0.0.1:0", b => b.Logging.ClearProviders(), db);
        var loans = host.Services.GetRequiredService<LoanService>();
        var due = DateTime.Today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var refused = 0;
        // A write that waited out the busy timeout is refused ("the database stayed busy"): counted, and the device is
        // put back on the shelf (retrying, since that write may wait as well) before the next one.
        async Task<double?> TimedAsync(string tag, Func<Task> pair)
        {
            var sw = Stopwatch.StartNew();
            try
            {
                await pair();
                return sw.Elapsed.TotalMilliseconds;
            }
            catch (UserError)
            {
                Interlocked.Increment(ref refused);
                return null;
            }
            finally
            {
                await ShelveAsync(db, tag);
            }
        }
        Task<double?> StaffPairAsync() => TimedAsync("LL-000001", async () =>
        {
            await loans.CheckOutAsync(new CheckOutRequest { Tag = "LL-000001", Borrower = staff, Kind = "staff", Due = due }, "bench");
            await loans.ReturnAsync("LL-000001", new ReturnRequest(), "bench");
        });
        Task<double?> ClientPairAsync(string tag) => TimedAsync(tag, async () =>
        {
            await loans.CheckOutAsync(new CheckOutRequest { Tag = tag, Borrower = client, Kind = "client", Due = due, RecommendingWorker = longName }, "bench");
            await loans.ReturnAsync(tag, new ReturnRequest { Notes = notes }, "bench");
        });

        for (var i = 0; i < 50; i++)
            await StaffPairAsync(); // warm-up: JIT, pools
        await ClientPairAsync("LL-000002");
        var alone = new List<double>();
        for (var i = 0; i < pairs; i++)
            if (await StaffPairAsync() is { } ms)
                alone.Add(ms);
        refused = 0;

        using var stop = new CancellationTokenSource();
        var clientPairs = 0;
        var clientClock = Stopwatch.StartNew();
        var desks = Enumerable.Range(0, Desks).Select(d => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (await ClientPairAsync($"LL-{d + 2:D6}") is not null)
                    Interlocked.Increment(ref clientPairs);
            }
        })).ToList();
        var busy = new List<double>();
        for (var i = 0; i < pairs; i++)
            if (await StaffPairAsync() is { } ms)
                busy.Add(ms);
        await stop.CancelAsync();
        await Task.WhenAll(desks);
        var perSecond = clientPairs / clientClock.Elapsed.TotalSeconds;

        static string P(List<double> t, double q) => t.Count == 0 ? "—" : t.Order().ElementAt((int)((t.Count - 1) * q)).ToString("F1", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {P(alone, 0.5)} / {P(alone, 0.99)} ms | {P(busy, 0.5)} / {P(busy, 0.95)} / {P(busy, 0.99)} / {P(busy, 1)} ms | {refused} | {perSecond:F1} |");
    }

    public const string Header = """
        | build | colleague's loan alone, p50 / p99 | the same while 2 desks lend to clients, p50 / p95 / p99 / max | writes refused as busy, either kind | client loans/s meanwhile |
        | --- | --- | --- | --- | --- |
        """;

    /// <summary>Closes any open loan of the device and puts it back on the shelf, outside the measured time.</summary>
    private static async Task ShelveAsync(Database db, string tag)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await db.WriteAsync((c, tx) => Dapper.SqlMapper.ExecuteAsync(c, """
                    UPDATE loans SET state = 'Returned', closed_at = CURRENT_TIMESTAMP
                    WHERE state = 'Open' AND device_id = (SELECT id FROM devices WHERE tag = @tag);
                    UPDATE devices SET status = 'Ready', needs_wipe = @no WHERE tag = @tag
                    """, new { tag, no = false }, tx));
                return;
            }
            catch (UserError) when (attempt < 20)
            {
            }
        }
    }
}
