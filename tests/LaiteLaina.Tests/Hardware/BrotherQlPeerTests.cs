using SkiaSharp;

namespace LaiteLaina.Tests.Hardware;

/// <summary>
/// Our Brother QL raster against an independent peer, Debian's CUPS filter <c>rastertoptch</c> (see
/// <see cref="Rastertoptch"/>): the same rendered label bitmap through both, both streams parsed with
/// <see cref="BrotherQlReader"/>, the raster lines compared pixel for pixel, the other commands compared one by one with
/// each known difference explained, and both streams decoded back into labels whose symbols scan to the tag.
/// </summary>
public sealed class BrotherQlPeerTests
{
    private const string Tag = "LL-000123";

    public static IEnumerable<TestCaseData> Rolls() =>
        from media in new[] { BrotherMedia.Dk11209, BrotherMedia.Dk22205 }
        from compress in new[] { true, false }
        select new TestCaseData(media.Name, compress).SetArgDisplayNames(media.Name, compress ? "packbits" : "raw");

    [TestCaseSource(nameof(Rolls))]
    public void Rastertoptch_SameLabelBitmap_RasterLinesAreTheSamePixels(string roll, bool compress)
    {
        var (media, layout) = Label(roll);
        var (ours, theirs) = BothStreams(media, layout, compress);
        var ourLines = ours.Where(c => c.Name == "g").Select(c => c.Data).ToList();
        var theirLines = theirs.Where(c => c.Name == "g").Select(c => c.Data).ToList();
        Assert.That(theirLines, Has.Count.EqualTo(ourLines.Count), "one raster line for every row of the label");
        // No offset allowance: the filter puts the printable area where Brother's table does once the page header's
        // imaging box says where it is (CupsRaster), and mirrors the row as the head needs (SoftwareMirror).
        for (var y = 0; y < ourLines.Count; y++)
            Assert.That(theirLines[y], Is.EqualTo(ourLines[y]), $"{roll}: raster line {y}");
        Assert.That(Info(theirs)[4..8], Is.EqualTo(Info(ours)[4..8]), "ESC i z raster number");
    }

    [TestCaseSource(nameof(Rolls))]
    public void Rastertoptch_SameLabelBitmap_OtherCommandsDifferOnlyAsExplained(string roll, bool compress)
    {
        var (media, layout) = Label(roll);
        var (ours, theirs) = BothStreams(media, layout, compress);
        var differences = Differences(ours, theirs);
        Assert.That(differences, Is.EqualTo(Explained(media, compress)), "found:\n" + string.Join("\n", differences));
    }

    [TestCaseSource(nameof(Rolls))]
    public void Rastertoptch_BothStreamsDecodedToImages_ZxingAndZbarReadTheTag(string roll, bool compress)
    {
        var (media, layout) = Label(roll);
        var (ours, theirs) = BothStreams(media, layout, compress);
        foreach (var (who, commands) in new[] { ("ours", ours), ("rastertoptch", theirs) })
        {
            var pages = BrotherQlReader.Pages(commands, media.PrintableDots, media.OffsetPins);
            try
            {
                Assert.That(pages, Has.Count.EqualTo(1), who);
                foreach (var symbol in layout.Elements.Where(e => e.IsSymbol))
                {
                    using var seen = LabelLayoutTests.AsACameraSees(pages[0], symbol, LabelSize.Dots(1.0, BrotherMedia.Dpi));
                    var format = LabelLayoutTests.Format(symbol.Part);
                    Assert.That(Barcodes.Read(seen, format), Is.EqualTo(new[] { (format, Tag) }), $"{who} {roll}: {symbol.Part} in ZXing.Net");
                }
                // zbar reads no Data Matrix; of a QR code and a Code 128, it must read both.
                var zbar = Barcodes.Zbar(pages[0]);
                var readable = layout.Elements.Count(e => e.IsSymbol && e.Part != LabelPart.DataMatrix);
                Assert.That(zbar, Has.Count.EqualTo(readable).And.All.EndsWith(":" + Tag), $"{who} {roll}: zbarimg");
            }
            finally
            {
                pages.ForEach(p => p.Dispose());
            }
        }
    }

    private static (BrotherMedia Media, LabelLayout Layout) Label(string roll)
    {
        var media = BrotherMedia.Parse("media", roll);
        return (media, LabelLayout.For(LabelLayoutTests.LabelIn("fi"), media.LayoutSize(BrotherQlTests.Configured(media)), BrotherMedia.Dpi));
    }

    private static (List<BrotherCommand> Ours, List<BrotherCommand> Theirs) BothStreams(BrotherMedia media, LabelLayout layout, bool compress)
    {
        using var image = LabelRaster.Render(layout);
        return (BrotherQlReader.Parse(BrotherQlLabel.Encode(layout, media, 1, compress)),
            BrotherQlReader.Parse(Rastertoptch.Print(image, media, compress)));
    }

    private static byte[] Info(List<BrotherCommand> commands) => commands.First(c => c.Name == "ESC i z").Data;

    /// <summary>Every command other than the raster lines that the two streams do not share, in one line each: its
    /// name, then ours and rastertoptch's parameters, or "-" where one stream lacks it; then the order, if it differs.</summary>
    private static List<string> Differences(List<BrotherCommand> ours, List<BrotherCommand> theirs)
    {
        var differences = new List<string>();
        var names = ours.Concat(theirs).Select(c => c.Name).Where(n => n != "g").Distinct();
        foreach (var name in names)
        {
            var a = ours.FirstOrDefault(c => c.Name == name);
            var b = theirs.FirstOrDefault(c => c.Name == name);
            if (a is null || b is null || !a.Data.SequenceEqual(b.Data))
                differences.Add($"{name}: {Show(a)} / {Show(b)}");
        }
        var order = (Order(ours), Order(theirs));
        if (order.Item1 != order.Item2)
            differences.Add($"order: {order.Item1} / {order.Item2}");
        return differences;

        static string Show(BrotherCommand? c) => c is null ? "-" : c.Name == "invalidate" ? $"{c.Data.Length} NUL" : Convert.ToHexString(c.Data);

        static string Order(List<BrotherCommand> commands) =>
            string.Join(", ", commands.Select(c => c.Name).Where(n => n != "g").Distinct());
    }

    /// <summary>The differences found, ours first, each with the reason it is harmless or the side that is right.</summary>
    private static List<string> Explained(BrotherMedia media, bool compress)
    {
        var explained = new List<string>
        {
            // Brother asks 200 bytes of NUL on a QL-800 and 400 on the QL-820NWB's network port; the filter sends 350.
            // Both clear a half-sent line from the printer's buffer.
            "invalidate: 400 NUL / 350 NUL",
            // Print information. The filter leaves out 80h, "printer recovery always on", which Brother's reference
            // recommends and we send. On a continuous roll it also leaves out 08h, "length valid": its length is 0
            // either way; Brother's table gives 0 for a continuous roll, so the flag asks the printer to check nothing
            // more. (Not tried on a printer: if a QL refused it, this is the line to change.)
            media.DieCut ? "ESC i z: CE0B3E1D0F0100000000 / 4E0B3E1D0F0100000000" : "ESC i z: CE0A3E00570100000000 / 460A3E00570100000000",
        };
        // Uncompressed: we say so (M 00); the filter sends no M, leaving the printer at ESC @'s default, no compression.
        if (!compress)
            explained.Add("M: 00 / -");
        // The filter turns the automatic status notification off (the PPD's StatusNotification=DoNotNotify); we leave
        // it on, since the print queue reads the status and BrotherQlStatus.Parse skips a notification before the answer.
        explained.Add("ESC i !: - / 01");
        // Order: the filter sends the print information last, just before the first raster line, because it knows the
        // line count only after reading the page; Brother's reference lists it first. The printer takes the page's
        // settings in any order before the raster data. It also sends ESC i K before ESC i A.
        var mode = compress ? "M, " : "";
        explained.Add($"order: invalidate, ESC @, ESC i a, ESC i z, ESC i M, ESC i A, ESC i K, ESC i d, M, Control-Z / "
            + $"invalidate, ESC @, ESC i a, ESC i !, ESC i M, ESC i K, ESC i A, ESC i d, {mode}ESC i z, Control-Z");
        return explained;
    }
}
