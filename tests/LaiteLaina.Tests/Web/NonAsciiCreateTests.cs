using System.Text.RegularExpressions;
using LaiteLaina.Tests.Architecture;
using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// Finnish and Swedish keys through every route that creates something: the change is saved once and the answer
/// says so, with an address a header can carry. A 500 after the commit would lose what the answer carries (a new
/// user's one-time password) and invite a second try.
/// </summary>
public sealed partial class NonAsciiCreateTests(Engine engine) : ApiTest(engine)
{
    private const string Tag = "LL-000001";

    // A printer that writes to a file, so that a label can be queued; the worker is slowed down so that it does not print.
    protected override string[] HostArgs => ["--Printers:0:Name=desk", $"--Printers:0:Port={Path.Combine(Scratch, "labels.zpl")}",
        "--PrintQueue:PollSeconds=60", "--Provisioning:Enabled=false"];

    [SetUp]
    public async Task SeedAsync()
    {
        var inventory = new InventoryService(Db);
        var d = await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung" }, "t");
        await inventory.ReadyAsync(d.Tag, "t");
    }

    /// <summary>Every collection a route creates in, with a body full of ä, ö and å, and how to find what it made.</summary>
    private IEnumerable<(string Collection, string Url, Func<Task<object>> Body, Func<JsonElement, string> Key)> Creates()
    {
        yield return ("/api/sites", "/api/sites", () => Task.FromResult<object>(new { code = "kyla", name = "Kylän toimisto", address = "Åkervägen 1" }), j => j.GetProperty("code").GetString()!);
        yield return ("/api/users", "/api/users", () => Task.FromResult<object>(new { name = "päivi", displayName = "Päivi Östman", role = "counsellor" }), j => j.GetProperty("user").GetProperty("name").GetString()!);
        yield return ("/api/donors", "/api/donors", () => Task.FromResult<object>(new { name = "Åbo Ångström Ab", contact = "örjan@åbo.example" }), j => j.GetProperty("id").ToString());
        yield return ("/api/borrowers", "/api/borrowers", () => Task.FromResult<object>(new { name = "Åsa Öhman", contact = "Östra Långgatan 3" }), j => j.GetProperty("id").ToString());
        yield return ("/api/devices", "/api/devices", () => Task.FromResult<object>(new { kind = "tablet", make = "Škoda", model = "Ääni ☃", notes = "Näyttö ehjä" }), j => j.GetProperty("tag").GetString()!);
        yield return ("/api/loans", "/api/loans", async () => new
        {
            tag = Tag, kind = "staff", due = DateTime.Today.AddDays(7).ToString("yyyy-MM-dd"),
            borrower = (await CreateAsync("/api/borrowers", new { name = "Pekka Perhetyö", kind = "staff" })).GetProperty("id").ToString(),
        }, j => j.GetProperty("reference").GetString()!);
        yield return ("/api/stocktakes", "/api/stocktakes", async () =>
        {
            // A site code is ASCII by rule (SiteCode); the stocktake names the site by its Swedish name instead.
            await CreateAsync("/api/sites", new { code = "ABO", name = "Åbo kontor" });
            return new { site = "Åbo kontor" };
        }, j => j.GetProperty("reference").GetString()!);
        yield return ("/api/print-jobs", "/api/labels", () => Task.FromResult<object>(new { tag = Tag }), j => j.GetProperty("id").ToString());
        yield return ("/api/provisioning/jobs", "/api/provisioning/jobs", () => Task.FromResult<object>(new { serial = "Ä-tabletti-1" }), j => j.GetProperty("id").ToString());
    }

    private async Task<JsonElement> CreateAsync(string url, object body)
    {
        var response = await Http.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), $"{url}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Test]
    public async Task Post_EveryCreateRouteWithNonAsciiValues_CreatedOnceWithAnAsciiLocation()
    {
        foreach (var (collection, url, body, key) in Creates())
        {
            var response = await Http.PostAsJsonAsync(url, await body());
            var text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), $"{url}: {text}");
            var created = JsonDocument.Parse(text).RootElement;
            var location = response.Headers.Location!.OriginalString;
            Assert.That(location, Is.EqualTo($"{collection}/{Uri.EscapeDataString(key(created))}"), url);
            Assert.That(location.All(char.IsAscii), location);
        }
        var user = JsonDocument.Parse(await (await Http.GetAsync("/api/users")).Content.ReadAsStringAsync()).RootElement;
        Assert.That(user.EnumerateArray().Count(u => u.GetProperty("name").GetString() == "päivi"), Is.EqualTo(1));
    }

    [Test]
    public async Task PostUser_NonAsciiName_AnswerCarriesTheOneTimePasswordThatSignsIn()
    {
        var created = await CreateAsync("/api/users", new { name = "päivi", role = "counsellor" });
        var password = created.GetProperty("password").GetString();
        Assert.That(password, Has.Length.GreaterThanOrEqualTo(12));
        var signedIn = await TestUsers().SignInAsync("päivi", password);
        Assert.That(signedIn.User?.Name, Is.EqualTo("päivi"));
    }

    [Test]
    public void Created_EveryCollectionInTheSource_CoveredHere()
    {
        var inSource = SourceTree.CsFiles()
            .SelectMany(f => CreatedCall().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();
        Assert.That(inSource, Is.Not.Empty);
        Assert.That(inSource, Is.SubsetOf(Creates().Select(c => c.Collection).ToHashSet()),
            "a new route that creates something needs its non-ASCII case here");
    }

    [GeneratedRegex(@"WebApi\.Created\(""([^""]+)""")]
    private static partial Regex CreatedCall();
}
