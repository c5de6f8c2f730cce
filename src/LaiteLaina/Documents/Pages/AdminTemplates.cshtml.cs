namespace LaiteLaina.Documents.Pages;

/// <summary>Every document template, each kind in each language, saying whether the office's own version or the built-in
/// text is in use and which version.</summary>
[Authorize(Policy = Access.Admin)]
public sealed class AdminTemplatesModel(TemplateService templates) : AppPage
{
    public IReadOnlyList<TemplateEntry> Templates { get; private set; } = [];

    public void OnGet() => Templates = templates.List();
}
