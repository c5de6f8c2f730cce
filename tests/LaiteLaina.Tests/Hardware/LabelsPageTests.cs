using LaiteLaina.Tests.Web;
using LaiteLaina.Web;

namespace LaiteLaina.Tests.Hardware;

/// <summary>The /labels page as a Finnish desk worker meets it (browser review of the label page): the short tag the desk
/// teaches, the copies box refused in the service's words with what was typed kept, and a done message that says what went
/// to the printer.</summary>
public sealed class LabelsPageTests(Engine engine) : ApiTest(engine)
{
    private WebSession web = null!;

    protected override string[] HostArgs => ["--Printers:0:Name=desk", $"--Printers:0:Port={Path.Combine(Scratch, "labels.zpl")}", "--PrintQueue:PollSeconds=60"];

    [SetUp]
    public async Task SeedAsync()
    {
        var inventory = new InventoryService(Db);
        await inventory.AddAsync(new DeviceInput { Kind = "tablet", Model = "Tab A9" }, "test");
        await inventory.AddAsync(new DeviceInput { Kind = "laptop", Model = "T480" }, "test");
        web = await SignedInSessionAsync("aino", "Aino Admin", "admin");
    }

    private Task<IReadOnlyList<(string Tag, int Copies)>> JobsAsync() =>
        Db.ReadAsync(async c => (IReadOnlyList<(string, int)>)(await c.QueryAsync<(string, int)>("SELECT tag, copies FROM print_jobs ORDER BY id")).AsList());

    /// <summary>The print form posted, then the list it redirects to, as the browser shows it.</summary>
    private async Task<PageResult> PrintAsync(string tag, string copies)
    {
        var posted = await web.PostAsync("/labels", "/labels", ("tag", tag), ("copies", copies), ("printer", "desk"));
        Assert.That(posted.Status, Is.EqualTo(HttpStatusCode.Redirect), posted.Text);
        return await web.GetAsync(posted.Location!);
    }

    [TestCase("ll-2")]
    [TestCase("2")]
    [TestCase("LL-02")]
    [TestCase("ll-000002")]
    public async Task Print_ShortTag_PrintsThatDevice(string typed)
    {
        var list = await PrintAsync(typed, "1");

        Assert.That(await JobsAsync(), Is.EqualTo(new[] { ("LL-000002", 1) }));
        Assert.That(list.Text, Does.Contain("LL-000002: 1 tarra lähetetty tulostimelle desk."));
    }

    [Test]
    public async Task Print_TwoCopies_DoneMessageNamesTagAndCopies()
    {
        var list = await PrintAsync("LL-000001", "2");

        Assert.That(list.Text, Does.Contain("LL-000001: 2 tarraa lähetetty tulostimelle desk."));
    }

    [Test]
    public async Task Print_CopiesLeftEmpty_PrintsOne()
    {
        var list = await PrintAsync("LL-000001", "");

        Assert.That(await JobsAsync(), Is.EqualTo(new[] { ("LL-000001", 1) }));
        Assert.That(list.Text, Does.Contain("LL-000001: 1 tarra lähetetty"));
    }

    [Test]
    public async Task Reprint_JobOfThreeCopies_DoneMessageSaysReprintTagAndCopies()
    {
        await PrintAsync("LL-000001", "3");
        var id = await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT id FROM print_jobs"));

        var posted = await web.PostAsync("/labels", "/labels?handler=Reprint", ("id", id.ToString(CultureInfo.InvariantCulture)));
        var list = await web.GetAsync(posted.Location!);

        Assert.That(list.Text, Does.Contain("LL-000001: uusintatuloste, 3 tarraa lähetetty tulostimelle desk."));
    }

    [TestCase("101")]
    [TestCase("0")]
    [TestCase("-1")]
    [TestCase("2.5")]
    [TestCase("kaksi")]
    public async Task Print_CopiesNotOneToHundred_RefusedWithValueKeptAndFieldMarked(string copies)
    {
        var refused = await web.PostAsync("/labels", "/labels", ("tag", "ll-1"), ("copies", copies), ("printer", "desk"));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Text, Does.Contain($"Tarkista kappalemäärä: '{copies}' ei kelpaa – tulosta 1–100 kappaletta."));
        var box = Regex.Match(refused.Html, "<input id=\"copies\"[^>]*>").Value;
        Assert.That(box, Does.Contain($"value=\"{copies}\"").And.Contain("aria-invalid=\"true\""));
        Assert.That(Regex.Match(refused.Html, "<input id=\"tag\"[^>]*>").Value, Does.Contain("value=\"ll-1\"").And.Not.Contain("aria-invalid"));
        Assert.That(await JobsAsync(), Is.Empty);
    }

    [Test]
    public async Task Print_UnknownTag_TagKeptAndFieldMarked()
    {
        var refused = await web.PostAsync("/labels", "/labels", ("tag", "ll-5"), ("copies", "2"), ("printer", "desk"));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(refused.Text, Does.Contain("Ei löytynyt: laite 'll-5'."));
        Assert.That(Regex.Match(refused.Html, "<input id=\"tag\"[^>]*>").Value, Does.Contain("value=\"ll-5\"").And.Contain("aria-invalid=\"true\""));
        Assert.That(Regex.Match(refused.Html, "<input id=\"copies\"[^>]*>").Value, Does.Contain("value=\"2\""));
    }

    [Test]
    public async Task CopiesBox_Shown_NoBrowserLimitsThatWouldAnswerInEnglish()
    {
        var box = Regex.Match((await web.GetAsync("/labels")).Html, "<input id=\"copies\"[^>]*>").Value;

        Assert.That(box, Does.Contain("inputmode=\"numeric\"").And.Not.Match("\\b(min|max|step|type)="));
    }

    [Test]
    public async Task Print_PostedAgainAfterItsListWasShown_ListSaysAgainWhatWasDone()
    {
        var form = (await web.GetAsync("/labels")).Html;
        // The same form with the same one-time key: a double click whose first answer the browser dropped.
        Task<PageResult> SendFormAsync() => web.PostWithTokenAsync("/labels", WebSession.Token(form),
            ("tag", "ll-2"), ("copies", "2"), ("printer", "desk"), (DoubleSubmit.Field, WebSession.Hidden(form, DoubleSubmit.Field)));

        var shown = await web.GetAsync((await SendFormAsync()).Location!);
        var again = await web.GetAsync((await SendFormAsync()).Location!);

        Assert.That(new[] { shown.Text, again.Text }, Has.All.Contain("LL-000002: 2 tarraa lähetetty tulostimelle desk."));
        Assert.That(await JobsAsync(), Has.Count.EqualTo(1));
    }
}
