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
    public static string Refusal(string tag, DeviceStatus from, DeviceStatus to)
    {
        var goal = Goal(to);
        return from switch
        {
            DeviceStatus.OnLoan => $"{tag} is on loan; return it before {goal}.",
            DeviceStatus.HandedOver => $"{tag} was handed over to a client and has left the pool; it cannot be {Done(to)}.",
            DeviceStatus.Retired => $"{tag} is retired; a retired device cannot be {Done(to)}.",
            DeviceStatus.Lost => $"{tag} is lost; when it is found, mark it awaiting wipe ('laitelaina device set-status {tag} awaiting-wipe') before {goal}.",
            _ => $"{tag} is {EnumText.Kebab(from)}; from there it can go to {string.Join(", ", From(from).Select(s => EnumText.Kebab(s)))}, not {EnumText.Kebab(to)}.",
        };
    }

    private static string Goal(DeviceStatus to) => to switch
    {
        DeviceStatus.Ready => "marking it ready",
        DeviceStatus.Retired => "retiring it",
        DeviceStatus.OnLoan => "lending it again",
        _ => "marking it " + EnumText.Kebab(to),
    };

    private static string Done(DeviceStatus to) => to switch
    {
        DeviceStatus.Ready => "made ready",
        DeviceStatus.OnLoan => "lent",
        _ => "marked " + EnumText.Kebab(to),
    };
}
