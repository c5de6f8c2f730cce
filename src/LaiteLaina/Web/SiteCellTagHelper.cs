using LaiteLaina.Kernel;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Web;

/// <summary>
/// The Site cell of a list that shows every site: the site's code, or for a row without a site (a job queued by a
/// service with no Site setting, an old loan) a dash. An empty cell reads as a page that failed to load, and on a phone
/// card it leaves a bare "Site" label; the dash alone says nothing to a screen reader, so the words "no site" from the
/// catalog go with it, hidden from sight.
/// </summary>
[HtmlTargetElement("td", Attributes = CodeAttribute)]
public sealed class SiteCellTagHelper(IStringLocalizer<Ui> l) : TagHelper
{
    private const string CodeAttribute = "site-code";

    [HtmlAttributeName(CodeAttribute)]
    public string? Code { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!string.IsNullOrEmpty(Code))
        {
            output.Content.Append(Code);
            return;
        }
        var dash = new TagBuilder("span");
        dash.AddCssClass("no-site");
        dash.Attributes["aria-hidden"] = "true";
        dash.InnerHtml.Append("—");
        var words = new TagBuilder("span");
        words.AddCssClass("visually-hidden");
        words.InnerHtml.Append(l["No site"]);
        output.Content.SetHtmlContent(dash).AppendHtml(words);
    }
}
