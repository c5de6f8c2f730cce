namespace LaiteLaina.Tests.Inventory;

/// <summary>
/// The device lifecycle of DESIGN.md, written out as a grid so that every one of its hundred pairs is checked: a
/// move added or removed in <see cref="Lifecycle"/> fails here until this grid says the same.
/// </summary>
public static class LifecycleTable
{
    public static readonly DeviceStatus[] Statuses = Enum.GetValues<DeviceStatus>();

    // Rows are where a device is, columns where it may go, in the order of DeviceStatus:
    //                     Intake AwaitingWipe Wiping Provisioning Ready OnLoan InRepair Lost HandedOver Retired
    private static readonly string[] Grid =
    [
        /* Intake       */ ". x x x x . x x . x",
        /* AwaitingWipe */ ". . x x . . x x . x",
        /* Wiping       */ ". x . x . . x x . .",
        /* Provisioning */ ". x . . x . x x . .",
        /* Ready        */ ". x . . . x x x x x",
        /* OnLoan       */ ". x . . x . x x x .",
        /* InRepair     */ ". x . . x . . x . x",
        /* Lost         */ ". x . . . . . . . x",
        /* HandedOver   */ ". . . . . . . . . .",
        /* Retired      */ ". . . . . . . . . .",
    ];

    public static bool Allowed(DeviceStatus from, DeviceStatus to) => Grid[(int)from].Split(' ')[(int)to] == "x";

    public static IEnumerable<TestCaseData> EveryPair() =>
        from f in Statuses from t in Statuses select new TestCaseData(f, t, Allowed(f, t)).SetArgDisplayNames($"{f} → {t}");
}

public sealed class LifecycleTests
{
    [TestCaseSource(typeof(LifecycleTable), nameof(LifecycleTable.EveryPair))]
    public void CanMove_EveryPair_AsTheDesignTableSays(DeviceStatus from, DeviceStatus to, bool allowed) =>
        Assert.That(Lifecycle.CanMove(from, to), Is.EqualTo(allowed));

    [Test]
    public void From_EveryStatus_ListsExactlyTheAllowedMoves()
    {
        foreach (var from in LifecycleTable.Statuses)
            Assert.That(Lifecycle.From(from), Is.EquivalentTo(LifecycleTable.Statuses.Where(to => LifecycleTable.Allowed(from, to))), from.ToString());
    }

    [Test]
    public void Refusal_FromAwaitingWipe_ListsWhereItCanGo() =>
        Assert.That(Lifecycle.Refusal("LL-000009", DeviceStatus.AwaitingWipe, DeviceStatus.OnLoan).ToString(),
            Is.EqualTo("LL-000009 is awaiting-wipe; from there it can go to wiping, provisioning, in-repair, lost, retired, not on-loan."));

    [TestCase(DeviceStatus.OnLoan, DeviceStatus.Ready, "LL-1 is on loan; return it before marking it ready.")]
    [TestCase(DeviceStatus.OnLoan, DeviceStatus.Retired, "LL-1 is on loan; return it before retiring it.")]
    [TestCase(DeviceStatus.OnLoan, DeviceStatus.OnLoan, "LL-1 is on loan; return it before lending it again.")]
    [TestCase(DeviceStatus.OnLoan, DeviceStatus.InRepair, "LL-1 is on loan; return it before marking it in-repair.")]
    [TestCase(DeviceStatus.HandedOver, DeviceStatus.Ready, "LL-1 was handed over to a client and has left the pool; it cannot be made ready.")]
    [TestCase(DeviceStatus.HandedOver, DeviceStatus.OnLoan, "LL-1 was handed over to a client and has left the pool; it cannot be lent.")]
    [TestCase(DeviceStatus.HandedOver, DeviceStatus.Lost, "LL-1 was handed over to a client and has left the pool; it cannot be marked lost.")]
    [TestCase(DeviceStatus.Retired, DeviceStatus.AwaitingWipe, "LL-1 is retired; a retired device cannot be marked awaiting-wipe.")]
    [TestCase(DeviceStatus.Lost, DeviceStatus.Ready,
        "LL-1 is lost; when it is found, mark it found on its page (it then waits for a wipe) before marking it ready.")]
    [TestCase(DeviceStatus.Wiping, DeviceStatus.Retired, "LL-1 is wiping; from there it can go to provisioning, awaiting-wipe, in-repair, lost, not retired.")]
    public void Refusal_EachKindOfStatus_SaysWhatToDo(DeviceStatus from, DeviceStatus to, string expected) =>
        Assert.That(Lifecycle.Refusal("LL-1", from, to).ToString(), Is.EqualTo(expected));
}

/// <summary>
/// The same table through the service, on a real database: every pair moved by hand, once with the device wiped and
/// once with a wipe outstanding. A person moves a device anywhere the table allows except onto a loan or to a client
/// (those go through a loan), never away from a loan (the loan's return or loss does that), and never to ready while
/// someone's data may still be on it.
/// </summary>
public sealed class LifecycleServiceTests(Engine engine) : DatabaseTest(engine)
{
    private InventoryService Inventory => new(Db);

    private static bool ByHand(DeviceStatus from, DeviceStatus to, bool needsWipe) =>
        LifecycleTable.Allowed(from, to) && from != DeviceStatus.OnLoan && to is not (DeviceStatus.OnLoan or DeviceStatus.HandedOver) &&
        !(to == DeviceStatus.Ready && needsWipe);

    /// <summary>A device put straight into <paramref name="status"/>, as the rest of the system would have left it.</summary>
    private async Task<string> DeviceInAsync(DeviceStatus status, bool needsWipe)
    {
        var tag = (await Inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Lenovo", Model = "Tab M10" }, "t")).Tag;
        return (await PutDeviceAsync(tag, status, needsWipe)).Tag;
    }

    private Task<long> AuditRowsAsync(string tag) =>
        Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE record_type = 'device' AND record_key = @tag", new { tag }));

    [TestCaseSource(typeof(LifecycleTable), nameof(LifecycleTable.Statuses))]
    public async Task SetStatusAsync_EveryTargetWithAndWithoutWipe_AllowedExactlyAsTheTableSays(DeviceStatus from)
    {
        var wrong = new List<string>();
        foreach (var to in LifecycleTable.Statuses)
        {
            foreach (var needsWipe in new[] { false, true })
            {
                var tag = await DeviceInAsync(from, needsWipe);
                var rowsBefore = await AuditRowsAsync(tag);
                string? refusal = null;
                try
                {
                    await Inventory.SetStatusAsync(tag, EnumText.Kebab(to), "note", "t");
                }
                catch (UserError e)
                {
                    refusal = e.Message;
                }
                var after = await Inventory.GetAsync(tag);
                var expected = ByHand(from, to, needsWipe);
                var wipeAfter = needsWipe || to == DeviceStatus.AwaitingWipe;
                var ok = expected
                    ? refusal is null && after.Status == to && after.NeedsWipe == wipeAfter && await AuditRowsAsync(tag) == rowsBefore + 1
                    : refusal is not null && after.Status == from && after.NeedsWipe == needsWipe && await AuditRowsAsync(tag) == rowsBefore;
                if (!ok)
                    wrong.Add($"{from} → {to} (needs wipe {needsWipe}): expected {(expected ? "moved" : "refused")}, got {after.Status}, needs wipe {after.NeedsWipe}{(refusal is null ? "" : ", " + refusal)}");
            }
        }
        Assert.That(wrong, Is.Empty);
    }

    [TestCaseSource(typeof(LifecycleTable), nameof(LifecycleTable.Statuses))]
    public async Task RetireAsync_FromEveryStatus_OnlyWhereTheTableAllows(DeviceStatus from)
    {
        var tag = await DeviceInAsync(from, needsWipe: true);
        var allowed = ByHand(from, DeviceStatus.Retired, needsWipe: true);
        if (allowed)
            Assert.That((await Inventory.RetireAsync(tag, "screen broken", null, "t")).Status, Is.EqualTo(DeviceStatus.Retired));
        else
            Assert.That(Assert.ThrowsAsync<UserError>(() => Inventory.RetireAsync(tag, null, null, "t"))!.Kind, Is.EqualTo(UserErrorKind.Conflict));
        Assert.That((await Inventory.GetAsync(tag)).Status, Is.EqualTo(allowed ? DeviceStatus.Retired : from));
    }

    [TestCase(DeviceStatus.OnLoan)]
    [TestCase(DeviceStatus.HandedOver)]
    public async Task SetStatusAsync_LoanStatusByHand_RefusedAsInvalid(DeviceStatus to)
    {
        var tag = await DeviceInAsync(DeviceStatus.Ready, needsWipe: false);
        var e = Assert.ThrowsAsync<UserError>(() => Inventory.SetStatusAsync(tag, EnumText.Kebab(to), null, "t"));
        Assert.That((e!.Kind, e.Field), Is.EqualTo((UserErrorKind.Invalid, "status")));
        Assert.That(e.Message, Does.Contain("at the desk, through a loan"));
    }
}
