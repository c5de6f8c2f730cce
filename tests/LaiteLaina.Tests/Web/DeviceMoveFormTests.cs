using LaiteLaina.Inventory.Pages;
using LaiteLaina.Provisioning;

namespace LaiteLaina.Tests.Web;

/// <summary>The device page has one way to change where a device is (#20): a place on another site is a transfer, with
/// the transfer's checks and audit, said as such; the pinned refusals of the transfer form it replaced hold for it.</summary>
public sealed class DeviceMoveFormTests(Engine engine) : ApiTest(engine)
{
    private string tag = "";
    private IReadOnlyList<Site> places = [];

    [SetUp]
    public async Task SeedAsync()
    {
        var sites = Service<SiteService>();
        await sites.AddAsync("KESKUS", "Keskusta", null, "test");
        await sites.AddAsync("ITA", "Itäinen palvelupiste", null, "test");
        await sites.AddLocationAsync("KESKUS", "Varasto", "test");
        places = await sites.PlacesAsync();
        tag = (await Service<InventoryService>().AddAsync(new DeviceInput { Kind = "tablet", Model = "Tab A9", SerialNumber = "T-1", Site = "KESKUS" }, "test")).Tag;
    }

    private string Place(string site, string? location = null)
    {
        var s = places.Single(p => p.Code == site);
        return PlaceChoice.Value(s, location is null ? null : s.Locations.Single(l => l.Name == location));
    }

    private Task<long> AuditAsync(string action) =>
        Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = @action", new { action }));

    private async Task<string?> SiteOfDeviceAsync() => (await Service<InventoryService>().GetAsync(tag)).SiteCode;

    [Test]
    public async Task DevicePage_Shown_OneFormForThePlaceAndItSaysWhenItIsATransfer()
    {
        var web = await SignedInSessionAsync("aino", "Aino Admin", "admin");

        var page = await web.GetAsync($"/devices/{tag}");

        Assert.That(page.Html, Does.Contain("id=\"save-move\"").And.Not.Contain("save-transfer").And.Not.Contain("handler=Transfer"));
        Assert.That(page.Text, Does.Contain("Laite on nyt toimipisteessä Keskusta.")
            .And.Contain("Jos valitset sijainnin toisesta toimipisteestä, laite siirretään sinne"));
        Assert.That(page.Html, Does.Match("<select id=\"move-place\" name=\"Place\" aria-describedby=\"move-hint\""));
    }

    [TestCase("fi", "Laite on siirretty toimipisteeseen Itäinen palvelupiste.")]
    [TestCase("sv", "Enheten har flyttats till Itäinen palvelupiste.")]
    public async Task DevicePage_PlaceOnAnotherSite_TransferredAuditedAndSaidSo(string language, string said)
    {
        var web = await SignedInSessionAsync("aino", "Aino Admin", "admin", language);
        var page = $"/devices/{tag}";

        var moved = await web.PostAsync(page, page + "?handler=Move", ("Place", Place("ITA")), ("Point", ""));

        Assert.That(moved.Status, Is.EqualTo(HttpStatusCode.OK), moved.Text);
        Assert.That(moved.Text, Does.Contain(said));
        Assert.That(await SiteOfDeviceAsync(), Is.EqualTo("ITA"));
        Assert.That((await AuditAsync("device.transfer"), await AuditAsync("device.move")), Is.EqualTo((1L, 0L)));
    }

    [Test]
    public async Task DevicePage_PlaceOnItsOwnSite_MovedNotTransferred()
    {
        var web = await SignedInSessionAsync("aino", "Aino Admin", "admin");
        var page = $"/devices/{tag}";

        var moved = await web.PostAsync(page, page + "?handler=Move", ("Place", Place("KESKUS", "Varasto")), ("Point", ""));

        Assert.That(moved.Text, Does.Contain("Laite on siirretty.").And.Not.Contain("toimipisteeseen"));
        Assert.That((await AuditAsync("device.transfer"), await AuditAsync("device.move")), Is.EqualTo((0L, 1L)));
    }

    [TestCase("fi")]
    [TestCase("sv")]
    public async Task DevicePage_OnLoanPlacedOnAnotherSite_RefusedInOwnLanguageAndStays(string language)
    {
        await PutDeviceAsync(tag, DeviceStatus.OnLoan, needsWipe: false);
        var web = await SignedInSessionAsync("aino", "Aino Admin", "admin", language);
        var page = $"/devices/{tag}";

        var refused = await web.PostAsync(page, page + "?handler=Move", ("Place", Place("ITA")), ("Point", ""));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.Conflict));
        var expected = Msg.TransferOnLoan.With(tag, "ITA").Render(CultureInfo.GetCultureInfo(language));
        Assert.That(expected, Does.Contain(tag).And.Contain("ITA"), "the refusal names the device and the site");
        Assert.That(refused.Text, Does.Contain(expected));
        Assert.That(await SiteOfDeviceAsync(), Is.EqualTo("KESKUS"));
        Assert.That(await AuditAsync("device.transfer"), Is.Zero);
    }

    [TestCase("fi")]
    [TestCase("sv")]
    public async Task DevicePage_ProvisioningJobQueuedPlacedOnAnotherSite_RefusedAtTheFieldAndStays(string language)
    {
        await ProvisioningActions.StartAsync(Db, "192.0.2.7:5555", tag, null, "test");
        var web = await SignedInSessionAsync("aino", "Aino Admin", "admin", language);
        var page = $"/devices/{tag}";

        var refused = await web.PostAsync(page, page + "?handler=Move", ("Place", Place("ITA")), ("Point", ""));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(refused.Text, Does.Contain(Msg.TransferProvisioning.With(tag, "ITA").Render(CultureInfo.GetCultureInfo(language))));
        Assert.That(refused.Html, Does.Match("id=\"move-place\"[^>]*aria-invalid=\"true\""), "the place list is marked, next to its refusal");
        Assert.That(await SiteOfDeviceAsync(), Is.EqualTo("KESKUS"));
        Assert.That(await AuditAsync("device.transfer"), Is.Zero);
    }
}
