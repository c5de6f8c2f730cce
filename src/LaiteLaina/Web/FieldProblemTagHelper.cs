using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LaiteLaina.Web;

/// <summary>
/// Marks the form field a refusal is about: <c>problem-for="due"</c> on an input, select, textarea or canvas gives it
/// aria-invalid and puts the refusal's words right after it (tied with aria-describedby), so a screen reader and
/// the eye both land on what to correct. The names are those a <see cref="UserError"/> gives as its field (the page's
/// filter records them in ModelState); several may be given, separated by spaces, where the form names a field
/// differently from the service ("newName name").
/// </summary>
[HtmlTargetElement("input", Attributes = Name, TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("select", Attributes = Name)]
[HtmlTargetElement("textarea", Attributes = Name)]
[HtmlTargetElement("canvas", Attributes = Name)]
public sealed class FieldProblemTagHelper : TagHelper
{
    private const string Name = "problem-for";

    [HtmlAttributeName(Name)]
    public string Fields { get; set; } = "";

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var names = Fields.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var problem = names
            .Select(n => ViewContext.ModelState.TryGetValue(n, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null)
            .FirstOrDefault(m => m is not null);
        if (problem is null || names.Length == 0)
            return;
        var id = (output.Attributes.TryGetAttribute("id", out var own) ? own.Value?.ToString() : names[0]) + "-problem";
        output.Attributes.SetAttribute("aria-invalid", "true");
        var described = output.Attributes.TryGetAttribute("aria-describedby", out var d) ? d.Value?.ToString() + " " : "";
        output.Attributes.SetAttribute("aria-describedby", described + id);
        output.PostElement.AppendHtml($"<p class=\"field-problem\" id=\"{id}\">");
        output.PostElement.Append(problem);
        output.PostElement.AppendHtml("</p>");
    }
}
