using System.Globalization;

namespace LaiteLaina.Kernel;

public static class DocumentLanguages
{
    /// <summary>fi-selko is plain Finnish (selkosuomi): short sentences and common words.</summary>
    public static IReadOnlyList<string> All { get; } = ["fi", "sv", "en", "fi-selko"];

    /// <summary>A language as its own speakers name it, the way a language choice is shown to anyone.</summary>
    public static string NameOf(string language) => language switch
    {
        "fi" => "suomi", "sv" => "svenska", "en" => "English", "fi-selko" => "selkosuomi", _ => language,
    };

    public static string Check(string language)
    {
        var l = language.Trim().ToLowerInvariant();
        return All.Contains(l) ? l : throw UserError.Invalid("language", language, Msg.ValueOneOf.With(string.Join(", ", All)));
    }

    /// <summary>Finnish and Finland-Swedish write 14.3.2026; English spells the month out so it cannot be misread.</summary>
    public static string FormatDate(DateOnly date, string language) => language == "en"
        ? date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
        : date.ToString("d.M.yyyy", CultureInfo.InvariantCulture);
}
