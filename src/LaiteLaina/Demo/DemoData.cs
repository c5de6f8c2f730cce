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
            Site = "KESKUS", Location = "Laitekaappi", Accessories = "laturi, suojakotelo", Condition = "new",
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
        await points.AddAsync("Aulan asiakaspiste", "KESKUS", "Aula",
            "PC leased from Leasing Oy, Tietohallinto pays; monitor and printer/scanner owned",
            "Printer toner replaced 2025-10; next check 2026-01", [pc.Tag, monitor.Tag, printer.Tag], Actor, ct);
        foreach (var d in new[] { pc, monitor, printer })
            await inventory.ReadyAsync(d.Tag, Actor, ct);

        // Two loans, so that the desk and the loan list have something to show: a client's tablet under a signed
        // agreement, and a colleague's tablet for today's home visit.
        var people = services.GetRequiredService<BorrowerService>();
        var client = await people.AddAsync(new BorrowerInput
        {
            Name = "Aino Esimerkki", Contact = "040 000 0001", ClientReference = "ASK-DEMO-1", Language = "fi-selko", InterpreterNeeded = false,
        }, Actor, ct);
        await people.AddAsync(new BorrowerInput { Name = "Pekka Perhetyö", Kind = "staff", Unit = "Perhetyö", Badge = "STAFF-0042" }, Actor, ct);
        var today = loans.Today;
        await loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000001", Borrower = client.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Kind = "client",
            Due = today.AddMonths(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            RecommendingWorker = "Sari Sosiaalityöntekijä", Accessories = ["laturi", "suojakotelo"],
        }, Actor, ct);
        await loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000002", Borrower = "STAFF-0042", Kind = "staff", Due = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }, Actor, ct);
        await Provisioning.DemoTablets.AddToInventoryAsync(inventory, ct);
        return count + 6;
    }

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
