using LaiteLaina.Audit;

namespace LaiteLaina.Tests.Loans;

/// <summary>
/// Accessories are items, each kept as given (#17 finding 2): a Finnish decimal comma, "1,5 m kaapeli", is part of
/// its item on the agreement, the return, the receipt's table and the return audit, on both engines.
/// </summary>
public sealed class AccessoryItemsTests(Engine engine) : DatabaseTest(engine)
{
    private const string Charger = "USB-C-laturi 25 W ja 1,5 m kaapeli";

    private FakeTimeProvider clock = null!;
    private LoanService loans = null!;
    private string client = "";

    [SetUp]
    public async Task SeedAsync()
    {
        clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        loans = Service<LoanService>(clock);
        client = (await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = "Aino Äijälä" }, "t")).Id
            .ToString(CultureInfo.InvariantCulture);
        var inventory = new InventoryService(Db);
        var device = await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A9", SerialNumber = "R9" }, "t");
        await inventory.ReadyAsync(device.Tag, "t");
    }

    private async Task<Loan> LendAsync(string language = "fi", params string[] accessories) =>
        (await loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000001", Borrower = client, Kind = "client", Due = "2026-12-15", RecommendingWorker = "Sari Sosiaalityö",
            Accessories = accessories, Language = language,
        }, "sari")).Loan;

    [Test]
    public async Task CheckOutAsync_AccessoryWithDecimalComma_StoredAndPrintedAsOneItem()
    {
        var loan = await LendAsync("fi", Charger, "suojakotelo");

        Assert.That((await loans.GetAsync(loan.Reference)).Accessories, Is.EqualTo(new[] { Charger, "suojakotelo" }));
        var agreement = PdfTools.PdfToText((await new DocumentStore(Db).GetAsync(loan.DocumentId!.Value)).Content);
        Assert.That(agreement, Does.Contain(Charger), agreement);
        Assert.That(Regex.IsMatch(agreement, @"^\W*5 m kaapeli", RegexOptions.Multiline), Is.False, "no item starts after the decimal comma");
    }

    [Test]
    public async Task ReturnAsync_DecimalCommaItemMissing_ReceiptTableSaysMissingAuditListsItOnce()
    {
        var loan = await LendAsync("fi", Charger, "suojakotelo");
        clock.Advance(TimeSpan.FromDays(3));

        var returned = (await loans.ReturnAsync("LL-000001", new ReturnRequest { Missing = [Charger] }, "sari")).Loan;

        Assert.That((returned.Missing, returned.AccessoryStates()),
            Is.EqualTo((new[] { Charger }, new[] { (Charger, AccessoryState.Missing), ("suojakotelo", AccessoryState.Returned) })));
        var receipt = PdfTools.PdfToText((await new DocumentStore(Db).GetAsync(returned.DocumentId!.Value)).Content, raw: true);
        Assert.That(receipt, Does.Contain($"{Charger} puuttuu").And.Contain("suojakotelo palautettu").And.Contain("Lisävaruste Palautettaessa"), receipt);
        Assert.That(receipt, Does.Not.Contain("Puuttuvat lisävarusteet"), "the table replaces the sentence once added to the notes");

        var audit = new ReturnAudit(Db, clock);
        var filter = new ReturnAuditFilter { From = "2026-12-01", To = "2026-12-31" };
        var row = (await audit.RowsAsync(filter, false)).Single(r => r.Reference == loan.Reference);
        Assert.That((row.AccessoriesMissing, AccessoryList.Split(row.AccessoriesOut)), Is.EqualTo((Charger, new[] { Charger, "suojakotelo" })));
        Assert.That((await audit.SummaryAsync(filter)).Total.MissingAccessories, Is.EqualTo(1));
    }

    [TestCase("sv", "återlämnat skadat")]
    [TestCase("en", "returned damaged")]
    public async Task ReturnAsync_AccessoryDamaged_ReceiptTableSaysSoInItsLanguage(string language, string damaged)
    {
        await LendAsync(language, Charger, "suojakotelo");

        var returned = (await loans.ReturnAsync("LL-000001", new ReturnRequest { DamagedAccessories = ["suojakotelo"] }, "sari")).Loan;

        Assert.That((returned.AccessoriesMissing, returned.DamagedAccessories), Is.EqualTo(((string?)null, new[] { "suojakotelo" })));
        var receipt = PdfTools.PdfToText((await new DocumentStore(Db).GetAsync(returned.DocumentId!.Value)).Content, raw: true);
        Assert.That(receipt, Does.Contain($"suojakotelo {damaged}"), receipt);
    }

    [Test]
    public async Task ReturnAsync_PlainFinnishReceipt_OneItemALineWithItsState()
    {
        await LendAsync("fi-selko", Charger, "suojakotelo");

        var returned = (await loans.ReturnAsync("LL-000001", new ReturnRequest { Missing = [Charger] }, "sari")).Loan;

        var receipt = PdfTools.PdfToText((await new DocumentStore(Db).GetAsync(returned.DocumentId!.Value)).Content, raw: true);
        Assert.That(receipt, Does.Contain($"{Charger}: et palauttanut").And.Contain("suojakotelo: palautit"), receipt);
    }

    [Test]
    public async Task ReturnAsync_ItemBothMissingAndDamaged_RefusedLoanStaysOpen()
    {
        await LendAsync("fi", Charger);

        var e = Assert.ThrowsAsync<UserError>(() => loans.ReturnAsync("LL-000001",
            new ReturnRequest { Missing = [Charger], DamagedAccessories = [Charger] }, "sari"));

        Assert.That((e!.Field, e.Message), Is.EqualTo(("damaged-accessories",
            $"damaged accessories '{Charger}' is not valid: \"{Charger}\" cannot be both missing and damaged; choose one of the two.")));
        Assert.That((await loans.GetAsync("LL-000001")).State, Is.EqualTo(LoanState.Open));
    }

    [Test]
    public async Task ReturnAsync_SameItemGivenTwiceMissingOnce_OnlyOneMarkedMissing()
    {
        await LendAsync("fi", "laturi", "laturi");

        var returned = (await loans.ReturnAsync("LL-000001", new ReturnRequest { Missing = ["laturi"] }, "sari")).Loan;

        Assert.That(returned.AccessoryStates(), Is.EqualTo(new[] { ("laturi", AccessoryState.Missing), ("laturi", AccessoryState.Returned) }));
    }

    [Test]
    public async Task ReturnAsync_MoreOfAnItemMissingThanGiven_Refused()
    {
        await LendAsync("fi", "laturi");

        var e = Assert.ThrowsAsync<UserError>(() => loans.ReturnAsync("LL-000001", new ReturnRequest { Missing = ["laturi", "laturi"] }, "sari"));

        Assert.That(e!.Field, Is.EqualTo("missing"));
    }

    [Test]
    public async Task Migration16_OldCommaLines_BecomeItemsADecimalCommaStaysInside()
    {
        var loan = await LendAsync("fi", "laturi");
        await loans.ReturnAsync("LL-000001", new ReturnRequest { Missing = ["laturi"] }, "sari");
        // The lines as check-out and the forms wrote them before migration 16, which runs again over them here.
        await Db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("UPDATE loans SET accessories_out = 'laturi; suojakotelo; SIM', accessories_missing = 'laturi; SIM' WHERE id = @Id", new { loan.Id }, tx);
            await c.ExecuteAsync("UPDATE devices SET accessories = 'laturi, USB-C-kaapeli 1,5 m' WHERE tag = 'LL-000001'", transaction: tx);
            await c.ExecuteAsync("ALTER TABLE loans DROP COLUMN accessories_damaged", transaction: tx);
            await c.ExecuteAsync("DELETE FROM schema_version WHERE version = 16", transaction: tx);
        });

        await Migrator.MigrateAsync(Db);

        var migrated = await loans.GetAsync(loan.Reference);
        Assert.That((migrated.Accessories, migrated.Missing), Is.EqualTo((new[] { "laturi", "suojakotelo", "SIM" }, new[] { "laturi", "SIM" })));
        Assert.That(AccessoryList.Split((await new InventoryService(Db).GetAsync("LL-000001")).Accessories), Is.EqualTo(new[] { "laturi", "USB-C-kaapeli 1,5 m" }));
    }
}
