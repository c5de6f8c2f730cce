namespace LaiteLaina.Tests.Web;

/// <summary>The rule for site codes (#20) on the sites page and the API: one message in the reader's language naming
/// the field, the value and what would be right, nothing saved; a code from before the rule flagged with a rename.</summary>
public sealed class SiteCodePagesTests(Engine engine) : ApiTest(engine)
{
    private Task<long> CountAsync(string sql) => Db.ReadAsync(c => c.ExecuteScalarAsync<long>(sql));

    [TestCase("fi", "Itä piste", "Tarkista tunnus: 'Itä piste' ei kelpaa – tunnuksessa pitää olla 2–16 merkkiä")]
    [TestCase("sv", "Itä piste", "Fältet kod: 'Itä piste' godtas inte – koden ska ha 2–16 tecken")]
    // Pasted from elsewhere, 21 characters: the page has no maxlength to cut it to 16, so the whole code is refused.
    [TestCase("fi", "KESKUSTA-PALVELUPISTE", "Tarkista tunnus: 'KESKUSTA-PALVELUPISTE' ei kelpaa – tunnuksessa pitää olla 2–16 merkkiä")]
    [TestCase("sv", "KESKUSTA-PALVELUPISTE", "Fältet kod: 'KESKUSTA-PALVELUPISTE' godtas inte – koden ska ha 2–16 tecken")]
    public async Task AdminSites_CodeBreakingTheRule_RefusedInReadersLanguageNothingSaved(string language, string code, string message)
    {
        var web = await SignedInSessionAsync("aino", "Aino Admin", "admin", language);

        var page = await web.PostAsync("/admin/sites", "/admin/sites?handler=Site", ("code", code), ("name", "Itäinen palvelupiste"), ("address", ""));

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Text, Does.Contain(message).And.Contain("KESKUS").And.Not.Contain("   at "));
        Assert.That(page.Text, Does.Not.Contain("is not valid").And.Not.Contain("characters"), "no English to a Finnish or Swedish reader");
        Assert.That(await CountAsync("SELECT count(*) FROM sites"), Is.Zero);
    }

    [Test]
    public async Task AdminSites_Form_NoMaxlengthNorRequiredSoTheServiceSpeaks()
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("INSERT INTO sites (code, name, created_at) VALUES ('Itä piste', 'Itäinen palvelupiste', @now)",
            new { now = DateTimeOffset.UtcNow }, tx));
        var web = await SignedInSessionAsync("aino", "Aino Admin", "admin", "fi");

        var page = await web.GetAsync("/admin/sites");

        // The add-site, rename and add-location forms are all on the page, and none lets the browser cut or refuse first.
        Assert.That(Regex.Count(page.Html, "<input id=\"(code|name|address|rename-[0-9]+|loc-[0-9]+)\""), Is.EqualTo(5));
        Assert.That(page.Html, Does.Not.Match("<input[^>]*\\b(maxlength|required|pattern)\\b"));
    }

    [Test]
    public async Task AdminSites_LowerCaseCode_AddedUpperCased()
    {
        var web = await SignedInSessionAsync("aino", "Aino Admin", "admin", "fi");

        var posted = await web.PostAsync("/admin/sites", "/admin/sites?handler=Site", ("code", " hki-1 "), ("name", "Helsinki 1"), ("address", ""));
        var page = await web.GetAsync(posted.Location!);
        var reloaded = await web.GetAsync(posted.Location!);

        // Post/Redirect/Get: a reload of what the person sees does not send the new site again.
        Assert.That((posted.Status, posted.Location), Is.EqualTo((HttpStatusCode.Redirect, "/admin/sites")));
        Assert.That(page.Text, Does.Contain("Toimipiste HKI-1 (Helsinki 1) on lisätty."));
        Assert.That(reloaded.Text, Does.Contain("HKI-1").And.Not.Contain("on lisätty"), "what was done is said once");
        Assert.That(await CountAsync("SELECT count(*) FROM sites WHERE code = 'HKI-1'"), Is.EqualTo(1));
        var location = await web.PostAsync("/admin/sites", "/admin/sites?handler=Location", ("site", "HKI-1"), ("name", "Aula"));
        Assert.That((await web.GetAsync(location.Location!)).Text, Does.Contain("Sijainti Aula on lisätty toimipisteeseen HKI-1."));
    }

    [Test]
    public async Task AdminSites_OldCodeBreakingTheRule_FlaggedAndRenamedFromThePage()
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("INSERT INTO sites (code, name, created_at) VALUES ('Itä piste', 'Itäinen palvelupiste', @now)",
            new { now = DateTimeOffset.UtcNow }, tx));
        await new SiteService(Db).AddAsync("KESKUS", "Keskus", null, "t");
        var web = await SignedInSessionAsync("aino", "Aino Admin", "admin", "fi");

        var before = await web.GetAsync("/admin/sites");
        var posted = await web.PostAsync("/admin/sites", "/admin/sites?handler=Rename", ("site", "Itä piste"), ("code", "ita"));
        var renamed = await web.GetAsync(posted.Location!);

        Assert.That(before.Text, Does.Contain("Tämä tunnus ei noudata toimipistetunnusten sääntöä"));
        Assert.That(before.Html, Does.Contain("name=\"code\"").And.Contain("handler=Rename"));
        Assert.That(Regex.Count(before.Html, "id=\"code-rule-"), Is.EqualTo(1), "only the old code is flagged");
        Assert.That((posted.Status, renamed.Status), Is.EqualTo((HttpStatusCode.Redirect, HttpStatusCode.OK)));
        Assert.That(renamed.Text, Does.Contain("Toimipisteen tunnus on nyt ITA").And.Contain("Pyydä IT-tukea vaihtamaan sama tunnus")
            .And.Not.Contain("Tämä tunnus ei noudata"));
        Assert.That(before.Text + renamed.Text, Does.Not.Match(@"\bSite\b"), "a configuration key is no word for the desk");
        Assert.That(await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'site.rename'"), Is.EqualTo(1));
    }

    [TestCase("fi", "Tarkista tunnus: 'i t' ei kelpaa")]
    [TestCase("sv", "'i t' godtas inte")]
    public async Task AdminSites_RenameRefused_TypedCodeKeptAndMarkedAtItsOwnForm(string language, string message)
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("INSERT INTO sites (code, name, created_at) VALUES ('itä', 'Itäinen palvelupiste', @now)",
            new { now = DateTimeOffset.UtcNow }, tx));
        var web = await SignedInSessionAsync("aino", "Aino Admin", "admin", language);

        var refused = await web.PostAsync("/admin/sites", "/admin/sites?handler=Rename", ("site", "itä"), ("code", "i t"));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Html, Does.Match("id=\"rename-[0-9]+\"[^>]*value=\"i t\"[^>]*aria-invalid=\"true\""), "the typed code is kept and marked");
        Assert.That(refused.Html, Does.Match("id=\"rename-[0-9]+-problem\"[^>]*>[^<]*" + Regex.Escape(message).Replace("'", "(?:'|&#x27;)")));
        Assert.That(refused.Html, Does.Not.Match("id=\"code\"[^>]*aria-invalid"), "the form for a new site is not the one refused");
        Assert.That(await CountAsync("SELECT count(*) FROM sites WHERE code = 'itä'"), Is.EqualTo(1));
    }

    [TestCase("fi", "Tarkista tunnus: '1A' ei kelpaa")]
    [TestCase("sv", "'1A' godtas inte")]
    public async Task AdminSites_AddSiteRefused_TypedValuesKeptAndCodeMarked(string language, string message)
    {
        var web = await SignedInSessionAsync("aino", "Aino Admin", "admin", language);

        var refused = await web.PostAsync("/admin/sites", "/admin/sites?handler=Site", ("code", "1A"), ("name", "Pohjoinen palvelupiste"), ("address", "Pohjoiskatu 1"));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Html, Does.Match("id=\"code\"[^>]*value=\"1A\"[^>]*aria-invalid=\"true\""), "the typed code is kept and marked");
        Assert.That(refused.Html, Does.Match("id=\"code-problem\"[^>]*>[^<]*" + Regex.Escape(message).Replace("'", "(?:'|&#x27;)")), "the message is beside the code");
        Assert.That(refused.Html, Does.Match("id=\"name\"[^>]*value=\"Pohjoinen palvelupiste\"").And.Match("id=\"address\"[^>]*value=\"Pohjoiskatu 1\""));
        Assert.That(Regex.Count(refused.Html, "aria-invalid"), Is.EqualTo(1), "only the refused field is marked");
        Assert.That(await CountAsync("SELECT count(*) FROM sites"), Is.Zero);
    }

    // ASCII words of the message: the page encodes the others as character references.
    [TestCase("fi", "on 1000 merkki")]
    [TestCase("sv", "har 1000 tecken, men")]
    public async Task AdminSites_AddLocationRefused_TypedNameKeptAndMarkedAtItsOwnForm(string language, string message)
    {
        var east = await new SiteService(Db).AddAsync("ITA", "Itäinen palvelupiste", null, "test");
        await new SiteService(Db).AddAsync("LANSI", "Läntinen palvelupiste", null, "test");
        var web = await SignedInSessionAsync("aino", "Aino Admin", "admin", language);
        var typed = new string('h', 1000);

        var refused = await web.PostAsync("/admin/sites", "/admin/sites?handler=Location", ("site", "ITA"), ("name", typed));

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Html, Does.Match($"id=\"loc-{east.Id}\"[^>]*value=\"{typed}\"[^>]*aria-invalid=\"true\""), "the typed name is kept and marked");
        Assert.That(refused.Html, Does.Match($"id=\"loc-{east.Id}-problem\"[^>]*>[^<]*{message}"), "the message is beside the name");
        Assert.That(Regex.Count(refused.Html, "aria-invalid"), Is.EqualTo(1), "no other site's form, nor the new site's name, is marked");
        Assert.That(await CountAsync("SELECT count(*) FROM locations"), Is.Zero);
    }

    [Test]
    public async Task ApiSites_CodeBreakingTheRule_ProblemNamingFieldAndValueNothingSaved()
    {
        var response = await Http.PostAsJsonAsync("/api/sites", new { code = "Itä piste", name = "Itäinen palvelupiste" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("field").GetString(), Is.EqualTo("code"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("'Itä piste'").And.Contain("A–Z"));
        Assert.That(await CountAsync("SELECT count(*) FROM sites"), Is.Zero);
    }

    [Test]
    public async Task ApiSitesRename_OldCode_RenamedAndRefusedWhenBad()
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("INSERT INTO sites (code, name, created_at) VALUES ('Itä piste', 'Itäinen palvelupiste', @now)",
            new { now = DateTimeOffset.UtcNow }, tx));

        var bad = await Http.PostAsJsonAsync($"/api/sites/{Uri.EscapeDataString("Itä piste")}/rename", new { code = "ITÄ" });
        var good = await Http.PostAsJsonAsync($"/api/sites/{Uri.EscapeDataString("Itä piste")}/rename", new { code = "ita" });

        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.OK), await good.Content.ReadAsStringAsync());
        Assert.That((await good.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString(), Is.EqualTo("ITA"));
    }
}
