namespace LaiteLaina.Tests.Loans;

/// <summary>A tag typed into a box other than the desk's (labels, a reservation) takes the forms the desk teaches, and
/// refuses what could be more than one device rather than guess.</summary>
public sealed partial class DeskServiceTests
{
    private Task<Device> ResolveAsync(string text) => Db.ReadAsync(c => DeviceStore.ResolveAsync(c, null, text));

    [TestCase("ll-3")]
    [TestCase("LL3")]
    [TestCase("3")]
    [TestCase("ll-003")]
    [TestCase(" ll-000003 ")]
    public async Task ResolveAsync_ShortOrLowerCaseTag_TheDevice(string text) =>
        Assert.That((await ResolveAsync(text)).Tag, Is.EqualTo("LL-000003"));

    [Test]
    public async Task ResolveAsync_SerialOfOneDevice_TheDevice() =>
        Assert.That((await ResolveAsync("r9zw400002")).Tag, Is.EqualTo("LL-000002"));

    [Test]
    public void ResolveAsync_SerialTwoDevicesShare_RefusedNamingBoth()
    {
        var e = Assert.ThrowsAsync<UserError>(() => ResolveAsync("R9ZW400001"));

        Assert.That((e!.Kind, e.Field, e.Code), Is.EqualTo((UserErrorKind.Invalid, "tag", "device.tag-ambiguous")));
        Assert.That(e.In(Finnish), Does.Contain("LL-000001").And.Contain("LL-000004").And.Contain("koko tunnus"));
    }

    [Test]
    public void ResolveAsync_NothingMatches_NotFoundAboutTheTagBox()
    {
        var e = Assert.ThrowsAsync<UserError>(() => ResolveAsync("ll-5"));

        Assert.That((e!.Kind, e.Field), Is.EqualTo((UserErrorKind.NotFound, "tag")));
        Assert.That(e.In(Finnish), Is.EqualTo("Ei löytynyt: laite 'll-5'."));
    }

    [Test]
    public async Task ReservationAddAsync_ShortTag_ReservesThatDevice()
    {
        var reservation = await Service<ReservationService>(clock).AddAsync("ll-2", null, Staff, "2026-11-25", null, null, "sari");

        Assert.That(reservation.Tag, Is.EqualTo("LL-000002"));
    }
}
