namespace LaiteLaina.Tests.Hardware;

public sealed class PrinterStatusTests
{
    /// <summary>A ~HS answer as Zebra's ZPL guide lays it out, with any of the flags the parser reads set.</summary>
    public static byte[] HostStatus(bool paperOut = false, bool paused = false, bool headOpen = false, bool bufferFull = false, bool corruptRam = false,
        bool underTemperature = false, bool overTemperature = false, bool ribbonOut = false) =>
        Encoding.ASCII.GetBytes(
            $"\u0002030,{Bit(paperOut)},{Bit(paused)},0203,000,{Bit(bufferFull)},0,0,000,{Bit(corruptRam)},{Bit(underTemperature)},{Bit(overTemperature)}\u0003\r\n" +
            $"\u0002001,0,{Bit(headOpen)},{Bit(ribbonOut)},0,2,4,0,00000000,1,000\u0003\r\n" +
            "\u0002" + "1234,0\u0003\r\n");

    private static int Bit(bool on) => on ? 1 : 0;

    [Test]
    public void ZplParse_AllClear_Ready()
    {
        var reply = HostStatus();
        Assert.That(ZplHostStatus.IsComplete(reply), Is.True);
        Assert.That(ZplHostStatus.Parse(reply)!.IsReady, Is.True);
    }

    [Test]
    public void ZplParse_Faults_Named()
    {
        Assert.That(ZplHostStatus.Parse(HostStatus(paperOut: true))!.Faults, Is.EqualTo(new[] { "paper out" }));
        Assert.That(ZplHostStatus.Parse(HostStatus(paused: true, bufferFull: true))!.Faults, Is.EqualTo(new[] { "paused", "buffer full" }));
        Assert.That(ZplHostStatus.Parse(HostStatus(headOpen: true))!.Faults, Is.EqualTo(new[] { "head open" }));
    }

    [Test]
    public void ZplParse_TruncatedOrNoise_Null()
    {
        var full = HostStatus();
        Assert.That(ZplHostStatus.IsComplete(full.AsSpan(0, 40)), Is.False);
        Assert.That(ZplHostStatus.Parse(full.AsSpan(0, 40)), Is.Null);
        Assert.That(ZplHostStatus.Parse("hello"u8), Is.Null);
        Assert.That(ZplHostStatus.Parse([]), Is.Null);
    }

    [Test]
    public void EscPosParse_StatusBytes_Decoded()
    {
        Assert.That(EscPosStatus.Parse([0x12, 0x12])!.IsReady, Is.True);
        Assert.That(EscPosStatus.Parse([0x12 | 0x04, 0x12])!.Faults, Is.EqualTo(new[] { "cover open" }));
        Assert.That(EscPosStatus.Parse([0x12 | 0x20, 0x12 | 0x60])!.Faults, Is.EqualTo(new[] { "paper out" }));
        Assert.That(EscPosStatus.Parse([0x12 | 0x40, 0x12])!.Faults, Is.EqualTo(new[] { "error" }));
    }

    [Test]
    public void EscPosParse_NotStatusBytes_Null()
    {
        Assert.That(EscPosStatus.Parse([0xFF, 0x12]), Is.Null);
        Assert.That(EscPosStatus.Parse([0x12]), Is.Null);
        Assert.That(EscPosStatus.Request, Is.EqualTo(new byte[] { 0x10, 0x04, 2, 0x10, 0x04, 4 }));
    }

    [Test]
    public void ZplParse_EveryFlag_NamedInTheGuidesOrder()
    {
        var all = HostStatus(true, true, true, true, true, true, true, true);
        Assert.That(ZplHostStatus.Parse(all)!.Faults, Is.EqualTo(new[]
        {
            "paper out", "paused", "buffer full", "corrupt RAM", "under temperature", "over temperature", "head open", "ribbon out",
        }));
    }

    [TestCase("ribbon out")]
    [TestCase("corrupt RAM")]
    [TestCase("under temperature")]
    [TestCase("over temperature")]
    public void ZplParse_OneFault_OnlyThatOne(string fault)
    {
        var reply = HostStatus(ribbonOut: fault == "ribbon out", corruptRam: fault == "corrupt RAM",
            underTemperature: fault == "under temperature", overTemperature: fault == "over temperature");
        var status = ZplHostStatus.Parse(reply)!;
        Assert.That((status.Faults, status.IsReady, status.ToString()), Is.EqualTo((new[] { fault }, false, fault)));
    }

    [Test]
    public void ZplParse_FlagWithSpacesOrOtherDigit_OnlyOneCounts()
    {
        var spaced = Encoding.ASCII.GetBytes("\u0002030, 1 ,2,0203,000,0,0,0,000,0,0,0\u0003\u0002001,0,0,0\u0003");
        Assert.That(ZplHostStatus.Parse(spaced)!.Faults, Is.EqualTo(new[] { "paper out" }));
    }

    [Test]
    public void ZplParse_TwoStringsOfTheRightLength_Enough()
    {
        var two = Encoding.ASCII.GetBytes("\u0002030,0,0,0203,000,0,0,0,000,0,0,0\u0003\r\n\u0002001,0,1,0\u0003\r\n");
        Assert.That(ZplHostStatus.IsComplete(two), Is.False, "a complete answer has three strings");
        Assert.That(ZplHostStatus.Parse(two)!.Faults, Is.EqualTo(new[] { "head open" }));
    }

    [TestCase("\u0002030,0,0,0203,000,0,0,0,000,0,0\u0003\u0002001,0,0,0\u0003", TestName = "ZplParse_FirstStringElevenFields_Null")]
    [TestCase("\u0002030,0,0,0203,000,0,0,0,000,0,0,0\u0003\u0002001,0,0\u0003", TestName = "ZplParse_SecondStringThreeFields_Null")]
    [TestCase("\u0002030,0,0,0203,000,0,0,0,000,0,0,0\u0003", TestName = "ZplParse_OneString_Null")]
    [TestCase("\u0002030,0,0,0203,000,0,0,0,000,0,0,0\u0003\u0002001,0,0,0", TestName = "ZplParse_SecondStringWithoutEtx_Null")]
    public void ZplParse_WrongShape_Null(string reply) =>
        Assert.That(ZplHostStatus.Parse(Encoding.ASCII.GetBytes(reply)), Is.Null);

    [Test]
    public void ZplIsComplete_ThirdEtx_True() =>
        Assert.That((ZplHostStatus.IsComplete("\u0003\u0003"u8), ZplHostStatus.IsComplete("\u0003\u0003\u0003"u8)), Is.EqualTo((false, true)));

    [TestCase(0x20, 0x12, TestName = "EscPosParse_OfflineBytePaperEndBit_PaperOut")]
    [TestCase(0x00, 0x20, TestName = "EscPosParse_PaperSensorNearEndBit_PaperOut")]
    [TestCase(0x00, 0x40, TestName = "EscPosParse_PaperSensorEndBit_PaperOut")]
    public void EscPosParse_PaperOutFromOneByte_PaperOutOnly(int offline, int paper)
    {
        var status = EscPosStatus.Parse([(byte)(0x12 | offline), (byte)(0x12 | paper)])!;
        Assert.That(status.Faults, Is.EqualTo(new[] { "paper out" }));
    }

    [Test]
    public void EscPosParse_SecondByteNotStatus_Null() => Assert.That(EscPosStatus.Parse([0x12, 0x13]), Is.Null);

    [Test]
    public void EscPosParse_AllFaults_CoverPaperError()
    {
        var status = EscPosStatus.Parse([0x12 | 0x04 | 0x20 | 0x40, 0x12])!;
        Assert.That(status.ToString(), Is.EqualTo("cover open, paper out, error"));
    }

    [TestCase(0x12, true)]
    [TestCase(0x16, true)]
    [TestCase(0x13, false)]
    [TestCase(0x10, false)]
    [TestCase(0x02, false)]
    [TestCase(0x92, false)]
    public void IsStatusByte_FixedBits_Checked(int b, bool expected) => Assert.That(EscPosStatus.IsStatusByte((byte)b), Is.EqualTo(expected));

    [Test]
    public void Ready_NoFaults_SaysReady() =>
        Assert.That((PrinterStatus.Ready.IsReady, PrinterStatus.Ready.ToString()), Is.EqualTo((true, "ready")));

    [Test]
    public void Text_EveryFaultAPrinterReports_HasItsWordsInFinnishAndSwedish()
    {
        var zpl = ZplHostStatus.Parse(HostStatus(true, true, true, true, true, true, true, true))!;
        var escPos = EscPosStatus.Parse([0x12 | 0x04 | 0x20 | 0x40, 0x12])!;
        var faults = zpl.Faults.Concat(escPos.Faults).ToList();

        Assert.That(faults.Where(f => !PrinterStatus.FaultTexts.ContainsKey(f)), Is.Empty);
        Assert.That(new PrinterStatus(["paper out", "head open"]).Text.Render(new CultureInfo("fi")), Is.EqualTo("paperi tai tarrat lopussa, tulostuspää auki"));
        Assert.That(escPos.Text.Render(new CultureInfo("sv")), Is.EqualTo("locket öppet, papperet eller etiketterna är slut, feltillstånd"));
    }

    [Test]
    public void Text_NoAnswer_DecimalCommaInFinnishAndStoredLanguageNeutral()
    {
        var silent = PrinterStatus.NotAnswering(Msg.PrinterNoAnswer.With(0.5));
        var stored = StoredText.Store(silent.Text);

        Assert.Multiple(() =>
        {
            Assert.That(silent.ToString(), Does.StartWith("no status answer within 0.5 s"));
            Assert.That(StoredText.Render(stored, new CultureInfo("fi")), Does.StartWith("tulostin ei vastannut 0,5 sekunnissa"));
            Assert.That(StoredText.English(stored), Is.EqualTo(silent.ToString()));
        });
    }
}
