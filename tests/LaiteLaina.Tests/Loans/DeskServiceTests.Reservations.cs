namespace LaiteLaina.Tests.Loans;

/// <summary>Changing a reservation, as the reservation page does: the same rules as a new one, never clashing with itself.</summary>
public sealed partial class DeskServiceTests
{
    private string Staff => staff.Id.ToString(CultureInfo.InvariantCulture);

    [Test]
    public async Task ChangeAsync_MovedByADayAndToAnotherBorrower_StoredWithoutClashingWithItself()
    {
        var reservations = Service<ReservationService>(clock);
        var r = await reservations.AddAsync("LL-000001", null, Staff, "2026-11-25", "2026-11-27", "kotikäynti", "sari");

        var changed = await reservations.ChangeAsync(r.Id, "LL-000001", null, client.Id.ToString(CultureInfo.InvariantCulture), "26.11.2026", "28.11.2026", "digikerho", "sari");

        var stored = await reservations.GetAsync(r.Id);
        Assert.That((stored.StartsOn, stored.EndsOn, stored.BorrowerName, stored.Purpose), Is.EqualTo((new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 28), "Elsa Lindqvist", "digikerho")));
        Assert.That(changed.CreatedBy, Is.EqualTo("sari"));
        var audit = await Db.ReadAsync(c => c.QuerySingleAsync<string>("SELECT after_json FROM audit_log WHERE action = 'reservation.change'"));
        Assert.That(audit, Does.Not.Contain("Elsa"), "the audit log keeps the booking, not the person's name");
    }

    [Test]
    public async Task ChangeAsync_OntoDaysAnotherReservationHolds_RefusedAndUnchanged()
    {
        var reservations = Service<ReservationService>(clock);
        await reservations.AddAsync("LL-000001", null, Staff, "2026-11-25", "2026-11-27", null, "sari");
        var other = await reservations.AddAsync("LL-000002", null, Staff, "2026-11-25", "2026-11-27", null, "sari");

        var e = Assert.ThrowsAsync<UserError>(() => reservations.ChangeAsync(other.Id, "LL-000001", null, Staff, "2026-11-26", null, null, "sari"));

        Assert.That((e!.Kind, e.Field), Is.EqualTo((UserErrorKind.Conflict, "tag")));
        Assert.That((await reservations.GetAsync(other.Id)).Tag, Is.EqualTo("LL-000002"));
    }

    [Test]
    public async Task ChangeAsync_CancelledReservation_Refused()
    {
        var reservations = Service<ReservationService>(clock);
        var r = await reservations.AddAsync(null, "tablet", Staff, "2026-11-25", null, null, "sari");
        await reservations.CancelAsync(r.Id, "sari");

        var e = Assert.ThrowsAsync<UserError>(() => reservations.ChangeAsync(r.Id, null, "tablet", Staff, "2026-11-26", null, null, "sari"));

        Assert.That(e!.Kind, Is.EqualTo(UserErrorKind.Conflict));
    }
}
