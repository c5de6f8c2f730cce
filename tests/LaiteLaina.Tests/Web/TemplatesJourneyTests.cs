using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>An administrator in Swedish on a phone changes the Swedish loan agreement: a mistyped placeholder is refused
/// with its line and the nearest right name, the corrected text is saved as the next version and previewed, and the built-in
/// text is taken back after the second look.</summary>
[EndToEnd]
public sealed class TemplatesJourneyTests(Engine engine) : BrowserTest(engine)
{
    protected override string[] HostArgs => ["--Provisioning:Enabled=false"];

    [SetUp]
    public Task AddAdministratorAsync() => AddUserAsync("astrid", "Astrid Admin", "admin", "sv");

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.That(widths[0], Is.LessThanOrEqualTo(widths[1]), page.Url);
    }

    /// <summary>The built-in Swedish agreement's version; the office's first save is the next.</summary>
    private static readonly int B = new DocumentTemplates(null).BuiltIn(DocumentKind.LoanAgreement, "sv").Version;

    [Test]
    public async Task Administrator_ChangesTheSwedishLoanAgreementOnAPhone_RefusedThenSavedPreviewedAndReverted()
    {
        var page = await SignInAsync("astrid", Phone);
        await page.Locator("#menu-button").ClickAsync();
        await page.Locator("nav a[href='/admin/templates']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Dokumentmallar");
        await AssertNoSidewaysScrollAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Låneavtal (svenska)", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#in-use")).ToHaveTextAsync($"Standardtexten, version {B}");
        await AssertNoSidewaysScrollAsync(page);

        var text = page.GetByLabel("Text", new() { Exact = true });
        var builtIn = await text.InputValueAsync();
        await text.FillAsync(builtIn.Replace("{{ borrower.name }}", "{{ borower.name }}", StringComparison.Ordinal));
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page.Locator("#text-problem")).ToContainTextAsync("okänd platshållare 'borower.name'; menade du borrower.name?");
        await Assertions.Expect(page.Locator("#text-problem")).ToContainTextAsync("mallen Låneavtal (svenska), rad ");
        Assert.That(await text.GetAttributeAsync("aria-invalid"), Is.EqualTo("true"));
        Assert.That(await text.InputValueAsync(), Does.Contain("{{ borower.name }}"), "what was typed stays");
        await ScreenshotAsync(page, "template-refused-sv");
        await AssertNoSidewaysScrollAsync(page);

        await text.FillAsync(builtIn.Replace("# Låneavtal för utrustning", "# Kommunens låneavtal för utrustning", StringComparison.Ordinal));
        await page.Locator("#save").ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync($"Sparad som version {B + 1}.");
        await Assertions.Expect(page.Locator("#in-use")).ToHaveTextAsync($"Kontorets egen version, version {B + 1}");
        Assert.That(await page.Locator("#preview-in-use").GetAttributeAsync("target"), Is.EqualTo("_blank"));
        var pdf = PdfTools.PdfToText(await PdfAsync(page, (await page.Locator("#preview-in-use").GetAttributeAsync("href"))!));
        Assert.That(pdf, Does.Contain("Kommunens låneavtal för utrustning").And.Contain("Maja Exempelsson"));
        await ScreenshotAsync(page, "template-saved-sv");

        await page.Locator("#revert").ClickAsync();
        await Assertions.Expect(page.Locator("#confirm-question"))
            .ToHaveTextAsync($"Ska kontorets version {B + 1} av Låneavtal (svenska) ersättas med standardtexten (version {B})?");
        await AssertNoSidewaysScrollAsync(page);
        await page.Locator("#confirm-revert").ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToHaveTextAsync($"Standardtexten (version {B}) används igen.");
        Assert.That(File.Exists(Path.Combine(Scratch, "templates", "loan-agreement.sv.md")), Is.False);
    }
}
