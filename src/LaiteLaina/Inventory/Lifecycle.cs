namespace LaiteLaina.Inventory;

/// <summary>
/// The device lifecycle of DESIGN.md: intake → awaiting wipe → wiping → provisioning → ready → on loan →
/// returned (awaiting wipe) → …, with the side states in repair and lost and the terminal states handed
/// over and retired. Only the moves listed here are allowed; the wipe rule (<see cref="Device.NeedsWipe"/>)
/// is checked on top by the service.
/// </summary>
public static class Lifecycle
{
    private static readonly Dictionary<DeviceStatus, DeviceStatus[]> Next = new()
    {
        [DeviceStatus.Intake] = [DeviceStatus.AwaitingWipe, DeviceStatus.Wiping, DeviceStatus.Provisioning, DeviceStatus.Ready, DeviceStatus.InRepair, DeviceStatus.Lost, DeviceStatus.Retired],
        [DeviceStatus.AwaitingWipe] = [DeviceStatus.Wiping, DeviceStatus.Provisioning, DeviceStatus.InRepair, DeviceStatus.Lost, DeviceStatus.Retired],
        [DeviceStatus.Wiping] = [DeviceStatus.Provisioning, DeviceStatus.AwaitingWipe, DeviceStatus.InRepair, DeviceStatus.Lost],
        [DeviceStatus.Provisioning] = [DeviceStatus.Ready, DeviceStatus.AwaitingWipe, DeviceStatus.InRepair, DeviceStatus.Lost],
        [DeviceStatus.Ready] = [DeviceStatus.OnLoan, DeviceStatus.HandedOver, DeviceStatus.AwaitingWipe, DeviceStatus.InRepair, DeviceStatus.Lost, DeviceStatus.Retired],
        // A device returned broken goes to repair straight from the loan.
        [DeviceStatus.OnLoan] = [DeviceStatus.AwaitingWipe, DeviceStatus.Ready, DeviceStatus.InRepair, DeviceStatus.Lost, DeviceStatus.HandedOver],
        [DeviceStatus.InRepair] = [DeviceStatus.AwaitingWipe, DeviceStatus.Ready, DeviceStatus.Lost, DeviceStatus.Retired],
        [DeviceStatus.Lost] = [DeviceStatus.AwaitingWipe, DeviceStatus.Retired],
        [DeviceStatus.HandedOver] = [],
        [DeviceStatus.Retired] = [],
    };

    public static bool CanMove(DeviceStatus from, DeviceStatus to) => Next[from].Contains(to);

    public static IReadOnlyList<DeviceStatus> From(DeviceStatus from) => Next[from];

    /// <summary>Why <paramref name="tag"/> cannot go from <paramref name="from"/> to <paramref name="to"/>, in words a counsellor understands.</summary>
    public static Message Refusal(string tag, DeviceStatus from, DeviceStatus to)
    {
        var goal = Goal(to);
        return from switch
        {
            DeviceStatus.OnLoan => Msg.LifecycleOnLoan.With(tag, goal),
            DeviceStatus.HandedOver => Msg.LifecycleHandedOver.With(tag, Done(to)),
            DeviceStatus.Retired => Msg.LifecycleRetired.With(tag, Done(to)),
            DeviceStatus.Lost => Msg.LifecycleLost.With(tag, goal),
            _ => Msg.LifecycleNotAllowed.With(tag, from, From(from), to),
        };
    }

    private static Message Goal(DeviceStatus to) => to switch
    {
        DeviceStatus.Ready => Msg.LifecycleGoalReady,
        DeviceStatus.Retired => Msg.LifecycleGoalRetired,
        DeviceStatus.OnLoan => Msg.LifecycleGoalLent,
        _ => Msg.LifecycleGoalStatus.With(to),
    };

    private static Message Done(DeviceStatus to) => to switch
    {
        DeviceStatus.Ready => Msg.LifecycleDoneReady,
        DeviceStatus.OnLoan => Msg.LifecycleDoneLent,
        _ => Msg.LifecycleDoneStatus.With(to),
    };
}
