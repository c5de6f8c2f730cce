using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace LaiteLaina.Web;

/// <summary>
/// A sentence that names a record ("Demon lånade ut enheten LL-000005") with the record's tag or reference kept on one
/// line: a browser may start a new line after any hyphen, and "LL-" at the end of one line and "000005" on the next is
/// read, and typed into the search box, as two things.
/// </summary>
public static class UnbrokenCode
{
    /// <summary><paramref name="text"/>, HTML-encoded, with each <paramref name="code"/> in it wrapped as a <c>tag</c>.</summary>
    public static IHtmlContent Html(string text, string? code)
    {
        var html = new HtmlContentBuilder();
        if (string.IsNullOrEmpty(code) || !code.Contains('-', StringComparison.Ordinal))
            return html.Append(text);
        var parts = text.Split(code);
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
                html.AppendHtml($"<span class=\"tag\">{HtmlEncoder.Default.Encode(code)}</span>");
            html.Append(parts[i]);
        }
        return html;
    }
}
