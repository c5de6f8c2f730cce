using LaiteLaina.Users;
using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>What a newcomer stumbled on, trying the pages unguided in Finnish and Swedish (#16): each test is one
/// finding of that trial, over HTTP as the page answers it.</summary>
public sealed class NewcomerTrialTests(Engine engine) : ApiTest(engine)
{
    private WebSession web = null!;
    private string tag = "";

    [SetUp]
    public async Task SeedAsync()
    {
        await AddUserAsync("sari", "Sari Salo", "counsellor");
        await AddUserAsync("aino", "Aino Admin", "admin", "sv");
        var inventory = new InventoryService(Db);
        tag = (await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A9", Accessories = "laturi" }, "test")).Tag;
        await inventory.ReadyAsync(tag, "test");
        web = NewSession();
    }

    [Test]
    public async Task Return_StaffLoanWithoutReceipt_SaysReturnedInsteadOfAlreadyClosed()
    {
        var pekka = await Service<BorrowerService>().AddAsync(new BorrowerInput { Name = "Pekka Perhetyö", Kind = "staff" }, "test");
        var loan = (await Service<LoanService>().CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = pekka.Id.ToString(CultureInfo.InvariantCulture), Kind = "staff", Due = "1.1.2099",
        }, "test")).Loan;
        await web.SignInAsync("sari", Password);
        var url = $"/loans/{loan.Reference}/return";

        var posted = await web.PostAsync(url, url, ("condition", "new"), ("back", "laturi"), ("notes", ""));
        var page = await web.GetAsync(posted.Location!);

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Text, Does.Contain("Laite on palautettu.").And.Not.Contain("Tämä laina on jo päättynyt."));
        Assert.That(page.Html, Does.Not.Contain("role=\"alert\"").And.Not.Contain("id=\"receipt\""), "no receipt for a staff loan, and nothing in red");
        Assert.That(page.Html, Does.Contain($"href=\"/?tag={tag}\""), "the way back to the desk");
    }

    [Test]
    public async Task CheckOut_NameRefusedAtTheEdgeForItsLength_NameFieldMarkedNextToIt()
    {
        await web.SignInAsync("sari", Password);
        var form = $"/loans/new?tag={tag}";

        var page = await web.PostAsync(form, form, ("tag", tag), ("borrower", "new"), ("newName", new string('x', 250)),
            ("kind", "client"), ("recommendedBy", "Maija"), ("due", "1.1.2099"));

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Html, Does.Match("id=\"new-name\"[^>]*aria-invalid=\"true\"").And.Contain("id=\"new-name-problem\""));
    }

    [Test]
    public async Task Desk_SearchLongerThanAnyTag_DeskStaysWithTheBoxMarked()
    {
        await web.SignInAsync("sari", Password);

        var page = await web.GetAsync("/?tag=" + new string('x', 300));

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Html, Does.Match("id=\"tag\"[^>]*aria-invalid=\"true\"").And.Contain("id=\"tag-problem\""));
        Assert.That(page.Html, Does.Contain("id=\"look-up\""), "the desk itself, not a page with only the message");
    }

    [Test]
    public async Task AdminSettings_YesNoAndOfficeLanguage_ChosenInWordsNotTypedAsCodes()
    {
        await web.SignInAsync("aino", Password);

        var page = await web.GetAsync("/admin/settings");

        Assert.That(page.Html, Does.Match("<select id=\"value-staff_return_to_ready\"[^>]*>\\s*<option value=\"true\"[^>]*>ja</option>\\s*<option value=\"false\"[^>]*>nej</option>"));
        Assert.That(page.Html, Does.Match("<select id=\"value-office_language\"[^>]*>\\s*<option value=\"fi\" selected=\"selected\">suomi</option>\\s*<option value=\"sv\">svenska</option>"));
        Assert.That(page.Text, Does.Not.Contain("true:").And.Not.Contain("fi, sv eller en"));
        var saved = await web.PostAsync("/admin/settings", "/admin/settings", ("name", "office_language"), ("value", "sv"));
        Assert.That(saved.Status, Is.EqualTo(HttpStatusCode.OK), saved.Text);
        Assert.That(saved.Html, Does.Match("<option value=\"sv\" selected=\"selected\">svenska</option>"));
    }

    [Test]
    public async Task Account_LanguageChosen_PageSaysItWasSavedInTheNewLanguage()
    {
        await web.SignInAsync("sari", Password);

        var posted = await web.PostAsync("/account", "/account?handler=Language", ("language", "sv"));
        var page = await web.GetAsync(posted.Location!);

        Assert.That(page.Text, Does.Contain("Ditt språk har sparats."));
    }

    [Test]
    public async Task CheckOut_NameLeftEmpty_SaidToBeEmptyNotQuotedAsTwoApostrophes()
    {
        await web.SignInAsync("sari", Password);
        var form = $"/loans/new?tag={tag}";

        var page = await web.PostAsync(form, form, ("tag", tag), ("borrower", "new"), ("newName", ""), ("kind", "client"),
            ("recommendedBy", "Maija"), ("due", "1.1.2099"));

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Text, Does.Contain("Kohta nimi on tyhjä – anna lainaajan nimi.").And.Not.Contain("''"));
    }

    [Test]
    public async Task AuditLog_LanguageAndDocumentKind_InWordsNotCodes()
    {
        await AddUserAsync("maija", "Maija Mäki", "manager");
        var elsa = await Service<BorrowerService>().AddAsync(new BorrowerInput { Name = "Elsa Lindqvist", Language = "sv" }, "test");
        await Service<LoanService>().CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = elsa.Id.ToString(CultureInfo.InvariantCulture), Due = "1.1.2099", RecommendingWorker = "Maija",
        }, "test");
        await web.SignInAsync("maija", Password);
        await web.PostAsync("/account", "/account?handler=Language", ("language", "sv"));

        var page = await web.GetAsync("/audit");

        Assert.That(page.Text, Does.Contain("språk suomi → svenska").And.Contain("typ låneavtal"));
        Assert.That(page.Text, Does.Not.Contain("fi → sv").And.Not.Contain("loan-agreement"));
    }

    [Test]
    public async Task Donors_CertificatesLink_OpensAPageInTheReadersLanguageNotTheApisJson()
    {
        var donor = await new DonorService(Db).AddAsync("Digitukiyhdistys ry", "organisation", null, null, "test");
        await web.SignInAsync("aino", Password);

        var donors = await web.GetAsync("/donors");
        Assert.That(donors.Html, Does.Contain($"href=\"/donors/{donor.Id}/certificates\"").And.Not.Contain("href=\"/api/donors/"));
        var page = await web.GetAsync($"/donors/{donor.Id}/certificates");

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Text, Does.Contain("Raderingsintyg: Digitukiyhdistys ry").And.Contain("Inga raderingsintyg ännu."));
    }
}

/// <summary>The newcomer's trial in Chromium at phone width, for what only a browser shows: the keyboard and the layout.</summary>
public sealed class NewcomerTrialBrowserTests(Engine engine) : BrowserTest(engine)
{
    [Test]
    public async Task Phone_MenuClosedWithEscapeAndFoldedSectionsMarkedAsOpenable()
    {
        await AddUserAsync("ville", "Ville Virta", "volunteer", "sv");
        var tag = (await new InventoryService(Db).AddAsync(new DeviceInput { Kind = "laptop", Make = "Lenovo", Model = "ThinkPad T480" }, "test")).Tag;
        var page = await SignInAsync("ville", Phone);
        await page.GotoAsync($"/devices/{tag}");

        var button = page.Locator("#menu-button");
        await button.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(button).ToHaveAttributeAsync("aria-expanded", "true");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(button).ToHaveAttributeAsync("aria-expanded", "false");
        Assert.That(await page.EvaluateAsync<string>("document.activeElement.id"), Is.EqualTo("menu-button"), "the focus goes back to the button");

        // A summary laid out as flex loses its triangle; without a mark, "Redigera uppgifter" reads as a heading.
        var mark = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('details > summary'), '::before').content");
        Assert.That(mark, Does.Contain("▸"));
        // The tag in the heading stays whole at 390 px: one line box for the whole tag.
        var lines = await page.EvaluateAsync<int>("document.querySelector('h1 .tag').getClientRects().length");
        Assert.That(lines, Is.EqualTo(1));
        await ScreenshotAsync(page, "newcomer-device-phone-sv");
    }
}
