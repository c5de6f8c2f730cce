namespace LaiteLaina.Tests.Web;

/// <summary>The lists a counsellor works from (loans, the provisioning board, the print queue) open on the site of the
/// service they work at; a manager's show every site; either may choose another site or all of them (#20).</summary>
public sealed class SiteListFilterTests(Engine engine) : ApiTest(engine)
{
    private Site east = null!, west = null!;
    private string eastTag = "", westTag = "";

    private string Labels => Path.Combine(Scratch, "labels.zpl");

    // The service belongs to ITA, so its sites must exist before it starts: it checks its Site setting then.
    protected override async Task BeforeStartAsync()
    {
        east = await new SiteService(Db).AddAsync("ITA", "Itäinen palvelupiste", null, "test");
        west = await new SiteService(Db).AddAsync("LANSI", "Läntinen palvelupiste", null, "test");
    }

    protected override string[] HostArgs => ["--Site=ITA", "--Printers:0:Name=desk", $"--Printers:0:Port={Labels}"];

    [SetUp]
    public async Task ALoanAtEachSiteAsync()
    {
        var staff = await Ok(await Http.PostAsJsonAsync("/api/borrowers", new { name = "Kaisa Kollega", kind = "staff" }));
        var borrower = staff.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var due = DateTime.Today.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        async Task<string> LentAtAsync(string site, string serial)
        {
            var device = await Ok(await Http.PostAsJsonAsync("/api/devices", new { kind = "tablet", model = "Tab", serialNumber = serial, acquisition = "purchased", site }));
            var tag = device.GetProperty("tag").GetString()!;
            await Ok(await Http.PostAsync($"/api/devices/{tag}/ready", null));
            await Ok(await Http.PostAsJsonAsync("/api/loans", new { tag, borrower, kind = "staff", due }));
            return tag;
        }
        eastTag = await LentAtAsync("ITA", "E-1");
        westTag = await LentAtAsync("LANSI", "W-1");
        // A loan cannot be made already late: both fell due two days ago, so that the overdue list has them too.
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE loans SET due_on = @due", new { due = DateOnly.FromDateTime(DateTime.Today.AddDays(-2)) }, tx));
    }

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [TestCase("/loans")]
    [TestCase("/loans?state=overdue")]
    public async Task Loans_Counsellor_OpensOnOwnSite(string url)
    {
        var web = await SignedInSessionAsync("sari", "Sari Salo", "counsellor");

        var page = await web.GetAsync(url);

        Assert.That(page.Text, Does.Contain(eastTag).And.Not.Contain(westTag));
        Assert.That(page.Html, Does.Contain("<option value=\"ITA\" selected"));
    }

    [Test]
    public async Task Loans_CounsellorChoosesAllSites_SeesBoth()
    {
        var web = await SignedInSessionAsync("sari", "Sari Salo", "counsellor");

        var page = await web.GetAsync("/loans?site=");

        Assert.That(page.Text, Does.Contain(eastTag).And.Contain(westTag));
        Assert.That(page.Html, Does.Not.Contain("<option value=\"ITA\" selected"));
        Assert.That(page.Text, Does.Contain("kaikki toimipisteet").Or.Contain("all sites").Or.Contain("alla verksamhetsställen"));
    }

    [Test]
    public async Task Loans_Manager_SeesAllSitesAndMayChooseOne()
    {
        var web = await SignedInSessionAsync("maija", "Maija Mäki", "manager");

        Assert.That((await web.GetAsync("/loans?state=overdue")).Text, Does.Contain(eastTag).And.Contain(westTag));
        Assert.That((await web.GetAsync("/loans?site=LANSI")).Text, Does.Contain(westTag).And.Not.Contain(eastTag));
    }

    [Test]
    public async Task Loans_UnknownSite_RefusedNamingFieldAndValue()
    {
        var web = await SignedInSessionAsync("sari", "Sari Salo", "counsellor", "fi");

        var page = await web.GetAsync("/loans?site=POHJOINEN");

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(page.Text, Does.Contain("POHJOINEN").And.Not.Contain(eastTag).And.Not.Contain("   at "));
    }

    [Test]
    public async Task Loans_AllSites_EachLoanNamesItsSite()
    {
        var loans = (await Ok(await Http.GetAsync("/api/loans"))).EnumerateArray().ToDictionary(l => l.GetProperty("tag").GetString()!);
        var manager = await SignedInSessionAsync("maija", "Maija Mäki", "manager", "en");

        var page = await manager.GetAsync("/loans?site=");
        var one = await manager.GetAsync("/loans?site=LANSI");

        Assert.That(Head(page.Html, "loans"), Does.Contain("<th scope=\"col\">Site</th>"));
        Assert.That(SiteCell(page.Html, $"loan-{loans[eastTag].GetProperty("id").GetInt64()}"), Is.EqualTo("ITA"));
        Assert.That(SiteCell(page.Html, $"loan-{loans[westTag].GetProperty("id").GetInt64()}"), Is.EqualTo("LANSI"));
        Assert.That(loans[westTag].GetProperty("siteCode").GetString(), Is.EqualTo("LANSI"));
        Assert.That(Head(one.Html, "loans"), Does.Not.Contain("Site"));
        Assert.That(SiteCell(one.Html, $"loan-{loans[westTag].GetProperty("id").GetInt64()}"), Is.Null);
    }

    [TestCase("/api/loans")]
    [TestCase("/api/print-jobs")]
    [TestCase("/api/provisioning/jobs")]
    public async Task ApiList_UnknownSite_ProblemNamingFieldAndValue(string route)
    {
        var response = await Http.GetAsync(route + "?site=POHJOINEN");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("field").GetString(), Is.EqualTo("site"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("POHJOINEN"));
    }

    [Test]
    public async Task ApiLoans_Site_OnlyThatSitesLoans()
    {
        var loans = await Ok(await Http.GetAsync("/api/loans?site=LANSI"));

        Assert.That(loans.EnumerateArray().Select(l => l.GetProperty("tag").GetString()), Is.EqualTo(new[] { westTag }));
    }

    [Test]
    public async Task Loans_ReturnedDeviceMovedToAnotherSite_StaysListedUnderTheSiteThatLentIt()
    {
        var reference = (await Ok(await Http.GetAsync("/api/loans?site=LANSI")))[0].GetProperty("reference").GetString();
        await Ok(await Http.PostAsJsonAsync($"/api/loans/{reference}/return", new { condition = "good", missing = Array.Empty<string>() }));
        await Ok(await Http.PostAsJsonAsync($"/api/devices/{westTag}/transfer", new { site = "ITA" }));
        var manager = await SignedInSessionAsync("maija", "Maija Mäki", "manager", "en");

        var west = await Ok(await Http.GetAsync("/api/loans?state=closed&site=LANSI"));
        var east = await Ok(await Http.GetAsync("/api/loans?state=closed&site=ITA"));
        var page = await manager.GetAsync("/loans?state=closed&site=");

        Assert.That(west.EnumerateArray().Select(l => l.GetProperty("reference").GetString()), Is.EqualTo(new[] { reference }));
        Assert.That(west[0].GetProperty("siteCode").GetString(), Is.EqualTo("LANSI"));
        Assert.That(east.GetArrayLength(), Is.Zero);
        Assert.That(SiteCell(page.Html, $"loan-{west[0].GetProperty("id").GetInt64()}"), Is.EqualTo("LANSI"));
    }

    [Test]
    public async Task Board_CounsellorOpensOnOwnSite_ManagerSeesAllAndRowsFollowTheChoice()
    {
        await JobAtAsync(east, "ADB-EAST-1");
        await JobAtAsync(west, "ADB-WEST-1");
        var counsellor = await SignedInSessionAsync("sari", "Sari Salo", "counsellor");
        var manager = await SignedInSessionAsync("maija", "Maija Mäki", "manager");

        var own = await counsellor.GetAsync("/provisioning");
        var all = await counsellor.GetAsync("/provisioning?site=");
        var managers = await manager.GetAsync("/provisioning");
        var rows = await counsellor.GetAsync("/provisioning?handler=Rows");

        Assert.That(own.Text, Does.Contain("ADB-EAST-1").And.Not.Contain("ADB-WEST-1"));
        Assert.That(own.Html, Does.Contain("<option value=\"ITA\" selected"));
        Assert.That(all.Text, Does.Contain("ADB-EAST-1").And.Contain("ADB-WEST-1"));
        Assert.That(managers.Text, Does.Contain("ADB-EAST-1").And.Contain("ADB-WEST-1"));
        Assert.That(rows.Text, Does.Contain("ADB-EAST-1").And.Not.Contain("ADB-WEST-1"), "the live rows keep the counsellor's site");
        Assert.That((await Ok(await Http.GetAsync("/api/provisioning/jobs?site=LANSI"))).EnumerateArray().Select(j => j.GetProperty("adbSerial").GetString()),
            Is.EqualTo(new[] { "ADB-WEST-1" }));
    }

    [Test]
    public async Task Board_AllSites_EachJobNamesItsSiteInPageAndLiveRows()
    {
        var eastJob = await JobAtAsync(east, "ADB-EAST-1");
        var westJob = await JobAtAsync(west, "ADB-WEST-1");
        var manager = await SignedInSessionAsync("maija", "Maija Mäki", "manager", "en");

        var page = await manager.GetAsync("/provisioning?site=");
        var rows = await manager.GetAsync("/provisioning?handler=Rows&site=");

        Assert.That(Head(page.Html, "jobs"), Does.Contain("<th scope=\"col\">Site</th>"));
        foreach (var html in new[] { page.Html, rows.Html })
        {
            Assert.That(SiteCell(html, $"job-{eastJob.Id}"), Is.EqualTo("ITA"));
            Assert.That(SiteCell(html, $"job-{westJob.Id}"), Is.EqualTo("LANSI"));
        }
    }

    [Test]
    public async Task Board_OneSiteChosen_NoSiteColumn()
    {
        var eastJob = await JobAtAsync(east, "ADB-EAST-1");
        await JobAtAsync(west, "ADB-WEST-1");
        var manager = await SignedInSessionAsync("maija", "Maija Mäki", "manager", "en");

        var page = await manager.GetAsync("/provisioning?site=ITA");
        var rows = await manager.GetAsync("/provisioning?handler=Rows&site=ITA");

        Assert.That(page.Html, Does.Contain($"id=\"job-{eastJob.Id}\""));
        Assert.That(Head(page.Html, "jobs"), Does.Not.Contain("Site"));
        Assert.That(SiteCell(page.Html, $"job-{eastJob.Id}"), Is.Null);
        Assert.That(SiteCell(rows.Html, $"job-{eastJob.Id}"), Is.Null);
    }

    [Test]
    public async Task Board_AllSites_JobWithoutSite_DashWithNoSiteWords()
    {
        // A service without a Site setting queues its jobs without a site.
        var job = await Db.WriteAsync((c, tx) => JobStore.CreateAsync(c, tx, "ADB-NOWHERE-1", null, null, null, JobState.Failed, null, "test"));
        var manager = await SignedInSessionAsync("maija", "Maija Mäki", "manager", "en");

        var page = await manager.GetAsync("/provisioning?site=");
        var rows = await manager.GetAsync("/provisioning?handler=Rows&site=");

        foreach (var html in new[] { page.Html, rows.Html })
            Assert.That(WebUtility.HtmlDecode(SiteCell(html, $"job-{job.Id}")), Is.EqualTo(NoSite));
    }

    [Test]
    public async Task PrintQueue_AllSites_JobWithoutSite_DashWithNoSiteWords()
    {
        var (_, westJob) = await PrintJobAtEachSiteAsync();
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE print_jobs SET site_id = NULL WHERE id = @id", new { id = westJob }, tx));
        var manager = await SignedInSessionAsync("maija", "Maija Mäki", "manager", "en");

        var page = await manager.GetAsync("/labels?site=");

        Assert.That(WebUtility.HtmlDecode(SiteCell(page.Html, $"print-job-{westJob}")), Is.EqualTo(NoSite));
    }

    /// <summary>An empty site cell, HTML-decoded (the page writes the dash as &amp;#x2014;): a dash for the eye, the
    /// words for a screen reader.</summary>
    private const string NoSite = "<span aria-hidden=\"true\" class=\"no-site\">—</span><span class=\"visually-hidden\">No site</span>";

    /// <summary>The heading row of the table <paramref name="table"/> (its id).</summary>
    private static string Head(string html, string table) => Regex.Match(html, $"<table id=\"{table}\".*?</thead>", RegexOptions.Singleline).Value;

    /// <summary>What the site cell of the row <paramref name="row"/> (its id) says, null when the row has none.</summary>
    private static string? SiteCell(string html, string row)
    {
        var tr = Regex.Match(html, $"<tr id=\"{row}\".*?</tr>", RegexOptions.Singleline);
        Assert.That(tr.Success, Is.True, $"{row} has a row");
        var cell = Regex.Match(tr.Value, "<td class=\"[a-z]+-site\" data-label=\"Site\">(.*?)</td>", RegexOptions.Singleline);
        return cell.Success ? cell.Groups[1].Value.Trim() : null;
    }

    [Test]
    public async Task PrintQueue_CounsellorOpensOnOwnSite_ManagerSeesAll()
    {
        await PrintJobAtEachSiteAsync();
        var counsellor = await SignedInSessionAsync("sari", "Sari Salo", "counsellor");
        var manager = await SignedInSessionAsync("maija", "Maija Mäki", "manager");

        var own = await counsellor.GetAsync("/labels");
        var chosen = await counsellor.GetAsync("/labels?site=LANSI");
        var managers = await manager.GetAsync("/labels");

        Assert.That(own.Text, Does.Contain(eastTag).And.Not.Contain(westTag));
        Assert.That(chosen.Text, Does.Contain(westTag).And.Not.Contain(eastTag));
        Assert.That(managers.Text, Does.Contain(eastTag).And.Contain(westTag));
        Assert.That(managers.Html, Does.Not.Contain("<option value=\"ITA\" selected"));
    }

    [Test]
    public async Task PrintQueue_AllSites_EachJobNamesItsSite()
    {
        var (eastJob, westJob) = await PrintJobAtEachSiteAsync();
        var manager = await SignedInSessionAsync("maija", "Maija Mäki", "manager", "en");

        foreach (var url in new[] { "/labels", "/labels?site=" })
        {
            var page = await manager.GetAsync(url);

            Assert.That(Head(page.Html, "print-queue"), Does.Contain("<th scope=\"col\">Site</th>"), url);
            Assert.That(SiteCell(page.Html, $"print-job-{eastJob}"), Is.EqualTo("ITA"), url);
            Assert.That(SiteCell(page.Html, $"print-job-{westJob}"), Is.EqualTo("LANSI"), url);
        }
        var api = await Ok(await Http.GetAsync("/api/print-jobs"));
        Assert.That(api.EnumerateArray().Select(j => (j.GetProperty("id").GetInt64(), j.GetProperty("siteCode").GetString())),
            Is.EquivalentTo(new[] { (eastJob, "ITA"), (westJob, "LANSI") }));
    }

    [Test]
    public async Task PrintQueue_OneSiteChosen_NoSiteColumn()
    {
        var (eastJob, _) = await PrintJobAtEachSiteAsync();
        var manager = await SignedInSessionAsync("maija", "Maija Mäki", "manager", "en");

        var page = await manager.GetAsync("/labels?site=ITA");

        Assert.That(Head(page.Html, "print-queue"), Does.Not.Contain("Site"));
        Assert.That(SiteCell(page.Html, $"print-job-{eastJob}"), Is.Null);
    }

    [TestCase("/labels?site=ITA")]
    [TestCase("/labels?site=")]
    public async Task PrintQueueReprint_SiteChosen_RedirectsToSameList(string list)
    {
        var (eastJob, _) = await PrintJobAtEachSiteAsync();
        var manager = await SignedInSessionAsync("maija", "Maija Mäki", "manager", "en");
        var page = await manager.GetAsync(list);

        var posted = await manager.PostWithTokenAsync(FormAction(page.Html, "Reprint"), WebSession.Token(page.Html), ("id", eastJob.ToString(CultureInfo.InvariantCulture)));
        var after = await manager.GetAsync(posted.Location ?? "/labels");
        var reloaded = await manager.GetAsync(list);

        Assert.That(posted.Status, Is.AnyOf(HttpStatusCode.Redirect, HttpStatusCode.SeeOther), posted.Text);
        Assert.That(posted.Location, Is.EqualTo(list));
        Assert.That(after.Text, Does.Match(@"LL-\d{6}: reprint, 1 label sent to the printer desk\."));
        Assert.That(reloaded.Text, Does.Not.Contain("sent to the printer"), "the message is shown once, not on every later visit");
    }

    [Test]
    public async Task PrintQueueReprint_UnknownJob_RefusedOnSameList()
    {
        await PrintJobAtEachSiteAsync();
        var manager = await SignedInSessionAsync("maija", "Maija Mäki", "manager", "en");
        var page = await manager.GetAsync("/labels?site=ITA");

        var refused = await manager.PostWithTokenAsync(FormAction(page.Html, "Reprint"), WebSession.Token(page.Html), ("id", "999999"));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(refused.Html, Does.Contain("<option value=\"ITA\" selected"));
        Assert.That(refused.Text, Does.Contain(eastTag).And.Not.Contain(westTag));
    }

    [Test]
    public async Task BoardRetry_OneSiteChosen_RedirectsToSameList()
    {
        var eastJob = await JobAtAsync(east, "ADB-EAST-1");
        await JobAtAsync(west, "ADB-WEST-1");
        var manager = await SignedInSessionAsync("maija", "Maija Mäki", "manager", "en");
        var page = await manager.GetAsync("/provisioning?site=ITA");

        var posted = await manager.PostWithTokenAsync(FormAction(page.Html, "Retry"), WebSession.Token(page.Html), ("id", eastJob.Id.ToString(CultureInfo.InvariantCulture)));
        var after = await manager.GetAsync(posted.Location ?? "/provisioning");

        Assert.That(posted.Status, Is.AnyOf(HttpStatusCode.Redirect, HttpStatusCode.SeeOther), posted.Text);
        Assert.That(posted.Location, Is.EqualTo("/provisioning?site=ITA"));
        Assert.That(after.Text, Does.Contain($"#{eastJob.Id} (ADB-EAST-1): Queued again from the step that failed.").And.Not.Contain("ADB-WEST-1"));
    }

    /// <summary>Where the first form posting to <paramref name="handler"/> sends it, as a browser reads the attribute.</summary>
    private static string FormAction(string html, string handler)
    {
        var form = Regex.Match(html, $"<form method=\"post\" action=\"([^\"]*handler={handler}\\b[^\"]*)\"");
        Assert.That(form.Success, Is.True, $"a form posting to {handler}");
        return WebUtility.HtmlDecode(form.Groups[1].Value);
    }

    /// <summary>A label of the east device queued by this (east) service and one of the west device as if the west
    /// site's own service had queued it: that is the service a job belongs to. Their job numbers.</summary>
    private async Task<(long East, long West)> PrintJobAtEachSiteAsync()
    {
        var own = await Ok(await Http.PostAsJsonAsync("/api/labels", new { tag = eastTag }));
        var other = await Ok(await Http.PostAsJsonAsync("/api/labels", new { tag = westTag }));
        var westJob = other.GetProperty("id").GetInt64();
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE print_jobs SET site_id = @site WHERE id = @id", new { site = west.Id, id = westJob }, tx));
        return (own.GetProperty("id").GetInt64(), westJob);
    }

    private Task<ProvisioningJob> JobAtAsync(Site site, string adbSerial) =>
        Db.WriteAsync((c, tx) => JobStore.CreateAsync(c, tx, adbSerial, null, null, null, JobState.Failed, null, "test", site.Id));
}

/// <summary>An office of one site sees its lists as before there were sites: no site filter, and nothing filtered away
/// (not even a loan of a device that was never given a site), though its service has a Site setting.</summary>
public sealed class OneSiteListTests(Engine engine) : ApiTest(engine)
{
    protected override async Task BeforeStartAsync() => await new SiteService(Db).AddAsync("ITA", "Itäinen palvelupiste", null, "test");

    protected override string[] HostArgs => ["--Site=ITA"];

    [TestCase("/loans")]
    [TestCase("/provisioning")]
    [TestCase("/labels")]
    public async Task List_OneSiteOffice_NoSiteFilter(string url)
    {
        var web = await SignedInSessionAsync("sari", "Sari Salo", "counsellor");

        var page = await web.GetAsync(url);

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Html, Does.Not.Contain("id=\"site\""));
    }

    [Test]
    public async Task Loans_OneSiteOfficeDeviceWithoutSite_CounsellorSeesIt()
    {
        var borrower = (await Http.PostAsJsonAsync("/api/borrowers", new { name = "Kaisa Kollega", kind = "staff" }));
        var id = (await borrower.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var device = await (await Http.PostAsJsonAsync("/api/devices", new { kind = "tablet", model = "Tab", serialNumber = "N-1", acquisition = "purchased" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var tag = device.GetProperty("tag").GetString()!;
        (await Http.PostAsync($"/api/devices/{tag}/ready", null)).EnsureSuccessStatusCode();
        (await Http.PostAsJsonAsync("/api/loans", new { tag, borrower = id, kind = "staff", due = DateTime.Today.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }))
            .EnsureSuccessStatusCode();
        var web = await SignedInSessionAsync("sari", "Sari Salo", "counsellor");

        Assert.That((await web.GetAsync("/loans")).Text, Does.Contain(tag));
    }
}
