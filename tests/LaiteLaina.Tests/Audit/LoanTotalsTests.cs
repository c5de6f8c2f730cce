using FsCheck;
using FsCheck.Fluent;
using LaiteLaina.Audit;

namespace LaiteLaina.Tests.Audit;

/// <summary>
/// The return audit's pre-counted months (migration 0012): random sequences of loan work through the real services on a
/// fake clock (check-outs, returns on time and late, marked damaged or broken, renewals, losses, a borrower's unit
/// changed, a borrower erased, days passing), and after every step the totals the triggers kept equal a full recount,
/// and the summary read from them equals the one counted from the loans alone.
/// </summary>
public sealed class LoanTotalsTests(Engine engine) : DatabaseTest(engine)
{
    public enum Op { CheckOut, CheckOutClient, Return, ReturnLate, ReturnDamaged, ReturnBroken, Renew, Lost, Wait, ChangeUnit, Erase, Ready }

    public sealed record LoanStep(Op Op, int Device, int Borrower, int Choice)
    {
        public override string ToString() => $"{Op}(d{Device}, b{Borrower}, {Choice})";
    }

    private const int Devices = 4;
    private static readonly string[] Units = ["Perhetyö", "Aikuissosiaalityö", ""];

    private FakeTimeProvider clock = null!;
    private LoanService loans = null!;
    private InventoryService inventory = null!;
    private BorrowerService people = null!;
    private PrivacyService privacy = null!;
    private LoanTotals totals = null!;
    private int sequence;

    [SetUp]
    public async Task ServicesAsync()
    {
        clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 2, 9, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        loans = new LoanService(Db, new LoanDocuments(new DocumentRenderer(new DocumentTemplates(Scratch)), Db), clock);
        inventory = new InventoryService(Db);
        people = new BorrowerService(Db);
        privacy = new PrivacyService(Db, clock);
        totals = new LoanTotals(Db);
        var sites = new SiteService(Db);
        await sites.AddAsync("KESKUS", "Keskusta", null, "t");
        await sites.AddAsync("KYLA", "Kylätalo", null, "t");
    }

    [Test]
    public void RandomLoanWork_TotalsEqualAFullRecount()
    {
        var step = Gen.Elements(Enum.GetValues<Op>()).SelectMany(op =>
            Gen.Choose(0, Devices - 1).SelectMany(d => Gen.Choose(0, 2).SelectMany(b => Gen.Choose(0, 11).Select(x => new LoanStep(op, d, b, x)))));
        var property = Prop.ForAll(Arb.From(Gen.Choose(15, 30).SelectMany(n => step.ArrayOf(n))), s => RunAsync(s).GetAwaiter().GetResult());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(12), property);
        TestContext.Out.WriteLine($"{Engine}: {sequence} sequences");
    }

    [Test]
    public async Task Rebuild_TotalsDamagedByHand_CountsTheDifferencesAndRepairs()
    {
        await RunAsync([new LoanStep(Op.CheckOut, 0, 0, 3), new LoanStep(Op.Wait, 0, 0, 11), new LoanStep(Op.ReturnLate, 0, 0, 0), new LoanStep(Op.CheckOut, 1, 1, 5)]);
        await using (var c = await Db.OpenAsync())
        {
            await c.ExecuteAsync("UPDATE loan_totals SET loans = loans + 1 WHERE outcome = 'Late'");
            await c.ExecuteAsync("DELETE FROM loan_totals WHERE outcome = 'Open'");
        }

        var before = await totals.RebuildAsync();
        var after = await totals.CheckAsync();

        Assert.That((before.Differences, after.Differences), Is.EqualTo((3L, 0L)), "the late loan by due and by return month, the open one by due month");
    }

    private async Task<bool> RunAsync(LoanStep[] steps)
    {
        var n = ++sequence;
        var tags = new string[Devices];
        for (var i = 0; i < Devices; i++)
        {
            var d = await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A9", SerialNumber = $"T{n}-{i}", Site = i % 2 == 0 ? "KESKUS" : "KYLA" }, "t");
            tags[i] = (await inventory.ReadyAsync(d.Tag, "t")).Tag;
        }
        var borrowers = new[]
        {
            (await people.AddAsync(new BorrowerInput { Name = $"Staff {n}", Kind = "staff", Unit = Units[0] }, "t")).Id,
            (await people.AddAsync(new BorrowerInput { Name = $"Other {n}", Kind = "staff", Unit = Units[1] }, "t")).Id,
            (await people.AddAsync(new BorrowerInput { Name = $"Client {n}", Contact = "040 123 4567" }, "t")).Id,
        }.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToArray();
        foreach (var s in steps)
        {
            try
            {
                await DoAsync(s, tags[s.Device], borrowers[s.Borrower]);
            }
            catch (UserError)
            {
                // Refused (the device is out, the borrower erased, ...): nothing changed, which the check below also proves.
            }
            var check = await totals.CheckAsync();
            Assert.That(check.Differences, Is.Zero, $"{Engine}, sequence {n}, after {s}: {check.Differences} of {check.Rows} rows differ from a recount");
        }
        var audit = new ReturnAudit(Db, clock);
        var live = new ReturnAudit(Db, clock) { CountLive = true };
        foreach (var basis in new[] { "due", "returned" })
        {
            foreach (var by in Enum.GetValues<ReturnAuditBy>())
            {
                var filter = new ReturnAuditFilter { From = "2024-12-01", To = "2026-03-31", Basis = basis };
                Assert.That(await audit.SummaryAsync(filter, by), Is.EqualTo(await live.SummaryAsync(filter, by)).Using<ReturnAuditSummary>(Same),
                    $"{Engine}, sequence {n}, {basis} by {by}");
            }
        }
        return true;
    }

    private static bool Same(ReturnAuditSummary a, ReturnAuditSummary b) => a.Total == b.Total && a.Groups.SequenceEqual(b.Groups);

    private async Task DoAsync(LoanStep s, string tag, string borrower)
    {
        string Day(int days) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        switch (s.Op)
        {
            case Op.CheckOut or Op.CheckOutClient:
                var client = s.Op == Op.CheckOutClient;
                await loans.CheckOutAsync(new CheckOutRequest
                {
                    Tag = tag, Borrower = borrower, Kind = client ? "client" : "staff", Due = Day(1 + s.Choice * 3),
                    RecommendingWorker = client ? "Sari" : null, Accessories = ["charger"], Counsellor = s.Choice % 2 == 0 ? "maija" : "pekka",
                }, "t");
                break;
            case Op.Return or Op.ReturnLate or Op.ReturnDamaged or Op.ReturnBroken:
                if (s.Op == Op.ReturnLate)
                    clock.Advance(TimeSpan.FromDays(20 + s.Choice * 4));
                await loans.ReturnAsync(tag, new ReturnRequest
                {
                    Condition = s.Op == Op.ReturnBroken ? "broken" : s.Choice % 3 == 0 ? "poor" : "good",
                    Missing = s.Choice % 4 == 0 ? ["charger"] : null,
                    Damaged = s.Op == Op.ReturnDamaged, DamageNotes = s.Op == Op.ReturnDamaged ? "cracked corner" : null,
                }, "t");
                break;
            case Op.Renew:
                var loan = await loans.GetAsync(tag);
                await loans.RenewAsync(loan.Reference, (loan.DueOn ?? DateOnly.MinValue).AddDays(7 + s.Choice).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "t");
                break;
            case Op.Lost:
                await loans.MarkLostAsync(tag, null, "t");
                break;
            case Op.Wait:
                clock.Advance(TimeSpan.FromDays(1 + s.Choice * 3));
                break;
            case Op.ChangeUnit:
                var who = await people.GetAsync(borrower);
                await people.UpdateAsync(borrower, new BorrowerInput { Name = who.Name, Kind = EnumText.Kebab(who.Kind), Unit = Units[s.Choice % Units.Length] }, "t");
                break;
            case Op.Erase:
                await privacy.EraseAsync(borrower, "t");
                break;
            case Op.Ready:
                // A returned device back to the shelf, so that the sequence can lend it again.
                await inventory.RecordWipeAsync(tag, "overwrite", "t", null, null, null, "t");
                await inventory.ReadyAsync(tag, "t");
                break;
        }
    }
}
