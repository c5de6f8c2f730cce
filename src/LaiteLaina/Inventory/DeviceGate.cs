using System.Data.Common;
using Dapper;
using LaiteLaina.Storage;

namespace LaiteLaina.Inventory;

/// <summary>
/// The one way a stored device changes: loans, provisioning, stocktakes, sanitisation, computer points and the
/// registry's own edits all come through here. A change of status must be a move of the <see cref="Lifecycle"/> table,
/// and a device becomes ready only when nobody's data can be on it (the wipe rule); then the device and its audit row
/// are written in the caller's transaction. A change of site, whichever way it comes (move, edit, computer point or
/// transfer), is a transfer once the device has a site: refused while the device is on loan or being wiped or set up, and audited as
/// "device.transfer", so that no path moves a device between sites without those checks.
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
        // A device that had no site yet (registered before there were sites) is only being placed, not taken from one.
        if (before.SiteId is not null && after.SiteId != before.SiteId)
        {
            await CheckTransferAsync(c, tx, before, after.SiteId);
            action = "device.transfer";
        }
        after = after with { UpdatedAt = DateTimeOffset.UtcNow };
        await DeviceStore.UpdateAsync(c, tx, after);
        await AuditLog.AppendAsync(c, tx, actor, action, "device", before.Id, before.Tag, Snapshot(before), Snapshot(after));
        return after;
    }

    /// <summary>Refuses a change of site while the device is on loan (the borrower returns it to the site that lent it)
    /// or while it is being wiped or set up (the job runs at its own site's station).</summary>
    private static async Task CheckTransferAsync(DbConnection c, DbTransaction tx, Device before, long? toSiteId)
    {
        if (before.Status == DeviceStatus.OnLoan)
            throw new UserError(Msg.TransferOnLoan.With(before.Tag, await SiteCodeAsync(c, tx, toSiteId)), UserErrorKind.Conflict, "tag");
        var provisioning = before.Status is DeviceStatus.Wiping or DeviceStatus.Provisioning
            || await c.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM provisioning_jobs WHERE device_id = @Id AND state IN ('Queued', 'Running')", new { before.Id }, tx) > 0;
        if (provisioning)
            throw new UserError(Msg.TransferProvisioning.With(before.Tag, await SiteCodeAsync(c, tx, toSiteId)), UserErrorKind.Conflict, "tag");
    }

    /// <summary>The site's code for a refusal (a move to no site at all shows as a dash).</summary>
    private static async Task<string> SiteCodeAsync(DbConnection c, DbTransaction tx, long? siteId) =>
        siteId is null ? "-" : await c.ExecuteScalarAsync<string>("SELECT code FROM sites WHERE id = @siteId", new { siteId }, tx) ?? "-";

    /// <summary>What the audit log keeps of a device: its own fields, without the joined display names.</summary>
    internal static object Snapshot(Device d) => d with { SiteCode = null, LocationName = null, PointCode = null, DonorName = null };

    private static Message Describe(Device d) => d.Acquisition switch
    {
        Acquisition.Donated when d.LastWipedAt is null => Msg.DeviceDonated,
        Acquisition.Transferred when d.LastWipedAt is null => Msg.DeviceTransferred,
        _ => Msg.DeviceBackFromUse,
    };
}
