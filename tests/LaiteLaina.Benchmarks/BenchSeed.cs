using System.Diagnostics;
using System.Globalization;
using Dapper;
using LaiteLaina.Storage;
using Microsoft.Data.Sqlite;

namespace LaiteLaina.Benchmarks;

/// <summary>
/// A large SQLite data directory for the report and web benchmarks: 1,000,000 devices and 5,000,000 loans over five
/// years (staff and client loans, returned on time or late, with missing accessories or damage, lost, open, overdue),
/// a few thousand borrowers, ten sites, forty counsellors. Written straight into the tables with prepared inserts in
/// one transaction, secondary indexes dropped first and rebuilt after (a B-tree built once is much faster than one
/// grown row by row). No audit rows: this is volume for reading, not a history. A directory already seeded (marked by
/// the file bench-seed.done) is reused as it is.
/// Usage: laitelaina-bench seed DIR [devices] [loans]
/// </summary>
public static class BenchSeed
{
    public const string Marker = "bench-seed.done";
    public static readonly DateTimeOffset Start = new(2021, 1, 4, 0, 0, 0, TimeSpan.Zero);
    /// <summary>The seeded history ends here; loans still open are due around it. Reports run with "today" = this day.</summary>
    public static readonly DateOnly Today = new(2026, 1, 15);

    /// <summary>The seeded sites, codes as the site-code rule takes them (A–Z, digits and "-").</summary>
    internal static readonly string[] Sites = ["KESKUS", "POHJOINEN", "ITA", "ETELA", "LANSI", "KIRJASTO", "NUORET", "PERHE", "TYO", "AULA"];
    private static readonly string[] Units = ["Perhetyö", "Aikuissosiaalityö", "Työllisyyspalvelut", "Nuorten palvelut", "Vammaispalvelut", "Lastensuojelu"];
    private static readonly string[] Kinds = ["Tablet", "Tablet", "Tablet", "Phone", "Laptop", "Laptop", "Desktop", "Monitor"];
    private static readonly string[] Models = ["Galaxy Tab A9", "Tab M10", "iPad 9", "G21", "Latitude 5440", "ProBook 450", "ThinkCentre M70q", "P2422H"];

    public static async Task<string> EnsureAsync(string dir, int devices = 1_000_000, int loans = 5_000_000)
    {
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, DataLocation.DatabaseFileName);
        if (File.Exists(Path.Combine(dir, Marker)) && File.Exists(file))
        {
            Console.WriteLine($"Reusing the seeded database in {dir}.");
            return file;
        }
        foreach (var f in Directory.GetFiles(dir, DataLocation.DatabaseFileName + "*"))
            File.Delete(f);
        var db = Database.Sqlite(file);
        await Migrator.MigrateAsync(db);
        var total = Stopwatch.StartNew();
        await using (var c = (SqliteConnection)await db.OpenAsync())
        {
            // Nothing to lose while seeding: no journal, no waiting for the disk. WAL again at the end.
            // Foreign keys off: each device row follows its loans (its status depends on them); the ids match by construction.
            await c.ExecuteAsync("PRAGMA foreign_keys = OFF; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000; PRAGMA temp_store = MEMORY;");
            var indexes = (await c.QueryAsync<(string Name, string Sql)>(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('devices', 'loans', 'borrowers') AND sql IS NOT NULL")).AsList();
            foreach (var (name, _) in indexes)
                await c.ExecuteAsync($"DROP INDEX {name}");
            // The return-audit totals are counted once after the fill, not by the triggers five million times over.
            var triggers = (await c.QueryAsync<(string Name, string Sql)>(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('loans', 'borrowers')")).AsList();
            foreach (var (name, _) in triggers)
                await c.ExecuteAsync($"DROP TRIGGER {name}");
            await using (var tx = (SqliteTransaction)await c.BeginTransactionAsync())
            {
                await FillAsync(c, tx, devices, loans);
                await tx.CommitAsync();
            }
            var build = Stopwatch.StartNew();
            foreach (var (_, sql) in indexes)
                await c.ExecuteAsync(sql);
            foreach (var (_, sql) in triggers)
                await c.ExecuteAsync(sql);
            await c.ExecuteAsync("ANALYZE;");
            Console.WriteLine($"Indexes rebuilt and analysed in {build.Elapsed.TotalSeconds:F0} s.");
            await c.ExecuteAsync("PRAGMA journal_mode = WAL;");
        }
        SqliteConnection.ClearAllPools();
        await new LaiteLaina.Audit.LoanTotals(db).RebuildAsync();
        await File.WriteAllTextAsync(Path.Combine(dir, Marker), $"{devices} devices, {loans} loans, seeded in {total.Elapsed.TotalSeconds:F0} s\n");
        Console.WriteLine($"Seeded {devices:N0} devices and {loans:N0} loans in {total.Elapsed.TotalSeconds:F0} s ({new FileInfo(file).Length / 1e9:F1} GB).");
        return file;
    }

    private static async Task FillAsync(SqliteConnection c, SqliteTransaction tx, int deviceCount, int loanCount)
    {
        var random = new Random(2026);
        var now = Ts(Start);
        for (var s = 0; s < Sites.Length; s++)
        {
            await c.ExecuteAsync("INSERT INTO sites (code, name, created_at) VALUES (@code, @name, @now)", new { code = Sites[s], name = "Toimipiste " + Sites[s], now }, tx);
            await c.ExecuteAsync("INSERT INTO locations (site_id, name) VALUES (@site, 'Kaappi')", new { site = s + 1 }, tx);
        }
        for (var i = 1; i <= 20; i++)
            await c.ExecuteAsync("INSERT INTO donors (name, kind, created_at) VALUES (@name, @kind, @now)", new { name = $"Lahjoittaja {i} Oy", kind = i % 5 == 0 ? "Person" : "Company", now }, tx);
        const int staff = 1000, clients = 4000;
        for (var i = 1; i <= staff + clients; i++)
        {
            var isStaff = i <= staff;
            await c.ExecuteAsync("""
                INSERT INTO borrowers (kind, name, contact, unit, badge, preferred_language, interpreter_needed, created_at, updated_at)
                VALUES (@kind, @name, @contact, @unit, @badge, 'fi', 0, @now, @now)
                """, new
            {
                kind = isStaff ? "Staff" : "Client", name = (isStaff ? "Työntekijä " : "Asiakas ") + i, contact = "040 " + (1000000 + i),
                unit = isStaff ? Units[i % Units.Length] : null, badge = isStaff ? "STAFF-" + i.ToString("D4", CultureInfo.InvariantCulture) : null, now,
            }, tx);
        }

        var seed = Stopwatch.StartNew();
        using var device = Prepare(c, tx, """
            INSERT INTO devices (id, tag, kind, make, model, serial_number, status, condition, site_id, location_id, acquisition, acquired_on, donor_id,
                                 lease_end, lease_paid_by, needs_wipe, created_at, updated_at)
            VALUES ($id, $tag, $kind, 'Make', $model, $serial, $status, $condition, $site, $location, $acquisition, $acquired, $donor, $leaseEnd, $paidBy, 0, $now, $now)
            """, "$id", "$tag", "$kind", "$model", "$serial", "$status", "$condition", "$site", "$location", "$acquisition", "$acquired", "$donor", "$leaseEnd", "$paidBy", "$now");
        using var loan = Prepare(c, tx, """
            INSERT INTO loans (id, reference, kind, state, device_id, borrower_id, counsellor, recommending_worker, language, started_at, due_on, closed_at,
                               accessories_out, condition_out, accessories_missing, condition_in, renewals, closed_by, site_id)
            VALUES ($id, $ref, $kind, $state, $device, $borrower, $counsellor, $recommending, 'fi', $started, $due, $closed,
                    $acc, 'Good', $missing, $conditionIn, 0, $closedBy, $site)
            """, "$id", "$ref", "$kind", "$state", "$device", "$borrower", "$counsellor", "$recommending", "$started", "$due", "$closed", "$acc", "$missing", "$conditionIn", "$closedBy", "$site");

        var spanDays = Today.DayNumber - DateOnly.FromDateTime(Start.UtcDateTime).DayNumber;
        long loanId = 0;
        var perDevice = (double)loanCount / deviceCount;
        for (var d = 1; d <= deviceCount; d++)
        {
            // Each device gets its share of the loans, one per equal slot of the five years, so no two overlap and every
            // year has its loans. A tenth of the devices are out right now (their last loan began lately: some not yet
            // due, some overdue); 2 % of last loans were never returned; 5 % of last loans were lost.
            var count = (int)(d * perDevice) - (int)((d - 1) * perDevice);
            var slot = (double)spanDays / Math.Max(count, 1);
            var site = 1 + random.Next(Sites.Length);
            var status = "Ready";
            for (var k = 0; k < count; k++)
            {
                var client = random.Next(10) < 3;
                var days = client ? random.Next(30, 181) : random.Next(1, 15);
                var last = k == count - 1;
                var current = last && random.Next(10) == 0;
                var startDay = current
                    ? Today.AddDays(-random.Next(0, days + 30))
                    : DateOnly.FromDateTime(Start.UtcDateTime).AddDays((int)(k * slot + random.NextDouble() * Math.Max(1, slot - 250)));
                var at = new DateTimeOffset(startDay.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero).AddMinutes(random.Next(540));
                var due = startDay.AddDays(days);
                var roll = random.Next(1000);
                var lost = last && !current && roll < 50;
                var late = !lost && roll is >= 50 and < 200;
                DateTimeOffset? closedAt = new DateTimeOffset(due.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero)
                    .AddDays(late ? random.Next(1, 61) : -random.Next(0, Math.Min(days, 5)));
                var open = current || (last && roll is >= 980) || DateOnly.FromDateTime(closedAt.Value.UtcDateTime) >= Today;
                if (open)
                    closedAt = null;
                loanId++;
                loan.Bind(loanId, "LN-" + loanId.ToString("D7", CultureInfo.InvariantCulture), client ? "Client" : "Staff",
                    open ? "Open" : lost ? "Lost" : "Returned", d, client ? 1001 + random.Next(clients) : 1 + random.Next(staff),
                    "Ohjaaja " + (1 + random.Next(40)), client ? "Sosiaalityöntekijä " + (1 + random.Next(60)) : null,
                    Ts(at), Date(due), closedAt is { } cl ? Ts(cl) : null, random.Next(2) == 0 ? "charger" : null,
                    !open && !lost && roll is >= 200 and < 230 ? "charger" : null,
                    open || lost ? null : roll is >= 230 and < 250 ? "Poor" : "Good", open ? null : "bench", site);
                loan.Run();
                status = open ? "OnLoan" : lost ? "Lost" : "Ready";
            }
            var kind = random.Next(Kinds.Length);
            var donated = random.Next(5) == 0;
            var leased = !donated && random.Next(50) == 0;
            device.Bind(d, "LL-" + d.ToString("D6", CultureInfo.InvariantCulture), Kinds[kind], Models[kind], "SN" + d.ToString("X8", CultureInfo.InvariantCulture),
                status, random.Next(4) == 0 ? "Fair" : "Good", site, random.Next(4) == 0 ? site : null, donated ? "Donated" : leased ? "Leased" : "Purchased",
                Date(new DateOnly(2019, 1, 1).AddDays(random.Next(2000))), donated ? 1 + random.Next(20) : null,
                leased ? Date(Today.AddDays(random.Next(-30, 400))) : null, leased ? "Tietohallinto" : null, now);
            device.Run();
            if (d % 100_000 == 0)
                Console.WriteLine($"  {d:N0} devices, {loanId:N0} loans ({seed.Elapsed.TotalSeconds:F0} s)");
        }
        await c.ExecuteAsync("UPDATE counters SET value = @n WHERE name = 'device_tag'", new { n = deviceCount }, tx);
        await c.ExecuteAsync("UPDATE counters SET value = @n WHERE name = 'loan_reference'", new { n = loanId }, tx);
        Console.WriteLine($"Rows written in {seed.Elapsed.TotalSeconds:F0} s.");
    }

    private static Insert Prepare(SqliteConnection c, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var n in names)
            command.Parameters.Add(new SqliteParameter(n, null));
        command.Prepare();
        return new Insert(command);
    }

    private sealed class Insert(SqliteCommand command) : IDisposable
    {
        public void Bind(params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        public void Run() => command.ExecuteNonQuery();

        public void Dispose() => command.Dispose();
    }

    private static string Ts(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
