using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LaiteLaina.Cli;
using LaiteLaina.Users;

namespace LaiteLaina.Tests.Inventory;

/// <summary>
/// Several sites on one PostgreSQL (#20): two real 'laitelaina serve' processes, one per site, each with its own
/// file-port printers, on the same database. They race check-outs of one device, each prints only its own site's
/// labels, and one is killed with SIGKILL while its print job is claimed: the other keeps working, and the killed
/// site's job waits for that site's next start, which prints it. PostgreSQL only: a SQLite file is one office's, served
/// by one service, so there is no second site to race.
/// </summary>
[EndToEnd]
[TestFixture(Engine.Postgres)]
public sealed class TwoSitesTests(Engine engine) : DatabaseTest(engine)
{
    private readonly List<Process> processes = [];

    [TearDown]
    public void StopServices()
    {
        foreach (var process in processes.Where(p => !p.HasExited))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        processes.Clear();
    }

    [Test]
    public async Task Serve_TwoSitesOnOneDatabase_OneLoanOwnLabelsAndKilledSiteResumesOnlyItself()
    {
        var sites = Service<SiteService>();
        await sites.AddAsync("ITA", "Itäinen palvelupiste", null, "test");
        await sites.AddAsync("LANSI", "Läntinen palvelupiste", null, "test");
        var inventory = Service<InventoryService>();
        var raced = await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Lenovo", Model = "Tab M10", SerialNumber = "RACE-1", Site = "ITA" }, "test");
        await inventory.ReadyAsync(raced.Tag, "test");
        var eastTag = (await inventory.AddAsync(new DeviceInput { Kind = "tablet", Model = "Itä", SerialNumber = "EAST-1", Site = "ITA" }, "test")).Tag;
        var westTag = (await inventory.AddAsync(new DeviceInput { Kind = "tablet", Model = "Länsi", SerialNumber = "WEST-1", Site = "LANSI" }, "test")).Tag;
        var users = new UserService(Db, TimeProvider.System);
        await users.AddAsync("tiina", "Tiina Testaaja", "admin", "password-of-tiina", "test");
        var (_, token) = await users.CreateTokenAsync("tiina", "test", "test");

        var east = Path.Combine(Scratch, "east-desk.zpl");
        var eastShelf = Path.Combine(Scratch, "east-shelf.fifo");
        var west = Path.Combine(Scratch, "west-desk.zpl");
        // Opening a FIFO for writing blocks until someone reads it: the east service's job on this printer stays claimed.
        using (var mkfifo = Process.Start("mkfifo", [eastShelf]))
            await mkfifo.WaitForExitAsync();
        var log = new System.Text.StringBuilder();
        var eastService = await StartServeAsync("ITA", east, eastShelf, log);
        var westService = await StartServeAsync("LANSI", west, Path.Combine(Scratch, "west-shelf.zpl"), log);
        using var eastApi = Client(eastService.Url, token);
        using var westApi = Client(westService.Url, token);

        // Both desks lend the same tablet at the same moment: exactly one loan, the other desk gets a refusal.
        var borrowerEast = await IdAsync(await eastApi.PostAsJsonAsync("/api/borrowers", new { name = "Eeva Itä", kind = "staff" }));
        var borrowerWest = await IdAsync(await westApi.PostAsJsonAsync("/api/borrowers", new { name = "Ville Länsi", kind = "staff" }));
        var due = DateTime.Today.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var outcomes = await Task.WhenAll(
            eastApi.PostAsJsonAsync("/api/loans", new { tag = raced.Tag, borrower = borrowerEast, kind = "staff", due }),
            westApi.PostAsJsonAsync("/api/loans", new { tag = raced.Tag, borrower = borrowerWest, kind = "staff", due }));
        var codes = outcomes.Select(o => o.StatusCode).Order().ToList();
        Assert.That(codes, Is.EqualTo(new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }), string.Join("\n", await Task.WhenAll(outcomes.Select(o => o.Content.ReadAsStringAsync()))));
        var refusal = await outcomes.Single(o => o.StatusCode == HttpStatusCode.Conflict).Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(refusal.GetProperty("detail").GetString(), Does.Contain(raced.Tag), "the refusal names the device");
        Assert.That(await CountAsync("SELECT count(*) FROM loans WHERE closed_at IS NULL"), Is.EqualTo(1));

        // Each service prints its own site's labels, on its own printer of the same name.
        await LabelAsync(eastApi, eastTag, "desk");
        await LabelAsync(westApi, westTag, "desk");
        await WaitAsync(() => CountAsync("SELECT count(*) FROM print_jobs WHERE state = 'Printed'"), 2, log);
        Assert.That(await File.ReadAllTextAsync(east), Does.Contain(eastTag).And.Not.Contain(westTag));
        Assert.That(await File.ReadAllTextAsync(west), Does.Contain(westTag).And.Not.Contain(eastTag));

        // The east service claims a job for its shelf printer, hangs opening it, and is killed with SIGKILL.
        var stuck = await LabelAsync(eastApi, eastTag, "shelf");
        await WaitAsync(() => CountAsync($"SELECT count(*) FROM print_jobs WHERE id = {stuck} AND state = 'Printing'"), 1, log);
        eastService.Process.Kill();
        await eastService.Process.WaitForExitAsync();

        // The west site goes on: its API answers, its new job prints, and the east job is not its to take, even when
        // another west service starts (which puts its own interrupted jobs back in the queue).
        var westAgain = await LabelAsync(westApi, westTag, "desk");
        await WaitAsync(() => CountAsync($"SELECT count(*) FROM print_jobs WHERE id = {westAgain} AND state = 'Printed'"), 1, log);
        var secondWest = await StartServeAsync("LANSI", west, Path.Combine(Scratch, "west-shelf.zpl"), log);
        using (var secondWestApi = Client(secondWest.Url, token))
            Assert.That((await secondWestApi.GetAsync($"/api/devices/{westTag}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await CountAsync($"SELECT count(*) FROM print_jobs WHERE id = {stuck} AND state = 'Printing'"), Is.EqualTo(1),
            "another site's service never takes the killed site's job");

        // The east site starts again, its shelf printer now a plain file: the job it was printing when killed prints.
        var eastShelfAgain = Path.Combine(Scratch, "east-shelf-again.zpl");
        await StartServeAsync("ITA", east, eastShelfAgain, log);
        await WaitAsync(() => CountAsync($"SELECT count(*) FROM print_jobs WHERE id = {stuck} AND state = 'Printed'"), 1, log);
        Assert.That(await File.ReadAllTextAsync(eastShelfAgain), Does.Contain(eastTag));
        Assert.That(await File.ReadAllTextAsync(west), Does.Not.Contain(eastTag), "no east label ever came out in the west");
        Assert.That(await CountAsync("""
            SELECT count(*) FROM print_jobs j JOIN sites s ON s.id = j.site_id
            WHERE (s.code = 'ITA' AND j.tag <> @east) OR (s.code = 'LANSI' AND j.tag <> @west)
            """.Replace("@east", $"'{eastTag}'", StringComparison.Ordinal).Replace("@west", $"'{westTag}'", StringComparison.Ordinal)), Is.Zero,
            "every job carries the site of the service that queued it");
    }

    [Test]
    public async Task Serve_TwoSitesUnknownTablets_EachListsItsOwnAndOnlyItsServiceDecides()
    {
        var sites = Service<SiteService>();
        var ita = await sites.AddAsync("ITA", "Itäinen palvelupiste", null, "test");
        var lansi = await sites.AddAsync("LANSI", "Läntinen palvelupiste", null, "test");
        // As each site's provisioning watcher records a tablet it cannot match (the services here run no adb).
        await JobStore.SeenUnknownAsync(Db, "SER-EAST", "192.0.2.1:5555", "LENOVO", "TB-X605F", "10", ita.Id);
        await JobStore.SeenUnknownAsync(Db, "SER-WEST", "192.0.2.2:5555", "SAMSUNG", "SM-T510", "11", lansi.Id);
        var users = new UserService(Db, TimeProvider.System);
        await users.AddAsync("ville", "Ville Vapaaehtoinen", "volunteer", "password-of-ville", "test");
        var (_, token) = await users.CreateTokenAsync("ville", "test", "test");
        var log = new System.Text.StringBuilder();
        var east = await StartServeAsync("ITA", Path.Combine(Scratch, "east-desk.zpl"), Path.Combine(Scratch, "east-shelf.zpl"), log);
        var west = await StartServeAsync("LANSI", Path.Combine(Scratch, "west-desk.zpl"), Path.Combine(Scratch, "west-shelf.zpl"), log);
        using var eastApi = Client(east.Url, token);
        using var westApi = Client(west.Url, token);

        var eastList = await eastApi.GetFromJsonAsync<JsonElement>("/api/provisioning/intake?site=ITA");
        var refused = await eastApi.PostAsync("/api/provisioning/intake/SER-WEST/ignore", null);
        var ignored = await westApi.PostAsync("/api/provisioning/intake/SER-WEST/ignore", null);

        Assert.That(eastList.EnumerateArray().Select(e => e.GetProperty("serialNumber").GetString()), Is.EqualTo(new[] { "SER-EAST" }));
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), Does.Contain("SER-WEST").And.Contain("LANSI"));
        Assert.That(ignored.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), await ignored.Content.ReadAsStringAsync());
        Assert.That(await CountAsync("SELECT count(*) FROM provisioning_intake WHERE serial_number = 'SER-WEST' AND state = 'Ignored'"), Is.EqualTo(1));
        Assert.That(await CountAsync("SELECT count(*) FROM provisioning_intake WHERE serial_number = 'SER-EAST' AND state = 'Pending'"), Is.EqualTo(1));
    }

    private sealed record Serve(Process Process, Uri Url);

    /// <summary>'laitelaina serve' as its own process for <paramref name="site"/>, with printers "desk" and "shelf".</summary>
    private async Task<Serve> StartServeAsync(string site, string desk, string shelf, System.Text.StringBuilder log)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var data = Directory.CreateDirectory(Path.Combine(Scratch, $"data-{site}-{port}")).FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(CliApp).Assembly.Location, "serve", "--urls", url.ToString(), "--data", data, "--database", Db.ConnectionString })
            start.ArgumentList.Add(arg);
        start.Environment["Site"] = site;
        start.Environment["Printers__0__Name"] = "desk";
        start.Environment["Printers__0__Port"] = desk;
        start.Environment["Printers__1__Name"] = "shelf";
        start.Environment["Printers__1__Port"] = shelf;
        start.Environment["PrintQueue__PollSeconds"] = "0.2";
        start.Environment["Provisioning__Enabled"] = "false";
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine($"[{site}] {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine($"[{site}] {e.Data}"); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        processes.Add(process);
        using var probe = new HttpClient { BaseAddress = url };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.That(process.HasExited, Is.False, "the service stopped:\n" + log);
            try
            {
                if ((await probe.GetAsync("/healthz")).IsSuccessStatusCode)
                    return new Serve(process, url);
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        Assert.Fail("the service never answered /healthz:\n" + log);
        return null!;
    }

    private static HttpClient Client(Uri url, string token)
    {
        var client = new HttpClient { BaseAddress = url };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> IdAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        return body.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<long> LabelAsync(HttpClient api, string tag, string printer)
    {
        var response = await api.PostAsJsonAsync("/api/labels", new { tag, printer });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.IsSuccessStatusCode, Is.True, body.ToString());
        return body.GetProperty("id").GetInt64();
    }

    private Task<long> CountAsync(string sql) => Db.ReadAsync(c => c.ExecuteScalarAsync<long>(sql));

    /// <summary>Polls until <paramref name="count"/> gives <paramref name="expected"/>; the services work in the background.</summary>
    private static async Task WaitAsync(Func<Task<long>> count, long expected, System.Text.StringBuilder log)
    {
        var clock = Stopwatch.StartNew();
        while (await count() != expected)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
                Assert.Fail($"still not {expected} after 30 s:\n{log}");
            await Task.Delay(100);
        }
    }
}
