namespace LaiteLaina.Tests.Storage;

public sealed class SettingsTests(Engine engine) : DatabaseTest(engine)
{
    private Task<CliResult> Run(params string[] args) => CliRun.RunAsync([.. args, .. DataArgs()]);

    [Test]
    public async Task SettingsSet_OrganisationName_AppearsOnTheNextAgreement()
    {
        var set = await Run("settings", "set", "organisation_name", "Jyväskylän kaupunki, aikuissosiaalityö");
        Assert.That((set.ExitCode, set.Out.Trim()), Is.EqualTo((0, "organisation_name = Jyväskylän kaupunki, aikuissosiaalityö")));
        var inventory = new InventoryService(Db);
        await inventory.ReadyAsync((await inventory.AddAsync(new DeviceInput { Kind = "tablet" }, "t")).Tag, "t");
        var borrower = await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = "Aino" }, "t");
        var (loan, _) = await Service<LoanService>().CheckOutAsync(new CheckOutRequest
        {
            Tag = "LL-000001", Borrower = borrower.Id.ToString(), Due = DateTime.Today.AddDays(7).ToString("yyyy-MM-dd"), RecommendingWorker = "Sari",
        }, "t");
        var text = PdfTools.PdfToText((await new DocumentStore(Db).GetAsync(loan.DocumentId!.Value)).Content);
        Assert.That(text, Does.Contain("Jyväskylän kaupunki, aikuissosiaalityö"));
    }

    [TestCase("loan_renewal_limit", "lots", "loan_renewal_limit 'lots' is not valid: a whole number from 0 to 20.")]
    [TestCase("staff_return_to_ready", "maybe", "staff_return_to_ready 'maybe' is not valid: true or false.")]
    [TestCase("label_organisation", "A name far too long to fit on a small asset label at all", "label_organisation")]
    [TestCase("colour", "blue", "setting 'colour' is not valid: use one of organisation_name")]
    public async Task SettingsSet_BadNameOrValue_RefusedAndUnchanged(string name, string value, string expected)
    {
        var before = (await Run("settings", "list", "--format", "csv")).Out;
        var result = await Run("settings", "set", name, value);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain(expected));
        Assert.That((await Run("settings", "list", "--format", "csv")).Out, Is.EqualTo(before));
    }

    [Test]
    public async Task InitTagPrefix_ThenAdd_NewTagsUseIt()
    {
        await Run("init", "--tag-prefix", "jkl-");
        var added = await Run("device", "add", "--kind", "tablet");
        Assert.That(added.Out.Trim(), Is.EqualTo("JKL-000001"));
    }

    [Test]
    public async Task SettingsSet_Change_InTheAuditLogWithBeforeAndAfter()
    {
        await Run("settings", "set", "loan-renewal-limit", "5", "--as", "admin");
        var rows = await Db.ReadAsync(c => Dapper.SqlMapper.QueryAsync<(string Actor, string Before, string After)>(c,
            "SELECT actor, before_json, after_json FROM audit_log WHERE action = 'setting.set'"));
        Assert.That(rows.Single(), Is.EqualTo(("cli:admin", "{\"value\":\"3\"}", "{\"value\":\"5\"}")));
    }

    private Task<OfficeSettings> ReadAsync() => Db.ReadAsync(c => Settings.ReadAsync(c, null));

    private Task<int> StoreRawAsync(string name, string? value) => Db.WriteAsync((c, tx) => value is null
        ? c.ExecuteAsync("DELETE FROM settings WHERE name = @name", new { name }, tx)
        : c.ExecuteAsync("UPDATE settings SET value = @value WHERE name = @name", new { name, value }, tx));

    [Test]
    public async Task ReadAsync_FreshDatabase_TheShippedValues()
    {
        var settings = await ReadAsync();
        Assert.That((settings.TagPrefix, settings.TagDigits, settings.RenewalLimit, settings.StaffReturnToReady, settings.RetentionMonths, settings.OfficeLanguage),
            Is.EqualTo(("LL-", 6, 3, true, 12, "fi")));
    }

    [Test]
    public async Task ReadAsync_EverySettingSet_ReadTyped()
    {
        foreach (var (name, value) in new[]
                 {
                     ("organisation_name", "Kylän kunta"), ("organisation_contact", "040 1"), ("privacy_contact", "tietosuoja@kyla.example"),
                     ("label_organisation", "Kylä"), ("label_return_to", "Kauppakatu 1"), ("tag_prefix", "ky-"), ("tag_digits", "4"),
                     ("loan_renewal_limit", "0"), ("office_language", "sv"), ("staff_return_to_ready", "ei"), ("retention_months", "36"),
                 })
            await Settings.SetAsync(Db, name, value, "t");
        Assert.That(await ReadAsync(), Is.EqualTo(new OfficeSettings
        {
            OrganisationName = "Kylän kunta", OrganisationContact = "040 1", PrivacyContact = "tietosuoja@kyla.example", LabelOrganisation = "Kylä",
            LabelReturnTo = "Kauppakatu 1", TagPrefix = "KY-", TagDigits = 4, RenewalLimit = 0, OfficeLanguage = "sv", StaffReturnToReady = false,
            RetentionMonths = 36,
        }));
    }

    [TestCase("tag_digits", "kolme")]
    [TestCase("loan_renewal_limit", "99")]
    [TestCase("retention_months", "0")]
    [TestCase("office_language", "de")]
    [TestCase("staff_return_to_ready", "maybe")]
    [TestCase("tag_prefix", "LL LL")]
    [TestCase("tag_prefix", null)]
    [TestCase("loan_renewal_limit", null)]
    public async Task ReadAsync_ValueMissingOrNoLongerValid_TheDefault(string name, string? value)
    {
        await StoreRawAsync(name, value);
        var defaults = new OfficeSettings();
        var settings = await ReadAsync();
        Assert.That((settings.TagPrefix, settings.TagDigits, settings.RenewalLimit, settings.RetentionMonths, settings.OfficeLanguage),
            Is.EqualTo((defaults.TagPrefix, defaults.TagDigits, defaults.RenewalLimit, defaults.RetentionMonths, defaults.OfficeLanguage)));
        if (name == "staff_return_to_ready")
            Assert.That(settings.StaffReturnToReady, Is.False, "a return is wiped unless the office clearly says otherwise");
    }

    [TestCase("Kela-tuki", "Jyväskylän kaupunki", "Kela-tuki")]
    [TestCase(null, "Jyväskylän kaupunki", "Jyväskylän kaupunki")]
    [TestCase(null, null, "LaiteLaina")]
    public void LabelOwner_LabelNameThenOrganisation_OneRuleForLabelAndCard(string? label, string? organisation, string expected) =>
        Assert.That(new OfficeSettings { LabelOrganisation = label, OrganisationName = organisation }.LabelOwner, Is.EqualTo(expected));

    [TestCase("Palauta: Kauppakatu 12", "014 266 0000", "Palauta: Kauppakatu 12")]
    [TestCase(null, "014 266 0000", "014 266 0000")]
    [TestCase(null, null, "")]
    public void ReturnLine_LabelLineThenContact_OneRuleForLabelAndCard(string? line, string? contact, string expected) =>
        Assert.That(new OfficeSettings { LabelReturnTo = line, OrganisationContact = contact }.ReturnLine, Is.EqualTo(expected));
}
