using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Dapper;
using LaiteLaina.Storage;

namespace LaiteLaina.Inventory;

/// <summary>The rules of the device registry: what a valid device is, which status moves are allowed, and
/// that every change is one transaction with its audit row.</summary>
public sealed class InventoryService(Database db)
{
    public Database Database => db;

    public Task<Device> AddAsync(DeviceInput input, string actor, bool allowDuplicateSerial = false, CancellationToken ct = default) =>
        AddWithDonorAsync(input, null, actor, allowDuplicateSerial, ct);

    /// <summary>Adds a device and, when <paramref name="newDonor"/> is given, the donor it came from, in one transaction: a
    /// refused device leaves no donor behind, and a refused donor no device (the intake form adds both at once).</summary>
    public Task<Device> AddWithDonorAsync(DeviceInput input, DonorInput? newDonor, string actor, bool allowDuplicateSerial = false, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            if (newDonor is not null)
            {
                var donor = await DonorService.InsertAsync(c, tx, newDonor, actor);
                input = input with { Donor = donor.Name, Acquisition = Parse.Text(input.Acquisition) ?? EnumText.Kebab(Acquisition.Donated) };
            }
            var resolver = new DeviceResolver(c, tx);
            var device = await resolver.NewDeviceAsync(input, allowDuplicateSerial);
            return await InsertAsync(c, tx, device, actor, "device.add");
        }, ct);

    /// <summary>Adds devices that <see cref="DeviceResolver"/> has already checked, in the caller's transaction.</summary>
    internal static async Task<Device> InsertAsync(DbConnection c, DbTransaction tx, Device device, string actor, string action)
    {
        var tag = (await DeviceStore.AllocateTagsAsync(c, tx, 1))[0];
        device = device with { Tag = tag };
        var id = await DeviceStore.InsertAsync(c, tx, device);
        device = device with { Id = id };
        await AuditLog.AppendAsync(c, tx, actor, action, "device", id, tag, null, DeviceGate.Snapshot(device));
        return device;
    }

    /// <summary>
    /// Imports many devices as one unit, with the same rules as <see cref="AddAsync"/> plus serial numbers repeated
    /// inside the file, and one audit row per device. Rows are checked and written in one pass inside one
    /// transaction; from the first bad row on, nothing more is written but every row is still checked, and at the
    /// end the transaction is rolled back, so the result is the same as checking everything first: every problem
    /// reported, nothing imported (unless <paramref name="skipBad"/>). One pass lets checking and writing overlap
    /// and keeps memory flat however long the file is.
    /// </summary>
    internal async Task<ImportResult> ImportAsync(IEnumerable<ImportRow> rows, string actor, bool skipBad, bool allowDuplicateSerial, CancellationToken ct = default)
    {
        try
        {
            return await db.WriteAsync(async (c, tx) =>
            {
                await using var load = await ImportLoad.BeginAsync(c, tx);
                var resolver = new DeviceResolver(c, tx);
                var problems = new List<RowProblem>();
                var firstLine = new Dictionary<(string Serial, string Make), int>();
                // The tag counter is locked only when the first row is written, so an import that fails on an early
                // row never holds up other sites' additions.
                DeviceStore.TagSequence? tags = null;
                string? firstTag = null, lastTag = null;
                var imported = 0;
                await using var owners = await DeviceStore.SerialLookup.CreateAsync(c, tx, ct);
                await using var insert = await DeviceStore.Inserter.CreateAsync(c, tx, ct);
                await using var audit = await AuditLog.Appender.CreateAsync(c, tx, ct);
                // Parsing the file runs on the other core while this one checks and writes rows.
                await foreach (var row in Pipeline.Ahead(rows, 4096, ct))
                {
                    ct.ThrowIfCancellationRequested();
                    if (row.Problem is not null)
                    {
                        problems.Add(row.Problem);
                        continue;
                    }
                    Device device;
                    try
                    {
                        // The resolver's own serial check is one Dapper query per row; a prepared lookup here is several times faster.
                        device = await resolver.NewDeviceAsync(row.Input!, allowDuplicateSerial: true);
                        if (!allowDuplicateSerial && device.SerialNumber is { } serial)
                        {
                            var key = (serial, (device.Make ?? "").ToUpperInvariant());
                            if (firstLine.TryGetValue(key, out var line))
                                throw DeviceResolver.DuplicateSerial(serial, device.Make, Msg.DeviceSerialLine.With(line));
                            if (await owners.OwnerAsync(device.Make, serial, ct) is { } owner)
                                throw DeviceResolver.DuplicateSerial(serial, device.Make, Msg.DeviceSerialOwner.With(owner));
                            firstLine[key] = row.Line;
                        }
                    }
                    catch (UserError e)
                    {
                        problems.Add(new RowProblem(row.Line, e.Field, e.Text));
                        continue;
                    }
                    if (problems.Count > 0 && !skipBad)
                        continue; // the import will be rolled back: only checking goes on
                    tags ??= await DeviceStore.TagSequence.BeginAsync(c, tx);
                    device = device with { Tag = tags.Next() };
                    var id = await insert.InsertAsync(device, ct);
                    await audit.AppendAsync(actor, "device.import", "device", id, device.Tag, DeviceGate.Snapshot(device), ct);
                    firstTag ??= device.Tag;
                    lastTag = device.Tag;
                    imported++;
                }
                if ((problems.Count > 0 && !skipBad) || imported == 0)
                    throw new ImportRolledBack(new ImportResult(0, null, null, problems));
                await tags!.EndAsync(c, tx);
                return new ImportResult(imported, firstTag, lastTag, problems);
            }, ct);
        }
        catch (ImportRolledBack rolledBack)
        {
            return rolledBack.Result;
        }
    }

    /// <summary>Leaves the import's transaction without committing anything; carries what the person is told.</summary>
    private sealed class ImportRolledBack(ImportResult result) : Exception("import rolled back")
    {
        public ImportResult Result { get; } = result;
    }

    /// <summary>Every device that matches, oldest first, streamed from one open connection for an export.</summary>
    public async IAsyncEnumerable<Device> ExportAsync(DeviceFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        long? siteId = null;
        if (Parse.Text(filter.Site) is { } siteKey)
            siteId = (await SiteService.FindAsync(c, null, siteKey) ?? throw UserError.NotFound("site", siteKey)).Id;
        var rows = DeviceStore.StreamAsync(c,
            filter.Status is null ? null : EnumText.Parse<DeviceStatus>("status", filter.Status),
            filter.Kind is null ? null : EnumText.Parse<DeviceKind>("kind", filter.Kind),
            siteId);
        await foreach (var device in rows.WithCancellation(ct))
            yield return device;
    }

    public Task<Device> GetAsync(string tag, CancellationToken ct = default) =>
        db.ReadAsync(c => DeviceStore.GetByTagAsync(c, null, tag), ct);

    /// <summary>What the desk finds for a scan or a typed text (see <see cref="DeviceStore.LookUpAsync"/>); empty when nothing matches.</summary>
    public Task<IReadOnlyList<Device>> LookUpAsync(string text, int limit = 20, CancellationToken ct = default) =>
        db.ReadAsync(c => DeviceStore.LookUpAsync(c, null, text, limit), ct);

    public Task<DevicePage> ListAsync(DeviceFilter filter, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            NumberRange.Page.Check(filter.Page);
            NumberRange.PageSize.Check(filter.PageSize);
            long? siteId = null;
            if (Parse.Text(filter.Site) is { } siteKey)
                siteId = (await SiteService.FindAsync(c, null, siteKey) ?? throw UserError.NotFound("site", siteKey)).Id;
            return await DeviceStore.ListAsync(c,
                filter.Status is null ? null : EnumText.Parse<DeviceStatus>("status", filter.Status),
                filter.Kind is null ? null : EnumText.Parse<DeviceKind>("kind", filter.Kind),
                siteId,
                filter.Acquisition is null ? null : EnumText.Parse<Acquisition>("acquisition", filter.Acquisition),
                Parse.Text(filter.Search),
                filter.Page, filter.PageSize, filter.WithTotal);
        }, ct);

    public Task<Device> EditAsync(string tag, DeviceInput changes, string actor, bool allowDuplicateSerial = false, CancellationToken ct = default) =>
        ChangeAsync(tag, actor, "device.edit", async (c, tx, before) =>
            await new DeviceResolver(c, tx).EditedAsync(before, changes, allowDuplicateSerial), ct);

    public Task<Device> MoveAsync(string tag, string site, string? location, string actor, CancellationToken ct = default) =>
        MoveAsync(tag, site, location, null, actor, ct);

    /// <summary>Moves a device to a site and location, and into a computer point or out of one: with a point (its code),
    /// the device goes where the point is; with an empty <paramref name="point"/> it leaves its point; null leaves that as it is.
    /// A move to another site is a transfer, with its checks and audit (see <see cref="DeviceGate"/>).</summary>
    public Task<Device> MoveAsync(string tag, string site, string? location, string? point, string actor, CancellationToken ct = default) =>
        ChangeAsync(tag, actor, "device.move", async (c, tx, before) =>
        {
            if (Parse.Text(point) is { } code)
            {
                var p = await ComputerPointService.FindAsync(c, tx, code) ?? throw UserError.NotFound("computer point", code);
                return before with
                {
                    PointId = p.Id, SiteId = p.SiteId ?? before.SiteId, SiteCode = p.SiteCode ?? before.SiteCode,
                    LocationId = p.SiteId is null ? before.LocationId : p.LocationId, LocationName = p.SiteId is null ? before.LocationName : p.LocationName,
                };
            }
            // A move leaves the serial number alone, so the duplicate-serial rule has nothing to check.
            var moved = await new DeviceResolver(c, tx).EditedAsync(before, new DeviceInput { Site = site, Location = location ?? "" }, allowDuplicateSerial: false);
            return point is null ? moved : moved with { PointId = null };
        }, ct);

    /// <summary>
    /// Moves a device to another site, as its own audited step ("device.transfer", with the site before and after):
    /// the device leaves that site's register, stocktake and print queue. <see cref="DeviceGate"/> refuses it while the
    /// device is on loan or being wiped or set up, as it does every other change of site. It leaves any computer point,
    /// which stays where it is.
    /// </summary>
    public Task<Device> TransferAsync(string tag, string site, string? location, string actor, CancellationToken ct = default) =>
        ChangeAsync(tag, actor, "device.transfer", async (c, tx, before) =>
        {
            var key = Parse.Text(site) ?? throw UserError.Invalid("site", site, Msg.TransferSiteMissing);
            var to = await SiteService.FindAsync(c, tx, key) ?? throw UserError.NotFound("site", key);
            if (before.SiteId == to.Id)
                throw new UserError(Msg.TransferSameSite.With(before.Tag, to.Code), UserErrorKind.Conflict, "site");
            var moved = await new DeviceResolver(c, tx).EditedAsync(before, new DeviceInput { Site = to.Code, Location = location ?? "" }, allowDuplicateSerial: false);
            return moved with { PointId = null };
        }, ct);

    public Task<Device> SetStatusAsync(string tag, string status, string? note, string actor, CancellationToken ct = default)
    {
        var to = EnumText.Parse<DeviceStatus>("status", status);
        if (to is DeviceStatus.OnLoan or DeviceStatus.HandedOver)
            throw UserError.Invalid("status", status, Msg.DeviceStatusThroughLoan);
        if (to == DeviceStatus.Ready)
            return ReadyAsync(tag, actor, ct);
        return ChangeAsync(tag, actor, "device.status", (_, _, before) =>
        {
            CheckHandMove(before, to);
            return Task.FromResult(before with
            {
                Status = to,
                // A device that comes back from being lost may have been anywhere: it must be wiped again.
                NeedsWipe = before.NeedsWipe || to == DeviceStatus.AwaitingWipe,
                Notes = AppendNote(before.Notes, note),
            });
        }, ct);
    }

    /// <param name="reason">A <see cref="RetireReason"/> (kept as its code, which every reader sees in their own language), or
    /// a person's own words (kept as given).</param>
    /// <param name="note">More words for the device's notes, such as what is broken.</param>
    public Task<Device> RetireAsync(string tag, string? reason, string? note, string actor, CancellationToken ct = default) =>
        ChangeAsync(tag, actor, "device.retire", (_, _, before) =>
        {
            CheckHandMove(before, DeviceStatus.Retired);
            var given = IdentityCode.Refuse("reason", Parse.Text(reason));
            return Task.FromResult(before with
            {
                Status = DeviceStatus.Retired,
                RetiredReason = EnumText.TryParse<RetireReason>(given, out var known) ? EnumText.Kebab(known) : given,
                Notes = AppendNote(before.Notes, IdentityCode.Refuse("note", note)),
            });
        }, ct);

    /// <summary>A device may be made ready only when nobody else's data can be on it: bought new, or wiped since it last came in.</summary>
    public Task<Device> ReadyAsync(string tag, string actor, CancellationToken ct = default) =>
        ChangeAsync(tag, actor, "device.ready", (_, _, before) =>
        {
            CheckHandMove(before, DeviceStatus.Ready);
            return Task.FromResult(before with { Status = DeviceStatus.Ready });
        }, ct);

    /// <summary>Records a wipe done by hand (for example an iPad restored from a computer); the device goes on to provisioning.</summary>
    /// <param name="at">When the wipe was done (now when null): not in the future, and not before the device's last wipe.</param>
    public Task<Device> RecordWipeAsync(string tag, string method, string by, string? level, string? tool, string? notes, string actor,
        DateTimeOffset? at = null, CancellationToken ct = default) =>
        ChangeAsync(tag, actor, "device.wiped", async (c, tx, before) =>
        {
            method = Parse.Text(method) ?? throw UserError.Invalid("method", method, Msg.DeviceWipeMethodMissing);
            by = IdentityCode.Refuse("by", Parse.Text(by)) ?? throw UserError.Invalid("by", by, Msg.DeviceWipedByMissing);
            notes = IdentityCode.Refuse("notes", notes);
            var sanitisationLevel = level is null ? SanitisationLevel.Clear : EnumText.Parse<SanitisationLevel>("level", level);
            CheckWipeable(before);
            var now = CheckWipeTime(before, at);
            await SanitisationStore.InsertAsync(c, tx, new SanitisationRow
            {
                DeviceId = before.Id, Method = method, Level = sanitisationLevel.ToString(), Tool = Parse.Text(tool), Operator = by,
                PerformedAt = now, Verification = "by hand", Notes = Parse.Text(notes), RecordedBy = actor,
            }, ct);
            return Wiped(before, now);
        }, ct);

    /// <summary>When a wipe was done, as the person says: a wipe cannot be done in the future (a minute's difference between
    /// clocks aside), nor on a day before the device came in (it was not ours to wipe: the earlier of its acquisition day
    /// and the day it was registered, since a device is often registered later the same day or the next), and one dated
    /// before the last recorded wipe would move the device's history backwards.</summary>
    internal static DateTimeOffset CheckWipeTime(Device device, DateTimeOffset? at)
    {
        var now = DateTimeOffset.UtcNow;
        if (at is not { } when)
            return now;
        var shown = LocalText.DateTime(when); // as the reader writes a time: 23.58 in Finnish
        if (when > now.AddMinutes(1))
            throw UserError.Invalid("when", shown, Msg.DeviceWipeInFuture);
        var registered = DateOnly.FromDateTime(device.CreatedAt.ToLocalTime().DateTime);
        var intake = device.AcquiredOn is { } acquired && acquired < registered ? acquired : registered;
        if (DateOnly.FromDateTime(when.ToLocalTime().DateTime) < intake)
            throw UserError.Invalid("when", shown, Msg.DeviceWipeBeforeIntake.With(intake.ToString("d.M.yyyy", CultureInfo.InvariantCulture)));
        if (device.LastWipedAt is { } last && when < last)
            throw UserError.Invalid("when", shown, Msg.DeviceWipeBeforeLast.With(LocalText.DateTime(last)));
        return when.ToUniversalTime();
    }

    /// <summary>Refuses to record a wipe of a device that is on loan, ready, handed over or retired: its data is not ours to wipe, or it is already clean.</summary>
    internal static void CheckWipeable(Device device)
    {
        if (!IsWipeable(device))
            throw new UserError(Msg.DeviceNotWipeable.With(device.Tag, device.Status), UserErrorKind.Conflict, "status");
    }

    /// <summary>Whether a wipe of the device may be recorded (the device page offers it only then).</summary>
    public static bool IsWipeable(Device device) =>
        device.Status is DeviceStatus.Intake or DeviceStatus.AwaitingWipe or DeviceStatus.Wiping or DeviceStatus.InRepair;

    /// <summary>The device after a wipe: nobody's data is on it, so it goes on to provisioning and may be made ready.</summary>
    internal static Device Wiped(Device before, DateTimeOffset at) => before with
    {
        NeedsWipe = false,
        LastWipedAt = at,
        Status = before.Status == DeviceStatus.InRepair ? DeviceStatus.InRepair : DeviceStatus.Provisioning,
    };

    public async Task<IReadOnlyList<AuditEntry>> HistoryAsync(string tag, CancellationToken ct = default)
    {
        var device = await GetAsync(tag, ct);
        return await AuditLog.ForRecordAsync(db, "device", device.Id, ct);
    }

    /// <summary>Loads the device, applies <paramref name="change"/>, stores it and writes before and after to the audit log, all in one transaction.</summary>
    private Task<Device> ChangeAsync(string tag, string actor, string action, Func<DbConnection, DbTransaction, Device, Task<Device>> change, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            // Locked: an edit racing a check-out or return must not write back a status the loan has moved on from.
            var before = await DeviceStore.GetForUpdateAsync(c, tx, tag);
            await DeviceGate.MoveAsync(c, tx, before, await change(c, tx, before), actor, action);
            return await DeviceStore.GetByTagAsync(c, tx, tag);
        }, ct);

    /// <summary>For the moves a person makes by hand: a device on loan moves only through its loan (return, lost), so
    /// that the loan record and the device never disagree, and a move to where the device already is is a mistake to
    /// point out, not a change. The gate checks the rest.</summary>
    private static void CheckHandMove(Device device, DeviceStatus to)
    {
        if (device.Status == DeviceStatus.OnLoan || device.Status == to)
            throw new UserError(Lifecycle.Refusal(device.Tag, device.Status, to), UserErrorKind.Conflict, "status");
    }

    private static string? AppendNote(string? notes, string? note) =>
        Parse.Text(note) is not { } n ? notes : string.IsNullOrEmpty(notes) ? n : notes + "\n" + n;
}

/// <summary>One row of an import: what it says, or why it could not even be read (then <see cref="Input"/> is null).</summary>
internal readonly record struct ImportRow(int Line, DeviceInput? Input, RowProblem? Problem = null);

/// <summary>A bad row: its line in the file, the field at fault (if one is), and the one-line reason, rendered in each reader's
/// language (<see cref="Message"/> is the English, as the command line and the logs read it).</summary>
public sealed record RowProblem(int Line, string? Field, [property: System.Text.Json.Serialization.JsonIgnore] Message Text)
{
    public string Message => Text.Render(MessageCatalog.English);
}

/// <summary>What an import did: how many devices and which tags, and the rows it refused or skipped.</summary>
public sealed record ImportResult(int Imported, string? FirstTag, string? LastTag, IReadOnlyList<RowProblem> Problems);

public enum SanitisationLevel { Clear, Purge, Destroy }

/// <summary>What held the data: flash memory of a tablet or phone, or a computer's hard disk or solid-state drive.</summary>
public enum MediaType { Flash, Hdd, Ssd }
