using LaiteLaina.Inventory.Pages;
using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>What a second trial of last session's pages found, as a Finnish desk worker would meet it (#12): each test
/// is one finding, over HTTP as the page answers it.</summary>
public sealed class SecondTrialTests(Engine engine) : ApiTest(engine)
{
    private WebSession web = null!;
    private string tag = "";

    [SetUp]
    public async Task SeedAsync()
    {
        var sites = Service<SiteService>();
        await sites.AddAsync("KESKUS", "Keskusta", null, "test");
        await sites.AddAsync("ITA", "Itäinen palvelupiste", null, "test");
        tag = (await Service<InventoryService>().AddAsync(new DeviceInput { Kind = "tablet", Model = "Tab A9", SerialNumber = "T-1", Site = "KESKUS" }, "test")).Tag;
        web = await SignedInSessionAsync("aino", "Aino Admin", "admin");
    }

    private Task<long> CountAsync(string table) => Db.ReadAsync(c => c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"));

    [Test]
    public async Task DevicePage_TransferredToAnotherSite_HistoryNamesTheSitesNotTheirNumbers()
    {
        var page = $"/devices/{tag}";
        var east = (await Service<SiteService>().PlacesAsync()).Single(s => s.Code == "ITA");
        var moved = await web.PostAsync(page, page + "?handler=Move", ("Place", PlaceChoice.Value(east)), ("Point", ""));
        Assert.That((int)moved.Status, Is.LessThan(400), moved.Text);

        var history = (await web.GetAsync(page)).Text;

        Assert.That(history, Does.Contain("toimipiste KESKUS → ITA"));
        Assert.That(history, Does.Not.Match(@"toimipiste \d+ → \d+"));
    }

    [Test]
    public async Task DevicePage_PlaceLongerThanAnyChoice_RefusalNamesTheFieldAsTheFormDoes()
    {
        var page = $"/devices/{tag}";

        var refused = await web.PostAsync(page, page + "?handler=Move", ("Place", new string('x', 300)), ("Point", ""));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Text, Does.Contain("Tarkista sijainti").And.Not.Contain("Tarkista place"));
        Assert.That(refused.Html, Does.Match("id=\"move-place\"[^>]*aria-invalid=\"true\""), "marked at the place list");
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'device.transfer'")), Is.Zero);
    }

    [Test]
    public async Task Labels_TagLeftEmpty_SaysTheBoxIsEmptyAndQueuesNothing()
    {
        var refused = await web.PostAsync("/labels", "/labels", ("tag", ""), ("copies", "1"), ("printer", ""));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Text, Does.Contain("Kohta tunnus on tyhjä").And.Not.Contain("Ei löytynyt"));
        Assert.That(await CountAsync("print_jobs"), Is.Zero);
    }
}
