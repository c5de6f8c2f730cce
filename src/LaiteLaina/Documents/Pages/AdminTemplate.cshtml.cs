using LaiteLaina.Storage;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Documents.Pages;

/// <summary>
/// One template: which text is in use, a preview of it as a PDF, and a form to write the office's own version, with the
/// placeholders its kind has explained beside it. A refused text stays in the form with the line that is wrong.
/// </summary>
[Authorize(Policy = Access.Admin)]
public sealed class AdminTemplateModel(TemplateService templates, DocumentRenderer renderer, Database db, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Language { get; set; }
    [BindProperty] public string? TemplateTitle { get; set; }
    [BindProperty] public string? TemplateText { get; set; }

    /// <summary>The version the form started from; 0 until the page has loaded the one in use.</summary>
    [BindProperty] public int BasedOn { get; set; }

    public TemplateEntry? Entry { get; private set; }

    public string Label => TemplateWords.Label(l, Which().Kind, Which().Language);

    private (DocumentKind Kind, string Language) Which() => (DocumentKinds.Parse(Kind ?? ""), DocumentLanguages.Check(Language ?? ""));

    public override Task LoadAsync(CancellationToken ct)
    {
        var (kind, language) = Which();
        Entry = templates.Get(kind, language);
        // What was typed stays after a refusal; otherwise the form opens on the text in use.
        TemplateTitle ??= Entry.InUse.Title;
        TemplateText ??= Entry.InUse.Body;
        if (BasedOn == 0)
            BasedOn = Entry.InUse.Version;
        return Task.CompletedTask;
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>The template in use, filled with sample values, to open in a new tab.</summary>
    public async Task<IActionResult> OnGetPreviewAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return await PdfAsync(Entry!.InUse, ct);
    }

    /// <summary>What was typed, checked as a save would check it but not saved, filled with sample values.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        var (kind, language) = Which();
        var inUse = templates.Get(kind, language).InUse;
        // The preview is laid out as the saved text will be: in the style of the text in use.
        var draft = DocumentTemplates.ParseBody(kind, language, inUse.Version, TemplateTitle ?? "", Label, TemplateText ?? "") with { Style = inUse.Style };
        return await PdfAsync(draft, ct);
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        var (kind, language) = Which();
        try
        {
            var saved = await templates.SaveAsync(kind, language, TemplateTitle ?? "", TemplateText ?? "", BasedOn, Label, Actor, ct);
            (TemplateTitle, TemplateText, BasedOn) = (null, null, 0);
            return await DoneAsync(saved.Changed
                ? l["Saved as version {0}. Documents made from now on use it; those made earlier keep the version they were made with.", saved.Template.Version]
                : l["Nothing changed: the text is the same as version {0}.", saved.Template.Version], ct);
        }
        catch (UserError e) when (e.Code == Msg.TemplateChangedMeanwhile.Id)
        {
            // The next save is then made knowing it replaces the other person's version.
            BasedOn = templates.Get(kind, language).InUse.Version;
            throw;
        }
    }

    private async Task<IActionResult> PdfAsync(DocumentTemplate template, CancellationToken ct)
    {
        var settings = await db.ReadAsync(c => Settings.ReadAsync(c, null), ct);
        // No file name: the browser shows the PDF in its tab instead of saving it.
        return new FileContentResult(SampleDocuments.Preview(renderer, template, Organisation.Of(settings)), "application/pdf");
    }
}
