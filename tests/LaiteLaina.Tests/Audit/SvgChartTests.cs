using System.Xml.Linq;
using LaiteLaina.Reports;

namespace LaiteLaina.Tests.Audit;

public sealed class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Test]
    public void Bars_ThreeValues_WellFormedWithProportionalBars()
    {
        var svg = XDocument.Parse(SvgChart.Bars("Laitteet <tila> & \"kunto\"", [new("ready", 40), new("on-loan", 20), new("Åke & <Co>", 0)]));

        var bars = svg.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "bar").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(svg.Root!.Name, Is.EqualTo(Svg + "svg"));
            Assert.That(bars.Select(b => (string?)b.Attribute("data-label")), Is.EqualTo(new[] { "ready", "on-loan", "Åke & <Co>" }));
            Assert.That(bars.Select(b => (string?)b.Attribute("data-value")), Is.EqualTo(new[] { "40", "20", "0" }));
            var widths = bars.Select(b => double.Parse((string)b.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.That(widths[1], Is.EqualTo(widths[0] / 2).Within(0.01));
            Assert.That(widths[2], Is.Zero);
            Assert.That(svg.Root.Element(Svg + "title")!.Value, Is.EqualTo("Laitteet <tila> & \"kunto\""));
        });
    }

    [Test]
    public void Bars_NoData_WellFormedAndSaysNone()
    {
        var svg = XDocument.Parse(SvgChart.Bars("Tyhjä", []));

        Assert.That(svg.Descendants(Svg + "rect"), Is.Empty);
        Assert.That(svg.Root!.Value, Does.Contain("(none)"));
    }
}
