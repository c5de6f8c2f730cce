using System.Data.Common;
using System.Globalization;
using Dapper;
using LaiteLaina.Storage;

namespace LaiteLaina.Inventory;

/// <summary>A customer computer point: a kit of devices at one place, such as a lobby PC on lease with an owned monitor and printer/scanner.</summary>
public sealed record ComputerPoint
{
    public long Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public long? SiteId { get; init; }
    public string? SiteCode { get; init; }
    public long? LocationId { get; init; }
    public string? LocationName { get; init; }
    public DateOnly? LeaseEnd { get; init; }
    public string? LeasePaidBy { get; init; }
    public string? LeaseNotes { get; init; }
    public DateOnly? LastMaintenance { get; init; }
    public DateOnly? NextMaintenance { get; init; }
    public string? MaintenanceNotes { get; init; }
    public long DeviceCount { get; init; }
    public IReadOnlyList<Device> Devices { get; init; } = [];
}

/// <summary>What a person types for a point, as text; null means "not given", and on an edit an empty value clears a field.</summary>
public sealed record PointInput
{
    public string? Name { get; init; }
    public string? Site { get; init; }
    public string? Location { get; init; }
    public string? LeaseEnd { get; init; }
    public string? LeasePaidBy { get; init; }
    public string? LeaseNotes { get; init; }
    public string? LastMaintenance { get; init; }
    public string? NextMaintenance { get; init; }
    public string? MaintenanceNotes { get; init; }
}

public sealed class ComputerPointService(Database db)
{
    private const string Select = """
        SELECT p.id, p.code, p.name, p.site_id, s.code AS site_code, p.location_id, l.name AS location_name,
               p.lease_end, p.lease_paid_by, p.lease_notes, p.last_maintenance, p.next_maintenance, p.maintenance_notes,
               (SELECT count(*) FROM devices d WHERE d.point_id = p.id) AS device_count
        FROM computer_points p
        LEFT JOIN sites s ON s.id = p.site_id
        LEFT JOIN locations l ON l.id = p.location_id
        """;

    /// <summary>Creates the point and puts the given devices into it, moving them to the point's site and location.</summary>
    public Task<ComputerPoint> AddAsync(string name, string? site, string? location, string? leaseNotes, string? maintenanceNotes,
        IReadOnlyList<string> deviceTags, string actor, CancellationToken ct = default) =>
        AddAsync(new PointInput { Name = name, Site = site, Location = location, LeaseNotes = leaseNotes, MaintenanceNotes = maintenanceNotes }, deviceTags, actor, ct);

    public Task<ComputerPoint> AddAsync(PointInput input, IReadOnlyList<string> deviceTags, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var point = await Resolve(c, tx, new ComputerPoint { Code = "", Name = "" }, input with { Name = input.Name ?? "" });
            var number = await c.ExecuteScalarAsync<long>("UPDATE counters SET value = value + 1 WHERE name = 'point_code' RETURNING value", transaction: tx);
            var code = "CP-" + number.ToString("D3", CultureInfo.InvariantCulture);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO computer_points (code, name, site_id, location_id, lease_end, lease_paid_by, lease_notes,
                                             last_maintenance, next_maintenance, maintenance_notes, created_at)
                VALUES (@code, @Name, @SiteId, @LocationId, @LeaseEnd, @LeasePaidBy, @LeaseNotes,
                        @LastMaintenance, @NextMaintenance, @MaintenanceNotes, @at) RETURNING id
                """, new
                {
                    code, point.Name, point.SiteId, point.LocationId, point.LeaseEnd, point.LeasePaidBy, point.LeaseNotes,
                    point.LastMaintenance, point.NextMaintenance, point.MaintenanceNotes, at = DateTimeOffset.UtcNow,
                }, tx);
            point = point with { Id = id, Code = code };
            await AuditLog.AppendAsync(c, tx, actor, "point.add", "point", id, code, null, Stored(point));
            foreach (var tag in deviceTags)
            {
                // Locked: a check-out of the same device at this moment must not have its status written back over.
                var before = await DeviceStore.GetForUpdateAsync(c, tx, tag);
                if (before.PointId is not null && before.PointId != id)
                    throw new UserError(Msg.PointDeviceElsewhere.With(before.Tag, before.PointCode), UserErrorKind.Conflict, "device");
                await DeviceGate.MoveAsync(c, tx, before,
                    before with { PointId = id, SiteId = point.SiteId ?? before.SiteId, LocationId = point.LocationId ?? before.LocationId }, actor, "device.point");
            }
            return point;
        }, ct);

    /// <summary>Changes the fields given; the devices in the point stay where they are (each is moved on its own page).</summary>
    public Task<ComputerPoint> EditAsync(string code, PointInput input, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var before = await FindAsync(c, tx, code) ?? throw UserError.NotFound("computer point", code);
            var after = await Resolve(c, tx, before, input);
            await c.ExecuteAsync("""
                UPDATE computer_points SET name = @Name, site_id = @SiteId, location_id = @LocationId, lease_end = @LeaseEnd,
                    lease_paid_by = @LeasePaidBy, lease_notes = @LeaseNotes, last_maintenance = @LastMaintenance,
                    next_maintenance = @NextMaintenance, maintenance_notes = @MaintenanceNotes
                WHERE id = @Id
                """, after, tx);
            await AuditLog.AppendAsync(c, tx, actor, "point.edit", "point", before.Id, before.Code, Stored(before), Stored(after));
            return await FindAsync(c, tx, code) ?? after;
        }, ct);

    /// <summary>The point with the fields of <paramref name="input"/> applied and checked, its place resolved as a device's is.</summary>
    private static async Task<ComputerPoint> Resolve(DbConnection c, DbTransaction tx, ComputerPoint p, PointInput input)
    {
        var name = input.Name is null ? p.Name : Parse.Text(input.Name) ?? throw UserError.Invalid("name", input.Name, Msg.PointNameMissing);
        var place = await new DeviceResolver(c, tx).EditedAsync(
            new Device { Tag = "", SiteId = p.SiteId, SiteCode = p.SiteCode, LocationId = p.LocationId, LocationName = p.LocationName },
            new DeviceInput { Site = input.Site, Location = input.Location }, allowDuplicateSerial: true);
        var point = p with
        {
            Name = name,
            SiteId = place.SiteId, SiteCode = place.SiteCode, LocationId = place.LocationId, LocationName = place.LocationName,
            LeaseEnd = input.LeaseEnd is null ? p.LeaseEnd : Parse.Date("lease-end", input.LeaseEnd),
            LeasePaidBy = input.LeasePaidBy is null ? p.LeasePaidBy : IdentityCode.Refuse("lease-paid-by", Parse.Text(input.LeasePaidBy)),
            LeaseNotes = input.LeaseNotes is null ? p.LeaseNotes : IdentityCode.Refuse("lease-notes", Parse.Text(input.LeaseNotes)),
            LastMaintenance = input.LastMaintenance is null ? p.LastMaintenance : Parse.Date("last-maintenance", input.LastMaintenance),
            NextMaintenance = input.NextMaintenance is null ? p.NextMaintenance : Parse.Date("next-maintenance", input.NextMaintenance),
            MaintenanceNotes = input.MaintenanceNotes is null ? p.MaintenanceNotes : IdentityCode.Refuse("maintenance-notes", Parse.Text(input.MaintenanceNotes)),
        };
        if (point.LastMaintenance is { } last && point.NextMaintenance is { } next && next < last)
            throw UserError.Invalid("next-maintenance", input.NextMaintenance ?? "", Msg.PointNextMaintenanceBeforeLast);
        return point;
    }

    /// <summary>What the audit log keeps of a point: its own fields, without the joined names and its devices.</summary>
    private static object Stored(ComputerPoint p) => p with { SiteCode = null, LocationName = null, Devices = [], DeviceCount = 0 };

    internal static Task<ComputerPoint?> FindAsync(DbConnection c, DbTransaction? tx, string code) =>
        c.QuerySingleOrDefaultAsync<ComputerPoint>(Select + " WHERE upper(p.code) = upper(@code)", new { code = code.Trim() }, tx);

    public async Task<IReadOnlyList<ComputerPoint>> ListAsync(CancellationToken ct = default) =>
        (await db.ReadAsync(c => c.QueryAsync<ComputerPoint>(Select + " ORDER BY p.code"), ct)).AsList();

    public Task<ComputerPoint> GetAsync(string code, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var point = await FindAsync(c, null, code) ?? throw UserError.NotFound("computer point", code);
            return point with { Devices = await DeviceStore.ByPointAsync(c, point.Id) };
        }, ct);
}
