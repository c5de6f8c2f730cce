using LaiteLaina.Users;
using Microsoft.AspNetCore.Builder;

namespace LaiteLaina.Tests.Web;

/// <summary>The pages over real HTTP with cookies and antiforgery tokens, on each engine: what a person sees and what a wrong step does.</summary>
public sealed class WebUiTests(Engine engine) : ApiTest(engine)
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);
    private WebSession web = null!;
    private string tag = "";

    protected override void Configure(WebApplicationBuilder builder) => builder.Services.AddSingleton<TimeProvider>(clock);

    [SetUp]
    public async Task SeedAsync()
    {
        await AddUserAsync("sari", "Sari Salo", "counsellor");
        await AddUserAsync("ville", "Ville Virta", "volunteer");
        var inventory = new InventoryService(Db);
        tag = (await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A9", Accessories = "laturi, kotelo" }, "test")).Tag;
        await inventory.ReadyAsync(tag, "test");
        web = NewSession();
    }

    private async Task<long> LoanCountAsync() => (await new LoanService(Db, null!, TimeProvider.System).ListAsync("all")).Count;

    [Test]
    public async Task SignIn_WrongPassword_MessageAndNoSession()
    {
        var page = await web.SignInAsync("sari", "not the password");
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(page.Text, Does.Contain("Käyttäjätunnus tai salasana on väärin"));
        Assert.That((await web.GetAsync("/")).Location, Does.StartWith("/login").Or.Contain("/login?"));
    }

    [Test]
    public async Task SignIn_UnknownName_PageIdenticalToAWrongPassword()
    {
        for (var i = 0; i <= UserService.FailuresBeforeLockout; i++)
        {
            var known = await web.SignInAsync("sari", "wrong " + i);
            var other = NewSession();
            var unknown = await other.SignInAsync("saari", "wrong " + i);
            Assert.That((unknown.Status, Words(unknown.Html.Replace("saari", "sari", StringComparison.Ordinal))), Is.EqualTo((known.Status, Words(known.Html))), $"attempt {i + 1}");
        }

        // The antiforgery token differs on every page; the rest must not.
        // The antiforgery token and the form's one-time key differ on every page by design.
        static string Words(string html) => Regex.Replace(html, "value=\"CfDJ8[^\"]*\"|name=\"once\" value=\"[0-9a-f]{32}\"", "");
    }

    [Test]
    public async Task SignIn_FiveWrongPasswords_LockedEvenWithTheRightOne()
    {
        for (var i = 0; i < UserService.FailuresBeforeLockout; i++)
            await web.SignInAsync("sari", "wrong " + i);
        var page = await web.SignInAsync("sari", Password);
        Assert.That(page.Text, Does.Contain("lukittu 15 minuutiksi"));
        Assert.That(page.Location, Is.Null);
    }

    [Test]
    public async Task SignIn_RightPassword_DeskInFinnish()
    {
        var signIn = await web.SignInAsync("sari", Password);
        Assert.That(signIn.Status, Is.EqualTo(HttpStatusCode.Redirect));
        var desk = await web.GetAsync("/");
        Assert.That(desk.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(desk.Html, Does.Contain("<html lang=\"fi\">").And.Contain("Lue tai kirjoita tunnus"));
    }

    [Test]
    public async Task Layout_AnyPage_NamesAnIconThatIsServed()
    {
        await web.SignInAsync("sari", Password);
        var desk = await web.GetAsync("/");

        // Without a named icon every page view asks for /favicon.ico and gets a 404 in the log.
        using var icon = await web.Http.GetAsync("/static/favicon.svg");
        Assert.Multiple(() =>
        {
            Assert.That(desk.Html, Does.Contain("<link rel=\"icon\" href=\"/static/favicon.svg\""));
            Assert.That(icon.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(icon.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/svg+xml"));
        });
    }

    [Test]
    public async Task Account_LanguageSwedish_PagesInSwedishAfterSignInAgain()
    {
        await web.SignInAsync("sari", Password);
        await web.PostAsync("/account", "/account?handler=Language", ("language", "sv"));
        Assert.That((await web.GetAsync("/")).Text, Does.Contain("Skanna eller skriv ett enhetsnummer"));
        var other = NewSession();
        await other.SignInAsync("sari", Password);
        Assert.That((await other.GetAsync("/devices")).Text, Does.Contain("Enheter"), "the choice is remembered for the user, not the browser");
    }

    [Test]
    public async Task Desk_UnknownTag_ClearMessageAndSearchKept()
    {
        await web.SignInAsync("sari", Password);
        var page = await web.GetAsync("/?tag=LL-999999");
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.NotFound));
        // What was searched, and where: tags, serial numbers, IMEIs and loan references (#16).
        Assert.That(page.Text, Does.Contain("Haulla 'LL-999999' ei löytynyt laitetta.").And.Contain("sarjanumerot"));
        Assert.That(page.Html, Does.Contain("value=\"LL-999999\"").And.Contain("aria-invalid=\"true\""));
    }

    [Test]
    public async Task Desk_UnknownTagForASwedishUser_MessageInSwedish()
    {
        await web.SignInAsync("sari", Password);
        await web.PostAsync("/account", "/account?handler=Language", ("language", "sv"));
        var page = await web.GetAsync("/?tag=LL-999999");
        Assert.That(page.Text, Does.Contain("Ingen enhet hittades med 'LL-999999'.").And.Not.Contain("not found"));
    }

    [Test]
    public async Task LoanPage_UnknownReference_NotFoundInPlainWords()
    {
        await web.SignInAsync("sari", Password);
        var page = await web.GetAsync("/loans/LN-999999");
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(page.Text, Does.Contain("Ei löytynyt: laina 'LN-999999'.").And.Contain("Takaisin palvelupisteeseen"));
        Assert.That((await web.GetAsync("/devices/LL-999999")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task CheckOut_DueDateInPast_MessageNamesTheFieldAndNothingChanges()
    {
        await web.SignInAsync("sari", Password);
        var form = $"/loans/new?tag={tag}";
        var page = await web.PostAsync(form, form, ("tag", tag), ("borrower", "new"), ("newName", "Aino Äijälä"), ("kind", "staff"), ("due", "1.1.2020"));
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Text, Does.Contain("Tarkista palautuspäivä: '1.1.2020' ei kelpaa – palautuspäivä on jo mennyt"));
        Assert.That(page.Html, Does.Contain("value=\"1.1.2020\""), "what the person typed stays in the form");
        Assert.That(await LoanCountAsync(), Is.Zero);
        Assert.That((await new InventoryService(Db).GetAsync(tag)).Status, Is.EqualTo(DeviceStatus.Ready));
    }

    [Test]
    public async Task CheckOut_SameFormPostedTwice_OneLoanAndTheSecondShowsIt()
    {
        await web.SignInAsync("sari", Password);
        var form = $"/loans/new?tag={tag}";
        var html = (await web.GetAsync(form)).Html;
        (string, string)[] fields = [("tag", tag), ("borrower", "new"), ("newName", "Aino Äijälä"), ("newKind", "staff"), ("kind", "staff"),
            ("due", DateTime.Today.AddDays(7).ToString("d.M.yyyy", System.Globalization.CultureInfo.InvariantCulture)), ("once", WebSession.Hidden(html, "once"))];
        var first = await web.PostWithTokenAsync(form, WebSession.Token(html), fields);
        var second = await web.PostWithTokenAsync(form, WebSession.Token(html), fields);
        Assert.That(first.Location, Does.StartWith("/loans/LN-"), first.Text);
        Assert.That(second.Location, Does.StartWith(first.Location!.Split('?')[0]).And.Contain("again=true"));
        Assert.That(await LoanCountAsync(), Is.EqualTo(1));
        Assert.That((await new BorrowerService(Db).ListAsync("Aino")).Count, Is.EqualTo(1), "the borrower was not added twice either");
        var shown = await web.GetAsync(second.Location!);
        Assert.That(shown.Text, Does.Contain("laina tehtiin vain kerran"), shown.Text);
    }

    [Test]
    public async Task CheckOut_ForgedAntiforgeryToken_RefusedAndNothingChanges()
    {
        await web.SignInAsync("sari", Password);
        var form = $"/loans/new?tag={tag}";
        var page = await web.PostWithTokenAsync(form, "CfDJ8forged-token", ("tag", tag), ("borrower", "new"), ("newName", "Mallory"), ("kind", "staff"), ("due", "1.1.2099"));
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await LoanCountAsync(), Is.Zero);
        Assert.That((await new BorrowerService(Db).ListAsync("Mallory")).Count, Is.Zero);
    }

    [Test]
    public async Task Api_CookieWithoutFormToken_RefusedWithAReason()
    {
        await web.SignInAsync("sari", Password);
        using var response = await web.Http.PostAsync("/api/borrowers", JsonContent("""{"name":"Mallory"}"""));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(((Message)Msg.AuthFormToken).Render(System.Globalization.CultureInfo.GetCultureInfo("fi"))));
        Assert.That((await new BorrowerService(Db).ListAsync("Mallory")).Count, Is.Zero);
    }

    [Test]
    public async Task Session_IdleLongerThanTheLimit_SignInAgainWithAMessage()
    {
        await web.SignInAsync("sari", Password);
        Assert.That((await web.GetAsync("/devices")).Status, Is.EqualTo(HttpStatusCode.OK));
        clock.Advance(TimeSpan.FromMinutes(31));
        var page = await web.GetAsync("/devices");
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(page.Location, Does.Contain("/login"));
        var login = await web.GetAsync(page.Location!);
        Assert.That(login.Text, Does.Contain("Istuntosi päättyi"));
    }

    [Test]
    public async Task Desk_VolunteerAndClientLoan_SeesKindAndDueButNeverTheName()
    {
        var borrower = await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = "Aino Äijälä", Contact = "040 123 4567" }, "test");
        var (loan, _) = await Service<LoanService>().CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = borrower.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Kind = "client", Due = "12.3.2099", RecommendingWorker = "Sari S.",
        }, "test");
        await web.SignInAsync("ville", Password);
        var desk = await web.GetAsync($"/?tag={tag}");
        Assert.That(desk.Text, Does.Contain("asiakaslaina").And.Contain("12.3.2099"));
        foreach (var page in new[] { $"/?tag={tag}", $"/devices/{tag}", "/devices", $"/?handler=Card&tag={tag}", "/labels" })
        {
            var html = (await web.GetAsync(page)).Html;
            Assert.That(html, Does.Not.Contain("Äijälä").And.Not.Contain("040 123").And.Not.Contain("Sari S."), page);
        }
        Assert.That((await web.GetAsync($"/loans/{loan.Reference}")).Location, Does.Contain("/denied"));
        Assert.That((await web.GetAsync("/borrowers")).Location, Does.Contain("/denied"));
    }

    [Test]
    public async Task Stocktake_VolunteerScansWithAHandheld_FoundMissingAndUnknownListed()
    {
        var sites = new SiteService(Db);
        var site = await sites.AddAsync("KESKUS", "Keskus", null, "test");
        var inventory = new InventoryService(Db);
        var here = (await inventory.AddAsync(new DeviceInput { Kind = "laptop", Site = "KESKUS" }, "test")).Tag;
        var gone = (await inventory.AddAsync(new DeviceInput { Kind = "laptop", Site = "KESKUS" }, "test")).Tag;
        await web.SignInAsync("ville", Password);
        var started = await web.PostAsync("/stocktakes", "/stocktakes", ("Place", site.Id.ToString(CultureInfo.InvariantCulture)));
        Assert.That(started.Location, Does.StartWith("/stocktakes/ST-"));
        var page = started.Location!;
        await web.PostAsync(page, page + "?handler=Scan", ("code", here));
        var result = await web.PostAsync(page, page + "?handler=Scan", ("code", "LL-999999"));
        Assert.That(result.Status, Is.EqualTo(HttpStatusCode.OK));
        var found = Section(result.Html, "finding-found");
        Assert.That(found, Does.Contain(here).And.Not.Contain(gone));
        Assert.That(Section(result.Html, "finding-missing"), Does.Contain(gone));
        Assert.That(Section(result.Html, "finding-unknown"), Does.Contain("LL-999999"));
    }

    [Test]
    public async Task ManagerPages_Manager_DashboardReportsAuditAndPrivacyRender()
    {
        await AddUserAsync("maija", "Maija Mäki", "manager");
        await web.SignInAsync("maija", Password);
        var dashboard = await web.GetAsync("/dashboard");
        Assert.That(dashboard.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Section(dashboard.Html, "by-status"), Does.Contain("valmis"));
        Assert.That(dashboard.Html, Does.Contain("<svg"));
        foreach (var url in new[] { "/reports", "/audit/returns?from=1.1.2026&to=31.12.2026", "/audit?record=device", "/privacy" })
            Assert.That((await web.GetAsync(url)).Status, Is.EqualTo(HttpStatusCode.OK), url);
        var bad = await web.GetAsync("/audit/returns?from=31.2.2026");
        Assert.That(bad.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(bad.Text, Does.Contain("31.2.2026"));
    }

    /// <summary>The HTML of the element with this id, up to the next section: enough to tell which list a tag is in.</summary>
    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), $"no element {id}");
        var end = html.IndexOf("</section>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
