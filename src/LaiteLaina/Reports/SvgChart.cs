using System.Globalization;
using System.Security;
using System.Text;

namespace LaiteLaina.Reports;

/// <summary>One bar: its label and value.</summary>
public readonly record struct Bar(string Label, double Value);

/// <summary>
/// Server-rendered charts: a pure function from bars to an SVG document, so a page can inline it, the API can serve
/// it and the CLI can write it to a file, all alike, with no script in the browser. Horizontal bars, because labels
/// (site codes, donors, months) are text of any length.
/// </summary>
public static class SvgChart
{
    private const int Width = 640, LabelWidth = 200, ValueWidth = 70, RowHeight = 24, Top = 40, BarHeight = 16;

    /// <param name="none">What an empty chart says, in the reader's language.</param>
    /// <param name="numbers">How values are written: the reader's culture on a page (decimal comma in Finnish).</param>
    public static string Bars(string title, IReadOnlyList<Bar> bars, string? unit = null, string none = "(none)", CultureInfo? numbers = null)
    {
        numbers ??= CultureInfo.InvariantCulture;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var height = Top + Math.Max(1, bars.Count) * RowHeight + 12;
        var plot = Width - LabelWidth - ValueWidth;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" role="img" aria-label="{Escape(title)}" font-family="sans-serif" font-size="12">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title>{Escape(title)}</title><text x="0" y="20" font-size="15" font-weight="bold">{Escape(title)}</text>""");
        if (bars.Count == 0)
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="0" y="{Top + 14}" fill="#555">{Escape(none)}</text>""");
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = Top + i * RowHeight;
            var w = max <= 0 ? 0 : Math.Max(b.Value > 0 ? 1 : 0, b.Value / max * plot);
            var value = b.Value.ToString(b.Value % 1 == 0 ? "0" : "0.0", numbers) + (unit is null ? "" : " " + unit);
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth - 8}" y="{y + 12}" text-anchor="end">{Escape(Shorten(b.Label))}</text>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<rect class="bar" x="{LabelWidth}" y="{y}" width="{w:0.##}" height="{BarHeight}" fill="#2b6cb0" data-label="{Escape(b.Label)}" data-value="{b.Value.ToString(CultureInfo.InvariantCulture)}"><title>{Escape(b.Label)}: {Escape(value)}</title></rect>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth + w + 6:0.##}" y="{y + 12}">{Escape(value)}</text>""");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Shorten(string label) => label.Length <= 28 ? label : label[..27] + "…";

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
