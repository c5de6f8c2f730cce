using LaiteLaina.Tests.Provisioning;

namespace LaiteLaina.Tests.Inventory;

/// <summary>The one gate every device change goes through: the whole lifecycle table and the wipe rule, whoever asks.</summary>
public sealed class DeviceGateTests(Engine engine) : DatabaseTest(engine)
{
    private async Task<Device> StoredAsync(DeviceStatus status, bool needsWipe) =>
        await PutDeviceAsync((await new InventoryService(Db).AddAsync(new DeviceInput { Kind = "laptop", Make = "Lenovo" }, "t")).Tag, status, needsWipe);

    private Task<long> AuditRowsAsync(Device d) =>
        Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE record_type = 'device' AND record_id = @Id", new { d.Id }));

    [TestCaseSource(typeof(LifecycleTable), nameof(LifecycleTable.Statuses))]
    public async Task MoveAsync_EveryTargetWithAndWithoutWipe_OnlyTableMovesAndNeverReadyUnwiped(DeviceStatus from)
    {
        var wrong = new List<string>();
        foreach (var to in LifecycleTable.Statuses)
        {
            foreach (var needsWipe in new[] { false, true })
            {
                var before = await StoredAsync(from, needsWipe);
                var rows = await AuditRowsAsync(before);
                var expected = from == to || (LifecycleTable.Allowed(from, to) && !(to == DeviceStatus.Ready && needsWipe));
                string? refusal = null;
                try
                {
                    await Db.WriteAsync((c, tx) => DeviceGate.MoveAsync(c, tx, before, before with { Status = to, Notes = "moved" }, "t", "device.test"));
                }
                catch (UserError e) when (e.Kind == UserErrorKind.Conflict && e.Field == "status")
                {
                    refusal = e.Message;
                }
                var after = await Db.ReadAsync(c => DeviceStore.GetByTagAsync(c, null, before.Tag));
                var ok = expected
                    ? refusal is null && (after.Status, after.Notes) == (to, "moved") && await AuditRowsAsync(before) == rows + 1
                    : refusal is not null && (after.Status, after.Notes) == (from, null) && await AuditRowsAsync(before) == rows;
                if (!ok)
                    wrong.Add($"{from} → {to} (needs wipe {needsWipe}): expected {(expected ? "moved" : "refused")}, got {after.Status}{(refusal is null ? "" : ", " + refusal)}");
            }
        }
        Assert.That(wrong, Is.Empty);
    }

    [Test]
    public async Task MoveAsync_Moved_AuditKeepsBeforeAndAfterAndUpdatedAtAdvances()
    {
        var before = await StoredAsync(DeviceStatus.Intake, needsWipe: false);
        var moved = await Db.WriteAsync((c, tx) => DeviceGate.MoveAsync(c, tx, before, before with { Status = DeviceStatus.Ready }, "ville", "device.ready"));
        Assert.That(moved.UpdatedAt, Is.GreaterThan(before.UpdatedAt));
        var row = (await new InventoryService(Db).HistoryAsync(before.Tag))[^1];
        Assert.That((row.Actor, row.Action, row.RecordKey), Is.EqualTo(("ville", "device.ready", before.Tag)));
        Assert.That(row.BeforeJson, Does.Contain("\"status\":\"intake\""));
        Assert.That(row.AfterJson, Does.Contain("\"status\":\"ready\""));
    }

    [Test]
    public void Sources_EveryDeviceWrite_GoesThroughTheGate()
    {
        var src = Path.Combine(PrivateAdbServer.RepositoryRoot, "src", "LaiteLaina");
        var writers = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("DeviceStore.UpdateAsync(", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(src, f));
        Assert.That(writers, Is.EquivalentTo(new[] { Path.Combine("Inventory", "DeviceGate.cs") }));
    }
}
