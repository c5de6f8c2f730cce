using System.Xml.Linq;
using LaiteLaina.Tests.Web;

namespace LaiteLaina.Tests.Audit;

/// <summary>The audit, stocktake, report, audit-log and privacy API on a real Kestrel, over the seeded year of loans.</summary>
public sealed class AuditApiTests(Engine engine) : ApiTest(engine)
{
    [SetUp]
    public Task SeedAsync() => ReturnAuditTests.SeedAsync(Db, Scratch);

    [Test]
    public async Task GetReturns_Year_JsonSummaryAndRowsCsvStreamsAll()
    {
        var json = await Http.GetFromJsonAsync<JsonElement>("/api/audit/returns?from=2025-01-01&to=2025-12-31&by=counsellor&pageSize=20");
        var csv = await Http.GetAsync("/api/audit/returns?from=2025-01-01&to=2025-12-31&format=csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("summary").GetProperty("total").GetProperty("due").GetInt64(), Is.EqualTo(51));
            Assert.That(json.GetProperty("summary").GetProperty("groups").GetArrayLength(), Is.EqualTo(3));
            Assert.That(json.GetProperty("rows").GetArrayLength(), Is.EqualTo(20));
            Assert.That(json.GetProperty("rows")[0].GetProperty("loanUrl").GetString(), Does.StartWith("/api/loans/LN-"));
            Assert.That(csv.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));
            Assert.That(lines, Has.Length.EqualTo(52));
            Assert.That(lines[0], Does.StartWith("\uFEFFreference,tag,kind,site,unit,counsellor,borrower,"));
        });
    }

    [Test]
    public async Task GetReturns_BadPeriod_ProblemDetails()
    {
        var response = await Http.GetAsync("/api/audit/returns?from=2025-12-31&to=2025-01-01&format=csv");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith("to '2025-01-01' is not valid"));
    }

    [Test]
    public async Task Reports_SvgAndCsv_Served()
    {
        var svg = await Http.GetAsync("/api/reports/fleet.svg");
        var overdue = await Http.GetStringAsync("/api/reports/overdue?format=csv");
        var leases = await Http.GetFromJsonAsync<JsonElement>("/api/reports/leases");

        Assert.Multiple(async () =>
        {
            Assert.That(svg.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/svg+xml"));
            Assert.That(XDocument.Parse(await svg.Content.ReadAsStringAsync()).Root!.Name.LocalName, Is.EqualTo("svg"));
            Assert.That(overdue, Does.Contain("LL-000006").And.Contain("LL-000007"));
            Assert.That(leases.ValueKind, Is.EqualTo(JsonValueKind.Array));
            Assert.That((await Http.GetAsync("/api/reports/nonsense")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task Stocktake_StartScanClose_PdfDownloadable()
    {
        var start = await Http.PostAsJsonAsync("/api/stocktakes", new { site = "KESKUS" });
        Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var reference = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString();
        var scan = await (await Http.PostAsJsonAsync($"/api/stocktakes/{reference}/scans", new { code = "LL-000001" })).Content.ReadFromJsonAsync<JsonElement>();
        var result = await Http.GetFromJsonAsync<JsonElement>($"/api/stocktakes/{reference}");
        var closed = await (await Http.PostAsync($"/api/stocktakes/{reference}/close", null)).Content.ReadFromJsonAsync<JsonElement>();
        var pdf = await Http.GetByteArrayAsync(closed.GetProperty("pdf").GetString());

        Assert.Multiple(() =>
        {
            Assert.That(scan.GetProperty("finding").GetString(), Is.EqualTo("found"));
            Assert.That(result.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("tag").GetString(), i.GetProperty("finding").GetString())),
                Is.EquivalentTo(new[] { ("LL-000001", "found"), ("LL-000002", "missing") }));
            Assert.That(PdfTools.PdfToText(pdf), Does.Contain(reference));
        });
    }

    [Test]
    public async Task Privacy_ExportAndRead_AuditedInTheLog()
    {
        var export = await Http.GetAsync("/api/privacy/borrowers/1/export");
        var read = await Http.GetFromJsonAsync<JsonElement>("/api/borrowers/1");
        var log = await Http.GetFromJsonAsync<JsonElement>("/api/audit-log?record=borrower:1&action=borrower");

        Assert.Multiple(async () =>
        {
            Assert.That(export.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
            Assert.That(PdfTools.PdfToText(await export.Content.ReadAsByteArrayAsync()), Does.Contain("Pekka Perhetyö"));
            Assert.That(read.GetProperty("name").GetString(), Is.EqualTo("Pekka Perhetyö"));
            Assert.That(log.EnumerateArray().Select(e => e.GetProperty("action").GetString()), Is.EqualTo(new[] { "borrower.read", "borrower.export", "borrower.add" }));
        });
    }
}
