using LaiteLaina.Audit;

namespace LaiteLaina.Tests.Audit;

/// <summary>
/// "Returned damaged" at the return: stored on the loan with its short description, counted as damage by the return
/// audit whatever the condition, and one step worse without the mark is still wear.
/// </summary>
public sealed class ReturnDamageTests(Engine engine) : DatabaseTest(engine)
{
    private LoanService loans = null!;
    private ReturnAudit audit = null!;
    private string[] tags = [];
    private string staff = "";

    [SetUp]
    public async Task LendTwoAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        loans = new LoanService(Db, new LoanDocuments(new DocumentRenderer(new DocumentTemplates(Scratch)), Db), clock);
        audit = new ReturnAudit(Db, clock);
        var inventory = new InventoryService(Db);
        staff = (await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = "Pekka Perhetyö", Kind = "staff", Unit = "Perhetyö" }, "t")).Id.ToString(CultureInfo.InvariantCulture);
        tags = new string[2];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = (await inventory.ReadyAsync((await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung" }, "t")).Tag, "t")).Tag;
            await loans.CheckOutAsync(new CheckOutRequest { Tag = tags[i], Borrower = staff, Kind = "staff", Due = "2025-03-10" }, "t");
        }
    }

    [Test]
    public async Task ReturnAsync_MarkedDamagedInTheSameCondition_StoredAndCountedAsDamage()
    {
        var returned = (await loans.ReturnAsync(tags[0], new ReturnRequest { Condition = "good", Damaged = true, DamageNotes = "näytössä särö" }, "t")).Loan;
        await loans.ReturnAsync(tags[1], new ReturnRequest { Condition = "fair" }, "t");

        var stored = await loans.GetAsync(returned.Reference);
        var rows = await audit.RowsAsync(new ReturnAuditFilter { From = "2025-03-01", To = "2025-03-31" }, withPersonalData: false);
        var total = (await audit.SummaryAsync(new ReturnAuditFilter { From = "2025-03-01", To = "2025-03-31" })).Total;

        Assert.Multiple(() =>
        {
            Assert.That((stored.Damaged, stored.DamageNotes), Is.EqualTo((true, "näytössä särö")));
            Assert.That(rows.Select(r => (r.Tag, r.Damaged, r.DamageNotes)), Is.EqualTo(new[] { (tags[0], true, "näytössä särö"), (tags[1], false, (string?)null) }));
            Assert.That((total.Due, total.Damaged), Is.EqualTo((2L, 1L)));
        });
    }

    [Test]
    public async Task ReturnAsync_NotMarked_NoDescriptionKept()
    {
        var returned = (await loans.ReturnAsync(tags[0], new ReturnRequest { Condition = "good", DamageNotes = "jäi kirjoitettuna" }, "t")).Loan;

        var stored = await loans.GetAsync(returned.Reference);

        Assert.That((stored.Damaged, stored.DamageNotes), Is.EqualTo((false, (string?)null)));
    }

    [Test]
    public async Task ReturnAsync_IdentityCodeInTheDescription_RefusedAndLoanStaysOpen()
    {
        var e = Assert.ThrowsAsync<UserError>(() => loans.ReturnAsync(tags[0], new ReturnRequest { Damaged = true, DamageNotes = "131052-308T pudotti" }, "t"));

        Assert.That(e!.Field, Is.EqualTo("damage-notes"));
        Assert.That((await loans.GetAsync(tags[0])).State, Is.EqualTo(LoanState.Open));
    }
}
