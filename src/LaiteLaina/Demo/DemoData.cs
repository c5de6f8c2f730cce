using Dapper;
using LaiteLaina.Documents;
using LaiteLaina.Inventory;
using LaiteLaina.Loans;
using LaiteLaina.People;
using LaiteLaina.Storage;

namespace LaiteLaina.Demo;

/// <summary>
/// A realistic small office for demos and training, taken from the seed reports: three bought tablets, three
/// taken over from early-childhood education, laptops from a named donor, and a lobby computer point whose PC
/// is leased and whose monitor and printer/scanner are owned. Everything goes through the same services as
/// real work, so the audit log shows it too.
/// </summary>
public static class DemoData
{
    private const string Actor = "demo";

    public static void AddCommand(CliApp app, RootCommand root)
    {
        var demo = new Command("demo", "Fill an empty database with a small demo office");
        app.Action(demo, async (cli, ct) =>
        {
            var services = await cli.ServicesAsync(ct);
            var added = await FillAsync(services, ct);
            // Simulated tablets and a file printer are for the one-machine demo on SQLite, not a shared database.
            if (cli.Location.PostgresConnectionString is null)
                Provisioning.DemoTablets.WriteDemoSettings(cli.Location.DataDirectory);
            await cli.Out.WriteLineAsync(added == 0
                ? "The database already has devices; the demo office was not added."
                : $"Demo office added: {added} devices. Try 'laitelaina device list'.");
            var users = await AddUsersAsync(services.GetRequiredService<Users.UserService>(), ct);
            if (users.Count > 0)
                await cli.Out.WriteLineAsync($"Demo users (password '{DemoPassword}'): {string.Join(", ", users)}.");
        });
        root.Subcommands.Add(demo);
    }

    /// <summary>Known to everyone who reads the README: for a demo on one's own machine only.</summary>
    public const string DemoPassword = "demo-password";

    /// <summary>One person of each role, so that a newcomer can see what each of them sees.</summary>
    public static async Task<IReadOnlyList<string>> AddUsersAsync(Users.UserService users, CancellationToken ct = default)
    {
        var added = new List<string>();
        foreach (var (name, display, role) in new[]
                 {
                     ("sari", "Sari Salo", "counsellor"), ("ville", "Ville Virta", "volunteer"),
                     ("maija", "Maija Mäki", "manager"), ("aino", "Aino Admin", "admin"),
                 })
        {
            if ((await users.ListAsync(ct)).Any(u => u.Name == name))
                continue;
            await users.AddAsync(name, display, role, DemoPassword, Actor, ct: ct);
            added.Add($"{name} ({role})");
        }
        return added;
    }

    /// <summary>Adds the demo office to an empty database; returns the number of devices added (0 when it already had some).</summary>
    public static async Task<int> FillAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<Database>();
        if (await db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM devices"), ct) > 0)
            return 0;
        var sites = services.GetRequiredService<SiteService>();
        var donors = services.GetRequiredService<DonorService>();
        var inventory = services.GetRequiredService<InventoryService>();
        var points = services.GetRequiredService<ComputerPointService>();
        // Dates in the demo (a lease ending, loans due) are counted from the loan service's clock.
        var loans = services.GetRequiredService<LoanService>();

        await sites.AddAsync("KESKUS", "Keskustan sosiaali- ja työllisyyspalvelut", "Kauppakatu 12, 40100 Jyväskylä", Actor, ct);
        await sites.AddAsync("KYLA", "Kylätalo Palokka", "Palokankaantie 3, 40270 Palokka", Actor, ct);
        foreach (var location in new[] { "Aula", "Laitekaappi", "Palveluohjaus" })
            await sites.AddLocationAsync("KESKUS", location, Actor, ct);
        await sites.AddLocationAsync("KYLA", "Kerhohuone", Actor, ct);
        await donors.AddAsync("Keski-Suomen Energia Oy", "company", "it-tuki@example.fi", "Donates retired office laptops twice a year", Actor, ct);
        await donors.AddAsync("Digitukiyhdistys ry", "organisation", "info@example.org", null, Actor, ct);

        var count = 0;
        var purchased = new DeviceInput
        {
            Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A9+", Os = "Android", OsVersion = "14",
            Acquisition = "purchased", AcquiredOn = "2025-09-01", Cost = "229,00", Supplier = "Hansel / Atea Finland",
            Site = "KESKUS", Location = "Laitekaappi", Accessories = "laturi\nsuojakotelo", Condition = "new",
        };
        for (var i = 1; i <= 3; i++)
        {
            var d = await inventory.AddAsync(purchased with { SerialNumber = $"R9ZW40{i:D4}", Imei = Imei($"35291611{i:D6}") }, Actor, ct: ct);
            await inventory.ReadyAsync(d.Tag, Actor, ct);
            count++;
        }
        for (var i = 1; i <= 3; i++)
        {
            await inventory.AddAsync(new DeviceInput
            {
                Kind = "tablet", Make = "Apple", Model = "iPad (9th generation)", SerialNumber = $"DMPG71{i:D4}", Os = "iPadOS", OsVersion = "17",
                Acquisition = "transferred", TransferredFrom = "Varhaiskasvatus, Keskustan päiväkoti", AcquiredOn = "2025-10-15",
                Site = "KESKUS", Location = "Laitekaappi", Condition = "fair", Accessories = "laturi",
            }, Actor, ct: ct);
            count++;
        }
        for (var i = 1; i <= 4; i++)
        {
            await inventory.AddAsync(new DeviceInput
            {
                Kind = "laptop", Make = "Lenovo", Model = "ThinkPad T480", SerialNumber = $"PF1K{i:D4}X", Os = "Windows", OsVersion = "11",
                Acquisition = "donated", Donor = "Keski-Suomen Energia Oy", AcquiredOn = "2025-11-03", Condition = "good",
                Site = "KESKUS", Location = "Laitekaappi", Accessories = "virtalähde",
            }, Actor, ct: ct);
            count++;
        }
        var pc = await inventory.AddAsync(new DeviceInput
        {
            Kind = "desktop", Make = "HP", Model = "Pro Mini 400 G9", SerialNumber = "CZC4101ABC", Os = "Windows", OsVersion = "11",
            Acquisition = "leased", Supplier = "Leasing Oy", LeaseEnd = loans.Today.AddDays(75).ToString("yyyy-MM-dd"),
            LeasePaidBy = "Tietohallinto", AcquiredOn = "2023-02-01", Site = "KESKUS", Location = "Aula",
        }, Actor, ct: ct);
        var monitor = await inventory.AddAsync(new DeviceInput
        {
            Kind = "monitor", Make = "Dell", Model = "P2422H", SerialNumber = "CN0DELL42", Acquisition = "purchased", Cost = "189,00",
            AcquiredOn = "2023-02-01", Site = "KESKUS", Location = "Aula",
        }, Actor, ct: ct);
        var printer = await inventory.AddAsync(new DeviceInput
        {
            Kind = "printer-scanner", Make = "Brother", Model = "MFC-L2710DW", SerialNumber = "E78123K0N", Acquisition = "purchased",
            Cost = "219,00", AcquiredOn = "2023-02-01", Site = "KESKUS", Location = "Aula",
        }, Actor, ct: ct);
        // Notes as the Finnish office writes them: the demo's pages are read in Finnish and Swedish, never in English.
        await points.AddAsync("Aulan asiakaspiste", "KESKUS", "Aula",
            "Tietokone leasattu Leasing Oy:ltä, maksaja Tietohallinto; näyttö ja monitoimitulostin ovat omia",
            "Tulostimen väriaine vaihdettu 10/2025; seuraava tarkistus 1/2026", [pc.Tag, monitor.Tag, printer.Tag], Actor, ct);
        foreach (var d in new[] { pc, monitor, printer })
            await inventory.ReadyAsync(d.Tag, Actor, ct);

        // A donated tablet, wiped by hand and ready: a client who finished digital coaching may take it home to keep.
        var donated = await inventory.AddAsync(new DeviceInput
        {
            Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A8", SerialNumber = "R9ZT20A8D1", Os = "Android", OsVersion = "14",
            Acquisition = "donated", Donor = "Digitukiyhdistys ry", AcquiredOn = "2025-12-01", Site = "KESKUS", Location = "Laitekaappi",
            Condition = "good", Accessories = "laturi",
        }, Actor, ct: ct);
        count++;
        // Two of the iPads taken over from early-childhood education were restored by hand and made ready for lending.
        foreach (var tag in new[] { "LL-000004", "LL-000005", donated.Tag })
        {
            await inventory.RecordWipeAsync(tag, "factory reset", "Ville Virta", null, null, null, Actor, ct: ct);
            await inventory.ReadyAsync(tag, Actor, ct);
        }
        await StoryAsync(services, db, loans, ct);
        await Provisioning.DemoTablets.AddToInventoryAsync(inventory, ct);
        return count + 6;
    }

    /// <summary>
    /// The office's day as the desk shows it: a loan overdue by a few days and one by months, a colleague's tablet due
    /// back today, a tablet just returned and waiting for its wipe, a reservation starting today and one tomorrow, and
    /// borrowers who speak Finnish, plain Finnish, Swedish and English.
    /// Loans are made through the loan service, then moved back in time (the demo pretends they were made earlier),
    /// since no service lends a device in the past.
    /// </summary>
    private static async Task StoryAsync(IServiceProvider services, Database db, LoanService loans, CancellationToken ct)
    {
        var people = services.GetRequiredService<BorrowerService>();
        var reservations = services.GetRequiredService<ReservationService>();
        var client = await people.AddAsync(new BorrowerInput
        {
            Name = "Aino Esimerkki", Contact = "040 000 0001", ClientReference = "ASK-DEMO-1", Language = "fi-selko", InterpreterNeeded = false,
        }, Actor, ct);
        var swedish = await people.AddAsync(new BorrowerInput
        {
            Name = "Elsa Lindqvist", Contact = "050 000 0002", ClientReference = "ASK-DEMO-2", Language = "sv", InterpreterNeeded = false,
        }, Actor, ct);
        var english = await people.AddAsync(new BorrowerInput
        {
            Name = "Samir Haddad", Contact = "044 000 0003", ClientReference = "ASK-DEMO-3", Language = "en", InterpreterNeeded = true,
        }, Actor, ct);
        var staff = await people.AddAsync(new BorrowerInput { Name = "Pekka Perhetyö", Kind = "staff", Unit = "Perhetyö", Badge = "STAFF-0042" }, Actor, ct);
        var place = await people.AddAsync(new BorrowerInput { Name = "Kylätalo Palokka, digikerho", Kind = "place" }, Actor, ct);
        var today = loans.Today;

        async Task<string> LendAsync(string tag, Borrower to, string kind, int startedDaysAgo, int dueInDays, string[]? accessories = null)
        {
            var loan = (await loans.CheckOutAsync(new CheckOutRequest
            {
                Tag = tag, Borrower = Key(to.Id), Kind = kind, Due = Iso(today.AddDays(Math.Max(dueInDays, 0))),
                RecommendingWorker = kind == "client" ? "Sari Sosiaalityöntekijä" : null, Accessories = accessories,
            }, Actor, ct)).Loan;
            await db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE loans SET started_at = @started, due_on = @due WHERE id = @Id",
                new { started = new DateTimeOffset(today.AddDays(-startedDaysAgo).ToDateTime(new TimeOnly(9, 30)), TimeSpan.Zero), due = today.AddDays(dueInDays), loan.Id }, tx), ct);
            return loan.Reference;
        }

        await LendAsync("LL-000001", client, "client", 60, -4, ["laturi", "suojakotelo"]);
        await LendAsync("LL-000002", staff, "staff", 0, 0);
        await LendAsync("LL-000004", swedish, "client", 200, -95, ["laturi"]);
        await LendAsync("LL-000005", english, "client", 45, -1, ["laturi"]);
        // The last one came back this morning: it waits for its wipe before anyone else gets it.
        await loans.ReturnAsync("LL-000005", new ReturnRequest { Condition = "fair" }, Actor, ct: ct);
        await reservations.AddAsync("LL-000003", null, Key(staff.Id), Iso(today), Iso(today.AddDays(1)), "kotikäynti", Actor, ct);
        await reservations.AddAsync(null, "tablet", Key(place.Id), Iso(today.AddDays(1)), Iso(today.AddDays(2)), "digikerho", Actor, ct);
    }

    private static string Key(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Completes 14 digits with the Luhn check digit, so the demo IMEIs are valid.</summary>
    private static string Imei(string fourteen)
    {
        var sum = 0;
        for (var i = 0; i < 14; i++)
        {
            var d = fourteen[13 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return fourteen + ((10 - sum % 10) % 10);
    }
}
