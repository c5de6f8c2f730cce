using LaiteLaina.Tests.Audit;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// No list of the API stops silently: every route that answers a list, found from the service's own endpoints, says
/// how many rows there are in X-Total-Count and honours ?page= and ?pageSize=, following its Link rel="next" reaches
/// every row exactly once, and ?format=csv has them all.
/// </summary>
public sealed partial class ListPagingTests(Engine engine) : ApiTest(engine)
{
    private static readonly string[] ReportNames = ["fleet", "loans", "donations", "leases", "points"];

    [SetUp]
    public Task SeedAsync() => ReturnAuditTests.SeedAsync(Db, Scratch);

    [Test]
    public async Task GetLoans_PageByPage_EveryLoanOnceTotalSaidAndCsvHasAll()
    {
        var seen = new List<string>();
        string? url = "/api/loans?state=all&pageSize=7";
        long? total = null;
        while (url is not null)
        {
            using var response = await Http.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
            total ??= Total(response);
            Assert.That(Total(response), Is.EqualTo(total), "the total stays the same on every page");
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(page.GetArrayLength(), Is.LessThanOrEqualTo(7));
            seen.AddRange(page.EnumerateArray().Select(l => l.GetProperty("reference").GetString()!));
            url = Next(response);
        }
        var csv = (await Http.GetStringAsync("/api/loans?state=all&format=csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Multiple(() =>
        {
            Assert.That(total, Is.GreaterThan(50), "the seeded year holds more loans than one page");
            Assert.That(seen, Has.Count.EqualTo(total).And.Unique);
            Assert.That(csv, Has.Length.EqualTo(total + 1), "a header and every loan");
        });
    }

    [Test]
    public async Task Get_EveryListRoute_SaysTheTotalAndHonoursThePageSize()
    {
        var routes = ApiGetRoutes();
        var lists = new List<string>();
        var failures = new List<string>();
        foreach (var url in routes.SelectMany(Urls))
        {
            using var response = await Http.GetAsync(url + "pageSize=1");
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "application/json")
                continue;
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var items = body.ValueKind == JsonValueKind.Array ? body
                : body.ValueKind == JsonValueKind.Object && body.TryGetProperty("items", out var i) ? i
                : body.ValueKind == JsonValueKind.Object && body.TryGetProperty("rows", out var r) ? r : (JsonElement?)null;
            if (items is null)
                continue;
            lists.Add(url);
            if (!response.Headers.Contains("X-Total-Count"))
                failures.Add($"{url}: no X-Total-Count");
            else if (items.Value.GetArrayLength() > 1)
                failures.Add($"{url}: {items.Value.GetArrayLength()} rows on a page of 1");
            else if (Total(response) > 1 && Next(response) is null)
                failures.Add($"{url}: {Total(response)} rows and no Link to the next page");
        }
        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.Empty);
            Assert.That(lists.Select(l => l[..l.IndexOf('?', StringComparison.Ordinal)].TrimEnd('/')).ToList(), Is.SupersetOf(new[]
            {
                "/api/loans", "/api/devices", "/api/borrowers", "/api/donors", "/api/reservations", "/api/audit-log", "/api/audit/returns",
                "/api/scans", "/api/print-jobs", "/api/provisioning/jobs", "/api/stocktakes", "/api/users", "/api/reports/donations",
            }), string.Join("\n", lists));
        });
    }

    [TestCase("/loans?state=all")]
    [TestCase("/borrowers")]
    [TestCase("/audit/returns?from=2025-01-01&to=2025-12-31")]
    [TestCase("/labels")]
    [TestCase("/stocktakes")]
    public async Task Page_List_SaysTheTotalAndLinksTheOtherPages(string url)
    {
        await new LaiteLaina.Users.UserService(Db, TimeProvider.System).AddAsync("maija", "Maija", "admin", "password-of-maija", "test");
        var web = NewSession();
        await web.SignInAsync("maija", "password-of-maija");
        var first = await web.GetAsync(url);
        var second = await web.GetAsync(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "page=2");

        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(first.Html, Does.Contain("class=\"pager\""));
            Assert.That(first.Text, Does.Contain("Yhteensä"), "the total, in the signed-in user's Finnish");
            Assert.That(second.Html, Does.Contain("rel=\"prev\""));
        });
    }

    private static long Total(HttpResponseMessage response) => long.Parse(response.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture);

    /// <summary>The rel="next" address of the Link header, if there is one.</summary>
    private static string? Next(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links)
            ? links.SelectMany(l => l.Split(',')).Select(l => NextLink().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value
            : null;

    [GeneratedRegex("""<([^>]+)>;\s*rel="next"$""")]
    private static partial Regex NextLink();

    private IEnumerable<string> Urls(string route)
    {
        foreach (var name in route.Contains("{name}", StringComparison.Ordinal) ? ReportNames : [""])
        {
            var url = route.Replace("{name}", name, StringComparison.Ordinal).Replace("{tag}", "LL-000001", StringComparison.Ordinal)
                .Replace("{id}", "1", StringComparison.Ordinal);
            if (!url.Contains('{', StringComparison.Ordinal))
                yield return url + "?state=all&from=2025-01-01&to=2025-12-31&until=2100-01-01&all=true&";
        }
    }
}
