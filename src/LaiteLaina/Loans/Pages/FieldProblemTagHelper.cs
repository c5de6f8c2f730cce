using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LaiteLaina.Loans.Pages;

/// <summary>
/// Marks a form field the last post refused: <c>&lt;input problem-for="from"&gt;</c> gets aria-invalid and, right after
/// it, the refusal in the user's language, tied to the field by aria-describedby, so a screen reader reads it with it.
/// The refusal is the one <see cref="UserErrorPageFilter"/> put into the model state under the field's name.
/// </summary>
[HtmlTargetElement("input", Attributes = "problem-for", TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("select", Attributes = "problem-for")]
[HtmlTargetElement("textarea", Attributes = "problem-for")]
[HtmlTargetElement("fieldset", Attributes = "problem-for")]
public sealed class FieldProblemTagHelper : TagHelper
{
    [HtmlAttributeName("problem-for")]
    public string Field { get; set; } = "";

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (ViewContext.ViewData.ModelState[Field]?.Errors.FirstOrDefault()?.ErrorMessage is not { Length: > 0 } problem)
            return;
        var id = Field + "-problem";
        output.Attributes.SetAttribute("aria-invalid", "true");
        var described = output.Attributes["aria-describedby"]?.Value?.ToString();
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrEmpty(described) ? id : described + " " + id);
        var p = new TagBuilder("p");
        p.AddCssClass("field-problem");
        p.Attributes["id"] = id;
        p.InnerHtml.Append(problem);
        if (output.TagName == "fieldset")
            output.PreContent.AppendHtml(p);
        else
            output.PostElement.AppendHtml(p);
    }
}
