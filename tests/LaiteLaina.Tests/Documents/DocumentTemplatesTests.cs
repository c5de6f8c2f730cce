using LaiteLaina.Storage;
using Microsoft.Extensions.Logging;

namespace LaiteLaina.Tests.Documents;

public class DocumentTemplatesTests
{
    private string dataDir = null!;

    [SetUp]
    public void CreateDataDir() => dataDir = Directory.CreateTempSubdirectory("laitelaina-templates-").FullName;

    [TearDown]
    public void RemoveDataDir() => Directory.Delete(dataDir, recursive: true);

    private void WriteOverride(string name, string text)
    {
        Directory.CreateDirectory(Path.Combine(dataDir, "templates"));
        File.WriteAllText(Path.Combine(dataDir, "templates", name), text);
    }

    [Test]
    public void LoadAll_BuiltIn_EveryKindAndLanguageLoads()
    {
        var all = new DocumentTemplates(null).LoadAll();

        Assert.That(all, Has.Count.EqualTo(20));
        Assert.That(all.Select(t => t.Origin), Has.All.EndsWith("(built-in)"));
    }

    [Test]
    public void LoadOverrides_OneOfficeFile_OnlyItLoaded()
    {
        WriteOverride("loan-agreement.sv.md", "---\nversion: 9\ntitle: X\n---\nX\n");
        WriteOverride("notes.txt", "not a template");

        var loaded = new DocumentTemplates(dataDir).LoadOverrides();

        Assert.That(loaded.Select(t => (t.Kind, t.Language, t.Version, t.IsOffice)), Is.EqualTo(new[] { (DocumentKind.LoanAgreement, "sv", 9, true) }));
        Assert.That(new DocumentTemplates(Path.Combine(dataDir, "none")).LoadOverrides(), Is.Empty);
    }

    [Test]
    public async Task Start_BrokenOfficeTemplate_RefusedWithFileAndLine()
    {
        WriteOverride("return-receipt.fi.md", "---\nversion: 2\ntitle: Kuitti\n---\n# Kuitti\n\n{{ devcie.tag }}\n");
        var location = new DataLocation(dataDir, null);
        var (db, _) = await location.InitialiseAsync();
        try
        {
            await using var host = Program.CreateHost([], location, "http://127.0.0.1:0", b => b.Logging.ClearProviders(), db);

            Assert.That(() => host.StartAsync(), Throws.TypeOf<UserError>().With.Message.Contains("return-receipt.fi.md line 7: unknown placeholder 'devcie.tag'"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    [Test]
    public void Render_OverrideInDataDirectory_Wins()
    {
        WriteOverride("loan-agreement.fi.md", """
            ---
            version: 7
            title: Kunnan oma sopimus
            ---
            # Kunnan oma sopimus

            Lainaaja {{ borrower.name }}, laite {{ device.tag }}.

            [qr]
            """);
        var renderer = new DocumentRenderer(new DocumentTemplates(dataDir));

        var doc = renderer.Render(DocumentKind.LoanAgreement, "fi", Samples.Loan());

        Assert.Multiple(() =>
        {
            Assert.That(doc.Info.TemplateVersion, Is.EqualTo(7));
            Assert.That(PdfTools.PdfToText(doc.Pdf), Does.Contain("Lainaaja Åsa Äijälä-Öhman, laite LL-000042."));
        });
    }

    [Test]
    public void Render_OverrideForOtherLanguage_BuiltInStillUsed()
    {
        WriteOverride("loan-agreement.sv.md", "---\nversion: 9\ntitle: X\n---\nX\n");

        var doc = new DocumentRenderer(new DocumentTemplates(dataDir)).Render(DocumentKind.LoanAgreement, "fi", Samples.Loan());

        Assert.That(doc.Info.TemplateVersion, Is.EqualTo(new DocumentTemplates(null).BuiltIn(DocumentKind.LoanAgreement, "fi").Version));
    }

    [Test]
    public void Get_UnknownPlaceholder_ThrowsWithFileAndLine()
    {
        WriteOverride("loan-agreement.fi.md", "---\nversion: 2\ntitle: Sopimus\n---\n# Sopimus\n\nNimi: {{ borower.name }}\n");

        Assert.That(() => new DocumentTemplates(dataDir).Get(DocumentKind.LoanAgreement, "fi"),
            Throws.TypeOf<UserError>().With.Message.Contains("loan-agreement.fi.md line 7: unknown placeholder 'borower.name'; did you mean borrower.name?"));
    }

    [TestCase("{% for a in acessories %}{{ a }}{% endfor %}", "acessories")]
    [TestCase("{% if device.colour %}x{% endif %}", "device.colour")]
    [TestCase("{{ loan.reference | append: loan.secret }}", "loan.secret")]
    public void Parse_UnknownPlaceholderInTagOrFilter_Throws(string markup, string unknown)
    {
        Assert.That(() => DocumentTemplates.Parse("loan-agreement.en.md", "test", $"---\nversion: 1\ntitle: T\n---\n{markup}\n"),
            Throws.TypeOf<UserError>().With.Message.Contains($"line 5: unknown placeholder '{unknown}'"));
    }

    [Test]
    public void Parse_LoopVariablesFiltersAndLiterals_Accepted()
    {
        var template = DocumentTemplates.Parse("loan-agreement.en.md", "test", """
            ---
            version: 1
            title: T
            ---
            {% for a in accessories limit: 3 %}{{ forloop.index }}. {{ a | upcase }}{% endfor %}
            {% assign who = borrower.name | default: "someone" %}{{ who }} {{ accessories.size }} {{ 'x|y' }}
            """);

        Assert.That(template.Version, Is.EqualTo(1));
    }

    [TestCase("", DocumentStyle.Standard)]
    [TestCase("style: plain\n", DocumentStyle.Plain)]
    [TestCase("style: Standard\n", DocumentStyle.Standard)]
    public void Parse_StyleInFrontMatter_LayoutChosen(string line, DocumentStyle style) =>
        Assert.That(DocumentTemplates.Parse("loan-agreement.fi-selko.md", "test", $"---\nversion: 1\ntitle: T\n{line}---\nx\n").Style, Is.EqualTo(style));

    [TestCase("no front matter\n", "line 1: must start with front matter")]
    [TestCase("---\ntitle: T\n---\n", "needs 'version: N'")]
    [TestCase("---\nversion: 1\n---\n", "needs 'title")]
    [TestCase("---\nversion: 1\ntitle: T\nstyle: large\n---\n", "line 4: 'style:' in the front matter is 'standard' or 'plain'")]
    [TestCase("---\nversion: 1\ntitle: T\n---\n{% if %}", "test")]
    public void Parse_Malformed_ThrowsUserError(string text, string message) =>
        Assert.That(() => DocumentTemplates.Parse("loan-agreement.en.md", "test", text),
            Throws.TypeOf<UserError>().With.Message.Contains(message));

    [TestCase("{{ device.battery }}", "line 1: unknown placeholder 'device.battery'; known: ")]
    [TestCase("a\n{% if device.imei %}x\nb", "line 2: {% if %} is not closed; add {% endif %} where that part ends")]
    [TestCase("a\n{% for a in accessories %}\n{% if a %}x\n{% endfor %}", "line 4: here is {% endfor %}, but first the {% if %} of line 3 must be closed with {% endif %}")]
    [TestCase("a\nb\n{% endif %}", "line 3: {% endif %} has nothing to close; remove it or add {% if … %} before it")]
    [TestCase("a\n{{ device.tag \nb", "line 2: {{ is not closed; end it with }}")]
    [TestCase("a\n{{ device.tag \n{{ device.serial }}", "line 2: {{ is not closed; end it with }}")]
    [TestCase("a\n{% iff device.imei %}x", "line 2: unknown tag {% iff %}; the tags are if, elsif")]
    [TestCase("a\n\n{% if device.imei = 1 %}x{% endif %}", "line 3: {% if %} cannot be read; write it like this: {% if device.imei %} … {% endif %}")]
    [TestCase("a\n{{ device.tag | }}", "line 2: this line cannot be read; write a placeholder like {{ borrower.name }}")]
    [TestCase("{% raw %}{% endif %}{{ {% endraw %}", null)]
    public void ParseBody_Mistake_NamesTheLineAndWhatWouldBeRight(string body, string? message)
    {
        TestDelegate parse = () => DocumentTemplates.ParseBody(DocumentKind.LoanAgreement, "en", 1, "T", "loan agreement (English)", body);
        if (message is null)
            Assert.That(parse, Throws.Nothing);
        else
            Assert.That(parse, Throws.TypeOf<UserError>().With.Message.StartWith("template loan agreement (English) " + message));
    }

    [Test]
    public void ParseBody_InFinnish_SaysTheLineAndTheNearestPlaceholder()
    {
        var error = Assert.Throws<UserError>(() => DocumentTemplates.ParseBody(DocumentKind.SanitisationCertificate, "fi", 1, "T", "tyhjennystodistus (suomi)",
            "# Todistus\n\n{{ sanitisation.metod }}\n"))!;

        Assert.That(error.In(new System.Globalization.CultureInfo("fi")),
            Is.EqualTo("pohja tyhjennystodistus (suomi), rivi 3: tuntematon paikkamerkki 'sanitisation.metod'; tarkoititko sanitisation.method?"));
    }

    [Test]
    public void BuiltIn_EveryTemplate_ReadsBackFromItsBodyAsTheSameTemplate()
    {
        foreach (var t in new DocumentTemplates(null).LoadAll())
        {
            var again = DocumentTemplates.Parse(t.FileName, "test", DocumentTemplates.FileText(t.Version, t.Title, t.Body));
            Assert.That((again.Version, again.Title, again.Body), Is.EqualTo((t.Version, t.Title, t.Body)), t.FileName);
        }
    }
}
