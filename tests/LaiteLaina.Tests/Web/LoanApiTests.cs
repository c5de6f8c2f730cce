namespace LaiteLaina.Tests.Web;

/// <summary>Borrowers, loans and documents through the JSON API on a real Kestrel.</summary>
public sealed class LoanApiTests(Engine engine) : ApiTest(engine)
{
    [SetUp]
    public async Task SeedAsync()
    {
        var inventory = new InventoryService(Db);
        var d = await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A9+", SerialNumber = "R9" }, "t");
        await inventory.ReadyAsync(d.Tag, "t");
    }

    private async Task<JsonElement> PostAsync(string url, object body, HttpStatusCode expected)
    {
        var response = await Http.PostAsJsonAsync(url, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(expected), json.ToString());
        return json;
    }

    [Test]
    public async Task LoanLifecycle_OutListReturn_AgreementAndReceiptDownloadable()
    {
        var borrower = await PostAsync("/api/borrowers", new { name = "Aino Äijälä", contact = "040 123 4567", language = "en" }, HttpStatusCode.Created);
        var loan = await PostAsync("/api/loans", new
        {
            tag = "LL-000001", borrower = borrower.GetProperty("id").GetInt64().ToString(), kind = "client",
            due = DateTime.Today.AddDays(30).ToString("yyyy-MM-dd"), recommendingWorker = "Sari", accessories = new[] { "charger" },
        }, HttpStatusCode.Created);
        Assert.That(loan.GetProperty("reference").GetString(), Is.EqualTo("LN-000001"));

        var open = await Http.GetFromJsonAsync<JsonElement>("/api/loans?state=open");
        Assert.That(open.EnumerateArray().Single().GetProperty("tag").GetString(), Is.EqualTo("LL-000001"));

        var agreement = await Http.GetAsync($"/api/documents/{loan.GetProperty("documentId").GetInt64()}.pdf");
        Assert.That(agreement.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        var pdf = await agreement.Content.ReadAsByteArrayAsync();
        Assert.That(System.Text.Encoding.ASCII.GetString(pdf, 0, 5), Is.EqualTo("%PDF-"));

        var returned = await PostAsync("/api/loans/LN-000001/return", new { condition = "good", missing = new[] { "charger" } }, HttpStatusCode.OK);
        Assert.That(returned.GetProperty("state").GetString(), Is.EqualTo("returned"));
        var receipt = await Http.GetFromJsonAsync<JsonElement>($"/api/documents/{returned.GetProperty("documentId").GetInt64()}");
        Assert.That((receipt.GetProperty("kind").GetString(), receipt.GetProperty("language").GetString()), Is.EqualTo(("return-receipt", "en")));
        Assert.That((await Http.GetFromJsonAsync<JsonElement>("/api/loans?state=open")).GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task PostLoan_DueInThePast_ProblemDetailsNamesTheField()
    {
        var borrower = await PostAsync("/api/borrowers", new { name = "Pekka", kind = "staff" }, HttpStatusCode.Created);
        var problem = await PostAsync("/api/loans", new { tag = "LL-000001", borrower = borrower.GetProperty("id").ToString(), kind = "staff", due = "2020-01-01" }, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith("due '2020-01-01' is not valid"));
        Assert.That(problem.GetProperty("field").GetString(), Is.EqualTo("due"));
    }

    [Test]
    public async Task PostLoan_DeviceAlreadyOut_409TellsWhoHasIt()
    {
        var borrower = await PostAsync("/api/borrowers", new { name = "Pekka Perhetyö", kind = "staff" }, HttpStatusCode.Created);
        var request = new { tag = "LL-000001", borrower = borrower.GetProperty("id").ToString(), kind = "staff", due = DateTime.Today.ToString("yyyy-MM-dd") };
        await PostAsync("/api/loans", request, HttpStatusCode.Created);
        var problem = await PostAsync("/api/loans", request, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("detail").GetString(), Does.StartWith("LL-000001 is already on loan to Pekka Perhetyö"));
    }

    [Test]
    public async Task PostBorrower_IdentityCode_400AndNotStored()
    {
        var problem = await PostAsync("/api/borrowers", new { name = "Aino", clientReference = "131052-308T" }, HttpStatusCode.BadRequest);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("henkilötunnus").And.Not.Contain("131052"));
        Assert.That((await Http.GetFromJsonAsync<JsonElement>("/api/borrowers")).GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task PostLoan_NullTagOrBrokenJson_400NamingTheProblem()
    {
        var nullTag = await PostAsync("/api/loans", new { tag = (string?)null, borrower = "1", kind = "staff", due = "2030-01-01" }, HttpStatusCode.BadRequest);
        Assert.That(nullTag.GetProperty("detail").GetString(), Does.StartWith("tag '' is not valid"));
        var broken = await Http.PostAsync("/api/loans", new StringContent("{\"tag\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.That(broken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(broken.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var missing = await Http.PostAsJsonAsync("/api/loans", new { kind = "staff" });
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("tag"));
    }

    [Test]
    public async Task GetDocument_Unknown_404()
    {
        var response = await Http.GetAsync("/api/documents/4242.pdf");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
