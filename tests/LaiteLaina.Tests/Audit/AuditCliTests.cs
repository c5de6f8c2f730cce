using System.Xml.Linq;

namespace LaiteLaina.Tests.Audit;

/// <summary>The audit, report, stocktake and privacy commands as a person types them.</summary>
public sealed class AuditCliTests(Engine engine) : DatabaseTest(engine)
{
    [SetUp]
    public Task SeedAsync() => ReturnAuditTests.SeedAsync(Db, Scratch);

    private Task<CliResult> RunAsync(params string[] args) => CliRun.RunAsync([.. args, .. DataArgs()]);

    [Test]
    public async Task AuditReturns_TableCsvPdf_SameCounts()
    {
        var table = await RunAsync("audit", "returns", "--from", "2025-01-01", "--to", "2025-12-31", "--by", "counsellor");
        var csv = await RunAsync("audit", "returns", "--from", "1.1.2025", "--to", "31.12.2025", "--format", "csv", "--no-personal-data");
        var pdfPath = Path.Combine(Scratch, "audit.pdf");
        var pdf = await RunAsync("audit", "returns", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "pdf", "-o", pdfPath);

        Assert.Multiple(() =>
        {
            Assert.That(table.ExitCode, Is.Zero, table.Error);
            Assert.That(table.Out, Does.Contain("maija").And.Contain("TOTAL"));
            Assert.That(csv.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(52));
            Assert.That(csv.Out, Does.Not.Contain("Aino"));
            Assert.That(pdf.Out.Trim(), Is.EqualTo(Path.GetFullPath(pdfPath)));
            Assert.That(PdfTools.PdfToText(File.ReadAllBytes(pdfPath)), Does.Contain("Loans 51"));
        });
    }

    [Test]
    public async Task AuditReturns_MissingTo_UsageExit2()
    {
        var result = await RunAsync("audit", "returns", "--from", "2025-01-01");

        Assert.That(result.ExitCode, Is.EqualTo(2));
    }

    [Test]
    public async Task ReportFleet_WithSvg_TableAndChartFile()
    {
        var svg = Path.Combine(Scratch, "fleet.svg");
        var result = await RunAsync("report", "fleet", "--svg", svg);
        var bad = await RunAsync("report", "everything");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero, result.Error);
            Assert.That(result.Out, Does.Contain("on-loan"));
            Assert.That(XDocument.Load(svg).Root!.Name.LocalName, Is.EqualTo("svg"));
            Assert.That((bad.ExitCode, bad.Error.Trim()), Is.EqualTo((1, "error: report 'everything' is not valid: one of fleet, loans, overdue, donations, leases, points.")));
        });
    }

    [Test]
    public async Task Stocktake_StartScanShowLost_FromTheCommandLine()
    {
        var start = await RunAsync("stocktake", "start", "KYLA");
        var reference = start.Out.Trim();
        var scan = await RunAsync("stocktake", "scan", reference, "LL-000003", "LL-000001", "LL-123456");
        var show = await RunAsync("stocktake", "show", reference, "--format", "csv");
        // Missing means missing only once the count is over: marking lost comes after closing.
        var early = await RunAsync("stocktake", "mark-missing-lost", reference);
        await RunAsync("stocktake", "close", reference);
        var lost = await RunAsync("stocktake", "mark-missing-lost", reference);

        Assert.Multiple(() =>
        {
            Assert.That(reference, Is.EqualTo("ST-000001"), start.Error);
            Assert.That(early.Error, Does.Contain($"close stocktake {reference} first"));
            Assert.That(scan.Out, Does.Contain("LL-000003 found.").And.Contain("LL-000001 is misplaced").And.Contain("LL-123456 is not in the register."));
            Assert.That(show.Out, Does.Contain("missing,LL-000004").And.Contain("on-loan,LL-000006"));
            Assert.That(lost.Out.Trim(), Is.EqualTo("Marked lost (1): LL-000004"));
        });
    }

    [Test]
    public async Task AuditLogAndPrivacy_Commands_Work()
    {
        var log = await RunAsync("audit", "log", "--action", "loan.lost", "--format", "csv");
        var due = await RunAsync("privacy", "due", "--until", "2030-01-01", "--format", "csv");
        var export = await RunAsync("privacy", "export", "2", "-o", Path.Combine(Scratch, "aino.pdf"));

        Assert.Multiple(() =>
        {
            Assert.That(log.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2), log.Out);
            Assert.That(due.Out, Does.Contain("\n2,client,"), due.Out);
            Assert.That(PdfTools.PdfToText(File.ReadAllBytes(Path.Combine(Scratch, "aino.pdf"))), Does.Contain("Aino Äijälä"));
        });
    }
}
