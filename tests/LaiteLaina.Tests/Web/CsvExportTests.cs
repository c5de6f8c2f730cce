using CsvHelper;
using CsvHelper.Configuration;
using System.CommandLine;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// Every CSV the application writes, over the API and the command line, shows a value a person typed (a device note,
/// a borrower's name, a donor, a return note) as text: a cell that begins like a formula gets an apostrophe. The
/// routes come from the service's own endpoints and the verbs from the command line's own tree, so a new export is
/// checked without touching this test; a new verb must be placed in <see cref="Verbs"/>.
/// </summary>
public sealed class CsvExportTests(Engine engine) : ApiTest(engine)
{
    /// <summary>What the data below is planted with: each begins with a character a spreadsheet starts a formula with.</summary>
    private const string Hyperlink = "=HYPERLINK(\"http://evil.example\",\"x\")";

    private const string Plus = "+1+2", Minus = "-2+3", Sum = "@SUM(1+1)";

    private static readonly string[] ReportNames = ["fleet", "loans", "overdue", "donations", "leases", "points"];

    private Dictionary<string, string> samples = null!;

    [SetUp]
    public async Task PlantAsync()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-30));
        await new SiteService(Db).AddAsync("KESKUS", Hyperlink, Sum, "t");
        var donor = await new DonorService(Db).AddAsync(Hyperlink, "company", Plus, Minus, "t");
        var inventory = new InventoryService(Db);
        var planted = new DeviceInput
        {
            Kind = "tablet", Make = Hyperlink, Model = Plus, SerialNumber = "SN1", Os = Sum, Site = "KESKUS", Acquisition = "donated",
            Donor = donor.Id.ToString(CultureInfo.InvariantCulture), Accessories = Minus, Notes = Hyperlink,
        };
        var tags = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var tag = (await inventory.AddAsync(planted with { SerialNumber = "SN" + i }, "t")).Tag;
            await PutDeviceAsync(tag, DeviceStatus.Ready, needsWipe: false);
            tags.Add(tag);
        }
        await inventory.AddAsync(new DeviceInput { Kind = "laptop", Make = Sum, Acquisition = "leased", Supplier = Hyperlink, LeasePaidBy = Minus, LeaseEnd = DateTimeOffset.UtcNow.AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, "t");
        var people = new BorrowerService(Db);
        var client = await people.AddAsync(new BorrowerInput { Name = Hyperlink, Contact = "+358 40 123 4567", ClientReference = Sum }, "t");
        var staff = await people.AddAsync(new BorrowerInput { Name = Sum, Kind = "staff", Unit = Minus }, "t");
        var loans = new LoanService(Db, new LoanDocuments(new DocumentRenderer(new DocumentTemplates(Scratch)), Db), clock);
        // Both due in the past by the time the exports run: one returned late, one still out and overdue.
        string Due(int daysAgo) => DateTimeOffset.UtcNow.AddDays(-daysAgo).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (returned, _) = await loans.CheckOutAsync(new CheckOutRequest { Tag = tags[0], Borrower = client.Id.ToString(CultureInfo.InvariantCulture), Kind = "client", Due = Due(25), RecommendingWorker = Hyperlink, Counsellor = "-sari" }, "t");
        clock.Advance(TimeSpan.FromDays(28));
        await loans.ReturnAsync(tags[0], new ReturnRequest { Notes = Hyperlink, Condition = "fair" }, "t");
        var (open, _) = await loans.CheckOutAsync(new CheckOutRequest { Tag = tags[1], Borrower = staff.Id.ToString(CultureInfo.InvariantCulture), Kind = "staff", Due = Due(1), Counsellor = "=sari" }, "t");
        samples = new()
        {
            ["tag"] = tags[0], ["key"] = open.Reference, ["reference"] = returned.Reference, ["id"] = donor.Id.ToString(CultureInfo.InvariantCulture),
            ["id:long"] = "1", ["borrower"] = client.Id.ToString(CultureInfo.InvariantCulture),
        };
    }

    [Test]
    public async Task Get_EveryApiRouteAsCsv_EveryCellIsText()
    {
        var stocktake = await Http.PostAsJsonAsync("/api/stocktakes", new { site = "KESKUS" });
        samples["stocktake"] = (await stocktake.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()!;
        var routes = ApiGetRoutes();
        var csvRoutes = new List<string>();
        var planted = 0;
        foreach (var url in routes.SelectMany(Urls))
        {
            using var response = await Http.GetAsync(url);
            Assert.That((int)response.StatusCode, Is.LessThan(500), url);
            if (response.Content.Headers.ContentType?.MediaType != "text/csv")
                continue;
            csvRoutes.Add(url);
            var text = await response.Content.ReadAsStringAsync();
            planted += text.Contains("HYPERLINK", StringComparison.Ordinal) ? 1 : 0;
            Assert.That(Formulas(text), Is.Empty, url);
        }
        Assert.Multiple(() =>
        {
            Assert.That(csvRoutes, Has.Some.StartsWith("/api/audit/returns").And.Some.StartsWith("/api/audit-log")
                .And.Some.StartsWith("/api/reports/donations").And.Some.StartsWith("/api/stocktakes/"), string.Join("\n", csvRoutes));
            Assert.That(planted, Is.GreaterThanOrEqualTo(4), "the planted values reached the exports");
        });
    }

    [Test]
    public async Task Run_EveryVerbAsCsv_EveryCellIsText()
    {
        var leaves = Leaves(Program.Cli(TextWriter.Null, TextWriter.Null).Build(), "").ToList();
        // A key is the verb's words, followed by an argument where one verb lists several things (report NAME).
        Assert.That(leaves.Where(v => !Verbs.Keys.Any(k => k == v || k.StartsWith(v + " ", StringComparison.Ordinal))), Is.Empty,
            "verbs this test does not know: say in Verbs how each writes CSV, or why it writes none");
        Assert.That(Verbs.Keys.Where(k => !leaves.Any(v => k == v || k.StartsWith(v + " ", StringComparison.Ordinal))), Is.Empty, "verbs the command line no longer has");
        var outputs = 0;
        foreach (var (verb, args) in Verbs.Where(v => v.Value is not null))
        {
            var filled = args!.Select(a => a.StartsWith('{') ? samples[a.Trim('{', '}')] : a);
            var result = await CliRun.RunAsync([.. verb.Split(' '), .. filled, "--format", "csv", .. DataArgs()]);
            Assert.That(result.ExitCode, Is.Zero, $"{verb}: {result.Error}");
            outputs += result.Out.Contains("HYPERLINK", StringComparison.Ordinal) || result.Out.Contains("SUM(", StringComparison.Ordinal) ? 1 : 0;
            Assert.That(Formulas(result.Out), Is.Empty, verb);
        }
        var export = Path.Combine(Scratch, "devices.csv");
        Assert.That((await CliRun.RunAsync(["export", "devices", "-o", export, .. DataArgs()])).ExitCode, Is.Zero);
        Assert.That(Formulas(await File.ReadAllTextAsync(export), ";"), Is.Empty, "export devices");
        Assert.That(outputs, Is.GreaterThanOrEqualTo(8), "the planted values reached the listings");
    }

    [Test]
    public void CsvOutput_EveryFormulaStart_GetsAnApostrophe()
    {
        using var text = new StringWriter();
        using (var csv = new CsvOutput(text))
            csv.Row(["=1", "+1", "-1", "@A1", "\t=1", "\r=1", "plain", "a=b", null]);
        Assert.That(text.ToString(), Is.EqualTo("\"'=1\",\"'+1\",\"'-1\",\"'@A1\",\"'\t=1\",\"'\r=1\",plain,a=b,\r\n"));
    }

    /// <summary>Each verb of the command line with the arguments it needs to list the planted data as CSV; null where
    /// a verb writes no listing (it acts, prints a file's path, or needs hardware), with the reason.</summary>
    private static readonly Dictionary<string, string[]?> Verbs = new()
    {
        ["settings list"] = [], ["site list"] = [], ["donor list"] = [], ["device list"] = [], ["device show"] = ["{tag}"],
        ["point list"] = [], ["history"] = ["{tag}"], ["borrower list"] = [], ["borrower show"] = ["{borrower}"], ["loan list"] = ["--state", "all"],
        ["loan show"] = ["{key}"], ["reserve list"] = [], ["certificate list"] = [], ["label jobs"] = [],
        ["user list"] = [], ["provision list"] = [], ["provision intake list"] = [], ["provision profiles"] = [],
        ["audit returns"] = ["--from", "2000-01-01", "--to", "2100-01-01"], ["audit log"] = [], ["stocktake list"] = [],
        ["report fleet"] = [], ["loan overdue"] = [], ["site show"] = ["KESKUS"], ["donor show"] = ["{id}"], ["report loans"] = [], ["report overdue"] = [], ["report donations"] = [], ["report leases"] = [], ["report points"] = [],
        ["privacy due"] = ["--until", "2100-01-01"], ["backup list"] = [],
        // Verbs that change something or run the service (what they print is a reference, a path or a count), and
        // hardware status, which asks the running service about ports and printers, text no person types.
        ["audit rebuild-totals"] = null, ["backup now"] = null, ["backup drill"] = null, ["doctor"] = null, ["device transfer"] = null, ["user email"] = null, ["init"] = null, ["serve"] = null, ["restore"] = null, ["settings set"] = null, ["demo"] = null, ["simulate"] = null,
        ["site add"] = null, ["site add-location"] = null, ["site rename"] = null, ["donor add"] = null, ["device add"] = null, ["device edit"] = null, ["device move"] = null,
        ["device ready"] = null, ["device wiped"] = null, ["device set-status"] = null, ["device retire"] = null, ["point add"] = null, ["point show"] = null,
        ["import devices"] = null, ["export devices"] = null, ["borrower add"] = null, ["loan out"] = null, ["loan renew"] = null, ["loan return"] = null,
        ["loan lost"] = null, ["loan handover"] = null, ["loan agreement"] = null, ["reserve add"] = null, ["reserve cancel"] = null,
        ["document show"] = null, ["document open"] = null, ["certificate open"] = null, ["disk wipe"] = null, ["hardware status"] = null, ["disk image"] = null,
        ["provision run"] = null, ["provision watch"] = null, ["provision show"] = null, ["provision retry"] = null, ["provision resume"] = null,
        ["provision cancel"] = null, ["provision intake register"] = null, ["provision intake ignore"] = null, ["label print"] = null, ["label reprint"] = null,
        ["label cancel"] = null, ["user add"] = null, ["user role"] = null, ["user disable"] = null, ["user enable"] = null,
        ["user token"] = null, ["user tokens"] = null, ["user passwd"] = null, ["user revoke-token"] = null, ["stocktake start"] = null, ["stocktake scan"] = null, ["stocktake show"] = null,
        ["stocktake close"] = null, ["stocktake mark-missing-lost"] = null, ["privacy anonymise"] = null, ["privacy export"] = null, ["privacy erase"] = null,
    };

    private static IEnumerable<string> Leaves(Command command, string prefix)
    {
        if (command.Subcommands.Count == 0)
        {
            yield return prefix;
            yield break;
        }
        foreach (var sub in command.Subcommands)
            foreach (var leaf in Leaves(sub, prefix.Length == 0 ? sub.Name : prefix + " " + sub.Name))
                yield return leaf;
    }

    /// <summary>The URLs of a route: its parameters filled, each report by name, with CSV asked for.</summary>
    private IEnumerable<string> Urls(string route)
    {
        var names = route.Contains("{name}", StringComparison.Ordinal) ? ReportNames : [""];
        foreach (var name in names)
        {
            var url = route.Replace("{name}", name, StringComparison.Ordinal).Replace("/api/stocktakes/{key}", "/api/stocktakes/" + samples["stocktake"], StringComparison.Ordinal);
            foreach (var (key, value) in samples)
                url = url.Replace("{" + key + "}", value, StringComparison.Ordinal);
            yield return url + "?format=csv&from=2000-01-01&to=2100-01-01&until=2100-01-01";
        }
    }

    /// <summary>The cells that a spreadsheet would take for a formula.</summary>
    private static List<string> Formulas(string text, string delimiter = ",")
    {
        using var reader = new CsvReader(new StringReader(text.TrimStart('\uFEFF')), new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = delimiter, HasHeaderRecord = false, BadDataFound = null });
        var found = new List<string>();
        while (reader.Read())
            found.AddRange(reader.Parser.Record!.Where(cell => cell.Length > 0 && CsvOutput.FormulaStarts.Contains(cell[0])));
        return found;
    }
}
