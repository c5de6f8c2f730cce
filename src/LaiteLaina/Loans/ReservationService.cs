using System.Data.Common;
using System.Globalization;
using Dapper;
using LaiteLaina.Inventory;
using LaiteLaina.People;
using LaiteLaina.Storage;

namespace LaiteLaina.Loans;

/// <summary>A booking of one device, or of "any tablet", for a date range, such as a home visit next week.</summary>
public sealed record Reservation
{
    public long Id { get; init; }
    public long? DeviceId { get; init; }
    public string? Tag { get; init; }
    public DeviceKind DeviceKind { get; init; }
    public long BorrowerId { get; init; }
    /// <summary>Joined in for the desk and the reservations page; left out of the audit log.</summary>
    public string? BorrowerName { get; init; }
    public DateOnly StartsOn { get; init; }
    public DateOnly EndsOn { get; init; }
    [PersonalText]
    public string? Purpose { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset? CancelledAt { get; init; }
}

public sealed class ReservationService(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    private const string Select = """
        SELECT r.id, r.device_id, d.tag, r.device_kind, r.borrower_id, b.name AS borrower_name, r.starts_on, r.ends_on, r.purpose,
               r.created_by, r.cancelled_at
        FROM reservations r LEFT JOIN devices d ON d.id = r.device_id JOIN borrowers b ON b.id = r.borrower_id
        """;

    private const string Lendable = "('Retired', 'Lost', 'HandedOver')";

    /// <summary>Books <paramref name="tag"/>, or any device of <paramref name="kind"/>, and refuses a double booking.</summary>
    public Task<Reservation> AddAsync(string? tag, string? kind, string borrower, string? from, string? to, string? purpose, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var r = await CheckedAsync(c, tx, tag, kind, borrower, from, to, purpose, null) with { CreatedBy = actor };
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO reservations (device_id, device_kind, borrower_id, starts_on, ends_on, purpose, created_by, created_at)
                VALUES (@DeviceId, @Kind, @BorrowerId, @StartsOn, @EndsOn, @Purpose, @CreatedBy, @At) RETURNING id
                """, new { r.DeviceId, Kind = r.DeviceKind.ToString(), r.BorrowerId, r.StartsOn, r.EndsOn, r.Purpose, r.CreatedBy, At = clock.GetUtcNow() }, tx);
            r = r with { Id = id };
            await AuditLog.AppendAsync(c, tx, actor, "reservation.add", "reservation", id, id.ToString(CultureInfo.InvariantCulture), null, Snapshot(r));
            return r;
        }, ct);

    /// <summary>
    /// Changes a reservation's dates, device (or kind), borrower and purpose, under the same rules as a new one: the
    /// reservation itself is left out of the clash and pool counts, so moving it by a day never clashes with itself.
    /// </summary>
    public Task<Reservation> ChangeAsync(long id, string? tag, string? kind, string borrower, string? from, string? to, string? purpose, string actor,
        CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var before = await OpenReservationAsync(c, tx, id);
            var after = await CheckedAsync(c, tx, tag, kind, borrower, from, to, purpose, id) with { Id = id, CreatedBy = before.CreatedBy };
            if (await c.ExecuteAsync("""
                    UPDATE reservations SET device_id = @DeviceId, device_kind = @Kind, borrower_id = @BorrowerId, starts_on = @StartsOn,
                        ends_on = @EndsOn, purpose = @Purpose
                    WHERE id = @Id AND cancelled_at IS NULL
                    """, new { after.DeviceId, Kind = after.DeviceKind.ToString(), after.BorrowerId, after.StartsOn, after.EndsOn, after.Purpose, after.Id }, tx) == 0)
                throw new UserError(Msg.ReservationAlreadyCancelled.With(id), UserErrorKind.Conflict, "reservation");
            await AuditLog.AppendAsync(c, tx, actor, "reservation.change", "reservation", id, id.ToString(CultureInfo.InvariantCulture), Snapshot(before), Snapshot(after));
            return after;
        }, ct);

    public Task<Reservation> GetAsync(long id, CancellationToken ct = default) =>
        db.ReadAsync(async c => await c.QuerySingleOrDefaultAsync<Reservation>(Select + " WHERE r.id = @id", new { id })
                                ?? throw UserError.NotFound("reservation", id.ToString(CultureInfo.InvariantCulture)), ct);

    /// <summary>The reservation as a new or changed one would be stored, after every rule of booking; <paramref name="except"/> is the one being changed.</summary>
    private async Task<Reservation> CheckedAsync(DbConnection c, DbTransaction tx, string? tag, string? kind, string borrower, string? from, string? to,
        string? purpose, long? except)
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var starts = Parse.Date("from", from) ?? throw UserError.Invalid("from", from, Msg.ReservationFromMissing);
        var ends = Parse.Date("to", to) ?? starts;
        if (starts < today)
            throw UserError.Invalid("from", from, Msg.ReservationFromInPast);
        if (ends < starts)
            throw UserError.Invalid("to", to, Msg.ReservationToBeforeFrom.With(starts));
        var person = await BorrowerService.FindAsync(c, tx, borrower) ?? throw UserError.NotFound("borrower", borrower);
        Device? device = null;
        DeviceKind deviceKind;
        if (Parse.Text(tag) is { } t)
        {
            device = await DeviceStore.ResolveForUpdateAsync(c, tx, t);
            deviceKind = device.Kind;
            if (device.Status is DeviceStatus.Retired or DeviceStatus.Lost or DeviceStatus.HandedOver)
                throw new UserError(Msg.ReservationDeviceNotReservable.With(device.Tag, device.Status), UserErrorKind.Conflict, "tag");
            if (await ClashAsync(c, tx, device.Id, null, starts, ends, except) is { } clash)
                throw new UserError(Msg.ReservationClash.With(device.Tag, clash.StartsOn, clash.EndsOn, clash.Id), UserErrorKind.Conflict, "tag");
            var dueOfOpenLoan = await c.ExecuteScalarAsync<DateOnly?>("SELECT due_on FROM loans WHERE device_id = @Id AND state = 'Open'", new { device.Id }, tx);
            if (dueOfOpenLoan is { } due && due >= starts)
                throw new UserError(Msg.ReservationOnLoanUntil.With(device.Tag, due, due.AddDays(1)), UserErrorKind.Conflict, "tag");
        }
        else
        {
            deviceKind = EnumText.Parse<DeviceKind>("kind", kind ?? "tablet");
        }
        await LockKindAsync(c, tx, deviceKind);
        // However a kind is booked, the bookings that overlap may never outnumber the devices that can be lent.
        var pool = await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM devices WHERE kind = @kind AND status NOT IN {Lendable}", new { kind = deviceKind.ToString() }, tx);
        var booked = await c.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM reservations
            WHERE device_kind = @kind AND cancelled_at IS NULL AND starts_on <= @ends AND ends_on >= @starts AND id <> @except
            """, new { kind = deviceKind.ToString(), starts, ends, except = except ?? -1 }, tx);
        if (booked + 1 > pool)
            throw new UserError(Msg.ReservationPoolFull.With(pool, deviceKind, starts, ends), UserErrorKind.Conflict, "kind");
        return new Reservation
        {
            DeviceId = device?.Id, Tag = device?.Tag, DeviceKind = deviceKind, BorrowerId = person.Id, BorrowerName = person.Name,
            StartsOn = starts, EndsOn = ends, Purpose = IdentityCode.Refuse("purpose", Parse.Text(purpose)), CreatedBy = "",
        };
    }

    private static async Task<Reservation> OpenReservationAsync(DbConnection c, DbTransaction tx, long id)
    {
        var r = await c.QuerySingleOrDefaultAsync<Reservation>(Select + " WHERE r.id = @id", new { id }, tx)
                ?? throw UserError.NotFound("reservation", id.ToString(CultureInfo.InvariantCulture));
        return r.CancelledAt is null ? r : throw new UserError(Msg.ReservationAlreadyCancelled.With(id), UserErrorKind.Conflict, "reservation");
    }

    /// <summary>The audit log keeps what happened to the booking, not the borrower's name.</summary>
    private static Reservation Snapshot(Reservation r) => r with { BorrowerName = null };

    public Task<Reservation> CancelAsync(long id, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var r = await OpenReservationAsync(c, tx, id);
            var after = r with { CancelledAt = clock.GetUtcNow() };
            // Re-checked in the UPDATE: on PostgreSQL a second cancel that read the reservation before the first
            // committed waits for its row lock here and then finds it cancelled, instead of cancelling it again.
            if (await c.ExecuteAsync("UPDATE reservations SET cancelled_at = @CancelledAt WHERE id = @Id AND cancelled_at IS NULL", new { after.CancelledAt, after.Id }, tx) == 0)
                throw new UserError(Msg.ReservationAlreadyCancelled.With(id), UserErrorKind.Conflict, "reservation");
            await AuditLog.AppendAsync(c, tx, actor, "reservation.cancel", "reservation", id, id.ToString(CultureInfo.InvariantCulture), Snapshot(r), Snapshot(after));
            return after;
        }, ct);

    /// <summary>Reservations that have not ended, soonest first.</summary>
    public async Task<IReadOnlyList<Reservation>> ListAsync(CancellationToken ct = default) =>
        (await db.ReadAsync(c => c.QueryAsync<Reservation>(Select + " WHERE r.cancelled_at IS NULL AND r.ends_on >= @today ORDER BY r.starts_on, r.id",
            new { today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime) }), ct)).AsList();

    /// <summary>The reservations that start on <paramref name="day"/>, on ix_reservations_starts, for the desk.</summary>
    internal static Task<IEnumerable<Reservation>> StartingAsync(DbConnection c, DateOnly day, int limit) =>
        c.QueryAsync<Reservation>(Select + " WHERE r.starts_on = @day AND r.cancelled_at IS NULL ORDER BY r.id LIMIT @limit", new { day, limit });

    /// <summary>Refuses lending <paramref name="device"/> over days someone else has booked it, or the last free one of its kind.</summary>
    internal static async Task RequireFreeAsync(DbConnection c, DbTransaction tx, Device device, long borrowerId, DateOnly from, DateOnly to)
    {
        if (await ClashAsync(c, tx, device.Id, borrowerId, from, to, null) is { } clash)
            throw new UserError(Msg.ReservationReservedForOther.With(device.Tag, clash.StartsOn, clash.EndsOn, clash.Id, clash.StartsOn.AddDays(-1)), UserErrorKind.Conflict, "tag");
        await LockKindAsync(c, tx, device.Kind);
        var anyBooked = await c.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM reservations
            WHERE device_kind = @kind AND device_id IS NULL AND cancelled_at IS NULL AND borrower_id <> @borrowerId AND starts_on <= @to AND ends_on >= @from
            """, new { kind = device.Kind.ToString(), borrowerId, from, to }, tx);
        if (anyBooked == 0)
            return;
        var othersFree = await c.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM devices d
            WHERE d.kind = @kind AND d.status = 'Ready' AND d.id <> @id
              AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.device_id = d.id AND r.cancelled_at IS NULL AND r.starts_on <= @to AND r.ends_on >= @from)
            """, new { kind = device.Kind.ToString(), id = device.Id, from, to }, tx);
        if (othersFree < anyBooked)
            throw new UserError(Msg.ReservationPoolNeedsDevice.With(device.Tag, device.Kind, from, to, anyBooked), UserErrorKind.Conflict, "tag");
    }

    /// <summary>
    /// Counting free devices and then booking or lending one must not interleave between two sites on PostgreSQL;
    /// a lock per device kind, held to the end of the transaction, serialises them (SQLite's writer lock already does).
    /// </summary>
    private static Task LockKindAsync(DbConnection c, DbTransaction tx, DeviceKind kind) =>
        c is Npgsql.NpgsqlConnection
            ? c.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext(@key))", new { key = "reservations:" + kind }, tx)
            : Task.CompletedTask;

    private static Task<Reservation?> ClashAsync(DbConnection c, DbTransaction tx, long deviceId, long? exceptBorrower, DateOnly from, DateOnly to, long? exceptReservation) =>
        c.QueryFirstOrDefaultAsync<Reservation>(Select + """
             WHERE r.device_id = @deviceId AND r.cancelled_at IS NULL AND r.starts_on <= @to AND r.ends_on >= @from
               AND r.borrower_id <> @exceptBorrower AND r.id <> @exceptReservation
             ORDER BY r.starts_on LIMIT 1
            """, new { deviceId, from, to, exceptBorrower = exceptBorrower ?? -1, exceptReservation = exceptReservation ?? -1 }, tx);
}
