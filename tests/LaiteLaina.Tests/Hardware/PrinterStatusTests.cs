using System.Text;
using LaiteLaina.Hardware;

namespace LaiteLaina.Tests.Hardware;

public sealed class PrinterStatusTests
{
    public static byte[] HostStatus(bool paperOut = false, bool paused = false, bool headOpen = false, bool bufferFull = false) =>
        Encoding.ASCII.GetBytes(
            $"\x02" + $"030,{(paperOut ? 1 : 0)},{(paused ? 1 : 0)},0203,000,{(bufferFull ? 1 : 0)},0,0,000,0,0,0\x03\r\n" +
            $"\x02" + $"001,0,{(headOpen ? 1 : 0)},0,0,2,4,0,00000000,1,000\x03\r\n" +
            "\x02" + "1234,0\x03\r\n");

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
}
