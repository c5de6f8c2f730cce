using Microsoft.Extensions.Localization;

namespace LaiteLaina.Documents.Pages;

/// <summary>The second look before the office's version of a template gives way to the built-in text: it names the
/// template and both versions.</summary>
[Authorize(Policy = Access.Admin)]
public sealed class AdminTemplateRevertModel(TemplateService templates, IStringLocalizer<Ui> l) : AppPage
{
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Language { get; set; }

    public TemplateEntry? Entry { get; private set; }

    public string Label => TemplateWords.Label(l, Entry!.Kind, Entry.Language);

    public override Task LoadAsync(CancellationToken ct)
    {
        Entry = templates.Get(DocumentKinds.Parse(Kind ?? ""), DocumentLanguages.Check(Language ?? ""));
        return Task.CompletedTask;
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var builtIn = await templates.RevertAsync(Entry!.Kind, Entry.Language, Label, Actor, ct);
        return await DoneAsync(l["The built-in text (version {0}) is in use again.", builtIn.Version], ct);
    }
}
