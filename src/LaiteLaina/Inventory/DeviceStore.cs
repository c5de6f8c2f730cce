using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;
using LaiteLaina.Storage;

namespace LaiteLaina.Inventory;

/// <summary>The SQL for devices. Methods take the caller's connection and transaction so that a service can
/// combine them with the audit row in one commit.</summary>
public static class DeviceStore
{
    private const string Select = """
        SELECT d.id, d.tag, d.kind, d.make, d.model, d.serial_number, d.imei, d.os, d.os_version, d.status, d.condition,
               d.site_id, s.code AS site_code, d.location_id, l.name AS location_name, d.point_id, p.code AS point_code,
               d.acquisition, d.acquired_on, d.cost_cents, d.donor_id, o.name AS donor_name, d.supplier, d.transferred_from,
               d.lease_end, d.lease_paid_by, d.accessories, d.notes, d.needs_wipe, d.last_wiped_at, d.retired_reason, d.created_at, d.updated_at
        FROM devices d
        LEFT JOIN sites s ON s.id = d.site_id
        LEFT JOIN locations l ON l.id = d.location_id
        LEFT JOIN computer_points p ON p.id = d.point_id
        LEFT JOIN donors o ON o.id = d.donor_id
        """;

    // Every device read is given its make and model as people write them (DeviceNames), whenever it was stored.
    public static async Task<Device?> FindByTagAsync(DbConnection c, DbTransaction? tx, string tag) =>
        await c.QuerySingleOrDefaultAsync<Device>(Select + " WHERE d.tag = @tag", new { tag = tag.Trim().ToUpperInvariant() }, tx) is { } d
            ? DeviceNames.Normalised(d)
            : null;

    /// <summary>
    /// Reads a device for a change that depends on its status. On PostgreSQL the row is locked, so a second
    /// counsellor checking out the same tablet waits and then sees it on loan; SQLite's writer lock does the same.
    /// </summary>
    public static async Task<Device> GetForUpdateAsync(DbConnection c, DbTransaction tx, string tag)
    {
        if (c is Npgsql.NpgsqlConnection)
            await c.ExecuteAsync("SELECT id FROM devices WHERE tag = @tag FOR UPDATE", new { tag = tag.Trim().ToUpperInvariant() }, tx);
        return await GetByTagAsync(c, tx, tag);
    }

    public static async Task<Device> GetByTagAsync(DbConnection c, DbTransaction? tx, string tag) =>
        await FindByTagAsync(c, tx, tag) ?? throw UserError.NotFound("device", tag);

    /// <summary>
    /// The devices a person at the desk may mean by <paramref name="text"/>: its tag, a short tag (ll-3, 3 for LL-000003),
    /// a serial number or an IMEI, case-insensitively. Each alternative is an equality on an indexed column, so a look-up
    /// stays a few index probes on a million devices; serials are stored as printed, so the three usual spellings are tried.
    /// </summary>
    public static async Task<IReadOnlyList<Device>> LookUpAsync(DbConnection c, DbTransaction? tx, string text, int limit)
    {
        var raw = text.Trim();
        var settings = await Settings.ReadAsync(c, tx);
        var digits = raw.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var parameters = new
        {
            tag = raw.ToUpperInvariant(),
            shortTag = ShortTag(raw, settings.TagPrefix, settings.TagDigits),
            raw,
            upper = raw.ToUpperInvariant(),
            lower = raw.ToLowerInvariant(),
            imei = digits.Length == 15 && digits.All(char.IsAsciiDigit) ? digits : null,
            limit,
        };
        return (await c.QueryAsync<Device>(Select + """
             WHERE d.id IN (SELECT id FROM devices WHERE tag = @tag
                            UNION SELECT id FROM devices WHERE tag = @shortTag
                            UNION SELECT id FROM devices WHERE serial_number IN (@raw, @upper, @lower)
                            UNION SELECT id FROM devices WHERE imei = @imei)
             ORDER BY CASE WHEN d.tag IN (@tag, @shortTag) THEN 0 ELSE 1 END, d.tag LIMIT @limit
            """, parameters, tx)).AsList();
    }

    /// <summary>
    /// The one device a person means by a tag they typed or scanned into a box: the tag in any letter case, else what the
    /// desk finds for the same text (a short tag such as ll-3 or 3, a serial number, an IMEI), so that every box takes
    /// what the desk teaches. When several devices match (a short tag and another device's serial number) it refuses and
    /// names them rather than guess; the refusal is about the box, <c>tag</c>, so that the page marks it.
    /// </summary>
    public static async Task<Device> ResolveAsync(DbConnection c, DbTransaction? tx, string text)
    {
        if (await FindByTagAsync(c, tx, text) is { } exact)
            return exact;
        var found = await LookUpAsync(c, tx, text, 5);
        return found.Count switch
        {
            1 => DeviceNames.Normalised(found[0]),
            0 => throw new UserError(Msg.RecordNotFound.With(new FieldName("device"), text.Trim()), UserErrorKind.NotFound, "tag"),
            _ => throw new UserError(Msg.DeviceTagAmbiguous.With(text.Trim(), string.Join(", ", found.Select(d => d.Tag))), UserErrorKind.Invalid, "tag"),
        };
    }

    /// <summary><see cref="ResolveAsync"/> for a change: the device it finds, locked and read again as <see cref="GetForUpdateAsync"/> does.</summary>
    public static async Task<Device> ResolveForUpdateAsync(DbConnection c, DbTransaction tx, string text) =>
        await GetForUpdateAsync(c, tx, (await ResolveAsync(c, tx, text)).Tag);

    /// <summary>"ll-3", "LL3" or "3" as the full tag "LL-000003" under the office's prefix and width; null when the text is no short tag.</summary>
    internal static string? ShortTag(string text, string prefix, int width)
    {
        var t = text.Trim().ToUpperInvariant();
        var p = prefix.ToUpperInvariant();
        var bare = p.TrimEnd('-', ' ');
        if (t.StartsWith(p, StringComparison.Ordinal))
            t = t[p.Length..];
        else if (bare.Length > 0 && t.StartsWith(bare, StringComparison.Ordinal))
            t = t[bare.Length..];
        t = t.TrimStart('0');
        return t.Length is > 0 and <= 18 && t.Length <= width && t.All(char.IsAsciiDigit) ? prefix + t.PadLeft(width, '0') : null;
    }

    public static async Task<IReadOnlyList<Device>> ByPointAsync(DbConnection c, long pointId) =>
        (await c.QueryAsync<Device>(Select + " WHERE d.point_id = @pointId ORDER BY d.tag", new { pointId })).Select(DeviceNames.Normalised).ToList();

    /// <summary>One page, newest first. Each filter has an index that starts with its column, so a page is a short range scan.
    /// A search is first tried as an exact tag or serial number (what a scanner sends), which the indexes answer at once;
    /// only when nothing matches exactly does it look inside makes and models, which reads every row until the page is full.</summary>
    public static async Task<DevicePage> ListAsync(DbConnection c, DeviceStatus? status, DeviceKind? kind, long? siteId,
        Acquisition? acquisition, string? search, int page, int pageSize, bool withTotal = false)
    {
        if (search is not null)
        {
            var exact = await PageAsync(c, status, kind, siteId, acquisition, search, exact: true, page, pageSize, withTotal);
            if (exact.Items.Count > 0 || page > 1)
                return exact;
        }
        return await PageAsync(c, status, kind, siteId, acquisition, search, exact: false, page, pageSize, withTotal);
    }

    private static async Task<DevicePage> PageAsync(DbConnection c, DeviceStatus? status, DeviceKind? kind, long? siteId,
        Acquisition? acquisition, string? search, bool exact, int page, int pageSize, bool withTotal)
    {
        var where = Where(status, kind, siteId, acquisition, search, exact);
        var parameters = new
        {
            status = status?.ToString(),
            kind = kind?.ToString(),
            siteId,
            acquisition = acquisition?.ToString(),
            search,
            like = "%" + search?.ToLowerInvariant() + "%",
            take = pageSize + 1,
            skip = (long)(page - 1) * pageSize,
        };
        var rows = (await c.QueryAsync<Device>(Select + where + " ORDER BY d.id DESC LIMIT @take OFFSET @skip", parameters)).Select(DeviceNames.Normalised).ToList();
        var hasMore = rows.Count > pageSize;
        if (hasMore)
            rows.RemoveAt(rows.Count - 1);
        long? total = withTotal ? await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM devices d" + where, parameters) : null;
        return new DevicePage(rows, page, pageSize, hasMore, total);
    }

    /// <summary>Every matching device, oldest first, read row by row (unbuffered) so that an export of a million
    /// devices holds one row in memory at a time. The connection must stay open while the caller enumerates.</summary>
    public static async IAsyncEnumerable<Device> StreamAsync(DbConnection c, DeviceStatus? status, DeviceKind? kind, long? siteId)
    {
        var rows = c.QueryUnbufferedAsync<Device>(Select + Where(status, kind, siteId, null, null, exact: true) + " ORDER BY d.id",
            new { status = status?.ToString(), kind = kind?.ToString(), siteId });
        await foreach (var d in rows)
            yield return DeviceNames.Normalised(d);
    }

    private static string Where(DeviceStatus? status, DeviceKind? kind, long? siteId, Acquisition? acquisition, string? search, bool exact)
    {
        var where = new List<string>();
        if (status is not null) where.Add("d.status = @status");
        if (kind is not null) where.Add("d.kind = @kind");
        if (siteId is not null) where.Add("d.site_id = @siteId");
        if (acquisition is not null) where.Add("d.acquisition = @acquisition");
        if (search is not null && exact)
            where.Add("d.id IN (SELECT id FROM devices WHERE tag = upper(@search) UNION SELECT id FROM devices WHERE serial_number = @search)");
        else if (search is not null)
            where.Add("(lower(d.model) LIKE @like OR lower(d.make) LIKE @like)");
        return where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "";
    }

    private const string SerialOwnerSql = """
        SELECT tag FROM devices
        WHERE serial_number = @serial AND lower(coalesce(make, '')) = lower(@make) AND id <> @exceptId
        LIMIT 1
        """;

    public static Task<string?> SerialOwnerAsync(DbConnection c, DbTransaction? tx, string? make, string serial, long exceptId) =>
        c.QueryFirstOrDefaultAsync<string>(SerialOwnerSql, new { serial, make = make ?? "", exceptId }, tx);

    /// <summary><see cref="SerialOwnerAsync"/> for many new devices: one prepared lookup on ix_devices_serial per row.</summary>
    internal sealed class SerialLookup(PreparedCommand command) : IAsyncDisposable
    {
        public static async Task<SerialLookup> CreateAsync(DbConnection c, DbTransaction tx, CancellationToken ct) =>
            new(await PreparedCommand.CreateAsync(c, tx, SerialOwnerSql,
                [("serial", DbType.String), ("make", DbType.String), ("exceptId", DbType.Int64)], ct));

        public async Task<string?> OwnerAsync(string? make, string serial, CancellationToken ct)
        {
            command.Set(0, serial);
            command.Set(1, make ?? "");
            command.Set(2, 0L);
            return await command.ScalarAsync(ct) as string;
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }

    /// <summary>Reserves <paramref name="count"/> tag numbers; they are never handed out again, even if the insert is rolled back later by another transaction.</summary>
    public static async Task<IReadOnlyList<string>> AllocateTagsAsync(DbConnection c, DbTransaction tx, int count)
    {
        var tags = await TagSequence.BeginAsync(c, tx);
        var list = Enumerable.Range(0, count).Select(_ => tags.Next()).ToList();
        await tags.EndAsync(c, tx);
        return list;
    }

    /// <summary>
    /// Hands out asset tags one at a time inside one transaction: the counter row is locked and read once (the
    /// no-op UPDATE takes the row lock on PostgreSQL; SQLite's writer lock already covers it), counted on locally,
    /// and written back once. If the transaction rolls back, so does the counter: no tag is ever handed out twice.
    /// </summary>
    internal sealed class TagSequence
    {
        private readonly string prefix;
        private readonly int digits;
        private long last;

        private TagSequence(string prefix, int digits, long last) => (this.prefix, this.digits, this.last) = (prefix, digits, last);

        public static async Task<TagSequence> BeginAsync(DbConnection c, DbTransaction tx)
        {
            var last = await c.ExecuteScalarAsync<long>("UPDATE counters SET value = value WHERE name = 'device_tag' RETURNING value", transaction: tx);
            var settings = await Settings.ReadAsync(c, tx);
            return new TagSequence(settings.TagPrefix, settings.TagDigits, last);
        }

        public string Next() => prefix + (++last).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');

        public Task EndAsync(DbConnection c, DbTransaction tx) =>
            c.ExecuteAsync("UPDATE counters SET value = @last WHERE name = 'device_tag'", new { last }, tx);
    }

    private const string InsertSql = """
        INSERT INTO devices (tag, kind, make, model, serial_number, imei, os, os_version, status, condition, site_id, location_id,
            point_id, acquisition, acquired_on, cost_cents, donor_id, supplier, transferred_from, lease_end, lease_paid_by,
            accessories, notes, needs_wipe, last_wiped_at, created_at, updated_at)
        VALUES (@Tag, @Kind, @Make, @Model, @SerialNumber, @Imei, @Os, @OsVersion, @Status, @Condition, @SiteId, @LocationId,
            @PointId, @Acquisition, @AcquiredOn, @CostCents, @DonorId, @Supplier, @TransferredFrom, @LeaseEnd, @LeasePaidBy,
            @Accessories, @Notes, @NeedsWipe, @LastWipedAt, @CreatedAt, @UpdatedAt)
        RETURNING id
        """;

    public static Task<long> InsertAsync(DbConnection c, DbTransaction tx, Device d) =>
        c.ExecuteScalarAsync<long>(InsertSql, Parameters(d), tx);

    /// <summary><see cref="InsertAsync"/> for many devices in one transaction, with one prepared statement.</summary>
    internal sealed class Inserter(PreparedCommand command) : IAsyncDisposable
    {
        public static async Task<Inserter> CreateAsync(DbConnection c, DbTransaction tx, CancellationToken ct) =>
            new(await PreparedCommand.CreateAsync(c, tx, InsertSql,
            [
                ("Tag", DbType.String), ("Kind", DbType.String), ("Make", DbType.String), ("Model", DbType.String),
                ("SerialNumber", DbType.String), ("Imei", DbType.String), ("Os", DbType.String), ("OsVersion", DbType.String),
                ("Status", DbType.String), ("Condition", DbType.String), ("SiteId", DbType.Int64), ("LocationId", DbType.Int64),
                ("PointId", DbType.Int64), ("Acquisition", DbType.String), ("AcquiredOn", DbType.Date), ("CostCents", DbType.Int64),
                ("DonorId", DbType.Int64), ("Supplier", DbType.String), ("TransferredFrom", DbType.String), ("LeaseEnd", DbType.Date),
                ("LeasePaidBy", DbType.String), ("Accessories", DbType.String), ("Notes", DbType.String), ("NeedsWipe", DbType.Boolean),
                ("LastWipedAt", DbType.DateTimeOffset), ("CreatedAt", DbType.DateTimeOffset), ("UpdatedAt", DbType.DateTimeOffset),
            ], ct));

        public async Task<long> InsertAsync(Device d, CancellationToken ct)
        {
            object?[] values =
            [
                d.Tag, d.Kind.ToString(), d.Make, d.Model, d.SerialNumber, d.Imei, d.Os, d.OsVersion, d.Status.ToString(),
                d.Condition.ToString(), d.SiteId, d.LocationId, d.PointId, d.Acquisition.ToString(), d.AcquiredOn, d.CostCents,
                d.DonorId, d.Supplier, d.TransferredFrom, d.LeaseEnd, d.LeasePaidBy, d.Accessories, d.Notes, d.NeedsWipe,
                d.LastWipedAt, d.CreatedAt, d.UpdatedAt,
            ];
            for (var i = 0; i < values.Length; i++)
                command.Set(i, values[i]);
            return Convert.ToInt64(await command.ScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }

    public static Task UpdateAsync(DbConnection c, DbTransaction tx, Device d) =>
        c.ExecuteAsync("""
            UPDATE devices SET kind = @Kind, make = @Make, model = @Model, serial_number = @SerialNumber, imei = @Imei, os = @Os,
                os_version = @OsVersion, status = @Status, condition = @Condition, site_id = @SiteId, location_id = @LocationId,
                point_id = @PointId, acquisition = @Acquisition, acquired_on = @AcquiredOn, cost_cents = @CostCents, donor_id = @DonorId,
                supplier = @Supplier, transferred_from = @TransferredFrom, lease_end = @LeaseEnd, lease_paid_by = @LeasePaidBy,
                accessories = @Accessories, notes = @Notes, needs_wipe = @NeedsWipe, last_wiped_at = @LastWipedAt, retired_reason = @RetiredReason,
                updated_at = @UpdatedAt
            WHERE id = @Id
            """, Parameters(d), tx);

    /// <summary>Dapper sends enums as numbers; the schema keeps their names, so they are passed as text.</summary>
    private static DynamicParameters Parameters(Device d)
    {
        var p = new DynamicParameters(d);
        p.Add("Kind", d.Kind.ToString());
        p.Add("Status", d.Status.ToString());
        p.Add("Condition", d.Condition.ToString());
        p.Add("Acquisition", d.Acquisition.ToString());
        return p;
    }
}
