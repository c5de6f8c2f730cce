using LaiteLaina.Provisioning;
using Microsoft.Extensions.Configuration;

namespace LaiteLaina.Tests.Inventory;

/// <summary>Moving a device between sites is its own audited step, refused while the device is lent or provisioned;
/// and a process's Site setting is checked against the sites table.</summary>
public sealed class TransferTests(Engine engine) : DatabaseTest(engine)
{
    private async Task<Device> TabletAtEastAsync()
    {
        var sites = Service<SiteService>();
        await sites.AddAsync("ITA", "Itäinen palvelupiste", null, "test");
        await sites.AddAsync("LANSI", "Läntinen palvelupiste", null, "test");
        return await Service<InventoryService>().AddAsync(new DeviceInput { Kind = "tablet", Model = "Tab", SerialNumber = "T-1", Site = "ITA" }, "test");
    }

    [Test]
    public async Task TransferAsync_ToAnotherSite_MovedAndAuditedWithBothSites()
    {
        var device = await TabletAtEastAsync();

        var moved = await Service<InventoryService>().TransferAsync(device.Tag, "lansi", null, "maija");

        Assert.That(moved.SiteCode, Is.EqualTo("LANSI"));
        var audit = await Db.ReadAsync(c => c.QuerySingleAsync<(string Actor, string Before, string After)>(
            "SELECT actor, before_json, after_json FROM audit_log WHERE action = 'device.transfer'"));
        var sites = await Service<SiteService>().NamesAsync();
        long SiteOf(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("siteId").GetInt64();
        Assert.That(audit.Actor, Is.EqualTo("maija"));
        Assert.That(SiteOf(audit.Before), Is.EqualTo(sites.Single(s => s.Code == "ITA").Id));
        Assert.That(SiteOf(audit.After), Is.EqualTo(sites.Single(s => s.Code == "LANSI").Id));
    }

    [Test]
    public async Task TransferAsync_OnLoan_RefusedNamingTheDeviceAndNothingChanges()
    {
        var device = await TabletAtEastAsync();
        await PutDeviceAsync(device.Tag, DeviceStatus.OnLoan, needsWipe: false);

        var e = Assert.ThrowsAsync<UserError>(() => Service<InventoryService>().TransferAsync(device.Tag, "LANSI", null, "maija"))!;

        Assert.That(e.Text.Id, Is.EqualTo(Msg.TransferOnLoan));
        Assert.That(e.Text.Render(System.Globalization.CultureInfo.GetCultureInfo("fi")), Does.Contain(device.Tag).And.Contain("lainassa"));
        Assert.That((await Service<InventoryService>().GetAsync(device.Tag)).SiteCode, Is.EqualTo("ITA"));
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'device.transfer'")), Is.Zero);
    }

    [Test]
    public async Task TransferAsync_ProvisioningJobQueued_Refused()
    {
        var device = await TabletAtEastAsync();
        await ProvisioningActions.StartAsync(Db, "192.0.2.7:5555", device.Tag, null, "test");

        var e = Assert.ThrowsAsync<UserError>(() => Service<InventoryService>().TransferAsync(device.Tag, "LANSI", null, "maija"))!;

        Assert.That(e.Text.Id, Is.EqualTo(Msg.TransferProvisioning));
        Assert.That((await Service<InventoryService>().GetAsync(device.Tag)).SiteCode, Is.EqualTo("ITA"));
    }

    [Test]
    public async Task TransferAsync_SameSite_Refused()
    {
        var device = await TabletAtEastAsync();

        var e = Assert.ThrowsAsync<UserError>(() => Service<InventoryService>().TransferAsync(device.Tag, "ITA", null, "maija"))!;

        Assert.That(e.Text.Id, Is.EqualTo(Msg.TransferSameSite));
    }

    private Task<long> AuditRowsAsync(string action) =>
        Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = @action", new { action }));

    [Test]
    public async Task MoveAsync_ToAnotherSite_AuditedAsTransfer()
    {
        var device = await TabletAtEastAsync();

        var moved = await Service<InventoryService>().MoveAsync(device.Tag, "LANSI", null, "maija");

        Assert.That(moved.SiteCode, Is.EqualTo("LANSI"));
        Assert.That(await AuditRowsAsync("device.transfer"), Is.EqualTo(1));
        Assert.That(await AuditRowsAsync("device.move"), Is.Zero);
    }

    [Test]
    public async Task MoveAsync_WithinItsSite_StaysAMove()
    {
        var device = await TabletAtEastAsync();
        await Service<SiteService>().AddLocationAsync("ITA", "Hylly", "test");

        var moved = await Service<InventoryService>().MoveAsync(device.Tag, "ITA", "Hylly", "maija");

        Assert.That(moved.LocationName, Is.EqualTo("Hylly"));
        Assert.That(await AuditRowsAsync("device.move"), Is.EqualTo(1));
        Assert.That(await AuditRowsAsync("device.transfer"), Is.Zero);
    }

    [Test]
    public async Task MoveAsync_OnLoanToAnotherSite_RefusedAsTransferAndNothingChanges()
    {
        var device = await TabletAtEastAsync();
        await PutDeviceAsync(device.Tag, DeviceStatus.OnLoan, needsWipe: false);

        var e = Assert.ThrowsAsync<UserError>(() => Service<InventoryService>().MoveAsync(device.Tag, "LANSI", null, "maija"))!;

        Assert.That(e.Text.Id, Is.EqualTo(Msg.TransferOnLoan));
        Assert.That(e.Text.Render(System.Globalization.CultureInfo.GetCultureInfo("sv")), Does.Contain(device.Tag).And.Contain("LANSI"));
        Assert.That((await Service<InventoryService>().GetAsync(device.Tag)).SiteCode, Is.EqualTo("ITA"));
    }

    [Test]
    public async Task EditAsync_SiteChangedWhileProvisioning_Refused()
    {
        var device = await TabletAtEastAsync();
        await ProvisioningActions.StartAsync(Db, "192.0.2.7:5555", device.Tag, null, "test");

        var e = Assert.ThrowsAsync<UserError>(() => Service<InventoryService>().EditAsync(device.Tag, new DeviceInput { Site = "LANSI" }, "maija"))!;

        Assert.That(e.Text.Id, Is.EqualTo(Msg.TransferProvisioning));
        Assert.That((await Service<InventoryService>().GetAsync(device.Tag)).SiteCode, Is.EqualTo("ITA"));
    }

    [Test]
    public async Task EditAsync_SiteChanged_AuditedAsTransfer()
    {
        var device = await TabletAtEastAsync();

        await Service<InventoryService>().EditAsync(device.Tag, new DeviceInput { Site = "LANSI" }, "maija");

        Assert.That(await AuditRowsAsync("device.transfer"), Is.EqualTo(1));
        Assert.That(await AuditRowsAsync("device.edit"), Is.Zero);
    }

    [Test]
    public async Task IdAsync_SiteSettingNamesNoSite_RefusedWithTheCodesThereAre()
    {
        await TabletAtEastAsync();
        var site = new ServiceSite(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Site"] = "POHJOINEN" }).Build());

        var e = Assert.ThrowsAsync<UserError>(() => site.IdAsync(Db))!;

        Assert.That(e.Text.Id, Is.EqualTo(Msg.ServiceSiteUnknown));
        Assert.That(e.Text.Render(System.Globalization.CultureInfo.GetCultureInfo("sv")), Does.Contain("POHJOINEN").And.Contain("ITA, LANSI"));
    }

    [Test]
    public async Task ClaimAsync_JobOfAnotherSite_NotTakenButOwnSiteTakesIt()
    {
        var tag = (await TabletAtEastAsync()).Tag;
        var labels = Path.Combine(Scratch, "labels.zpl");
        var hardware = new HardwareSettings([], [HardwareSettings.Printer("Printers:0", new PrinterOptions { Name = "desk", Port = labels, Language = "zpl" })],
            new PrintQueueSettings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 3, null));
        ServiceSite At(string code) => new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Site"] = code }).Build());
        var east = new PrintQueue(Db, hardware, At("ITA"));
        var west = new PrintQueue(Db, hardware, At("LANSI"));

        var job = await east.EnqueueAsync(tag, 1, "desk", "test");

        Assert.That(await west.ClaimAsync(["desk"], "west"), Is.Null, "the west service's printer of the same name never gets an east label");
        Assert.That(await west.RequeueInterruptedAsync(["desk"]), Is.Zero);
        Assert.That((await east.ClaimAsync(["desk"], "east"))?.Id, Is.EqualTo(job.Id));
    }
}
