namespace LaiteLaina.Tests.Documents;

/// <summary>The office's own versions of the templates: a new text gets a version no text of that template had, a refused
/// one writes nothing, every change is in the audit log, and a stored document names the version it was made with.</summary>
public sealed class TemplateServiceTests(Engine engine) : DatabaseTest(engine)
{
    private const string Label = "lainasopimus (suomi)";
    private DocumentTemplates templates = null!;
    private TemplateService service = null!;

    [SetUp]
    public void CreateService()
    {
        templates = new DocumentTemplates(Scratch);
        service = new TemplateService(templates, Db);
    }

    /// <summary>The built-in text's version: an office's first save is the next one. Read, not written here, since
    /// changes to the built-in text raise it.</summary>
    private static readonly int B = new DocumentTemplates(null).BuiltIn(DocumentKind.LoanAgreement, "fi").Version;

    private string OfficeFile => Path.Combine(Scratch, "templates", "loan-agreement.fi.md");

    private Task<TemplateSaved> SaveAsync(string body, int basedOn, string title = "Oma lainasopimus") =>
        service.SaveAsync(DocumentKind.LoanAgreement, "fi", title, body, basedOn, Label, "web:aino");

    private Task<List<(string Action, string? RecordKey, string? BeforeJson, string? AfterJson)>> AuditAsync() =>
        Db.ReadAsync(async c => (await c.QueryAsync<(string, string?, string?, string?)>(
            "SELECT action, record_key, before_json, after_json FROM audit_log WHERE record_type = 'template' ORDER BY id")).ToList());

    [Test]
    public async Task SaveAsync_NewText_NextVersionInUseAuditedAndNamedByStoredDocuments()
    {
        var saved = await SaveAsync("# Oma\n\nLainaaja {{ borrower.name }}, laite {{ device.tag }}.\n", basedOn: B);

        var inUse = templates.Get(DocumentKind.LoanAgreement, "fi");
        var document = new DocumentRenderer(templates).Render(DocumentKind.LoanAgreement, "fi", Samples.Loan());
        var audit = await AuditAsync();
        Assert.Multiple(() =>
        {
            Assert.That((saved.Changed, saved.Template.Version, inUse.IsOffice, inUse.Title), Is.EqualTo((true, B + 1, true, "Oma lainasopimus")));
            Assert.That((document.Info.TemplateName, document.Info.TemplateVersion), Is.EqualTo(("templates/loan-agreement.fi.md", B + 1)));
            Assert.That(PdfTools.PdfToText(document.Pdf), Does.Contain("Lainaaja Åsa Äijälä-Öhman, laite LL-000042."));
            Assert.That(audit.Select(a => (a.Action, a.RecordKey)), Is.EqualTo(new[] { ("template.save", (string?)"loan-agreement.fi.md") }));
            Assert.That(audit[0].BeforeJson, Does.Contain($"\"templateVersion\":{B}").And.Contain("\"officeText\":false"));
            Assert.That(audit[0].AfterJson, Does.Contain($"\"templateVersion\":{B + 1}").And.Contain("\"officeText\":true"));
        });
    }

    [Test]
    public async Task SaveAsync_UnknownPlaceholder_RefusedWithLineAndNothingWritten()
    {
        Assert.That(async () => await SaveAsync("# Oma\n\nNimi: {{ borower.name }}\n", basedOn: B),
            Throws.TypeOf<UserError>().With.Property(nameof(UserError.Field)).EqualTo("template")
                .And.Message.EqualTo("template lainasopimus (suomi) line 3: unknown placeholder 'borower.name'; did you mean borrower.name?"));

        Assert.That((File.Exists(OfficeFile), (await AuditAsync()).Count), Is.EqualTo((false, 0)));
    }

    [Test]
    public async Task SaveAsync_AfterARevert_NeverReusesAVersionAndKeepsTheOldText()
    {
        await SaveAsync("Versio kolme {{ device.tag }}\n", basedOn: B);
        var reverted = await service.RevertAsync(DocumentKind.LoanAgreement, "fi", Label, "web:aino");
        var again = await SaveAsync("Versio neljä {{ device.tag }}\n", basedOn: B);
        var audit = await AuditAsync();

        Assert.Multiple(() =>
        {
            Assert.That((reverted.IsOffice, reverted.Version), Is.EqualTo((false, B)));
            Assert.That(again.Template.Version, Is.EqualTo(B + 2), "the version after the built-in one named another text");
            Assert.That(service.Kept(DocumentKind.LoanAgreement, "fi", B + 1), Does.Contain($"version: {B + 1}").And.Contain("Versio kolme"));
            Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "template.save", "template.revert", "template.save" }));
        });
    }

    [Test]
    public async Task SaveAsync_SomeoneSavedMeanwhile_RefusedNamingTheirVersion()
    {
        await SaveAsync("Ensimmäinen {{ device.tag }}\n", basedOn: B);

        Assert.That(async () => await SaveAsync("Toinen {{ device.tag }}\n", basedOn: B),
            Throws.TypeOf<UserError>().With.Message.Contains($"as version {B + 1}"));
        Assert.That(File.ReadAllText(OfficeFile), Does.Contain("Ensimmäinen"));
    }

    [Test]
    public async Task SaveAsync_SameTextAsInUse_ChangesNothing()
    {
        var builtIn = templates.BuiltIn(DocumentKind.LoanAgreement, "fi");

        var saved = await SaveAsync(builtIn.Body, basedOn: B, title: builtIn.Title);

        Assert.That((saved.Changed, saved.Template.IsOffice, File.Exists(OfficeFile), (await AuditAsync()).Count), Is.EqualTo((false, false, false, 0)));
    }

    [Test]
    public void RevertAsync_BuiltInInUse_Refused() =>
        Assert.That(async () => await service.RevertAsync(DocumentKind.LoanAgreement, "fi", Label, "web:aino"),
            Throws.TypeOf<UserError>().With.Message.EqualTo("lainasopimus (suomi) already uses the built-in text"));

    [Test]
    public async Task SaveAsync_PlainFinnishText_KeepsThePlainLayout()
    {
        var builtIn = templates.BuiltIn(DocumentKind.LoanAgreement, "fi-selko");
        Assert.That(builtIn.Style, Is.EqualTo(DocumentStyle.Plain));

        await service.SaveAsync(DocumentKind.LoanAgreement, "fi-selko", builtIn.Title, builtIn.Body + "\nLisärivi.\n", builtIn.Version, Label, "web:aino");

        var inUse = templates.Get(DocumentKind.LoanAgreement, "fi-selko");
        Assert.That((inUse.IsOffice, inUse.Style), Is.EqualTo((true, DocumentStyle.Plain)), "the page edits the words, not the layout");
        Assert.That(File.ReadAllText(Path.Combine(Scratch, "templates", "loan-agreement.fi-selko.md")), Does.Contain("\nstyle: plain\n---\n"));
    }
}
