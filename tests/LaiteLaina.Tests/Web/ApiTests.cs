namespace LaiteLaina.Tests.Web;

/// <summary>The JSON API on a real Kestrel listening on a free loopback port.</summary>
public sealed class ApiTests(Engine engine) : ApiTest(engine)
{
    [SetUp]
    public async Task SeedAsync()
    {
        var inventory = new InventoryService(Db);
        await new SiteService(Db).AddAsync("KYLA", "Kylätalo", null, "t");
        for (var i = 0; i < 5; i++)
            await inventory.AddAsync(new DeviceInput { Kind = i < 3 ? "tablet" : "laptop", Make = "Samsung", SerialNumber = "S" + i, Site = i == 0 ? "KYLA" : null }, "t");
    }

    [Test]
    public async Task Healthz_Running_ReportsSchemaVersion()
    {
        var health = await Http.GetFromJsonAsync<JsonElement>("/healthz");
        Assert.That(health.GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That(health.GetProperty("schemaVersion").GetInt32(), Is.EqualTo(Migrator.Latest));
    }

    [Test]
    public async Task GetDevices_KindFilterAndPaging_ReturnsOnePage()
    {
        var page = await Http.GetFromJsonAsync<JsonElement>("/api/devices?kind=tablet&pageSize=2");
        var tags = page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("tag").GetString());
        Assert.That(tags, Is.EqualTo(new[] { "LL-000003", "LL-000002" }));
        Assert.That(page.GetProperty("hasMore").GetBoolean(), Is.True);
        var site = await Http.GetFromJsonAsync<JsonElement>("/api/devices?site=KYLA");
        Assert.That(site.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task GetDevice_KnownTag_ReturnsTheCard()
    {
        var device = await Http.GetFromJsonAsync<JsonElement>("/api/devices/ll-000001");
        Assert.That(device.GetProperty("tag").GetString(), Is.EqualTo("LL-000001"));
        Assert.That(device.GetProperty("siteCode").GetString(), Is.EqualTo("KYLA"));
        Assert.That(device.GetProperty("status").GetString(), Is.EqualTo("intake"));
    }

    [Test]
    public async Task GetDevice_UnknownTag_ProblemDetails404()
    {
        var response = await Http.GetAsync("/api/devices/LL-999999");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo("device 'LL-999999' was not found."));
        Assert.That(problem.GetProperty("code").GetString(), Is.EqualTo("record.not-found"));
    }

    [TestCase("sv", "Hittades inte: enhet 'LL-999999'.")]
    [TestCase("fi-FI, en;q=0.5", "Ei löytynyt: laite 'LL-999999'.")]
    [TestCase("de, sv;q=0.8", "Hittades inte: enhet 'LL-999999'.")]
    [TestCase("de", "device 'LL-999999' was not found.")]
    public async Task GetDevice_UnknownTagWithAcceptLanguage_DetailInThatLanguageAndStableCode(string acceptLanguage, string detail)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/devices/LL-999999");
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        var response = await Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That((problem.GetProperty("detail").GetString(), problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()),
            Is.EqualTo((detail, "record.not-found", "device")));
    }

    [TestCase("status=borrowed", "status 'borrowed'")]
    [TestCase("pageSize=5000", "page-size '5000'")]
    [TestCase("site=NOWHERE", "site 'NOWHERE'")]
    public async Task GetDevices_BadFilter_ProblemDetailsNamingTheField(string query, string expected)
    {
        var response = await Http.GetAsync("/api/devices?" + query);
        Assert.That((int)response.StatusCode, Is.AnyOf(400, 404));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(expected));
        Assert.That(problem.ToString(), Does.Not.Contain("   at "), "no stack trace to a user");
    }
}
