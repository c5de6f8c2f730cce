using LaiteLaina.Documents;
using LaiteLaina.Inventory;
using LaiteLaina.Loans;
using LaiteLaina.People;
using LaiteLaina.Storage;
using LaiteLaina.Tests.Cli;
using LaiteLaina.Tests.Documents;

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
        var loan = await LoanService.ForDataDirectory(Db, Scratch).CheckOutAsync(new CheckOutRequest
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
}
