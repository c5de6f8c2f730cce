using System.Data.Common;
using Dapper;
using LaiteLaina.Storage;

namespace LaiteLaina.Inventory;

public sealed record Site
{
    public long Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? Address { get; init; }
    public long DeviceCount { get; init; }
    public IReadOnlyList<Location> Locations { get; init; } = [];
}

public sealed record Location
{
    public long Id { get; init; }
    public long SiteId { get; init; }
    public required string Name { get; init; }
}

/// <summary>Sites (offices) and the locations inside them (a cabinet, the lobby).</summary>
public sealed class SiteService(Database db)
{
    public Task<Site> AddAsync(string code, string name, string? address, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            code = SiteCode.Check(code);
            name = Parse.Text(name) ?? throw UserError.Invalid("name", name, Msg.SiteNameMissing);
            if (await FindAsync(c, tx, code) is not null)
                throw new UserError(Msg.SiteCodeTaken.With(code), UserErrorKind.Conflict, "code");
            var id = await c.ExecuteScalarAsync<long>(
                "INSERT INTO sites (code, name, address, created_at) VALUES (@code, @name, @address, @at) RETURNING id",
                new { code, name, address = Parse.Text(address), at = DateTimeOffset.UtcNow }, tx);
            var site = new Site { Id = id, Code = code, Name = name, Address = Parse.Text(address) };
            await AuditLog.AppendAsync(c, tx, actor, "site.add", "site", id, code, null, site);
            return site;
        }, ct);

    /// <summary>Gives a site a new code that follows <see cref="SiteCode"/>: the way out for a code saved before the rule.
    /// Devices, jobs and loans point at the site's id, so they follow; the <c>Site</c> setting of the site's services
    /// names the code and must be changed with it (a service reads it at start).</summary>
    public Task<Site> RenameAsync(string siteKey, string code, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var site = await FindAsync(c, tx, siteKey) ?? throw UserError.NotFound("site", siteKey);
            code = SiteCode.Check(code);
            if (code == site.Code)
                return site;
            if (await c.ExecuteScalarAsync<long?>("SELECT id FROM sites WHERE lower(code) = lower(@code) AND id <> @Id", new { code, site.Id }, tx) is not null)
                throw new UserError(Msg.SiteCodeTaken.With(code), UserErrorKind.Conflict, "code");
            await c.ExecuteAsync("UPDATE sites SET code = @code WHERE id = @Id", new { code, site.Id }, tx);
            await AuditLog.AppendAsync(c, tx, actor, "site.rename", "site", site.Id, code, new { code = site.Code }, new { code });
            return site with { Code = code };
        }, ct);

    public Task<Location> AddLocationAsync(string siteKey, string name, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var site = await FindAsync(c, tx, siteKey) ?? throw UserError.NotFound("site", siteKey);
            name = Parse.Text(name) ?? throw UserError.Invalid("location", name, Msg.LocationNameMissing);
            if (await FindLocationAsync(c, tx, site.Id, name) is not null)
                throw new UserError(Msg.LocationExists.With(name, site.Code), UserErrorKind.Conflict, "location");
            var id = await c.ExecuteScalarAsync<long>(
                "INSERT INTO locations (site_id, name) VALUES (@siteId, @name) RETURNING id", new { siteId = site.Id, name }, tx);
            var location = new Location { Id = id, SiteId = site.Id, Name = name };
            await AuditLog.AppendAsync(c, tx, actor, "location.add", "site", site.Id, site.Code, null, location);
            return location;
        }, ct);

    public async Task<IReadOnlyList<Site>> ListAsync(CancellationToken ct = default) =>
        (await db.ReadAsync(c => c.QueryAsync<Site>("""
            SELECT s.id, s.code, s.name, s.address, (SELECT count(*) FROM devices d WHERE d.site_id = s.id) AS device_count
            FROM sites s ORDER BY s.code
            """), ct)).AsList();

    /// <summary>Sites without their device counts, for a page's drop-down: counting a million devices per page view is not free.</summary>
    public async Task<IReadOnlyList<Site>> NamesAsync(CancellationToken ct = default) =>
        (await db.ReadAsync(c => c.QueryAsync<Site>("SELECT id, code, name, address FROM sites ORDER BY code"), ct)).AsList();

    /// <summary>Every site with its locations, for the lists a form chooses a place from: two queries, however many sites.</summary>
    public Task<IReadOnlyList<Site>> PlacesAsync(CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var locations = (await c.QueryAsync<Location>("SELECT id, site_id, name FROM locations ORDER BY name")).ToLookup(l => l.SiteId);
            return (IReadOnlyList<Site>)(await c.QueryAsync<Site>("SELECT id, code, name, address FROM sites ORDER BY code"))
                .Select(s => s with { Locations = locations[s.Id].ToList() }).ToList();
        }, ct);

    public Task<Site> GetAsync(string key, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var site = await FindAsync(c, null, key) ?? throw UserError.NotFound("site", key);
            var locations = await c.QueryAsync<Location>("SELECT id, site_id, name FROM locations WHERE site_id = @Id ORDER BY name", new { site.Id });
            var count = await c.ExecuteScalarAsync<long>("SELECT count(*) FROM devices WHERE site_id = @Id", new { site.Id });
            return site with { Locations = locations.AsList(), DeviceCount = count };
        }, ct);

    /// <summary>The id of the site a list's <c>?site=</c> names (code or name), null when it names none; a site that
    /// does not exist is refused, naming the field and the value.</summary>
    public async Task<long?> IdOfAsync(string? key, CancellationToken ct = default) =>
        Parse.Text(key) is { } k ? (await db.ReadAsync(c => FindAsync(c, null, k), ct) ?? throw UserError.NotFound("site", k)).Id : null;

    /// <summary>A site by its code or its name, in any letter case.</summary>
    internal static Task<Site?> FindAsync(DbConnection c, DbTransaction? tx, string key) =>
        c.QuerySingleOrDefaultAsync<Site>(
            "SELECT id, code, name, address FROM sites WHERE lower(code) = lower(@key) OR lower(name) = lower(@key) ORDER BY id LIMIT 1",
            new { key = key.Trim() }, tx);

    internal static Task<Location?> FindLocationAsync(DbConnection c, DbTransaction? tx, long siteId, string name) =>
        c.QuerySingleOrDefaultAsync<Location>(
            "SELECT id, site_id, name FROM locations WHERE site_id = @siteId AND lower(name) = lower(@name)",
            new { siteId, name = name.Trim() }, tx);
}
