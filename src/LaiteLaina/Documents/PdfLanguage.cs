using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LaiteLaina.Documents;

/// <summary>
/// Writes a document's language where readers look for it: <c>/Lang</c> in the catalog (screen readers, PDF/A
/// validators) and <c>dc:language</c> in the XMP metadata. Skia's PDF backend has no setting for either, so the two
/// entries are put into the file it wrote, and the cross-reference table is shifted by the bytes added. The result is
/// still one revision (no incremental update), so the document a borrower is shown has no hidden earlier state.
/// </summary>
/// <remarks>
/// Skia writes the catalog and the metadata stream uncompressed and one classic cross-reference table with a single
/// subsection; anything else (a newer Skia writing object streams, say) is refused loudly rather than patched wrongly.
/// </remarks>
public static partial class PdfLanguage
{
    public static byte[] Apply(byte[] pdf, string language)
    {
        var tag = BcpTag(language);
        var text = Encoding.Latin1.GetString(pdf); // one char per byte: indices are byte offsets
        var edits = new List<(int At, int Remove, string Insert)>();

        var trailer = Last(TrailerRoot(), text, "trailer with /Root");
        var root = trailer.Groups[1].Value;
        var catalog = Single(new Regex($@"\n{root} 0 obj\n<<(?:(?!endobj).)*?/Type /Catalog", RegexOptions.Singleline), text, "catalog object");
        var end = text.IndexOf("\nendobj", catalog.Index, StringComparison.Ordinal);
        var close = text.LastIndexOf(">>", end, StringComparison.Ordinal);
        if (end < 0 || close < catalog.Index)
            throw Broken("end of the catalog");
        edits.Add((close, 0, $"\n/Lang ({tag})"));

        var meta = Single(MetadataLength(), text, "XMP metadata stream");
        var format = text.IndexOf("<dc:format>application/pdf</dc:format>\n", meta.Index, StringComparison.Ordinal);
        if (format < 0)
            throw Broken("dc:format in the XMP");
        var dcLanguage = $"<dc:language><rdf:Bag><rdf:li>{tag}</rdf:li></rdf:Bag></dc:language>\n";
        var length = meta.Groups[1];
        var newLength = (int.Parse(length.Value, CultureInfo.InvariantCulture) + dcLanguage.Length).ToString(CultureInfo.InvariantCulture);
        edits.Add((length.Index, length.Length, newLength));
        edits.Add((format + "<dc:format>application/pdf</dc:format>\n".Length, 0, dcLanguage));

        edits.Sort((a, b) => a.At.CompareTo(b.At));
        int Shift(int offset) => offset + edits.Where(e => e.At < offset).Sum(e => e.Insert.Length - e.Remove);

        var xref = Last(XrefTable(), text, "cross-reference table");
        var startxref = Last(StartXref(), text, "startxref");
        if (int.Parse(startxref.Groups[1].Value, CultureInfo.InvariantCulture) != xref.Index + 1)
            throw Broken("startxref pointing at the table");
        var count = int.Parse(xref.Groups[1].Value, CultureInfo.InvariantCulture);
        var entries = xref.Index + xref.Length;
        var table = new StringBuilder(count * 20);
        for (var i = 0; i < count; i++)
        {
            var entry = text.Substring(entries + i * 20, 20);
            if (entry[10] != ' ' || entry[16] != ' ' || (entry[17] != 'n' && entry[17] != 'f'))
                throw Broken($"cross-reference entry {i}");
            var offset = int.Parse(entry.AsSpan(0, 10), CultureInfo.InvariantCulture);
            table.Append(entry[17] == 'n' ? Shift(offset).ToString("D10", CultureInfo.InvariantCulture) : entry[..10]).Append(entry, 10, 10);
        }

        var output = new StringBuilder(text.Length + 200);
        var at = 0;
        foreach (var (position, remove, insert) in edits)
        {
            output.Append(text, at, position - at).Append(insert);
            at = position + remove;
        }
        output.Append(text, at, entries - at).Append(table);
        var afterTable = entries + count * 20;
        var number = startxref.Groups[1];
        output.Append(text, afterTable, number.Index - afterTable)
            .Append(Shift(xref.Index + 1).ToString(CultureInfo.InvariantCulture))
            .Append(text, number.Index + number.Length, text.Length - number.Index - number.Length);
        return Encoding.Latin1.GetBytes(output.ToString());
    }

    /// <summary>The BCP 47 tag of a document language: plain Finnish is Finnish.</summary>
    public static string BcpTag(string language) => language == "fi-selko" ? "fi" : DocumentLanguages.Check(language);

    private static Match Single(Regex regex, string text, string what)
    {
        var matches = regex.Matches(text);
        return matches.Count == 1 ? matches[0] : throw Broken(what);
    }

    private static Match Last(Regex regex, string text, string what)
    {
        var matches = regex.Matches(text);
        return matches.Count > 0 ? matches[^1] : throw Broken(what);
    }

    private static InvalidOperationException Broken(string what) =>
        new($"the PDF written by SkiaSharp has no {what} where expected; its writer changed and PdfLanguage must follow");

    [GeneratedRegex(@"trailer\n<<\s*/Size \d+\s*/Root (\d+) 0 R")]
    private static partial Regex TrailerRoot();

    [GeneratedRegex(@"<</Type /Metadata\n/Subtype /XML\n/Length (\d+)>> stream\n")]
    private static partial Regex MetadataLength();

    [GeneratedRegex(@"\nxref\n0 (\d+)\n")]
    private static partial Regex XrefTable();

    [GeneratedRegex(@"\nstartxref\n(\d+)\n%%EOF\s*$")]
    private static partial Regex StartXref();
}
