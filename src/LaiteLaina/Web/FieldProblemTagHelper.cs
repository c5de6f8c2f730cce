using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LaiteLaina.Web;

/// <summary>
/// Marks the field a refused post was about (<see cref="UserError.Field"/>, put in the model state by the page filter):
/// <c>aria-invalid</c>, and the refusal in the reader's language right after the field, tied to it by
/// <c>aria-describedby</c>, so that a person who cannot see the red sees which field to fix. <c>problem-for</c> names the
/// service's field names (separated by commas or spaces, where the form names a field differently from the service:
/// "newName name") the input answers for; an empty value marks nothing, for a page with several forms where only the
/// posted one is meant.
/// </summary>
[HtmlTargetElement("input", Attributes = ForAttribute, TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("select", Attributes = ForAttribute)]
[HtmlTargetElement("textarea", Attributes = ForAttribute)]
[HtmlTargetElement("fieldset", Attributes = ForAttribute)]
[HtmlTargetElement("canvas", Attributes = ForAttribute)]
public sealed class FieldProblemTagHelper : TagHelper
{
    private const string ForAttribute = "problem-for";

    [HtmlAttributeName(ForAttribute)]
    public string? Fields { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext View { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var state = View.ViewData.ModelState;
        // A refusal at the edge of the pages (too long, a control character, an identity code) names the field in the
        // kebab case of TextInput.FieldOf ("new-name"), the service in its own words: both mark the input.
        var error = (Fields ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SelectMany(f => new[] { f, TextInput.FieldOf(f) }).Distinct(StringComparer.Ordinal)
            .SelectMany(f => state.TryGetValue(f, out var entry) ? entry.Errors : [])
            .Select(e => e.ErrorMessage)
            .FirstOrDefault();
        if (error is null)
            return;
        var id = (output.Attributes["id"]?.Value?.ToString() ?? context.UniqueId) + "-problem";
        output.Attributes.SetAttribute("aria-invalid", "true");
        var described = output.Attributes["aria-describedby"]?.Value?.ToString();
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrEmpty(described) ? id : described + " " + id);
        var message = new TagBuilder("p");
        message.AddCssClass("field-problem");
        message.Attributes["id"] = id;
        message.InnerHtml.Append(error);
        // A group of radio buttons says what is wrong under its legend; a single field right after itself.
        if (output.TagName == "fieldset")
            output.PreContent.AppendHtml(message);
        else
            output.PostElement.AppendHtml(message);
    }
}
