namespace LaiteLaina.Tests.Loans;

/// <summary>
/// A loan agreement is laid out while the loan's write holds no lock: another desk lends meanwhile, and each stored
/// agreement names its own loan, whose reference was reserved before its layout.
/// </summary>
public sealed class AgreementLockTests(Engine engine) : DatabaseTest(engine)
{
    /// <summary>A clock whose first reading (the renderer's, when it stamps the PDF) waits until the test lets it go.</summary>
    private sealed class HeldClock : TimeProvider
    {
        private int readings;

        public ManualResetEventSlim Reading { get; } = new();

        public ManualResetEventSlim Go { get; } = new();

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.Increment(ref readings) == 1)
            {
                Reading.Set();
                Go.Wait(TimeSpan.FromSeconds(60));
            }
            return base.GetUtcNow();
        }
    }

    private LoanService Desk(TimeProvider rendererClock) =>
        new(Db, new LoanDocuments(new DocumentRenderer(new DocumentTemplates(Scratch), rendererClock), Db), TimeProvider.System);

    [Test]
    public async Task CheckOutAsync_OtherDeskLendsWhileAgreementIsLaidOut_BothLentEachAgreementNamesItsOwnLoan()
    {
        var inventory = new InventoryService(Db);
        var people = new BorrowerService(Db);
        var tags = new List<string>();
        for (var i = 1; i <= 2; i++)
        {
            tags.Add((await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Lenovo", Model = "Tab M10", SerialNumber = "HA" + i }, "t")).Tag);
            await inventory.ReadyAsync(tags[^1], "t");
        }
        var borrowers = new List<long>();
        foreach (var name in new[] { "Aino Äijälä", "Bertil Björk" })
            borrowers.Add((await people.AddAsync(new BorrowerInput { Name = name }, "t")).Id);
        CheckOutRequest Request(int i) => new() { Tag = tags[i], Borrower = borrowers[i].ToString(CultureInfo.InvariantCulture), Due = "2099-03-01", RecommendingWorker = "Maija" };

        var held = new HeldClock();
        var first = Task.Run(() => Desk(held).CheckOutAsync(Request(0), "desk-a"));
        Assert.That(held.Reading.Wait(TimeSpan.FromSeconds(30)), Is.True, "desk A lays out its agreement");
        var second = Desk(TimeProvider.System).CheckOutAsync(Request(1), "desk-b");
        var secondDuringLayout = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(20))) == second;
        held.Go.Set();
        var a = (await first).Loan;
        var b = (await second).Loan;

        Assert.That(secondDuringLayout, Is.True, "desk B lent while desk A's agreement was being laid out");
        Assert.That((a.Reference, b.Reference), Is.EqualTo(("LN-000001", "LN-000002")), "A reserved its reference before B came");
        var documents = new DocumentStore(Db);
        foreach (var (loan, other, name) in new[] { (a, b, "Aino Äijälä"), (b, a, "Bertil Björk") })
        {
            var text = PdfTools.PdfToText((await documents.GetAsync(loan.DocumentId!.Value)).Content);
            Assert.That(text, Does.Contain(loan.Reference).And.Not.Contain(other.Reference).And.Contain(name), loan.Reference);
        }
    }
}
