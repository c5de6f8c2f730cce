using System.Globalization;
using System.Text.RegularExpressions;

namespace LaiteLaina.Kernel;

/// <summary>
/// Reads an English sentence back as the message it was rendered from: each of the given ids' English catalog texts
/// as a pattern (its words literally, each {n} any text), so that a text that only exists in English (a script's
/// line, an audit row written before messages were stored by id) can still be shown in the reader's language.
/// </summary>
public sealed partial class EnglishMessages
{
    // The longest texts first, so that a text that is the start of another never takes its line. A placeholder with a
    // date format ({0:d.M.yyyy}) takes an ISO date (2021-03-05) as a date, so that each language writes it its own way.
    private readonly IReadOnlyList<(Msg Id, Regex Pattern, int[] Order, bool[] Dates)> patterns;

    public EnglishMessages(IEnumerable<Msg> ids) => patterns = ids
        .Select(id => (Id: id, Text: MessageCatalog.Text(id.Id, MessageCatalog.English) ?? id.Id))
        // A text of placeholders alone ("{0}") says nothing to recognise, and would take every line, its own values too.
        .Where(t => Placeholder().Replace(t.Text, "").Any(char.IsLetter))
        .OrderByDescending(t => t.Text.Length)
        .Select(t =>
        {
            var placeholders = Placeholder().Matches(t.Text);
            var order = placeholders.Select(m => int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture)).ToArray();
            var dates = placeholders.Select(m => m.Groups[2].Success).ToArray();
            var pattern = new System.Text.StringBuilder("^");
            var last = 0;
            foreach (Match m in placeholders)
            {
                pattern.Append(Regex.Escape(t.Text[last..m.Index])).Append("(.*?)");
                last = m.Index + m.Length;
            }
            pattern.Append(Regex.Escape(t.Text[last..])).Append('$');
            return (t.Id, new Regex(pattern.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant), order, dates);
        })
        .ToList();

    [GeneratedRegex(@"\{([0-9]+)(:[^}]+)?\}")]
    private static partial Regex Placeholder();

    /// <summary>The text as a message, or null when no text matches; a value that is itself one of the sentences (the
    /// reason inside "the tablet disconnected in the middle of the work (...)") becomes a message too.</summary>
    public Message? Match(string text)
    {
        foreach (var (id, pattern, order, dates) in patterns)
        {
            var match = pattern.Match(text);
            if (!match.Success)
                continue;
            var args = new object?[order.Length == 0 ? 0 : order.Max() + 1];
            for (var i = 0; i < order.Length; i++)
            {
                var value = match.Groups[i + 1].Value;
                args[order[i]] = dates[i] && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
                    : value.Length > 20 && Match(value) is { } inner ? inner : value;
            }
            return id.With(args);
        }
        return null;
    }
}
