namespace LaiteLaina.Tests.Hardware;

public sealed class ScanFramerTests
{
    private static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(60);

    private static (List<ScanFrame> Frames, List<string> Rejected) Feed(ScanFramer framer, params string[] pieces)
    {
        var output = new List<FramerOutput>();
        var now = TimeSpan.Zero;
        foreach (var piece in pieces)
        {
            now += TimeSpan.FromMilliseconds(1);
            framer.Push(Encoding.Latin1.GetBytes(piece), now, output);
        }
        return (output.Where(o => o.Frame is not null).Select(o => o.Frame!).ToList(), output.Where(o => o.Rejected is not null).Select(o => o.Rejected!).ToList());
    }

    private static ScanFramer Framer(ScanTerminator t, bool aim = false, string prefix = "", int max = 32) => new(t, max, prefix, aim, Gap);

    [TestCase(ScanTerminator.Cr, "\r")]
    [TestCase(ScanTerminator.Lf, "\n")]
    [TestCase(ScanTerminator.CrLf, "\r\n")]
    [TestCase(ScanTerminator.Tab, "\t")]
    public void Push_EachTerminator_EndsTheFrame(ScanTerminator terminator, string end)
    {
        var (frames, rejected) = Feed(Framer(terminator), "LL-000001" + end + "LL-000002" + end);
        Assert.That(frames.Select(f => f.Code), Is.EqualTo(new[] { "LL-000001", "LL-000002" }));
        Assert.That(rejected, Is.Empty);
    }

    [Test]
    public void Push_ScanSplitIntoFragments_OneFrame()
    {
        var (frames, _) = Feed(Framer(ScanTerminator.CrLf, aim: true), "]C", "0LL-0", "00125\r", "\n");
        Assert.That(frames, Has.Count.EqualTo(1));
        Assert.That(frames[0], Is.EqualTo(new ScanFrame("LL-000125", "]C0", "code-128")));
    }

    [TestCase("]C0LL-1", "]C0", "code-128")]
    [TestCase("]C1LL-1", "]C1", "gs1-128")]
    [TestCase("]Q1LL-1", "]Q1", "qr")]
    [TestCase("]d2LL-1", "]d2", "data-matrix")]
    [TestCase("]E0LL-1", "]E0", "ean-upc")]
    [TestCase("]A0LL-1", "]A0", "code-39")]
    [TestCase("]Z9LL-1", "]Z9", "aim-Z9")]
    public void Push_AimIdentifier_ParsedAndStripped(string raw, string aim, string symbology)
    {
        var (frames, _) = Feed(Framer(ScanTerminator.Cr, aim: true), raw + "\r");
        Assert.That(frames.Single(), Is.EqualTo(new ScanFrame("LL-1", aim, symbology)));
    }

    [Test]
    public void Push_AimOff_KeepsBracketText()
    {
        var (frames, _) = Feed(Framer(ScanTerminator.Cr), "]C0LL-1\r");
        Assert.That(frames.Single(), Is.EqualTo(new ScanFrame("]C0LL-1", null, "unknown")));
    }

    [Test]
    public void Push_PrefixThenAim_BothStripped()
    {
        var (frames, _) = Feed(Framer(ScanTerminator.Cr, aim: true, prefix: "@@"), "@@]Q1LL-000009\r");
        Assert.That(frames.Single(), Is.EqualTo(new ScanFrame("LL-000009", "]Q1", "qr")));
    }

    [Test]
    public void Push_GarbageBytes_DroppedAndNextFrameKept()
    {
        var (frames, rejected) = Feed(Framer(ScanTerminator.Cr), "\x01\x02\xff\xfe\r", "LL-000002\r");
        Assert.That(frames.Select(f => f.Code), Is.EqualTo(new[] { "LL-000002" }));
        Assert.That(rejected.Single(), Does.StartWith("dropped a frame that is not UTF-8 text"));
    }

    [Test]
    public void Push_ControlBytesInValidUtf8_Dropped()
    {
        var (frames, rejected) = Feed(Framer(ScanTerminator.Cr), "LL\x07-1\r");
        Assert.That(frames, Is.Empty);
        Assert.That(rejected.Single(), Does.Contain("control bytes"));
    }

    [Test]
    public void Push_OverlongLine_DroppedOnceAndNextFrameKept()
    {
        var (frames, rejected) = Feed(Framer(ScanTerminator.Cr, max: 16), new string('X', 40), new string('Y', 10) + "\r", "LL-000003\r");
        Assert.That(frames.Select(f => f.Code), Is.EqualTo(new[] { "LL-000003" }));
        Assert.That(rejected, Has.Count.EqualTo(1));
        Assert.That(rejected[0], Does.Contain("longer than 16"));
    }

    [Test]
    public void Push_ExactlyMaxLength_Kept()
    {
        var (frames, rejected) = Feed(Framer(ScanTerminator.CrLf, max: 9), "LL-000004\r\n");
        Assert.That(frames.Single().Code, Is.EqualTo("LL-000004"));
        Assert.That(rejected, Is.Empty);
    }

    [Test]
    public void Push_UnicodeText_Kept()
    {
        var framer = Framer(ScanTerminator.Cr);
        var output = new List<FramerOutput>();
        framer.Push(Encoding.UTF8.GetBytes("Äänilaite-1\r"), TimeSpan.Zero, output);
        Assert.That(output.Single().Frame!.Code, Is.EqualTo("Äänilaite-1"));
    }

    [Test]
    public void Poll_NoTerminatorAfterQuietGap_FlushesFrame()
    {
        var framer = Framer(ScanTerminator.None);
        var output = new List<FramerOutput>();
        framer.Push("LL-00"u8, TimeSpan.FromMilliseconds(0), output);
        framer.Push("0007"u8, TimeSpan.FromMilliseconds(20), output);
        framer.Poll(TimeSpan.FromMilliseconds(70), output);
        Assert.That(output, Is.Empty, "50 ms after the last byte is within the 60 ms gap");
        framer.Poll(TimeSpan.FromMilliseconds(80), output);
        Assert.That(output.Single().Frame!.Code, Is.EqualTo("LL-000007"));
    }

    [Test]
    public void Push_EmptyLines_Ignored()
    {
        var (frames, rejected) = Feed(Framer(ScanTerminator.Cr), "\r\r\n");
        Assert.That(frames, Is.Empty);
        Assert.That(rejected, Is.Empty);
    }

    [Test]
    public void Reset_HalfFrame_Discarded()
    {
        var framer = Framer(ScanTerminator.Cr);
        var output = new List<FramerOutput>();
        framer.Push("LL-0"u8, TimeSpan.Zero, output);
        framer.Reset();
        framer.Push("LL-000008\r"u8, TimeSpan.Zero, output);
        Assert.That(output.Single().Frame!.Code, Is.EqualTo("LL-000008"));
    }

    [Test]
    public void Poll_TerminatedScanSplitAcrossQuietGap_WaitsForTheTerminator()
    {
        var framer = Framer(ScanTerminator.Cr);
        var output = new List<FramerOutput>();
        framer.Push("LL-00"u8, TimeSpan.Zero, output);
        framer.Poll(TimeSpan.FromSeconds(1), output);
        Assert.That(output, Is.Empty, "a scanner with a suffix ends its frames itself; a pause in the middle is not an end");
        framer.Push("0001\r"u8, TimeSpan.FromSeconds(1.1), output);
        Assert.That(output.Single().Frame!.Code, Is.EqualTo("LL-000001"));
    }

    [TestCase("   \r", false)]
    [TestCase("\u00a0\r", false)]
    [TestCase("]C0  \r", true)]
    public void Push_FrameEmptyAfterTrimming_DroppedAsEmpty(string raw, bool aim)
    {
        var framer = Framer(ScanTerminator.Cr, aim: aim);
        var output = new List<FramerOutput>();
        framer.Push(Encoding.UTF8.GetBytes(raw), TimeSpan.Zero, output);
        Assert.That(output.Single(), Is.EqualTo(new FramerOutput(null, "dropped an empty frame")));
    }

    [TestCase("LL 000 001\r", "LL 000 001")]
    [TestCase("  LL-000001 \r", "LL-000001")]
    [TestCase("@@ LL-1\r", "LL-1")]
    public void Push_CodeWithSpaces_InnerSpacesKeptEndsTrimmed(string raw, string code)
    {
        var (frames, _) = Feed(Framer(ScanTerminator.Cr, prefix: "@@"), raw);
        Assert.That(frames.Single().Code, Is.EqualTo(code));
    }

    [Test]
    public void Push_PrefixNotAtStart_Kept()
    {
        var (frames, _) = Feed(Framer(ScanTerminator.Cr, prefix: "@@"), "LL@@1\r");
        Assert.That(frames.Single().Code, Is.EqualTo("LL@@1"));
    }

    [Test]
    public void Push_CrLfScannerSendingOnlyLf_StillOneFrame()
    {
        var (frames, rejected) = Feed(Framer(ScanTerminator.CrLf), "LL-1\n", "LL-2\r\n");
        Assert.That(frames.Select(f => f.Code), Is.EqualTo(new[] { "LL-1", "LL-2" }));
        Assert.That(rejected, Is.Empty);
    }

    [Test]
    public void Push_CrLfOverlong_DroppedAtOneByteOverMax()
    {
        var (frames, rejected) = Feed(Framer(ScanTerminator.CrLf, max: 9), "LL-0000040\r\n", "LL-000004\r\n");
        Assert.That(frames.Select(f => f.Code), Is.EqualTo(new[] { "LL-000004" }));
        Assert.That(rejected.Single(), Is.EqualTo("dropped a frame longer than 9 bytes (starts 'LL-0000040.')"));
    }

    [Test]
    public void Push_OneByteOverMax_DroppedWithPrintablePreview()
    {
        var (frames, rejected) = Feed(Framer(ScanTerminator.Cr, max: 16), "\u0001" + new string('A', 20) + "\r");
        Assert.That(frames, Is.Empty);
        Assert.That(rejected.Single(), Is.EqualTo("dropped a frame longer than 16 bytes (starts '.AAAAAAAAAAAAAAA')"));
    }

    [Test]
    public void Push_MaxLengthWithCr_Kept()
    {
        var (frames, rejected) = Feed(Framer(ScanTerminator.Cr, max: 9), "LL-000004\r");
        Assert.That((frames.Single().Code, rejected.Count), Is.EqualTo(("LL-000004", 0)));
    }

    [Test]
    public void Poll_OverlongWithoutTerminator_DiscardEndsAtTheQuietGap()
    {
        var framer = Framer(ScanTerminator.None, max: 16);
        var output = new List<FramerOutput>();
        framer.Push(Encoding.ASCII.GetBytes(new string('X', 40)), TimeSpan.Zero, output);
        framer.Push("XXXX"u8, TimeSpan.FromMilliseconds(10), output);
        framer.Poll(TimeSpan.FromMilliseconds(100), output);
        Assert.That(output.Single().Rejected, Does.StartWith("dropped a frame longer than 16 bytes"));
        framer.Push("LL-000009"u8, TimeSpan.FromMilliseconds(200), output);
        framer.Poll(TimeSpan.FromMilliseconds(300), output);
        Assert.That(output.Select(o => o.Frame?.Code), Is.EqualTo(new[] { null, "LL-000009" }));
    }

    [Test]
    public void Poll_EmptyPushDoesNotCountAsAByte_FlushesOnTime()
    {
        var framer = Framer(ScanTerminator.None);
        var output = new List<FramerOutput>();
        framer.Push("LL-1"u8, TimeSpan.Zero, output);
        framer.Push([], TimeSpan.FromMilliseconds(50), output);
        framer.Poll(TimeSpan.FromMilliseconds(70), output);
        Assert.That(output.Single().Frame!.Code, Is.EqualTo("LL-1"));
    }

    [Test]
    public void Poll_NothingBuffered_NoOutput()
    {
        var framer = Framer(ScanTerminator.None);
        var output = new List<FramerOutput>();
        framer.Poll(TimeSpan.FromSeconds(5), output);
        Assert.That(output, Is.Empty);
    }

    [Test]
    public void Reset_WhileDiscardingOverlong_NextScanKept()
    {
        var framer = Framer(ScanTerminator.Cr, max: 8);
        var output = new List<FramerOutput>();
        framer.Push(Encoding.ASCII.GetBytes(new string('X', 20)), TimeSpan.Zero, output);
        framer.Reset();
        framer.Push("LL-2\r"u8, TimeSpan.Zero, output);
        Assert.That(output.Select(o => o.Frame?.Code), Is.EqualTo(new[] { null, "LL-2" }));
    }

    [Test]
    public void Push_Gs1FieldSeparator_KeptInTheCode()
    {
        var (frames, _) = Feed(Framer(ScanTerminator.Cr, aim: true), "]C10112345678901231\u001D10ABC\r");
        Assert.That(frames.Single(), Is.EqualTo(new ScanFrame("0112345678901231\u001D10ABC", "]C1", "gs1-128")));
    }

    [Test]
    public void Push_DeleteByte_DroppedAsControl()
    {
        var (frames, rejected) = Feed(Framer(ScanTerminator.Cr), "LL-1\u007F\r");
        Assert.That(frames, Is.Empty);
        Assert.That(rejected.Single(), Is.EqualTo("dropped a frame with control bytes (4C4C2D317F)"));
    }

    [Test]
    public void Push_LongInvalidUtf8_HexCutAt24Bytes()
    {
        var output = new List<FramerOutput>();
        var bytes = Enumerable.Repeat((byte)0xFF, 30).Append((byte)'\r').ToArray();
        Framer(ScanTerminator.Cr).Push(bytes, TimeSpan.Zero, output);
        Assert.That(output.Single().Rejected, Is.EqualTo($"dropped a frame that is not UTF-8 text ({new string('F', 48)}...)"));
    }

    [TestCase("]C", "]C", null)]
    [TestCase("]1A2", "]1A2", null)]
    [TestCase("]e0LL", "LL", "gs1-databar")]
    [TestCase("]I1LL", "LL", "itf")]
    public void Push_AimShortOrNotALetterOrOtherSymbology_HandledAsTheSpecSays(string raw, string code, string? symbology)
    {
        var (frames, _) = Feed(Framer(ScanTerminator.Cr, aim: true), raw + "\r");
        Assert.That((frames.Single().Code, frames.Single().AimId is null ? null : frames.Single().Symbology), Is.EqualTo((code, symbology)));
    }

    [Test]
    public void Push_CrScannerOneByteOverMax_Dropped()
    {
        var (frames, rejected) = Feed(Framer(ScanTerminator.Cr, max: 9), "LL-0000040\r", "LL-000004\r");
        Assert.That(frames.Select(f => f.Code), Is.EqualTo(new[] { "LL-000004" }));
        Assert.That(rejected.Single(), Does.StartWith("dropped a frame longer than 9 bytes"));
    }

    [Test]
    public void Push_OverlongWithSpaceAndDelete_PreviewKeepsTheSpaceDotsTheDelete()
    {
        var (_, rejected) = Feed(Framer(ScanTerminator.Cr, max: 8), "A B\u007F~CDEFGH\r");
        Assert.That(rejected.Single(), Is.EqualTo("dropped a frame longer than 8 bytes (starts 'A B.~CDEF')"));
    }

    [Test]
    public void Push_AimIdentifierOnly_EmptyFrame()
    {
        var (frames, rejected) = Feed(Framer(ScanTerminator.Cr, aim: true), "]C0\r");
        Assert.That((frames.Count, rejected.Single()), Is.EqualTo((0, "dropped an empty frame")));
    }

    [Test]
    public void Push_Exactly24InvalidBytes_HexWithoutEllipsis()
    {
        var output = new List<FramerOutput>();
        Framer(ScanTerminator.Cr).Push([.. Enumerable.Repeat((byte)0xFF, 24), (byte)'\r'], TimeSpan.Zero, output);
        Assert.That(output.Single().Rejected, Is.EqualTo($"dropped a frame that is not UTF-8 text ({new string('F', 48)})"));
    }

    [Test]
    public void Push_LfScannerSendingCrLf_CarriageReturnIsNoiseAndDropped()
    {
        var (frames, rejected) = Feed(Framer(ScanTerminator.Lf), "LL-1\r\n");
        Assert.That((frames.Count, rejected.Single()), Is.EqualTo((0, "dropped a frame with control bytes (4C4C2D310D)")));
    }

    [Test]
    public void Push_CrLfScannerLoneLineFeed_NothingAndNoError()
    {
        var (frames, rejected) = Feed(Framer(ScanTerminator.CrLf), "\n", "LL-1\r\n");
        Assert.That((frames.Single().Code, rejected.Count), Is.EqualTo(("LL-1", 0)));
    }
}

public sealed class DuplicateFilterTests
{
    [Test]
    public void IsRepeat_SameCodeWithinWindow_True()
    {
        var filter = new DuplicateFilter(TimeSpan.FromSeconds(1));
        Assert.That(filter.IsRepeat("A", TimeSpan.FromSeconds(0)), Is.False);
        Assert.That(filter.IsRepeat("A", TimeSpan.FromSeconds(0.5)), Is.True);
        Assert.That(filter.IsRepeat("A", TimeSpan.FromSeconds(1.2)), Is.True, "holding the trigger keeps restarting the window");
        Assert.That(filter.IsRepeat("A", TimeSpan.FromSeconds(2.3)), Is.False);
    }

    [Test]
    public void IsRepeat_OtherCodeBetween_False()
    {
        var filter = new DuplicateFilter(TimeSpan.FromSeconds(1));
        filter.IsRepeat("A", TimeSpan.Zero);
        filter.IsRepeat("B", TimeSpan.FromMilliseconds(100));
        Assert.That(filter.IsRepeat("A", TimeSpan.FromMilliseconds(200)), Is.False);
    }

    [Test]
    public void IsRepeat_WindowZero_NeverRepeat()
    {
        var filter = new DuplicateFilter(TimeSpan.Zero);
        filter.IsRepeat("A", TimeSpan.Zero);
        Assert.That(filter.IsRepeat("A", TimeSpan.Zero), Is.False);
    }

    [Test]
    public void IsRepeat_ExactlyTheWindowLater_NotARepeat()
    {
        var filter = new DuplicateFilter(TimeSpan.FromSeconds(1));
        filter.IsRepeat("A", TimeSpan.Zero);
        Assert.That(filter.IsRepeat("A", TimeSpan.FromSeconds(1)), Is.False);
    }
}
