using System.Data.Common;
using System.Globalization;
using Dapper;
using LaiteLaina.Storage;

namespace LaiteLaina.Inventory;

public enum DonorKind { Company, Organisation, PublicBody, Person }

/// <summary>Who gave devices. A private person is kept to a name and a way to reach them.</summary>
public sealed record Donor
{
    public long Id { get; init; }
    public required string Name { get; init; }
    public DonorKind Kind { get; init; }
    public string? Contact { get; init; }
    public string? Notes { get; init; }
    public long DeviceCount { get; init; }
}

/// <summary>A donor as typed on a form: the register's page, or the intake form where a new donor comes with their first device.</summary>
public sealed record DonorInput(string? Name, string? Kind, string? Contact, string? Notes = null);

public sealed class DonorService(Database db)
{
    public Task<Donor> AddAsync(string name, string? kind, string? contact, string? notes, string actor, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => InsertAsync(c, tx, new DonorInput(name, kind, contact, notes), actor), ct);

    /// <summary>Adds a donor in the caller's transaction, so that the intake form adds the donor and the device together or neither.</summary>
    internal static async Task<Donor> InsertAsync(DbConnection c, DbTransaction tx, DonorInput input, string actor)
    {
        var donor = new Donor
        {
            Name = IdentityCode.Refuse("name", Parse.Text(input.Name)) ?? throw UserError.Invalid("name", input.Name, Msg.DonorNameMissing),
            Kind = Parse.Text(input.Kind) is { } kind ? EnumText.Parse<DonorKind>("kind", kind) : DonorKind.Company,
            Contact = IdentityCode.Refuse("contact", Parse.Text(input.Contact)),
            Notes = IdentityCode.Refuse("notes", Parse.Text(input.Notes)),
        };
        if (await FindAsync(c, tx, donor.Name) is not null)
            throw new UserError(Msg.DonorExists.With(donor.Name), UserErrorKind.Conflict, "name");
        var id = await c.ExecuteScalarAsync<long>("""
            INSERT INTO donors (name, kind, contact, notes, created_at) VALUES (@Name, @Kind, @Contact, @Notes, @At) RETURNING id
            """, new { donor.Name, Kind = donor.Kind.ToString(), donor.Contact, donor.Notes, At = DateTimeOffset.UtcNow }, tx);
        donor = donor with { Id = id };
        await AuditLog.AppendAsync(c, tx, actor, "donor.add", "donor", id, donor.Name, null, donor);
        return donor;
    }

    public async Task<IReadOnlyList<Donor>> ListAsync(CancellationToken ct = default) =>
        (await db.ReadAsync(c => c.QueryAsync<Donor>("""
            SELECT o.id, o.name, o.kind, o.contact, o.notes, (SELECT count(*) FROM devices d WHERE d.donor_id = o.id) AS device_count
            FROM donors o ORDER BY o.name
            """), ct)).AsList();

    /// <summary>The register's names for a form's list, without counting anyone's devices.</summary>
    public async Task<IReadOnlyList<Donor>> NamesAsync(CancellationToken ct = default) =>
        (await db.ReadAsync(c => c.QueryAsync<Donor>("SELECT id, name, kind, contact FROM donors ORDER BY name"), ct)).AsList();

    public Task<Donor> GetAsync(string key, CancellationToken ct = default) =>
        db.ReadAsync(async c =>
        {
            var donor = await FindAsync(c, null, key) ?? throw UserError.NotFound("donor", key);
            var count = await c.ExecuteScalarAsync<long>("SELECT count(*) FROM devices WHERE donor_id = @Id", new { donor.Id });
            return donor with { DeviceCount = count };
        }, ct);

    /// <summary>A donor by number or by exact name in any letter case.</summary>
    internal static Task<Donor?> FindAsync(DbConnection c, DbTransaction? tx, string key)
    {
        key = key.Trim();
        var id = long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        return c.QuerySingleOrDefaultAsync<Donor>(
            "SELECT id, name, kind, contact, notes FROM donors WHERE id = @id OR lower(name) = lower(@key) ORDER BY id LIMIT 1",
            new { id, key }, tx);
    }
}
