using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>What a new counsellor stumbled on, trying #17's loan pages in a browser (the signature pad's place, the
/// handover form and its agreement, the loan's documents): each test is one finding, over HTTP as the page answers it.</summary>
public sealed class LoanFormsTrialTests(Engine engine) : ApiTest(engine)
{
    private WebSession web = null!;
    private string tag = "";
    private Borrower aino = null!;

    [SetUp]
    public async Task SeedAsync()
    {
        var inventory = new InventoryService(Db);
        tag = (await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A9", Accessories = "laturi" }, "test")).Tag;
        // A handover needs a wipe of the whole storage on record.
        await inventory.RecordWipeAsync(tag, "Android factory reset (Settings or recovery menu)", "Ville Virta", "purge", null, null, "test");
        await inventory.ReadyAsync(tag, "test");
        aino = await Service<BorrowerService>().AddAsync(new BorrowerInput { Name = "Aino Äijälä", Contact = "040 123 4567", Language = "sv" }, "test");
        web = await SignedInSessionAsync("sari", "Sari Salo", "counsellor");
    }

    private Task<long> LoanCountAsync() => Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM loans"));

    private Task<PageResult> HandOverAsync(params (string Name, string Value)[] fields)
    {
        var form = $"/handover?tag={tag}";
        return web.PostAsync(form, "/handover", [("tag", tag), .. fields]);
    }

    private string Aino => aino.Id.ToString(CultureInfo.InvariantCulture);

    [Test]
    public async Task HandoverForm_SessionsInWords_RefusedQuotingWhatWasTyped()
    {
        var refused = await HandOverAsync(("borrower", Aino), ("sessions", "kaksi"));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Text, Does.Contain("'kaksi' ei kelpaa").And.Not.Contain("'-1'"), "the refusal quotes what the person typed");
        Assert.That(refused.Html, Does.Match("id=\"sessions\"[^>]*value=\"kaksi\"[^>]*aria-invalid=\"true\""));
        Assert.That(await LoanCountAsync(), Is.Zero);
    }

    [Test]
    public async Task HandoverForm_NoCoachingAndNoReason_ReasonSaidToBeEmptyNotQuoted()
    {
        var refused = await HandOverAsync(("borrower", Aino), ("sessions", "0"), ("coachingReason", ""));

        Assert.That(refused.Text, Does.Contain("Kohta syy, miksi opastusta ei ollut on tyhjä – jos opastuskertoja ei ollut")
            .And.Not.Contain("'tyhjä'"), "an empty field is said to be empty, not quoted as if 'tyhjä' had been typed");
        Assert.That(refused.Html, Does.Match("id=\"coaching-reason\"[^>]*aria-invalid=\"true\""));
    }

    [Test]
    public async Task HandoverForm_NoBorrowerChosen_SaysHowToFindOneAndWhereANewOneIsAdded()
    {
        var refused = await HandOverAsync(("sessions", "2"));

        Assert.That(refused.Text, Does.Contain("hae lainaajaa nimellä, asiakasnumerolla tai henkilökunnan kortilla ja valitse hänet listasta")
            .And.Contain("Lainaajat-sivulla (Lisää lainaaja)"));
    }

    [Test]
    public async Task HandoverForm_SignedInCounsellor_AgreementNamesThemNotTheirLogin()
    {
        var done = await HandOverAsync(("borrower", Aino), ("sessions", "2"), ("language", "fi"));
        Assert.That(done.Location, Does.StartWith("/loans/LN-"), done.Text);

        var reference = done.Location!.Split('?')[0]["/loans/".Length..];
        Assert.That((await Service<LoanService>().GetAsync(reference)).Counsellor, Is.EqualTo("Sari Salo"));
        var agreement = Regex.Match((await web.GetAsync(done.Location)).Html, "href=\"(/api/documents/[0-9]+\\.pdf)\"").Groups[1].Value;
        var text = PdfTools.PdfToText(await web.Http.GetByteArrayAsync(agreement));
        Assert.That(text, Does.Contain("Sari Salo").And.Not.Contain("web:sari"));
    }

    [Test]
    public async Task LoanPage_PlaceCleared_RefusedOnThePlaceFieldNothingSigned()
    {
        var loan = (await Service<LoanService>().CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = Aino, Due = "1.1.2099", RecommendingWorker = "Maija",
        }, "test")).Loan;
        var url = $"/loans/{loan.Reference}";
        var signature = "data:image/png;base64," + Convert.ToBase64String(Samples.SignaturePng());

        var refused = await web.PostAsync(url, url + "?handler=Sign", ("signature", signature), ("signing-place", " "));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Html, Does.Match("id=\"signing-place\"[^>]*value=\"\"[^>]*aria-invalid=\"true\"").And.Contain("id=\"signing-place-problem\""),
            "the field stays as the person left it, not refilled with the site's town");
        Assert.That(refused.Text, Does.Contain("Kohta allekirjoituspaikka on tyhjä – kirjoita, missä sopimus allekirjoitetaan"));
        Assert.That((await Service<LoanService>().GetAsync(loan.Reference)).SignedVersion, Is.Null);
    }

    [Test]
    public async Task LoanPage_Documents_LanguageNamedNotCoded()
    {
        var loan = (await Service<LoanService>().CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = Aino, Due = "1.1.2099", RecommendingWorker = "Maija", Language = "fi-selko",
        }, "test")).Loan;

        var page = await web.GetAsync($"/loans/{loan.Reference}");

        Assert.That(page.Html, Does.Contain("(<span lang=\"fi\">selkosuomi</span>)").And.Not.Contain("(fi-selko)"));
    }

    [Test]
    public async Task DevicePage_LastWiped_TimeWrittenAsFinnishWritesIt()
    {
        var page = await web.GetAsync($"/devices/{tag}");

        Assert.That(page.Html, Does.Match(@"id=""last-wiped"">\d{1,2}\.\d{1,2}\.\d{4} \d{2}\.\d{2}<"), "14.05 in Finnish, as the history below it");
    }

    [Test]
    public async Task ReturnForm_Returned_LinksBackToTheLoanAsWellAsTheDesk()
    {
        var loan = (await Service<LoanService>().CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = Aino, Due = "1.1.2099", RecommendingWorker = "Maija", Accessories = ["laturi"],
        }, "test")).Loan;
        var url = $"/loans/{loan.Reference}/return";

        var posted = await web.PostAsync(url, url, ("condition", "good"), ("items[0]", "returned"), ("notes", ""));
        var page = await web.GetAsync(posted.Location!);

        Assert.That(page.Html, Does.Contain($"href=\"/loans/{loan.Reference}\" id=\"back-to-loan\"").And.Contain($"href=\"/?tag={tag}\""));
        Assert.That(page.Text, Does.Contain("Takaisin lainaan"));
    }
}
