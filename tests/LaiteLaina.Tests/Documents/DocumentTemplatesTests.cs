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

        Assert.That(all, Has.Count.EqualTo(16));
        Assert.That(all.Select(t => t.Origin), Has.All.EndsWith("(built-in)"));
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

        Assert.That(doc.Info.TemplateVersion, Is.EqualTo(2));
    }

    [Test]
    public void Get_UnknownPlaceholder_ThrowsWithFileAndLine()
    {
        WriteOverride("loan-agreement.fi.md", "---\nversion: 2\ntitle: Sopimus\n---\n# Sopimus\n\nNimi: {{ borower.name }}\n");

        Assert.That(() => new DocumentTemplates(dataDir).Get(DocumentKind.LoanAgreement, "fi"),
            Throws.TypeOf<UserError>().With.Message.Contains("loan-agreement.fi.md line 7: unknown placeholder 'borower.name'; known: ")
                .And.Message.Contains("borrower.name"));
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

    [TestCase("no front matter\n", "line 1: must start with front matter")]
    [TestCase("---\ntitle: T\n---\n", "needs 'version: N'")]
    [TestCase("---\nversion: 1\n---\n", "needs 'title")]
    [TestCase("---\nversion: 1\ntitle: T\n---\n{% if %}", "test")]
    public void Parse_Malformed_ThrowsUserError(string text, string message) =>
        Assert.That(() => DocumentTemplates.Parse("loan-agreement.en.md", "test", text),
            Throws.TypeOf<UserError>().With.Message.Contains(message));
}
