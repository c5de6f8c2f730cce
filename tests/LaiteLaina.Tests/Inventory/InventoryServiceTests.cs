using LaiteLaina.Audit;

namespace LaiteLaina.Tests.Inventory;

public sealed partial class InventoryServiceTests(Engine engine) : DatabaseTest(engine)
{
    private InventoryService Inventory => new(Db);

    private static DeviceInput Tablet(string serial) => new() { Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A8", SerialNumber = serial };

    private Task<long> CountAsync(string table) => Db.ReadAsync(c => c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"));

    [Test]
    public async Task AddAsync_TwoDevices_GetsConsecutiveTagsWithPrefix()
    {
        var a = await Inventory.AddAsync(Tablet("A1"), "t");
        var b = await Inventory.AddAsync(Tablet("A2"), "t");
        Assert.That((a.Tag, b.Tag), Is.EqualTo(("LL-000001", "LL-000002")));
    }

    [Test]
    public async Task AddAsync_AfterRefusedAdd_NeverReusesAndNeverSkipsCommittedTags()
    {
        await Inventory.AddAsync(Tablet("A1"), "t");
        Assert.ThrowsAsync<UserError>(() => Inventory.AddAsync(Tablet("A1"), "t"));
        var next = await Inventory.AddAsync(Tablet("A2"), "t");
        Assert.That(next.Tag, Is.EqualTo("LL-000002"), "a rolled-back add must not consume a tag either");
        Assert.That(await CountAsync("devices"), Is.EqualTo(2));
    }

    [Test]
    public async Task AddAsync_ConcurrentAdds_AllGetDistinctTags()
    {
        var tags = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Inventory.AddAsync(Tablet("C" + i), "t")));
        Assert.That(tags.Select(d => d.Tag).Distinct().Count(), Is.EqualTo(20));
    }

    [Test]
    public async Task AddAsync_DuplicateSerialSameMake_RefusedNamingTheOtherTag()
    {
        await Inventory.AddAsync(Tablet("R9X1"), "t");
        var e = Assert.ThrowsAsync<UserError>(() => Inventory.AddAsync(Tablet("R9X1"), "t"));
        Assert.That(e!.Message, Does.Contain("serial-number 'R9X1'").And.Contain("LL-000001").And.Contain("confirm that two devices really share it"));
        Assert.That(await CountAsync("devices"), Is.EqualTo(1));
        Assert.That(await CountAsync("audit_log"), Is.EqualTo(1), "a refused add writes no audit row");
    }

    [Test]
    public async Task AddAsync_DuplicateSerialAllowedOrOtherMake_Registers()
    {
        await Inventory.AddAsync(Tablet("R9X1"), "t");
        await Inventory.AddAsync(Tablet("R9X1") with { Make = "Lenovo" }, "t");
        await Inventory.AddAsync(Tablet("R9X1"), "t", allowDuplicateSerial: true);
        Assert.That(await CountAsync("devices"), Is.EqualTo(3));
    }

    [TestCase("kind", "spaceship", "kind 'spaceship'")]
    [TestCase("cost", "-5", "cost '-5'")]
    [TestCase("acquired", "31.2.2025", "acquired-on '31.2.2025'")]
    [TestCase("imei", "123", "imei '123'")]
    [TestCase("site", "NOWHERE", "site 'NOWHERE'")]
    [TestCase("condition", "shiny", "condition 'shiny'")]
    public async Task AddAsync_BadField_OneMessageNamingFieldAndValue_NothingStored(string field, string value, string expected)
    {
        var input = field switch
        {
            "kind" => Tablet("S") with { Kind = value },
            "cost" => Tablet("S") with { Cost = value },
            "acquired" => Tablet("S") with { AcquiredOn = value },
            "imei" => Tablet("S") with { Imei = value },
            "site" => Tablet("S") with { Site = value },
            _ => Tablet("S") with { Condition = value },
        };
        var e = Assert.ThrowsAsync<UserError>(() => Inventory.AddAsync(input, "t"));
        Assert.That(e!.Message, Does.Contain(expected));
        Assert.That(e.Message.Split('\n'), Has.Length.EqualTo(1));
        Assert.That(await CountAsync("devices") + await CountAsync("audit_log"), Is.Zero);
    }

    [Test]
    public async Task AddAsync_LeasedWithoutLeaseEnd_Refused() =>
        Assert.That(Assert.ThrowsAsync<UserError>(() => Inventory.AddAsync(new DeviceInput { Kind = "desktop", Acquisition = "leased" }, "t"))!.Message,
            Does.StartWith("lease-end"));

    [Test]
    public async Task AddAsync_IdentityCodeInNotes_Refused() =>
        Assert.That(Assert.ThrowsAsync<UserError>(() => Inventory.AddAsync(Tablet("N1") with { Notes = "Lainassa Matti 010190-123A" }, "t"))!.Message,
            Does.StartWith("notes contains something shaped like a personal identity code"));

    [Test]
    public async Task ReadyAsync_PurchasedDevice_ReadyAtOnce()
    {
        var d = await Inventory.AddAsync(Tablet("P1"), "t");
        Assert.That((await Inventory.ReadyAsync(d.Tag, "t")).Status, Is.EqualTo(DeviceStatus.Ready));
    }

    [TestCase("donated")]
    [TestCase("transferred")]
    public async Task ReadyAsync_UsedDeviceNotWiped_RefusedUntilWipeRecorded(string acquisition)
    {
        await new DonorService(Db).AddAsync("Firma Oy", null, null, null, "t");
        var input = Tablet("D1") with { Acquisition = acquisition, Donor = acquisition == "donated" ? "Firma Oy" : null };
        var d = await Inventory.AddAsync(input, "t");
        var e = Assert.ThrowsAsync<UserError>(() => Inventory.ReadyAsync(d.Tag, "t"));
        Assert.That(e!.Message, Does.Contain("has not been wiped").And.Contain("record a wipe on the device's page"));
        Assert.That((await Inventory.GetAsync(d.Tag)).Status, Is.EqualTo(DeviceStatus.Intake));

        await Inventory.RecordWipeAsync(d.Tag, "restored in Finder", "Maija", null, null, null, "t");
        Assert.That((await Inventory.ReadyAsync(d.Tag, "t")).Status, Is.EqualTo(DeviceStatus.Ready));
        Assert.That(await CountAsync("sanitisations"), Is.EqualTo(1));
    }

    [Test]
    public async Task ReadyAsync_DeviceOnLoan_RefusedWithReturnFirst()
    {
        var d = await Inventory.AddAsync(Tablet("L1"), "t");
        await Inventory.ReadyAsync(d.Tag, "t");
        // Loans are not built yet: put the device on loan the way the loan service will, in SQL.
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE devices SET status = 'OnLoan' WHERE tag = @Tag", new { d.Tag }, tx));
        var e = Assert.ThrowsAsync<UserError>(() => Inventory.ReadyAsync(d.Tag, "t"));
        Assert.That(e!.Message, Is.EqualTo($"{d.Tag} is on loan; return it before marking it ready."));
    }

    [Test]
    public async Task RetireAsync_Twice_SecondRefused()
    {
        var d = await Inventory.AddAsync(Tablet("R1"), "t");
        await Inventory.RetireAsync(d.Tag, "broken screen", null, "t");
        var e = Assert.ThrowsAsync<UserError>(() => Inventory.RetireAsync(d.Tag, null, null, "t"));
        Assert.That(e!.Message, Does.Contain("is retired"));
    }

    [Test]
    public async Task SetStatusAsync_LostThenFound_NeedsWipeAgain()
    {
        var d = await Inventory.AddAsync(Tablet("F1"), "t");
        await Inventory.ReadyAsync(d.Tag, "t");
        await Inventory.SetStatusAsync(d.Tag, "lost", "left on the bus", "t");
        var found = await Inventory.SetStatusAsync(d.Tag, "awaiting-wipe", "found", "t");
        Assert.That((found.Status, found.NeedsWipe), Is.EqualTo((DeviceStatus.AwaitingWipe, true)));
        Assert.ThrowsAsync<UserError>(() => Inventory.ReadyAsync(d.Tag, "t"));
    }

    [Test]
    public async Task ChangeAsync_EveryChange_WritesBeforeAndAfterToAuditLog()
    {
        await new SiteService(Db).AddAsync("KESKUS", "Keskus", null, "maija");
        var d = await Inventory.AddAsync(Tablet("H1"), "maija");
        await Inventory.MoveAsync(d.Tag, "KESKUS", null, "pekka");
        await Inventory.ReadyAsync(d.Tag, "pekka");
        var history = await Inventory.HistoryAsync(d.Tag);
        Assert.That(history.Select(h => (h.Actor, h.Action)), Is.EqualTo(new[] { ("maija", "device.add"), ("pekka", "device.move"), ("pekka", "device.ready") }));
        Assert.That(AuditDiff.Describe(history[2].BeforeJson, history[2].AfterJson), Is.EqualTo("status: intake → ready"));
        Assert.That(history[1].AfterJson, Does.Contain("\"siteId\""));
    }

    [Test]
    public async Task AuditLog_UpdateOrDelete_RefusedByTheDatabase()
    {
        await Inventory.AddAsync(Tablet("X1"), "t");
        Assert.CatchAsync<Exception>(() => Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE audit_log SET actor = 'someone else'", transaction: tx)));
        Assert.CatchAsync<Exception>(() => Db.WriteAsync((c, tx) => c.ExecuteAsync("DELETE FROM audit_log", transaction: tx)));
        Assert.That(await CountAsync("audit_log"), Is.EqualTo(1));
    }

    [Test]
    public async Task ListAsync_FiltersAndPages_ReturnOnlyMatchingNewestFirst()
    {
        await new SiteService(Db).AddAsync("KYLA", "Kylätalo", null, "t");
        for (var i = 0; i < 7; i++)
            await Inventory.AddAsync(Tablet("T" + i) with { Site = i % 2 == 0 ? "KYLA" : null }, "t");
        await Inventory.AddAsync(new DeviceInput { Kind = "laptop", Make = "Lenovo", Model = "ThinkPad T480", SerialNumber = "PF1" }, "t");

        var tablets = await Inventory.ListAsync(new DeviceFilter { Kind = "tablet", PageSize = 3 });
        Assert.That(tablets.Items.Select(d => d.Tag), Is.EqualTo(new[] { "LL-000007", "LL-000006", "LL-000005" }));
        Assert.That(tablets.HasMore, Is.True);
        var last = await Inventory.ListAsync(new DeviceFilter { Kind = "tablet", PageSize = 3, Page = 3 });
        Assert.That((last.Items.Count, last.HasMore), Is.EqualTo((1, false)));
        Assert.That((await Inventory.ListAsync(new DeviceFilter { Site = "kyla" })).Items, Has.Count.EqualTo(4));
        Assert.That((await Inventory.ListAsync(new DeviceFilter { Search = "thinkpad" })).Items.Single().Tag, Is.EqualTo("LL-000008"));
        Assert.That((await Inventory.ListAsync(new DeviceFilter { Search = "PF1" })).Items.Single().Kind, Is.EqualTo(DeviceKind.Laptop));
        Assert.ThrowsAsync<UserError>(() => Inventory.ListAsync(new DeviceFilter { Status = "borrowed" }));
    }

    [Test]
    public async Task ComputerPoint_AddWithDevices_MovesThemToThePointAndAudits()
    {
        await new SiteService(Db).AddAsync("KESKUS", "Keskus", null, "t");
        await new SiteService(Db).AddLocationAsync("KESKUS", "Aula", "t");
        var pc = await Inventory.AddAsync(new DeviceInput { Kind = "desktop", Acquisition = "leased", LeaseEnd = "2027-01-31", LeasePaidBy = "Tietohallinto" }, "t");
        var monitor = await Inventory.AddAsync(new DeviceInput { Kind = "monitor" }, "t");
        var point = await new ComputerPointService(Db).AddAsync("Aulan asiakaspiste", "KESKUS", "Aula", "PC leased", null, [pc.Tag, monitor.Tag], "t");
        var shown = await new ComputerPointService(Db).GetAsync(point.Code);
        Assert.That(shown.Devices.Select(d => (d.Tag, d.LocationName)), Is.EqualTo(new[] { (pc.Tag, "Aula"), (monitor.Tag, "Aula") }));
        Assert.That((await Inventory.HistoryAsync(pc.Tag))[^1].Action, Is.EqualTo("device.point"));
    }
}
