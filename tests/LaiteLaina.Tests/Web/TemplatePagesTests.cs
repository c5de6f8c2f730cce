using System.Xml.Linq;
using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>The document templates pages over HTTP, in Finnish: the list, a save, a refused text that stays in the form
/// with its line and changes nothing, a revert after the second look, the preview, the audit sentences, and only for
/// administrators.</summary>
public sealed class TemplatePagesTests(Engine engine) : ApiTest(engine)
{
    private const string Edit = "/admin/templates/edit?kind=loan-agreement&language=sv";
    private WebSession web = null!;

    [SetUp]
    public async Task SignInAsync()
    {
        web = await SignedInSessionAsync("aino", "Aino Ylläpito", "admin");
    }

    private string OfficeFile => Path.Combine(Scratch, "templates", "loan-agreement.sv.md");

    private Task<long> TemplateAuditRowsAsync() =>
        Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE record_type = 'template'"));

    /// <summary>The built-in Swedish agreement's version; the office's first save is the next.</summary>
    private static readonly int B = new DocumentTemplates(null).BuiltIn(DocumentKind.LoanAgreement, "sv").Version;

    private Task<PageResult> SaveAsync(string text, string title = "Kommunens låneavtal", string? basedOn = null) =>
        web.PostAsync(Edit, Edit.Replace("edit?", "edit?handler=Save&", StringComparison.Ordinal),
            ("TemplateTitle", title), ("TemplateText", text), ("BasedOn", basedOn ?? B.ToString(CultureInfo.InvariantCulture)));

    [Test]
    public async Task List_Administrator_EveryKindAndLanguageInTheirWords()
    {
        var list = await web.GetAsync("/admin/templates");

        Assert.That(list.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Regex.Count(list.Html, "data-template=\""), Is.EqualTo(20), "two agreements and the receipt, the certificate and the profile removal record, in four languages");
        Assert.That(list.Text, Does.Contain("Lainasopimus (ruotsi)").And.Contain("Tyhjennystodistus (selkosuomi)").And.Contain("Käyttäjäprofiilin poistoraportti (ruotsi)").And.Contain("Vakioteksti")
            .And.Not.Contain("loan-agreement"));
        Assert.That((await web.GetAsync("/")).Html, Does.Contain("href=\"/admin/templates\""), "in the administrator's menu");
    }

    [Test]
    public async Task Pages_Manager_Refused()
    {
        var manager = await SignedInSessionAsync("maija", "Maija Manageri", "manager");

        foreach (var url in new[] { "/admin/templates", Edit, Edit + "&handler=Preview", Edit.Replace("edit", "revert", StringComparison.Ordinal) })
        {
            var page = await manager.GetAsync(url);
            Assert.That(page.Status == HttpStatusCode.Forbidden || page.Location?.Contains("/denied", StringComparison.Ordinal) == true, Is.True, url);
        }
        Assert.That((await manager.GetAsync("/")).Html, Does.Not.Contain("href=\"/admin/templates\""));
    }

    [Test]
    public async Task Save_UnknownPlaceholder_KeepsTheTextMarksItSaysTheLineAndSavesNothing()
    {
        var refused = await SaveAsync("# Låneavtal\n\nNamn: {{ borower.name }}\n");

        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        var html = WebUtility.HtmlDecode(refused.Html);
        Assert.That(html, Does.Match("<textarea id=\"text\"[^>]*aria-invalid=\"true\"[^>]*>\\s*# Låneavtal\\s+Namn: \\{\\{ borower.name \\}\\}"));
        Assert.That(html, Does.Contain("id=\"text-problem\"").And.Contain("value=\"Kommunens låneavtal\""));
        Assert.That(refused.Text, Does.Contain("pohja Lainasopimus (ruotsi), rivi 3: tuntematon paikkamerkki 'borower.name'; tarkoititko borrower.name?"));
        Assert.That((File.Exists(OfficeFile), await TemplateAuditRowsAsync()), Is.EqualTo((false, 0L)));
    }

    /// <summary>A form with its own action gets no antiforgery token unless it asks: the browser's post would then fail.</summary>
    private static void AssertFormCarriesItsToken(string html, string action) =>
        Assert.That(Regex.IsMatch(html, Regex.Escape(action) + "[^>]*>(?:(?!</form>).)*name=\"__RequestVerificationToken\"", RegexOptions.Singleline), Is.True, action);

    [Test]
    public async Task Save_ThenRevertAfterTheSecondLook_VersionsInUseAndTheAuditLogInWords()
    {
        AssertFormCarriesItsToken((await web.GetAsync(Edit)).Html, "action=\"/admin/templates/edit?handler=Save");
        var saved = await SaveAsync("# Kommunens låneavtal\n\nLåntagare: {{ borrower.name }}, enhet {{ device.tag }}.\n");
        Assert.That(saved.Text, Does.Contain($"Tallennettu versioksi {B + 1}."));
        Assert.That(saved.Html, Does.Contain($"name=\"BasedOn\" value=\"{B + 1}\""));
        Assert.That((await web.GetAsync("/admin/templates")).Text, Does.Contain("Toimiston oma versio"));
        Assert.That(File.ReadAllText(OfficeFile), Does.StartWith($"---\nversion: {B + 1}\ntitle: Kommunens låneavtal\n---\n# Kommunens låneavtal"));

        var revert = Edit.Replace("edit", "revert", StringComparison.Ordinal);
        var ask = await web.GetAsync(revert);
        AssertFormCarriesItsToken(ask.Html, "action=\"/admin/templates/revert?");
        Assert.That(ask.Text, Does.Contain($"Korvataanko pohjan Lainasopimus (ruotsi) toimiston versio {B + 1} vakiotekstillä (versio {B})?"));
        Assert.That(File.Exists(OfficeFile), Is.True, "asking changes nothing");
        var done = await web.PostAsync(revert, revert);
        Assert.That(done.Text, Does.Contain($"Vakioteksti (versio {B}) on taas käytössä."));
        Assert.That(File.Exists(OfficeFile), Is.False);

        var audit = (await web.GetAsync("/audit")).Text;
        Assert.That(audit, Does.Contain($"Aino Ylläpito tallensi asiakirjapohjasta lainasopimus (ruotsi) toimiston oman version; versio {B} → {B + 1}; toimiston oma teksti ei → kyllä"));
        Assert.That(audit, Does.Contain($"Aino Ylläpito otti asiakirjapohjan lainasopimus (ruotsi) vakiotekstin takaisin käyttöön; versio {B + 1} → {B}"));
    }

    [Test]
    public async Task Preview_InUseAndTyped_PdfsFilledWithSamplesInTheDocumentsLanguage()
    {
        using var inUse = await web.Http.GetAsync(Edit + "&handler=Preview");
        Assert.That(inUse.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(inUse.Content.Headers.ContentDisposition, Is.Null, "shown in its tab, not saved");
        Assert.That(PdfTools.PdfToText(await inUse.Content.ReadAsByteArrayAsync()), Does.Contain("Maja Exempelsson").And.Contain("Låneavtal"));

        var page = await web.GetAsync(Edit);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["TemplateTitle"] = "Utkast", ["TemplateText"] = "# Utkast\n\nHej {{ borrower.name }}!\n", ["BasedOn"] = B.ToString(CultureInfo.InvariantCulture),
            ["once"] = WebSession.Hidden(page.Html, "once"), ["__RequestVerificationToken"] = WebSession.Token(page.Html)!,
        });
        using var typed = await web.Http.PostAsync(Edit.Replace("edit?", "edit?handler=Preview&", StringComparison.Ordinal), form);
        Assert.That(typed.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/pdf"));
        Assert.That(PdfTools.PdfToText(await typed.Content.ReadAsByteArrayAsync()), Does.Contain("Hej Maja Exempelsson!"));
        Assert.That((File.Exists(OfficeFile), await TemplateAuditRowsAsync()), Is.EqualTo((false, 0L)), "a preview saves nothing");
    }
}

/// <summary>Every placeholder the templates page lists has its explanation in each language.</summary>
public sealed class TemplateWordsCatalogTests
{
    [TestCase("")]
    [TestCase("fi")]
    [TestCase("sv")]
    public void Catalog_EveryPlaceholderAndLanguage_HasWords(string culture)
    {
        var keys = XDocument.Load(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../src/LaiteLaina/Kernel", culture.Length == 0 ? "Ui.resx" : $"Ui.{culture}.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        var wanted = Enum.GetValues<DocumentKind>().SelectMany(DocumentKinds.Placeholders).Select(p => "Placeholder." + p)
            .Concat(DocumentLanguages.All.Select(l => "DocumentLanguage." + l));
        Assert.That(wanted.Where(k => !keys.Contains(k)).Distinct(), Is.Empty);
    }
}
