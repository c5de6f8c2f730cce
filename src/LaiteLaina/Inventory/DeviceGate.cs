using System.Data.Common;
using LaiteLaina.Storage;

namespace LaiteLaina.Inventory;

/// <summary>
/// The one way a stored device changes: loans, provisioning, stocktakes, sanitisation, computer points and the
/// registry's own edits all come through here. A change of status must be a move of the <see cref="Lifecycle"/> table,
/// and a device becomes ready only when nobody's data can be on it (the wipe rule); then the device and its audit row
/// are written in the caller's transaction.
/// </summary>
public static class DeviceGate
{
    /// <summary>Stores <paramref name="after"/> in place of <paramref name="before"/> (read in the same transaction, locked
    /// when the caller may race another desk) and returns it as stored.</summary>
    public static async Task<Device> MoveAsync(DbConnection c, DbTransaction tx, Device before, Device after, string actor, string action)
    {
        if (after.Status != before.Status && !Lifecycle.CanMove(before.Status, after.Status))
            throw new UserError(Lifecycle.Refusal(before.Tag, before.Status, after.Status), UserErrorKind.Conflict, "status");
        if (after.Status == DeviceStatus.Ready && before.Status != DeviceStatus.Ready && after.NeedsWipe)
            throw new UserError(
                Msg.DeviceNotWipedSince.With(before.Tag, Describe(before)),
                UserErrorKind.Conflict, "status");
        after = after with { UpdatedAt = DateTimeOffset.UtcNow };
        await DeviceStore.UpdateAsync(c, tx, after);
        await AuditLog.AppendAsync(c, tx, actor, action, "device", before.Id, before.Tag, Snapshot(before), Snapshot(after));
        return after;
    }

    /// <summary>What the audit log keeps of a device: its own fields, without the joined display names.</summary>
    internal static object Snapshot(Device d) => d with { SiteCode = null, LocationName = null, PointCode = null, DonorName = null };

    private static Message Describe(Device d) => d.Acquisition switch
    {
        Acquisition.Donated when d.LastWipedAt is null => Msg.DeviceDonated,
        Acquisition.Transferred when d.LastWipedAt is null => Msg.DeviceTransferred,
        _ => Msg.DeviceBackFromUse,
    };
}
