using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>The check-out, borrower, loan and privacy pages over HTTP (#16): what is asked before acting, what a
/// refusal marks, and that a refused form changes nothing.</summary>
public sealed class BorrowerPagesTests(Engine engine) : ApiTest(engine)
{
    private WebSession web = null!;
    private string tag = "";
    private Borrower aino = null!;

    [SetUp]
    public async Task SeedAsync()
    {
        await AddUserAsync("sari", "Sari Salo", "counsellor");
        await AddUserAsync("maija", "Maija Esihenkilö", "manager");
        var inventory = new InventoryService(Db);
        tag = (await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A9", Accessories = "laturi, kotelo" }, "test")).Tag;
        await inventory.ReadyAsync(tag, "test");
        aino = await Service<BorrowerService>().AddAsync(new BorrowerInput { Name = "Aino Äijälä", Contact = "040 123 4567", ClientReference = "ASK-2231" }, "test");
        web = NewSession();
    }

    private Task<long> BorrowerCountAsync() => Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM borrowers"));

    private async Task<Loan> LendToAinoAsync() =>
        (await Service<LoanService>().CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = aino.Id.ToString(CultureInfo.InvariantCulture), Due = "1.1.2099", RecommendingWorker = "Maija",
        }, "test")).Loan;

    [Test]
    public async Task CheckOut_NewBorrowerNamedAsAnExistingOne_AskedFirstAddedOnlyWhenTicked()
    {
        await web.SignInAsync("sari", Password);
        var form = $"/loans/new?tag={tag}";
        (string, string)[] fields = [("tag", tag), ("borrower", "new"), ("newName", "aino äijälä"), ("newLanguage", "sv"), ("kind", "client"),
            ("recommendedBy", "Maija"), ("due", "1.1.2099")];
        var asked = await web.PostAsync(form, form, fields);
        Assert.That(asked.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(asked.Text, Does.Contain("Nimellä aino äijälä on jo lainaaja"));
        Assert.That(asked.Html, Does.Contain($"name=\"borrower\" value=\"{aino.Id}\"").And.Contain("id=\"same-name-ok\""), "the existing person offered to pick");
        Assert.That(asked.Html, Does.Contain("id=\"new-name-problem\""));
        Assert.That(await BorrowerCountAsync(), Is.EqualTo(1));

        var added = await web.PostAsync(form, form, [.. fields, ("sameNameOk", "true")]);
        Assert.That(added.Location, Does.StartWith("/loans/LN-"), added.Text);
        Assert.That(await BorrowerCountAsync(), Is.EqualTo(2));
    }

    [Test]
    public async Task CheckOut_NewBorrowerAndDueInThePast_FieldMarkedAndNoBorrowerAdded()
    {
        await web.SignInAsync("sari", Password);
        var form = $"/loans/new?tag={tag}";
        var page = await web.PostAsync(form, form, ("tag", tag), ("borrower", "new"), ("newName", "Astrid Ek"), ("newLanguage", "sv"),
            ("newInterpreter", "true"), ("kind", "client"), ("recommendedBy", "Maija"), ("due", "1.1.2020"));
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Html, Does.Match("id=\"due\"[^>]*aria-invalid=\"true\"").And.Contain("id=\"due-problem\""));
        Assert.That(page.Html, Does.Contain("value=\"Astrid Ek\"").And.Match("<option value=\"sv\"[^>]*selected"), "what was typed stays");
        Assert.That(await BorrowerCountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task BorrowerPage_ContactLanguageAndInterpreter_SavedAndAnIdentityCodeRefusedKeepingWhatWasTyped()
    {
        await web.SignInAsync("sari", Password);
        var url = $"/borrowers/{aino.Id}";
        var refused = await web.PostAsync(url, url, ("name", "Aino Äijälä"), ("contact", "131052-308T"), ("language", "sv"));
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Html, Does.Match("id=\"contact\"[^>]*aria-invalid=\"true\"").And.Match("<option value=\"sv\"[^>]*selected"));
        Assert.That((await Service<BorrowerService>().GetAsync(aino.Id.ToString(CultureInfo.InvariantCulture))).PreferredLanguage, Is.EqualTo("fi"));

        var saved = await web.PostAsync(url, url, ("name", "Aino Äijälä"), ("contact", "050 999 8888"), ("clientReference", "ASK-2231"),
            ("language", "fi-selko"), ("interpreter", "true"));
        Assert.That(saved.Text, Does.Contain("Lainaajan tiedot on tallennettu."));
        var after = await Service<BorrowerService>().GetAsync(aino.Id.ToString(CultureInfo.InvariantCulture));
        Assert.That((after.Contact, after.PreferredLanguage, after.InterpreterNeeded), Is.EqualTo(("050 999 8888", "fi-selko", true)));
    }

    [Test]
    public async Task BorrowerPage_FromTheLoansListAndTheLoan_Linked()
    {
        var loan = await LendToAinoAsync();
        await web.SignInAsync("sari", Password);
        foreach (var url in new[] { "/loans", $"/loans/{loan.Reference}", "/borrowers" })
            Assert.That((await web.GetAsync(url)).Html, Does.Contain($"href=\"/borrowers/{aino.Id}\""), url);
        var counsellor = await web.GetAsync($"/borrowers/{aino.Id}");
        Assert.That(counsellor.Html, Does.Not.Contain("/erase"), "erasure is a manager's");
    }

    [Test]
    public async Task LoanPage_MarkLost_AsksFirstNamingTheDeviceAndBorrower()
    {
        var loan = await LendToAinoAsync();
        await web.SignInAsync("sari", Password);
        var page = await web.GetAsync($"/loans/{loan.Reference}");
        Assert.That(page.Html, Does.Contain($"href=\"/loans/{loan.Reference}/lost\""));
        var confirm = await web.GetAsync($"/loans/{loan.Reference}/lost");
        Assert.That(confirm.Text, Does.Contain($"Merkitäänkö laite {tag} (Samsung Tab A9), joka on lainassa henkilöllä Aino Äijälä (laina {loan.Reference}), kadonneeksi?"));
        Assert.That((await Service<LoanService>().GetAsync(loan.Reference)).State, Is.EqualTo(LoanState.Open), "asking changes nothing");
        var done = await web.PostAsync($"/loans/{loan.Reference}/lost", $"/loans/{loan.Reference}/lost", ("notes", "unohtui bussiin"));
        Assert.That(done.Location, Is.EqualTo($"/loans/{loan.Reference}?lost=true"));
        Assert.That((await Service<LoanService>().GetAsync(loan.Reference)).State, Is.EqualTo(LoanState.Lost));
    }

    [TestCase("fi", "Laina jatkettu 1.2.2099 asti.", TestName = "LoanPage_RenewInFinnish_LainaJatkettuAsti")]
    [TestCase("sv", "Lånet har förlängts till 1.2.2099.", TestName = "LoanPage_RenewInSwedish_LanetHarForlangtsTill")]
    public async Task LoanPage_Renew_SaidNaturally(string language, string said)
    {
        var loan = await LendToAinoAsync();
        await TestUsers().SetLanguageAsync("sari", language, "test");
        await web.SignInAsync("sari", Password);
        var url = $"/loans/{loan.Reference}";
        var page = await web.PostAsync(url, url + "?handler=Renew", ("due", "1.2.2099"));
        Assert.That(page.Text, Does.Contain(said));
    }

    [Test]
    public async Task LoanPage_Signed_PadGoneVersionNamedAndReplacingNeedsAReason()
    {
        var loan = await LendToAinoAsync();
        await Service<LoanService>().SignAgreementAsync(loan.Reference, Samples.SignaturePng(), "test");
        await web.SignInAsync("sari", Password);
        var url = $"/loans/{loan.Reference}";
        var page = await web.GetAsync(url);
        Assert.That(page.Html, Does.Not.Contain("id=\"signature-pad\"").And.Contain("id=\"replace-signature\""));
        Assert.That(page.Text, Does.Match(@"Allekirjoitettu \d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2} — versio 2"));

        var replace = await web.GetAsync(url + "?replace=true");
        Assert.That(replace.Html, Does.Contain("id=\"signature-pad\"").And.Contain("id=\"reason\""));
        var signature = "data:image/png;base64," + Convert.ToBase64String(Samples.SignaturePng());
        var refused = await web.PostAsync(url + "?replace=true", url + "?handler=Sign", ("signature", signature), ("replace", "true"), ("reason", ""));
        Assert.That(refused.Html, Does.Match("id=\"reason\"[^>]*aria-invalid=\"true\""));
        var again = await web.PostAsync(url, url + "?handler=Sign", ("signature", signature));
        Assert.That(again.Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(again.Text, Does.Contain("on jo allekirjoitettu"));
        Assert.That((await Service<LoanService>().GetAsync(loan.Reference)).SignedVersion, Is.EqualTo(2));

        var replaced = await web.PostAsync(url + "?replace=true", url + "?handler=Sign", ("signature", signature), ("replace", "true"), ("reason", "väärä kohta"));
        Assert.That(replaced.Text, Does.Contain("versio 3"));
    }

    [Test]
    public async Task Privacy_PersonByContact_FoundWithExportAndErasure()
    {
        await web.SignInAsync("maija", Password);
        var page = await web.GetAsync("/privacy?q=123%204567");
        Assert.That(page.Html, Does.Contain($"href=\"/borrowers/{aino.Id}\"").And.Contain($"/privacy/{aino.Id}/export").And.Contain($"/privacy/{aino.Id}/erase"));
        var confirm = await web.GetAsync($"/privacy/{aino.Id}/erase");
        Assert.That(confirm.Text, Does.Contain("Poistetaanko henkilön Aino Äijälä (040 123 4567) henkilötiedot?"));
        Assert.That((await Service<BorrowerService>().GetAsync(aino.Id.ToString(CultureInfo.InvariantCulture))).AnonymisedAt, Is.Null);
    }

    [Test]
    public async Task PrivacyErase_OnRequest_AgreementsKeptSaidAndOnlyAnAdministratorErasesThem()
    {
        var loan = await LendToAinoAsync();
        await Service<LoanService>().ReturnAsync(tag, new ReturnRequest(), "test");
        await AddUserAsync("ylla", "Ylläpitäjä Ylli", "admin");
        var url = $"/privacy/{aino.Id}/erase";
        Task<long> DocumentsAsync() => Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM documents WHERE subject_type = 'loan' AND subject_id = @Id", new { loan.Id }));

        await web.SignInAsync("maija", Password);
        var erased = await web.PostAsync(url, url);
        Assert.That(erased.Text, Does.Contain("Henkilön Aino Äijälä henkilötiedot on poistettu."));
        Assert.That(erased.Text, Does.Contain("Lainojen allekirjoitetut sopimukset ja kuitit (2 kpl) säilytetään erillään").And.Contain("(17 artiklan 3 kohdan e alakohta)"));
        Assert.That(erased.Html, Does.Not.Contain("erase-agreements-form"), "a manager may not erase what a claim may need");
        Assert.That((await web.PostAsync(url, url + "?handler=Agreements")).Status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await DocumentsAsync(), Is.EqualTo(2));

        var admin = NewSession();
        await admin.SignInAsync("ylla", Password);
        Assert.That((await admin.GetAsync(url)).Html, Does.Contain("id=\"confirm-erase-agreements\""));
        var gone = await admin.PostAsync(url, url + "?handler=Agreements");
        Assert.That(gone.Text, Does.Contain("Sopimuksia ja kuitteja poistettu: 2."));
        Assert.That(await DocumentsAsync(), Is.Zero);
    }
}
