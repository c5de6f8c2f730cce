namespace LaiteLaina.Tests.Inventory;

/// <summary>The moves a person makes by hand: a wipe recorded from every status, what the refusals say, and the notes
/// and audit rows a move leaves.</summary>
public sealed partial class InventoryServiceTests
{
    private async Task<Device> DeviceInAsync(DeviceStatus status, string serial, bool needsWipe = true)
    {
        var d = await Inventory.AddAsync(Tablet(serial), "t");
        return await PutDeviceAsync(d.Tag, status, needsWipe);
    }

    [TestCaseSource(typeof(LifecycleTable), nameof(LifecycleTable.Statuses))]
    public async Task RecordWipeAsync_FromEveryStatus_OnlyWhereSomeonesDataMayStillBe(DeviceStatus from)
    {
        var d = await DeviceInAsync(from, "W1");
        var wipeable = from is DeviceStatus.Intake or DeviceStatus.AwaitingWipe or DeviceStatus.Wiping or DeviceStatus.InRepair;
        if (wipeable)
        {
            var wiped = await Inventory.RecordWipeAsync(d.Tag, "factory reset from Settings", "Ville V.", null, null, null, "ville");
            var expected = from == DeviceStatus.InRepair ? DeviceStatus.InRepair : DeviceStatus.Provisioning;
            Assert.That((wiped.Status, wiped.NeedsWipe, wiped.LastWipedAt is not null), Is.EqualTo((expected, false, true)));
            Assert.That((await Inventory.HistoryAsync(d.Tag))[^1].Action, Is.EqualTo("device.wiped"));
        }
        else
        {
            var e = Assert.ThrowsAsync<UserError>(() => Inventory.RecordWipeAsync(d.Tag, "factory reset", "Ville V.", null, null, null, "ville"));
            Assert.That((e!.Kind, e.Field, e.Message), Is.EqualTo((UserErrorKind.Conflict, "status",
                $"{d.Tag} is {EnumText.Kebab(from)}; only a device in intake, awaiting wipe, wiping or in repair can be recorded as wiped.")));
            Assert.That((await Inventory.GetAsync(d.Tag)).Status, Is.EqualTo(from));
        }
        Assert.That(await CountAsync("sanitisations"), Is.EqualTo(wipeable ? 1 : 0));
    }

    [Test]
    public async Task RecordWipeAsync_AllFieldsGiven_StoredAsGivenWithoutCertificate()
    {
        var d = await Inventory.AddAsync(Tablet("W2"), "t");
        await Inventory.RecordWipeAsync(d.Tag, " restored in Finder ", " Maija M. ", "purge", " Apple Configurator ", "lukittu iPad", "maija");
        var row = await Db.ReadAsync(c => c.QuerySingleAsync<(string Method, string Level, string? Tool, string Operator, string Verification, string Result, string? Notes)>(
            "SELECT method, level, tool, operator, verification, result, notes FROM sanitisations"));
        Assert.That(row, Is.EqualTo(("restored in Finder", "Purge", "Apple Configurator", "Maija M.", "by hand", "wiped", "lukittu iPad")));
    }

    [TestCase(" ", "Ville", null, null, "method", TestName = "RecordWipeAsync_NoMethod_Refused")]
    [TestCase("factory reset", "", null, null, "by", TestName = "RecordWipeAsync_NoOneWipedIt_Refused")]
    [TestCase("factory reset", "Ville 010190-123A", null, null, "by", TestName = "RecordWipeAsync_IdentityCodeAsWiper_Refused")]
    [TestCase("factory reset", "Ville", "Matti 010190-123A", null, "notes", TestName = "RecordWipeAsync_IdentityCodeInNotes_Refused")]
    [TestCase("factory reset", "Ville", null, "perfect", "level", TestName = "RecordWipeAsync_UnknownLevel_Refused")]
    public async Task RecordWipeAsync_BadInput_RefusedNothingWritten(string method, string by, string? notes, string? level, string field)
    {
        var d = await Inventory.AddAsync(Tablet("W3"), "t");
        var e = Assert.ThrowsAsync<UserError>(() => Inventory.RecordWipeAsync(d.Tag, method, by, level, null, notes, "t"));
        Assert.That(e!.Field, Is.EqualTo(field));
        Assert.That((await CountAsync("sanitisations"), (await Inventory.GetAsync(d.Tag)).Status), Is.EqualTo((0L, DeviceStatus.Intake)));
    }

    [TestCase("donated", "is donated and has not been wiped since", TestName = "ReadyAsync_DonatedNeverWiped_SaysDonated")]
    [TestCase("transferred", "is transferred from another unit and has not been wiped since", TestName = "ReadyAsync_TransferredNeverWiped_SaysTransferred")]
    [TestCase("purchased", "is back from use and has not been wiped since", TestName = "ReadyAsync_BoughtAndBackFromALoan_SaysBackFromUse")]
    public async Task ReadyAsync_WipeOutstanding_SaysWhereTheDeviceCameFrom(string acquisition, string expected)
    {
        await new DonorService(Db).AddAsync("Firma Oy", null, null, null, "t");
        var d = await Inventory.AddAsync(Tablet("R2") with { Acquisition = acquisition, Donor = acquisition == "donated" ? "Firma Oy" : null }, "t");
        if (acquisition == "purchased")
            await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE devices SET status = 'InRepair', needs_wipe = @yes WHERE id = @Id", new { yes = true, d.Id }, tx));
        var e = Assert.ThrowsAsync<UserError>(() => Inventory.ReadyAsync(d.Tag, "t"));
        Assert.That((e!.Kind, e.Field), Is.EqualTo((UserErrorKind.Conflict, "status")));
        Assert.That(e.Message, Does.StartWith($"{d.Tag} {expected}"));
    }

    [Test]
    public async Task ReadyAsync_DonatedWipedOnceThenBackFromALoan_SaysBackFromUse()
    {
        await new DonorService(Db).AddAsync("Firma Oy", null, null, null, "t");
        var d = await Inventory.AddAsync(Tablet("R3") with { Acquisition = "donated", Donor = "Firma Oy" }, "t");
        await Inventory.RecordWipeAsync(d.Tag, "factory reset", "Ville", null, null, null, "t");
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE devices SET status = 'InRepair', needs_wipe = @yes WHERE id = @Id", new { yes = true, d.Id }, tx));
        Assert.That(Assert.ThrowsAsync<UserError>(() => Inventory.ReadyAsync(d.Tag, "t"))!.Message, Does.StartWith($"{d.Tag} is back from use"));
    }

    [Test]
    public async Task SetStatusAsync_WithNotes_EachNoteOnItsOwnLine()
    {
        var d = await Inventory.AddAsync(Tablet("N2") with { Notes = "naarmu" }, "t");
        await Inventory.SetStatusAsync(d.Tag, "in-repair", "näyttö rikki", "t");
        await Inventory.SetStatusAsync(d.Tag, "awaiting-wipe", "  ", "t");
        var retired = await Inventory.RetireAsync(d.Tag, "ei kannata korjata", "akku turvonnut", "t");
        Assert.That(retired.Notes, Is.EqualTo("naarmu\nnäyttö rikki\nakku turvonnut"), "no English words are added to what people wrote");
        Assert.That(retired.RetiredReason, Is.EqualTo("ei kannata korjata"));
        var bare = await Inventory.AddAsync(Tablet("N3"), "t");
        Assert.That((await Inventory.SetStatusAsync(bare.Tag, "lost", "bussi", "t")).Notes, Is.EqualTo("bussi"));
        Assert.That((await Inventory.RetireAsync(bare.Tag, null, null, "t")).Notes, Is.EqualTo("bussi"));
    }

    [Test]
    public async Task SetStatusAsync_Moved_UpdatedAtAndAuditWithoutJoinedNames()
    {
        await new SiteService(Db).AddAsync("KESKUS", "Keskus", null, "t");
        var d = await Inventory.AddAsync(Tablet("U1") with { Site = "KESKUS" }, "t");
        var moved = await Inventory.SetStatusAsync(d.Tag, "in-repair", null, "pekka");
        Assert.That(moved.UpdatedAt, Is.GreaterThan(d.UpdatedAt));
        var row = (await Inventory.HistoryAsync(d.Tag))[^1];
        Assert.That((row.Action, row.Actor), Is.EqualTo(("device.status", "pekka")));
        Assert.That(row.AfterJson, Does.Contain("\"status\":\"in-repair\"").And.Not.Contain("siteCode").And.Not.Contain("KESKUS"));
        Assert.That(row.BeforeJson, Does.Contain("\"status\":\"intake\""));
    }

    [TestCase(0, 50, "page", TestName = "ListAsync_PageZero_Refused")]
    [TestCase(1, 0, "page-size", TestName = "ListAsync_PageSizeZero_Refused")]
    [TestCase(1, 501, "page-size", TestName = "ListAsync_PageSizeOver500_Refused")]
    public void ListAsync_PageOutOfRange_RefusedNamingTheField(int page, int size, string field) =>
        Assert.That(Assert.ThrowsAsync<UserError>(() => Inventory.ListAsync(new DeviceFilter { Page = page, PageSize = size }))!.Field, Is.EqualTo(field));

    [Test]
    public async Task ListAsync_LargestPage_Allowed()
    {
        await Inventory.AddAsync(Tablet("P9"), "t");
        Assert.That((await Inventory.ListAsync(new DeviceFilter { PageSize = 500 })).Items, Has.Count.EqualTo(1));
        Assert.That((await Inventory.ListAsync(new DeviceFilter { PageSize = 1, Status = "intake", Acquisition = "purchased" })).Items, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task MoveAsync_ToSiteAndLocation_BothSetEvenWhenItsSerialIsShared()
    {
        var sites = new SiteService(Db);
        await sites.AddAsync("KESKUS", "Keskus", null, "t");
        await sites.AddLocationAsync("KESKUS", "Aula", "t");
        await Inventory.AddAsync(Tablet("SAME"), "t");
        var twin = await Inventory.AddAsync(Tablet("SAME"), "t", allowDuplicateSerial: true);
        var moved = await Inventory.MoveAsync(twin.Tag, "keskus", "aula", "pekka");
        Assert.That((moved.SiteCode, moved.LocationName), Is.EqualTo(("KESKUS", "Aula")));
        var row = (await Inventory.HistoryAsync(twin.Tag))[^1];
        Assert.That((row.Action, row.Actor), Is.EqualTo(("device.move", "pekka")));
    }

    [Test]
    public async Task EditAsync_Condition_WrittenAndAudited()
    {
        var d = await Inventory.AddAsync(Tablet("E1"), "t");
        var edited = await Inventory.EditAsync(d.Tag, new DeviceInput { Condition = "fair", Notes = "naarmu" }, "ville");
        Assert.That((edited.Condition, edited.Notes), Is.EqualTo((DeviceCondition.Fair, "naarmu")));
        Assert.That((await Inventory.HistoryAsync(d.Tag))[^1].Action, Is.EqualTo("device.edit"));
    }

    [Test]
    public async Task RetireAsync_Twice_SecondRefusedOnTheStatusAndAudited()
    {
        var d = await Inventory.AddAsync(Tablet("R4"), "t");
        await Inventory.RetireAsync(d.Tag, null, null, "maija");
        Assert.That((await Inventory.HistoryAsync(d.Tag))[^1].Action, Is.EqualTo("device.retire"));
        var e = Assert.ThrowsAsync<UserError>(() => Inventory.RetireAsync(d.Tag, null, null, "maija"));
        Assert.That((e!.Kind, e.Field), Is.EqualTo((UserErrorKind.Conflict, "status")));
    }

    [Test]
    public async Task SetStatusAsync_UnknownStatus_RefusedNamingTheField()
    {
        var d = await Inventory.AddAsync(Tablet("S5"), "t");
        Assert.That(Assert.ThrowsAsync<UserError>(() => Inventory.SetStatusAsync(d.Tag, "lainassa", null, "t"))!.Field, Is.EqualTo("status"));
    }

    [TestCase(" ", "Ville", "method ' ' is not valid: say how it was wiped, such as 'factory reset from Settings' or 'restored in Finder'.")]
    [TestCase("factory reset", " ", "by ' ' is not valid: give the name of the person who wiped it.")]
    public async Task RecordWipeAsync_MethodOrWiperMissing_SaysWhatToGive(string method, string by, string expected)
    {
        var d = await Inventory.AddAsync(Tablet("W4"), "t");
        Assert.That(Assert.ThrowsAsync<UserError>(() => Inventory.RecordWipeAsync(d.Tag, method, by, null, null, null, "t"))!.Message, Is.EqualTo(expected));
    }

    [Test]
    public async Task ListAsync_PageOutOfRange_SaysWhatIsAllowed()
    {
        Assert.That(Assert.ThrowsAsync<UserError>(() => Inventory.ListAsync(new DeviceFilter { Page = 0 }))!.Message, Is.EqualTo("page '0' is not valid: a whole number from 1 to 100000."));
        Assert.That(Assert.ThrowsAsync<UserError>(() => Inventory.ListAsync(new DeviceFilter { PageSize = 501 }))!.Message,
            Is.EqualTo("page-size '501' is not valid: a whole number from 1 to 500."));
    }

    [Test]
    public async Task ListAndExport_EachFilter_OnlyMatchingDevices()
    {
        await new SiteService(Db).AddAsync("KYLA", "Kylätalo", null, "t");
        await new DonorService(Db).AddAsync("Firma Oy", null, null, null, "t");
        var tablet = await Inventory.AddAsync(Tablet("F1") with { Site = "KYLA" }, "t");
        await Inventory.AddAsync(Tablet("F2") with { Acquisition = "donated", Donor = "Firma Oy" }, "t");
        var laptop = await Inventory.AddAsync(new DeviceInput { Kind = "laptop", Site = "KYLA" }, "t");
        await Inventory.ReadyAsync(laptop.Tag, "t");
        async Task<string[]> Export(DeviceFilter f)
        {
            var tags = new List<string>();
            await foreach (var d in Inventory.ExportAsync(f))
                tags.Add(d.Tag);
            return [.. tags];
        }
        Assert.That(await Export(new DeviceFilter { Site = "kyla", Kind = "tablet" }), Is.EqualTo(new[] { tablet.Tag }));
        Assert.That(await Export(new DeviceFilter { Status = "ready" }), Is.EqualTo(new[] { laptop.Tag }));
        Assert.That((await Inventory.ListAsync(new DeviceFilter { Acquisition = "purchased", Kind = "tablet" })).Items.Select(d => d.Tag), Is.EqualTo(new[] { tablet.Tag }));
        Assert.That((await Inventory.ListAsync(new DeviceFilter { Status = "ready", Site = "KYLA" })).Items.Select(d => d.Tag), Is.EqualTo(new[] { laptop.Tag }));
        foreach (var (filter, field) in new[]
                 {
                     (new DeviceFilter { Site = "ATTIC" }, "site"), (new DeviceFilter { Status = "lainassa" }, "status"),
                     (new DeviceFilter { Kind = "toaster" }, "kind"), (new DeviceFilter { Acquisition = "stolen" }, "acquisition"),
                 })
        {
            Assert.That(Assert.CatchAsync<UserError>(() => Inventory.ListAsync(filter))!.Field, Is.EqualTo(field), "list " + field);
            if (field != "acquisition")
                Assert.That(Assert.CatchAsync<UserError>(() => Export(filter))!.Field, Is.EqualTo(field), "export " + field);
        }
    }
}
