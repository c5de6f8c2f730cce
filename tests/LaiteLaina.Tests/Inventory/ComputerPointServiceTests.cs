namespace LaiteLaina.Tests.Inventory;

public sealed class ComputerPointServiceTests(Engine engine) : DatabaseTest(engine)
{
    private ComputerPointService Points => new(Db);

    [Test]
    public async Task EditAsync_LeaseAndMaintenance_StoredAndAudited()
    {
        await new SiteService(Db).AddAsync("KESKUS", "Keskuskirjasto", null, "t");
        var point = await Points.AddAsync(new PointInput { Name = "Aulan piste", Site = "KESKUS", LeaseEnd = "31.12.2027", LeasePaidBy = "Kaupunki" }, [], "t");
        Assert.That((point.LeaseEnd, point.LeasePaidBy), Is.EqualTo(((DateOnly?)new DateOnly(2027, 12, 31), "Kaupunki")));

        var edited = await Points.EditAsync(point.Code, new PointInput { Name = "Aulan asiakaspiste", LastMaintenance = "2026-11-02", NextMaintenance = "2.5.2027", LeasePaidBy = "" }, "maija");
        Assert.That((edited.Name, edited.LastMaintenance, edited.NextMaintenance, edited.LeasePaidBy, edited.LeaseEnd, edited.SiteCode),
            Is.EqualTo(("Aulan asiakaspiste", (DateOnly?)new DateOnly(2026, 11, 2), (DateOnly?)new DateOnly(2027, 5, 2), (string?)null, (DateOnly?)new DateOnly(2027, 12, 31), "KESKUS")));
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'point.edit' AND actor = 'maija'")), Is.EqualTo(1));
    }

    [Test]
    public async Task EditAsync_NextMaintenanceBeforeLast_RefusedAndNothingChanged()
    {
        var point = await Points.AddAsync(new PointInput { Name = "Piste" }, [], "t");
        var e = Assert.ThrowsAsync<UserError>(() => Points.EditAsync(point.Code, new PointInput { LastMaintenance = "2.5.2027", NextMaintenance = "1.5.2027" }, "t"));
        Assert.That(e!.Field, Is.EqualTo("next-maintenance"));
        Assert.That((await Points.GetAsync(point.Code)).LastMaintenance, Is.Null);
    }
}
