using System.Xml.Linq;
using LaiteLaina.Reports;

namespace LaiteLaina.Tests.Audit;

/// <summary>Every report on each engine, over the year of loans of <see cref="ReturnAuditTests"/> (today 15.1.2026).</summary>
public sealed class ReportsTests(Engine engine) : DatabaseTest(engine)
{
    private FakeTimeProvider clock = null!;
    private ReportService reports = null!;

    [SetUp]
    public async Task SeedAsync()
    {
        clock = await ReturnAuditTests.SeedAsync(Db, Scratch);
        reports = new ReportService(Db, clock);
    }

    [Test]
    public async Task FleetAsync_SeededDevices_CountsByStatusKindSiteSource()
    {
        var fleet = await reports.FleetAsync();

        Assert.That(fleet.Where(r => r.Dimension == "status").Select(r => (r.Key, r.Count)),
            Is.EquivalentTo(new[] { ("ready", 4L), ("on-loan", 3L), ("lost", 1L) }));
        Assert.That(fleet.Where(r => r.Dimension == "site").Select(r => (r.Key, r.Count)), Is.EquivalentTo(new[] { ("KESKUS", 2L), ("KYLA", 6L) }));
        Assert.That(fleet.Single(r => r.Dimension == "source").Count, Is.EqualTo(8));
    }

    [Test]
    public async Task LoansAsync_Year2025_MonthlyCountsAndAverageLength()
    {
        var months = await reports.LoansAsync(new DateOnly(2025, 1, 1));

        var june = months.Single(m => m.Month == "2025-06");
        Assert.Multiple(() =>
        {
            Assert.That(months.Select(m => m.Month).First(), Is.EqualTo("2025-01"));
            Assert.That((june.Started, june.Closed), Is.EqualTo((5L, 5L)));
            // 4 + 8 + 9 + 17 days (on time, damaged, missing, late) and the lost one after 19 days, from 09:00 to 12:00.
            Assert.That(june.AverageDays, Is.EqualTo((4 + 8 + 9 + 17 + 19) / 5.0 + 3 / 24.0).Within(0.06));
            Assert.That(months.Single(m => m.Month == "2025-12").Closed, Is.EqualTo(4));
        });
    }

    [Test]
    public async Task OverdueAsync_TwoLoansOut_AgedAndListed()
    {
        var ageing = await reports.OverdueAgeingAsync();
        var loans = new List<OverdueLoan>();
        await foreach (var l in reports.OverdueLoansAsync(false))
            loans.Add(l);

        Assert.That(ageing.Select(b => (b.Bucket, b.Total)), Is.EqualTo(new[] { ("1-7 d", 0L), ("8-30 d", 1L), ("31-90 d", 1L), ("91+ d", 0L) }));
        Assert.That(loans.Select(l => (l.Tag, l.DaysOverdue)), Is.EqualTo(new[] { ("LL-000006", 56L), ("LL-000007", 26L) }));
    }

    [Test]
    public async Task DonationsLeasesPoints_SeededExtras_Listed()
    {
        await new DonorService(Db).AddAsync("Matti Meikäläinen", "person", null, null, "t");
        var inventory = new InventoryService(Db);
        await inventory.AddAsync(new DeviceInput { Kind = "laptop", Acquisition = "donated", Donor = "Matti Meikäläinen" }, "t");
        await inventory.AddAsync(new DeviceInput { Kind = "desktop", Acquisition = "leased", LeaseEnd = "2026-03-01", LeasePaidBy = "Tietohallinto", Supplier = "Leasing Oy" }, "t");
        await inventory.AddAsync(new DeviceInput { Kind = "desktop", Acquisition = "leased", LeaseEnd = "2026-09-01", LeasePaidBy = "Tietohallinto", Supplier = "Leasing Oy" }, "t");
        await new ComputerPointService(Db).AddAsync("Aula", "KESKUS", null, null, "Printer jams", [], "t");

        var anonymous = await reports.DonationsAsync(false);
        var named = await reports.DonationsAsync(true);
        var leases = await reports.LeasesAsync(90);
        var points = await reports.PointsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(anonymous.Single().Donor, Does.StartWith("private donor #"), "a private person is personal data");
            Assert.That((named.Single().Donor, named.Single().Devices, named.Single().InPool), Is.EqualTo(("Matti Meikäläinen", 1L, 1L)));
            Assert.That(leases.Select(l => (l.LeaseEnd, l.PaidBy)), Is.EqualTo(new[] { (new DateOnly(2026, 3, 1), (string?)"Tietohallinto") }));
            Assert.That(points.Select(p => (p.Name, p.MaintenanceNotes)), Is.EqualTo(new[] { ("Aula", (string?)"Printer jams") }));
        });
    }

    [TestCase("fleet", 3)]
    [TestCase("overdue", 4)]
    [TestCase("loans", 12)]
    public async Task ChartAsync_Report_WellFormedSvgWithItsBars(string report, int bars)
    {
        var svg = XDocument.Parse(await reports.ChartAsync(report));

        Assert.That(svg.Descendants(XName.Get("rect", "http://www.w3.org/2000/svg")).Count(), Is.EqualTo(bars));
    }
}
