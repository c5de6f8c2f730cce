using Microsoft.Extensions.Configuration;

namespace LaiteLaina.Tests.Inventory;

/// <summary>
/// The rule for site codes (#20): 2–16 characters, A–Z, digits and '-', starting with a letter, trimmed and
/// upper-cased, enforced where sites are added and renamed, so the pages, the API and the command line say the same.
/// A code saved before the rule keeps working and can be renamed.
/// </summary>
public sealed class SiteCodeTests(Engine engine) : DatabaseTest(engine)
{
    private SiteService Sites => new(Db);

    private Task<long> CountAsync(string sql) => Db.ReadAsync(c => c.ExecuteScalarAsync<long>(sql));

    /// <summary>A site as an older version saved it, before there was a rule for codes.</summary>
    private Task<int> OldSiteAsync(string code, string name) =>
        Db.WriteAsync((c, tx) => c.ExecuteAsync("INSERT INTO sites (code, name, created_at) VALUES (@code, @name, @now)",
            new { code, name, now = DateTimeOffset.UtcNow }, tx));

    [TestCase("hki-1", "HKI-1")]
    [TestCase("  Keskus ", "KESKUS")]
    [TestCase("AB", "AB")]
    [TestCase("A234567890123456", "A234567890123456")]
    public async Task AddAsync_CodeInAnyCaseWithSpacesAround_StoredTrimmedAndUpperCased(string given, string stored)
    {
        var site = await Sites.AddAsync(given, "Toimipiste", null, "t");

        Assert.That(site.Code, Is.EqualTo(stored));
        Assert.That((await Sites.GetAsync(stored)).Code, Is.EqualTo(stored));
    }

    [TestCase("Itä piste")]
    [TestCase("ITÄ")]
    [TestCase("A")]
    [TestCase("A2345678901234567")]
    [TestCase("1KESKUS")]
    [TestCase("KES_KUS")]
    [TestCase("KESKUS/2")]
    public async Task AddAsync_CodeBreakingTheRule_OneMessageNamingFieldValueAndRuleNothingSaved(string code)
    {
        var e = Assert.ThrowsAsync<UserError>(() => Sites.AddAsync(code, "Toimipiste", null, "t"))!;

        Assert.That(e.Field, Is.EqualTo("code"));
        Assert.That(e.Kind, Is.EqualTo(UserErrorKind.Invalid));
        Assert.That(e.In(CultureInfo.GetCultureInfo("fi")), Is.EqualTo(
            $"Tarkista tunnus: '{code}' ei kelpaa – tunnuksessa pitää olla 2–16 merkkiä: kirjaimia A–Z (ei Ä, Ö eikä Å), numeroita ja viivoja (-), ja sen pitää alkaa kirjaimella, esimerkiksi KESKUS tai HKI-1."));
        Assert.That(e.In(CultureInfo.GetCultureInfo("sv")), Does.StartWith($"Fältet kod: '{code}' godtas inte – koden ska ha 2–16 tecken"));
        Assert.That(await CountAsync("SELECT count(*) FROM sites"), Is.Zero);
        Assert.That(await CountAsync("SELECT count(*) FROM audit_log"), Is.Zero);
    }

    [Test]
    public async Task AddAsync_SameCodeInOtherCase_Conflict()
    {
        await Sites.AddAsync("HKI-1", "Helsinki 1", null, "t");

        var e = Assert.ThrowsAsync<UserError>(() => Sites.AddAsync("hki-1", "Toinen", null, "t"))!;

        Assert.That(e.Kind, Is.EqualTo(UserErrorKind.Conflict));
        Assert.That(e.Message, Does.Contain("HKI-1"));
    }

    [Test]
    public async Task OldCodeBreakingTheRule_DevicesListsAndServiceSetting_StillFindItsSite()
    {
        await OldSiteAsync("Itä piste", "Itäinen palvelupiste");

        var device = await new InventoryService(Db).AddAsync(new DeviceInput { Kind = "tablet", Site = "itä piste" }, "t");
        var here = new ServiceSite(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Site"] = "Itä piste" }).Build());

        Assert.That(device.SiteCode, Is.EqualTo("Itä piste"));
        Assert.That(await Sites.IdOfAsync("ITÄ PISTE"), Is.EqualTo(device.SiteId));
        Assert.That(await here.IdAsync(Db), Is.EqualTo(device.SiteId));
    }

    [Test]
    public async Task RenameAsync_OldCode_RenamedAuditedAndDevicesFollow()
    {
        await OldSiteAsync("Itä piste", "Itäinen palvelupiste");
        var device = await new InventoryService(Db).AddAsync(new DeviceInput { Kind = "tablet", Site = "Itä piste" }, "t");

        var renamed = await Sites.RenameAsync("Itä piste", " ita ", "maija");

        Assert.That(renamed.Code, Is.EqualTo("ITA"));
        Assert.That((await new InventoryService(Db).GetAsync(device.Tag)).SiteCode, Is.EqualTo("ITA"));
        var audit = await Db.ReadAsync(c => c.QuerySingleAsync<(string Actor, string Before, string After)>(
            "SELECT actor, before_json, after_json FROM audit_log WHERE action = 'site.rename'"));
        Assert.That(audit.Actor, Is.EqualTo("maija"));
        Assert.That(audit.Before, Does.Contain("piste"));
        Assert.That(audit.After, Does.Contain("ITA"));
    }

    [TestCase("Itä")]
    [TestCase("KESKUS")]
    public async Task RenameAsync_BadOrTakenCode_RefusedNothingChanged(string code)
    {
        await OldSiteAsync("Itä piste", "Itäinen palvelupiste");
        await Sites.AddAsync("KESKUS", "Keskus", null, "t");
        var audits = await CountAsync("SELECT count(*) FROM audit_log");

        var e = Assert.ThrowsAsync<UserError>(() => Sites.RenameAsync("Itä piste", code, "maija"))!;

        Assert.That(e.Field, Is.EqualTo("code"));
        Assert.That(e.Message, Does.Contain(code));
        Assert.That(await CountAsync("SELECT count(*) FROM sites WHERE code = 'Itä piste'"), Is.EqualTo(1));
        Assert.That(await CountAsync("SELECT count(*) FROM audit_log"), Is.EqualTo(audits));
    }

    [TestCase("hki-1")]
    [TestCase(" HKI-1 ")]
    public async Task ServiceSite_ConfiguredCodeNotNormalised_FindsItsSite(string configured)
    {
        var site = await Sites.AddAsync("HKI-1", "Helsinki 1", null, "t");
        var here = new ServiceSite(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Site"] = configured }).Build());

        Assert.That(await here.IdAsync(Db), Is.EqualTo(site.Id));
    }

    [Test]
    public async Task ServiceSite_ConfiguredCodeOfNoSite_OneMessageNamingSettingValueAndCodes()
    {
        await Sites.AddAsync("HKI-1", "Helsinki 1", null, "t");
        var here = new ServiceSite(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Site"] = "HKI 1" }).Build());

        var e = Assert.ThrowsAsync<UserError>(() => here.IdAsync(Db))!;

        Assert.That(e.Field, Is.EqualTo("Site"));
        Assert.That(e.In(CultureInfo.GetCultureInfo("fi")), Does.Contain("'HKI 1'").And.Contain("HKI-1"));
    }

    [Test]
    public async Task Cli_SiteAddCodeBreakingTheRule_ExitOneWithTheRuleNothingSaved()
    {
        var result = await CliRun.RunAsync(["site", "add", "Itä piste", "Itäinen palvelupiste", .. DataArgs()]);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error.Trim(), Is.EqualTo(
            "error: code 'Itä piste' is not valid: 2–16 characters: the letters A–Z (no Ä, Ö or Å), digits and '-', starting with a letter, such as KESKUS or HKI-1."));
        Assert.That(await CountAsync("SELECT count(*) FROM sites"), Is.Zero);
    }

    [Test]
    public async Task Cli_SiteAddLowerCase_AddedUpperCased()
    {
        var result = await CliRun.RunAsync(["site", "add", "hki-1", "Helsinki 1", .. DataArgs()]);

        Assert.That((result.ExitCode, result.Out.Trim()), Is.EqualTo((0, "Site HKI-1 added.")));
    }

    [Test]
    public async Task Cli_SiteRenameOldCode_Renamed()
    {
        await OldSiteAsync("Itä piste", "Itäinen palvelupiste");

        var result = await CliRun.RunAsync(["site", "rename", "Itä piste", "ita", .. DataArgs()]);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Out, Does.Contain("ITA"));
        Assert.That(await CountAsync("SELECT count(*) FROM sites WHERE code = 'ITA'"), Is.EqualTo(1));
    }
}
