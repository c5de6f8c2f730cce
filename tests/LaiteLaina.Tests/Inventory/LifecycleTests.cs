using LaiteLaina.Inventory;

namespace LaiteLaina.Tests.Inventory;

public sealed class LifecycleTests
{
    [Test]
    public void From_EveryStatus_HasARule() =>
        Assert.That(Enum.GetValues<DeviceStatus>().Select(s => Lifecycle.From(s)), Is.All.Not.Null);

    [TestCase(DeviceStatus.HandedOver)]
    [TestCase(DeviceStatus.Retired)]
    public void From_TerminalStatus_GoesNowhere(DeviceStatus status) => Assert.That(Lifecycle.From(status), Is.Empty);

    [TestCase(DeviceStatus.Intake, DeviceStatus.OnLoan, false)]
    [TestCase(DeviceStatus.AwaitingWipe, DeviceStatus.Ready, false)]
    [TestCase(DeviceStatus.Ready, DeviceStatus.OnLoan, true)]
    [TestCase(DeviceStatus.OnLoan, DeviceStatus.AwaitingWipe, true)]
    [TestCase(DeviceStatus.Lost, DeviceStatus.Ready, false)]
    public void CanMove_DesignLifecycle_Holds(DeviceStatus from, DeviceStatus to, bool allowed) =>
        Assert.That(Lifecycle.CanMove(from, to), Is.EqualTo(allowed));

    [Test]
    public void Refusal_FromAwaitingWipe_ListsWhereItCanGo() =>
        Assert.That(Lifecycle.Refusal("LL-000009", DeviceStatus.AwaitingWipe, DeviceStatus.OnLoan),
            Is.EqualTo("LL-000009 is awaiting-wipe; from there it can go to wiping, provisioning, in-repair, lost, retired, not on-loan."));
}
