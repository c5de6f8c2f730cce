using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>Signing on the loan's page and through the API (#17, finding 1): the place asked with the site's town as
/// default, the signed PDF naming who, where and when, and the same refusals on every way in.</summary>
public sealed class SignaturePagesTests(Engine engine) : ApiTest(engine)
{
    private WebSession web = null!;
    private string tag = "";
    private Borrower aino = null!;

    [SetUp]
    public async Task SeedAsync()
    {
        await AddUserAsync("sari", "Sari Salo", "counsellor");
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO sites (code, name, address, created_at) VALUES ('JKL', 'Palvelupiste Kompassi', 'Kauppakatu 1, 40100 Jyväskylä', @now)
            """, new { now = DateTimeOffset.UtcNow }, tx));
        var inventory = new InventoryService(Db);
        tag = (await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A9", Site = "JKL" }, "test")).Tag;
        await inventory.ReadyAsync(tag, "test");
        aino = await Service<BorrowerService>().AddAsync(new BorrowerInput { Name = "Aino Äijälä", Contact = "040 123 4567" }, "test");
        web = NewSession();
    }

    private async Task<Loan> LendToAinoAsync() =>
        (await Service<LoanService>().CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = aino.Id.ToString(CultureInfo.InvariantCulture), Due = "1.1.2099", RecommendingWorker = "Maija",
        }, "test")).Loan;

    private Task<long> DocumentCountAsync() => Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM documents"));

    private static string DataUrl(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    [Test]
    public async Task LoanPage_Sign_PlaceAskedWithTheSiteTownAndSignedPdfNamesWhoWhereAndWhen()
    {
        var loan = await LendToAinoAsync();
        await web.SignInAsync("sari", Password);
        var url = $"/loans/{loan.Reference}";
        var page = await web.GetAsync(url);
        Assert.That(page.Html, Does.Match("id=\"signing-place\"[^>]*value=\"Jyv(ä|&#xE4;)skyl(ä|&#xE4;)\""), "the site's town is the default");
        Assert.That(page.Text, Does.Contain("Allekirjoituspaikka"));

        var signed = await web.PostAsync(url, url + "?handler=Sign", ("signature", DataUrl(Samples.SignaturePng())), ("signing-place", "Kerava"));
        Assert.That(signed.Text, Does.Contain("versio 2").And.Contain("(versio 1 allekirjoituksella)"), signed.Text);
        var stored = await Service<LoanService>().GetAsync(loan.Reference);
        var documents = Service<LoanDocuments>().Store;
        var version = (await documents.ForSubjectAsync("loan", loan.Id)).Single(d => d.Version == stored.SignedVersion);
        var text = string.Join(" ", PdfTools.PdfToText((await documents.GetAsync(version.Id)).Content).Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
        Assert.That(text, Does.Contain("Allekirjoittaja: Aino Äijälä").And.Match(@"Paikka ja päivämäärä: Kerava \d{1,2}\.\d{1,2}\.\d{4}")
            .And.Match(@"Allekirjoitettu sähköisesti \d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2} \(UTC[+−]?\d*\)")
            .And.Contain("Allekirjoitus koskee tämän sopimuksen versiota 1"));
    }

    [Test]
    public async Task LoanPage_SignWithATick_FieldMarkedPlaceKeptNothingStored()
    {
        var loan = await LendToAinoAsync();
        await web.SignInAsync("sari", Password);
        var url = $"/loans/{loan.Reference}";
        var refused = await web.PostAsync(url, url + "?handler=Sign", ("signature", DataUrl(Loans.LoanServiceTests.TickPng())), ("signing-place", "Kerava"));
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Text, Does.Contain("Allekirjoitus on liian pieni tunnistettavaksi."));
        Assert.That(refused.Html, Does.Match("id=\"signature-pad\"[^>]*aria-invalid=\"true\"").And.Match("id=\"signing-place\"[^>]*value=\"Kerava\""));
        Assert.That(await DocumentCountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task PostSignature_TickOrReturnedLoan_RefusedNamingTheFieldNothingStored()
    {
        var loan = await LendToAinoAsync();
        var tick = await Http.PostAsJsonAsync($"/api/loans/{loan.Reference}/signature", new { signaturePng = Loans.LoanServiceTests.TickPng() });
        var problem = await tick.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That((tick.StatusCode, problem.GetProperty("field").GetString()), Is.EqualTo((HttpStatusCode.BadRequest, "signature")), problem.ToString());
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("too small"));

        await Service<LoanService>().ReturnAsync(tag, new ReturnRequest(), "test");
        var returned = await Http.PostAsJsonAsync($"/api/loans/{loan.Reference}/signature", new { signaturePng = Samples.SignaturePng(), place = "Kerava" });
        Assert.That(returned.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await DocumentCountAsync(), Is.EqualTo(2), "the agreement and the return receipt, no signed version");
    }

    [Test]
    public async Task PostLoan_BlankSignature_400NamingTheSignatureNoLoan()
    {
        using var bitmap = new SkiaSharp.SKBitmap(720, 240);
        bitmap.Erase(SkiaSharp.SKColors.Transparent);
        using var blank = SkiaSharp.SKImage.FromBitmap(bitmap).Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        var response = await Http.PostAsJsonAsync("/api/loans", new
        {
            tag, borrower = aino.Id.ToString(CultureInfo.InvariantCulture), kind = "client", due = "2099-01-01", recommendingWorker = "Sari",
            signaturePng = blank.ToArray(),
        });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That((response.StatusCode, problem.GetProperty("field").GetString()), Is.EqualTo((HttpStatusCode.BadRequest, "signature")), problem.ToString());
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM loans")), Is.Zero);
    }
}
