namespace LaiteLaina.Tests.Documents;

/// <summary>
/// What a reader expects of a printed page: a signature line never apart from the place-and-date line, a table header
/// never alone at the foot of a page, a word broken only with a hyphen, and the codes on page 1. Checked on the
/// PDF's text page by page (pdftotext), with the layout pushed to every position around a page break.
/// </summary>
public sealed class PdfLayoutRulesTests
{
    private static readonly PdfPageText Page = new("Esimerkin kaupunki", "Testi", "LL-LOAN-000001");
    private static readonly PdfMetadata Metadata = new("Testi", "Testi", "fi", new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));

    private static ParagraphBlock Filler(int lines) =>
        new([new Run(string.Join("\n", Enumerable.Range(1, lines).Select(i => $"Rivi {i}")))]);

    private static string[] Pages(byte[] pdf) => PdfTools.PdfToText(pdf).Split('\f');

    [Test]
    public void Render_SignaturesAtEveryPlaceAroundAPageBreak_PlaceAndDateOnTheSamePage()
    {
        for (var lines = 30; lines <= 52; lines++)
        {
            var pdf = PdfLayout.Render(
                [Filler(lines), new SignatureBlock(["Lainaajan allekirjoitus", "Palveluohjaajan allekirjoitus", "Paikka ja päivämäärä"], null)],
                Page, Metadata);

            var page = Pages(pdf).Single(p => p.Contains("Lainaajan allekirjoitus"));
            Assert.That(page, Does.Contain("Paikka ja päivämäärä").And.Contain("Palveluohjaajan allekirjoitus"), $"after {lines} lines");
        }
    }

    [Test]
    public void Render_TableAtEveryPlaceAroundAPageBreak_HeaderOnTheSamePageAsTheFirstRow()
    {
        TableBlock table = new([
            [[new Run("Laite")], [new Run("Palautettu")]],
            [[new Run("LL-000001")], [new Run("1.2.2026")]],
            [[new Run("LL-000002")], [new Run("2.2.2026")]],
        ], HasHeader: true);
        for (var lines = 40; lines <= 52; lines++)
        {
            var pdf = PdfLayout.Render([Filler(lines), table], Page, Metadata);

            var page = Pages(pdf).First(p => p.Contains("Palautettu"));
            Assert.That(page, Does.Contain("LL-000001"), $"after {lines} lines");
        }
    }

    [Test]
    public void Render_WordWiderThanItsColumn_BrokenWithAHyphen()
    {
        var word = new string('a', 120) + "kuusi";
        TableBlock table = new([[[new Run("Nimi")], [new Run(word)]]], HasHeader: false);

        var text = PdfTools.PdfToText(PdfLayout.Render([table], Page, Metadata));

        // pdftotext joins a line that ends in a hyphen with the next one, as a reader does; without the hyphen the two
        // halves come out as two words.
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(words, Has.Member(word));
    }

    [Test]
    public void Render_NarrowColumns_WordsThatFitAPageAreNotBroken()
    {
        // Seven columns of an audit report: the long surname must get the width it needs from the short columns.
        var header = new[] { "Laina", "Laite", "Lainaaja", "Erä", "Tila", "Pv", "Kunto" }.Select(h => (IReadOnlyList<Run>)[new Run(h)]).ToList();
        var row = new[] { "LN-1", "LL-1", "Hyvönen-Väänänen-Äijälä", "1", "ok", "0", "vaurioitunut" }.Select(h => (IReadOnlyList<Run>)[new Run(h)]).ToList();

        var text = PdfTools.PdfToText(PdfLayout.Render([new TableBlock([header, row], HasHeader: true)], Page, Metadata));

        Assert.That(text, Does.Contain("Hyvönen-Väänänen-Äijälä").And.Contain("vaurioitunut"));
    }

    [Test]
    public void Render_QrBlockLast_DrawnInTheHeadOfPageOneNotOnALastPageOfItsOwn()
    {
        var pdf = PdfLayout.Render([Filler(46), new QrBlock("LL-LOAN-000001")], Page, Metadata);

        Assert.Multiple(() =>
        {
            Assert.That(PdfTools.PageCount(pdf), Is.EqualTo(1), "the code takes no room of its own");
            Assert.That(PdfTools.DecodeQr(pdf, 1), Is.EqualTo("LL-LOAN-000001"));
        });
    }
}
