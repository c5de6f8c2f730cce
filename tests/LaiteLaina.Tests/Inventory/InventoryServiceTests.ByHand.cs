namespace LaiteLaina.Tests.Inventory;

/// <summary>What the device page and the intake form do by hand (#16): retire with a reason kept as data, a wipe dated by
/// the person, moves into a computer point, a new donor with the device, and makes and models as people write them.</summary>
public sealed partial class InventoryServiceTests
{
    [Test]
    public async Task RetireAsync_ReasonFromTheList_KeptAsItsCodeAndNotesLeftAlone()
    {
        var d = await Inventory.AddAsync(Tablet("RT1") with { Notes = "naarmu" }, "t");
        var retired = await Inventory.RetireAsync(d.Tag, "Battery-Unsafe", null, "t");
        Assert.That((retired.Status, retired.RetiredReason, retired.Notes), Is.EqualTo((DeviceStatus.Retired, "battery-unsafe", "naarmu")));
        Assert.That((await Inventory.GetAsync(d.Tag)).RetiredReason, Is.EqualTo("battery-unsafe"), "stored, not only returned");
    }

    [Test]
    public async Task RecordWipeAsync_GivenTime_StoredAsTheTimeOfTheWipe()
    {
        var d = await Inventory.AddAsync(Tablet("WT1") with { Acquisition = "transferred", AcquiredOn = "2026-03-01" }, "t");
        var at = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
        var wiped = await Inventory.RecordWipeAsync(d.Tag, "Android factory reset", "Ville", "purge", null, null, "t", at);
        Assert.That((wiped.LastWipedAt, wiped.NeedsWipe, wiped.Status), Is.EqualTo(((DateTimeOffset?)at, false, DeviceStatus.Provisioning)));
        var stored = await Db.ReadAsync(c => c.QuerySingleAsync<(string Level, DateTimeOffset At)>("SELECT level, performed_at FROM sanitisations"));
        Assert.That((stored.Level, stored.At), Is.EqualTo(("Purge", at)));
    }

    [Test]
    public async Task RecordWipeAsync_InTheFutureOrBeforeTheLastWipe_RefusedNamingTheTimeAndNothingChanged()
    {
        var d = await Inventory.AddAsync(Tablet("WT2") with
        {
            Acquisition = "transferred", AcquiredOn = DateTime.Today.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, "t");
        var future = Assert.ThrowsAsync<UserError>(() => Inventory.RecordWipeAsync(d.Tag, "x", "Ville", null, null, null, "t", DateTimeOffset.UtcNow.AddHours(2)));
        Assert.That((future!.Field, future.Code), Is.EqualTo(("when", "value.invalid")));
        Assert.That(future.Message, Does.Contain("cannot be dated later than now"));
        Assert.That(await CountAsync("sanitisations"), Is.EqualTo(0));

        await Inventory.RecordWipeAsync(d.Tag, "x", "Ville", null, null, null, "t");
        await Inventory.SetStatusAsync(d.Tag, "awaiting-wipe", null, "t");
        var earlier = Assert.ThrowsAsync<UserError>(() => Inventory.RecordWipeAsync(d.Tag, "x", "Ville", null, null, null, "t", DateTimeOffset.UtcNow.AddDays(-3)));
        Assert.That(earlier!.Message, Does.Contain("last wiped on"));
        Assert.That((await Inventory.GetAsync(d.Tag)).Status, Is.EqualTo(DeviceStatus.AwaitingWipe));
    }

    [Test]
    public async Task MoveAsync_IntoAComputerPoint_GoesWhereThePointIsAndOutAgainWithAnEmptyPoint()
    {
        await new SiteService(Db).AddAsync("KESKUS", "Keskuskirjasto", null, "t");
        await new SiteService(Db).AddLocationAsync("KESKUS", "Aula", "t");
        await new SiteService(Db).AddAsync("ITA", "Itäkeskus", null, "t");
        var point = await new ComputerPointService(Db).AddAsync("Aulan piste", "KESKUS", "Aula", null, null, [], "t");
        var d = await Inventory.AddAsync(Tablet("MV1") with { Site = "ITA" }, "t");

        var inPoint = await Inventory.MoveAsync(d.Tag, "", null, point.Code, "t");
        Assert.That((inPoint.PointCode, inPoint.SiteCode, inPoint.LocationName), Is.EqualTo((point.Code, "KESKUS", "Aula")));

        var out_ = await Inventory.MoveAsync(d.Tag, "ITA", "", "", "t");
        Assert.That((out_.PointCode, out_.SiteCode, out_.LocationName), Is.EqualTo(((string?)null, "ITA", (string?)null)));
        Assert.That(Assert.ThrowsAsync<UserError>(() => Inventory.MoveAsync(d.Tag, "", null, "CP-999", "t"))!.Kind, Is.EqualTo(UserErrorKind.NotFound));
    }

    [Test]
    public async Task AddWithDonorAsync_NewDonor_AddedTogetherWithTheDonatedDevice()
    {
        var d = await Inventory.AddWithDonorAsync(Tablet("DN1"), new DonorInput("Firma Oy", "company", "info@firma.fi"), "t");
        Assert.That((d.DonorName, d.Acquisition, d.NeedsWipe), Is.EqualTo(("Firma Oy", Acquisition.Donated, true)));
        Assert.That(await CountAsync("donors"), Is.EqualTo(1));
    }

    [Test]
    public async Task AddWithDonorAsync_DeviceRefusedOrDonorExists_NeitherIsAdded()
    {
        await Inventory.AddAsync(Tablet("DN2"), "t");
        var serial = Assert.ThrowsAsync<UserError>(() => Inventory.AddWithDonorAsync(Tablet("DN2"), new DonorInput("Uusi Oy", null, null), "t"));
        Assert.That(serial!.Field, Is.EqualTo("serial-number"));
        Assert.That(await CountAsync("donors"), Is.EqualTo(0), "a refused device leaves no donor behind");

        await new DonorService(Db).AddAsync("Firma Oy", null, null, null, "t");
        var exists = Assert.ThrowsAsync<UserError>(() => Inventory.AddWithDonorAsync(Tablet("DN3"), new DonorInput("firma oy", null, null), "t"));
        Assert.That((exists!.Code, exists.Field), Is.EqualTo(("donor.exists", "name")));
        Assert.That(await CountAsync("devices"), Is.EqualTo(1));
    }

    [TestCase("samsung", "SM-X210", "Samsung", "SM-X210")]
    [TestCase("Lenovo", "Lenovo TB-X605F", "Lenovo", "TB-X605F")]
    [TestCase("LENOVO", "lenovo TB-X605F", "Lenovo", "TB-X605F")]
    [TestCase("hp", "ProBook 450", "HP", "ProBook 450")]
    [TestCase("Apple", "Apple", "Apple", "Apple")]
    public async Task AddAsync_MakeAndModelAsAdbGivesThem_StoredAsPeopleWriteThem(string make, string model, string storedMake, string storedModel)
    {
        var d = await Inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = make, Model = model }, "t");
        Assert.That((d.Make, d.Model), Is.EqualTo((storedMake, storedModel)));
        Assert.That(await Db.ReadAsync(c => c.QuerySingleAsync<(string, string)>("SELECT make, model FROM devices")), Is.EqualTo((storedMake, storedModel)));
    }

    [Test]
    public async Task GetAsync_MakeStoredInLowerCaseAndRepeatedInModel_ReadAsPeopleWriteIt()
    {
        var d = await Inventory.AddAsync(Tablet("NM1"), "t");
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE devices SET make = 'lenovo', model = 'Lenovo TB-X605F' WHERE id = @Id", new { d.Id }, tx));
        var read = await Inventory.GetAsync(d.Tag);
        Assert.That((read.Make, read.Model), Is.EqualTo(("Lenovo", "TB-X605F")));
        Assert.That((await Inventory.ListAsync(new DeviceFilter())).Items.Single().Make, Is.EqualTo("Lenovo"));
    }
}
