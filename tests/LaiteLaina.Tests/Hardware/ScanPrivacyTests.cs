using LaiteLaina.Audit;
using LaiteLaina.Tests.Web;
using LaiteLaina.Users;
using Microsoft.AspNetCore.Builder;

namespace LaiteLaina.Tests.Hardware;

/// <summary>
/// What each role reads of the desk's scanners through the real routes: every kind of scan event is made by real
/// scans in every mode, and each role watches the event stream, reads /api/scans and opens the desk. A volunteer never
/// reads a borrower's or a staff member's name; a counsellor and above read the staff borrower of a staff checkout; a
/// refusal names nobody to anyone, and a badge's code is repeated to no one.
/// </summary>
public sealed class ScanPrivacyTests(Engine engine) : ApiTest(engine)
{
    private const string StaffName = "Pekka Perhetyö";

    // What no scan event shows to anyone: the client's name, the counsellor and the recommending worker of her loan,
    // and both badges. A volunteer reads no name at all, nor does the desk show them whose device it is.
    private static readonly string[] Badges = ["STAFF-0042", "STAFF-7777"];
    private static readonly string[] NeverInEvents = ["Aino", "Äijälä", "Sari Sanoja", "Rauni Suosittelija", .. Badges];
    private static readonly string[] NeverToVolunteers = [.. NeverInEvents, "Perhetyö"];

    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    protected override void Configure(WebApplicationBuilder builder) => builder.Services.AddSingleton<TimeProvider>(clock);

    private static ScannerSettings Scanner(string name, string mode) =>
        HardwareSettings.Scanner("Scanners:0", new ScannerOptions { Name = name, Port = "/dev/null", Mode = mode });

    [Test]
    public async Task Scans_EveryKindSeenByEveryRole_NamesOnlyForThoseWhoSeeBorrowers()
    {
        await SeedAsync();
        var viewers = new List<(UserRole Role, WebSession Web, HttpResponseMessage Stream)>();
        foreach (var role in Enum.GetValues<UserRole>())
        {
            var name = "viewer-" + EnumText.Kebab(role);
            await new UserService(Db, clock).AddAsync(name, "Viewer " + role, EnumText.Kebab(role), Password, "test");
            var web = NewSession();
            await web.SignInAsync(name, Password);
            // Watching before the first scan, as the desk does.
            viewers.Add((role, web, await web.Http.GetAsync("/api/scans/stream", HttpCompletionOption.ResponseHeadersRead)));
        }
        try
        {
            await ScanEverythingAsync();
            var published = App.Services.GetRequiredService<ScanEvents>().Recent();
            Assert.That(published.Select(e => e.Type).Distinct(), Is.EquivalentTo(Enum.GetValues<ScanEventKind>()), "every kind of event was made");

            foreach (var (role, web, stream) in viewers)
            {
                var sees = role >= UserRole.Counsellor;
                var streamed = await ReadEventsAsync(stream, published.Count);
                var listed = (await web.Http.GetFromJsonAsync<JsonElement>("/api/scans")).EnumerateArray().Select(e => e.GetRawText()).ToList();
                var desk = new List<string>();
                foreach (var tag in new[] { "LL-000002", "LL-000005" })
                {
                    // Decoded, attributes and all: Razor writes "ö" as "&#xF6;".
                    desk.Add(WebUtility.HtmlDecode((await web.GetAsync($"/?tag={tag}")).Html));
                    desk.Add(WebUtility.HtmlDecode((await web.GetAsync($"/?handler=Card&tag={tag}")).Html));
                }
                Assert.Multiple(() =>
                {
                    Assert.That(streamed, Has.Count.EqualTo(published.Count), $"{role}: the stream");
                    Assert.That(listed, Has.Count.EqualTo(published.Count), $"{role}: /api/scans");
                    foreach (var (where, texts) in new[] { ("stream", streamed), ("/api/scans", listed) })
                    {
                        foreach (var word in sees ? NeverInEvents : NeverToVolunteers)
                            Assert.That(texts, Has.None.Contains(word), $"{role} in {where}");
                        var lent = texts.Select(t => JsonDocument.Parse(t).RootElement).Where(e => e.GetProperty("type").GetString() == "loan-checked-out").ToList();
                        Assert.That(lent.Select(e => e.TryGetProperty("borrower", out var b) ? b.GetString() : null),
                            Is.EqualTo(new[] { sees ? StaffName : null }), $"{role} in {where}: the staff checkout's borrower");
                        Assert.That(lent.Select(e => e.GetProperty("message").GetString()), sees ? Has.All.Contains(StaffName) : Has.None.Contains("Perhetyö"));
                    }
                    foreach (var word in sees ? Badges : NeverToVolunteers)
                        Assert.That(desk, Has.None.Contains(word), $"{role} on the desk");
                    if (sees)
                        Assert.That(string.Concat(desk), Does.Contain(StaffName).And.Contain("Aino Äijälä"), $"{role} on the desk: who has each device");
                });
            }
        }
        finally
        {
            // The sessions go with the service.
            foreach (var (_, _, stream) in viewers)
                stream.Dispose();
        }
    }

    private async Task SeedAsync()
    {
        await new SiteService(Db).AddAsync("KESKUS", "Keskus", null, "test");
        var inventory = new InventoryService(Db);
        for (var i = 1; i <= 5; i++)
        {
            var d = await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A9", SerialNumber = "P" + i, Site = i == 1 ? "KESKUS" : null }, "test");
            await inventory.ReadyAsync(d.Tag, "test");
        }
        var people = new BorrowerService(Db);
        await people.AddAsync(new BorrowerInput { Name = StaffName, Kind = "staff", Badge = "STAFF-0042" }, "test");
        var client = await people.AddAsync(new BorrowerInput { Name = "Aino Äijälä", Badge = "STAFF-7777" }, "test");
        var loans = Service<LoanService>(clock);
        foreach (var tag in new[] { "LL-000003", "LL-000005" })
        {
            await loans.CheckOutAsync(new CheckOutRequest
            {
                Tag = tag, Borrower = client.Id.ToString(CultureInfo.InvariantCulture), Kind = "client", Due = "2099-03-12",
                Counsellor = "Sari Sanoja", RecommendingWorker = "Rauni Suosittelija",
            }, "test");
        }
        await Service<StocktakeService>(clock).StartAsync("KESKUS", null, "shelf", "test");
    }

    /// <summary>Each kind of event, by the scans that make it at a real desk.</summary>
    private async Task ScanEverythingAsync()
    {
        var processor = App.Services.GetRequiredService<ScanProcessor>();
        var events = App.Services.GetRequiredService<ScanEvents>();
        // A processor of a build without loans and stocktakes, publishing to the same desk.
        var bare = new ScanProcessor(App.Services.GetRequiredService<Database>(), ScanProcessor.Defaults(), events, NullLogger<ScanProcessor>.Instance);
        var script = new (ScanProcessor Processor, ScannerSettings Scanner, string[] Codes)[]
        {
            (processor, Scanner("desk", "lookup"), ["LL-000001", "6417182000014", "STAFF-0042"]),
            (processor, Scanner("lend", "staff-checkout"), ["LL-000002", "STAFF-9999", "STAFF-7777", "STAFF-0042", "LL-000002", "LL-000003", "STAFF-0042"]),
            (processor, Scanner("back", "return"), ["LL-000003", "LL-000004", "STAFF-0042"]),
            (processor, Scanner("nowhere", "stocktake"), ["LL-000001"]),
            (processor, Scanner("shelf", "stocktake"), ["LL-000001", "LL-000001", "LL-999999", "6417182000014", "LL-000005", " ", "STAFF-0042"]),
            (bare, Scanner("old", "staff-checkout"), ["STAFF-0042", "LL-000004"]),
            (bare, Scanner("old", "return"), ["LL-000004"]),
        };
        foreach (var (p, scanner, codes) in script)
        {
            foreach (var code in codes)
                await p.HandleAsync(scanner, new ScanFrame(code, null, "code-128"), CancellationToken.None);
        }
        // A session left open ends by itself after the scanner's idle time, naming whose it was.
        await processor.HandleAsync(Scanner("lend", "staff-checkout"), new ScanFrame("STAFF-0042", null, "code-128"), CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(61));
    }

    /// <summary>The data of the first <paramref name="count"/> events on a stream, as sent.</summary>
    private static async Task<List<string>> ReadEventsAsync(HttpResponseMessage stream, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        var data = new List<string>();
        while (data.Count < count && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
                data.Add(line[6..]);
        }
        return data;
    }
}
