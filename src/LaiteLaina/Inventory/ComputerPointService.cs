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
    public string? LeaseNotes { get; init; }
    public string? MaintenanceNotes { get; init; }
    public long DeviceCount { get; init; }
    public IReadOnlyList<Device> Devices { get; init; } = [];
}

public sealed class ComputerPointService(Database db)
{
    private const string Select = """
        SELECT p.id, p.code, p.name, p.site_id, s.code AS site_code, p.location_id, l.name AS location_name,
               p.lease_notes, p.maintenance_notes, (SELECT count(*) FROM devices d WHERE d.point_id = p.id) AS device_count
        FROM computer_points p
        LEFT JOIN sites s ON s.id = p.site_id
        LEFT JOIN locations l ON l.id = p.location_id
        """;

    /// <summary>Creates the point and puts the given devices into it, moving them to the point's site and location.</summary>
    public Task<ComputerPoint> AddAsync(string name, string? site, string? location, string? leaseNotes, string? maintenanceNotes,
        IReadOnlyList<string> deviceTags, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            name = Parse.Text(name) ?? throw UserError.Invalid("name", name, Msg.PointNameMissing);
            var resolver = new DeviceResolver(c, tx);
            var place = await resolver.EditedAsync(new Device { Tag = "" }, new DeviceInput { Site = site, Location = location }, allowDuplicateSerial: true);
            var number = await c.ExecuteScalarAsync<long>("UPDATE counters SET value = value + 1 WHERE name = 'point_code' RETURNING value", transaction: tx);
            var code = "CP-" + number.ToString("D3", CultureInfo.InvariantCulture);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO computer_points (code, name, site_id, location_id, lease_notes, maintenance_notes, created_at)
                VALUES (@code, @name, @SiteId, @LocationId, @lease, @maintenance, @at) RETURNING id
                """, new { code, name, place.SiteId, place.LocationId, lease = Parse.Text(leaseNotes), maintenance = Parse.Text(maintenanceNotes), at = DateTimeOffset.UtcNow }, tx);
            var point = new ComputerPoint
            {
                Id = id, Code = code, Name = name, SiteId = place.SiteId, LocationId = place.LocationId,
                LeaseNotes = Parse.Text(leaseNotes), MaintenanceNotes = Parse.Text(maintenanceNotes),
            };
            await AuditLog.AppendAsync(c, tx, actor, "point.add", "point", id, code, null, point);
            foreach (var tag in deviceTags)
            {
                // Locked: a check-out of the same device at this moment must not have its status written back over.
                var before = await DeviceStore.GetForUpdateAsync(c, tx, tag);
                if (before.PointId is not null && before.PointId != id)
                    throw new UserError(Msg.PointDeviceElsewhere.With(before.Tag, before.PointCode), UserErrorKind.Conflict, "device");
                await DeviceGate.MoveAsync(c, tx, before,
                    before with { PointId = id, SiteId = place.SiteId ?? before.SiteId, LocationId = place.LocationId ?? before.LocationId }, actor, "device.point");
            }
            return point;
        }, ct);

    public async Task<IReadOnlyList<ComputerPoint>> ListAsync(CancellationToken ct = default) =>
        (await db.ReadAsync(c => c.QueryAsync<ComputerPoint>(Select + " ORDER BY p.code"), ct)).AsList();

    public Task<ComputerPoint> GetAsync(string code, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var point = await c.QuerySingleOrDefaultAsync<ComputerPoint>(Select + " WHERE upper(p.code) = upper(@code)", new { code = code.Trim() })
                        ?? throw UserError.NotFound("computer point", code);
            return point with { Devices = await DeviceStore.ByPointAsync(c, point.Id) };
        }, ct);
}
