using System.Globalization;
using Microsoft.Extensions.Localization;

namespace LaiteLaina.Documents.Pages;

/// <summary>How the templates pages name a template and where they link to it.</summary>
public static class TemplateWords
{
    /// <summary>"Låneavtal (svenska)": the kind of document, then its language, in the reader's words.</summary>
    public static string Label(IStringLocalizer l, DocumentKind kind, string language)
    {
        var words = l["DocumentKind." + DocumentKinds.FileStem(kind)].Value;
        return $"{char.ToUpper(words[0], CultureInfo.CurrentCulture)}{words[1..]} ({l["DocumentLanguage." + language].Value})";
    }

    /// <summary>The kind and language in the query rather than the path: one page, however many templates it shows.</summary>
    public static string Query(DocumentKind kind, string language) => $"kind={DocumentKinds.FileStem(kind)}&language={language}";
}
