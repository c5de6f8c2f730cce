using LaiteLaina.DeviceSim.Protocol;

namespace LaiteLaina.DeviceSim.Tests.Protocol;

[TestFixture]
public sealed class FramingTests
{
    [Test]
    public void Encode_Okay_IsTwentyFourLittleEndianBytes()
    {
        var bytes = AdbFraming.Encode(AdbCommand.Okay, 1, 0x0203, []);

        Assert.That(Convert.ToHexString(bytes), Is.EqualTo(
            "4F4B4159" + "01000000" + "03020000" + "00000000" + "00000000" + "B0B4BEA6"));
    }

    [Test]
    public void Encode_CnxnWithChecksum_SumsPayloadBytes()
    {
        var bytes = AdbFraming.Encode(AdbCommand.Cnxn, AdbCommand.VersionSkipChecksum, 0x100000, "ab\0"u8);

        Assert.That(Convert.ToHexString(bytes), Is.EqualTo(
            "434E584E" + "01000001" + "00001000" + "03000000" + "C3000000" + "BCB1A7B1" + "616200"));
    }

    [Test]
    public void Encode_WithoutChecksum_WritesZero()
    {
        var bytes = AdbFraming.Encode(AdbCommand.Wrte, 5, 6, "xyz"u8, withChecksum: false);

        Assert.That(bytes.AsSpan(16, 4).ToArray(), Is.EqualTo(new byte[4]));
    }

    [Test]
    public void ReadHeader_EncodedMessage_RoundTrips()
    {
        var bytes = AdbFraming.Encode(AdbCommand.Open, 7, 0, "shell,v2,raw:getprop\0"u8);

        var header = AdbFraming.ReadHeader(bytes);

        Assert.That(header, Is.EqualTo(new AdbHeader(AdbCommand.Open, 7, 0, 21, AdbFraming.Checksum("shell,v2,raw:getprop\0"u8), AdbCommand.Open ^ 0xffffffff)));
        Assert.That(AdbFraming.Validate(header, 4096), Is.EqualTo(HeaderError.None));
    }

    [Test]
    public void Validate_BadMagic_IsRefused()
    {
        var bytes = AdbFraming.Encode(AdbCommand.Okay, 1, 2, []);
        bytes[20] ^= 0xff;

        Assert.That(AdbFraming.Validate(AdbFraming.ReadHeader(bytes), 4096), Is.EqualTo(HeaderError.BadMagic));
    }

    [Test]
    public void Validate_UnknownCommand_IsRefused()
    {
        var header = new AdbHeader(0x12345678, 0, 0, 0, 0, 0x12345678 ^ 0xffffffff);

        Assert.That(AdbFraming.Validate(header, 4096), Is.EqualTo(HeaderError.UnknownCommand));
    }

    [Test]
    public void Validate_PayloadAboveMaximum_IsRefused()
    {
        var header = new AdbHeader(AdbCommand.Wrte, 1, 1, 4097, 0, AdbCommand.Wrte ^ 0xffffffff);

        Assert.That(AdbFraming.Validate(header, 4096), Is.EqualTo(HeaderError.PayloadTooLarge));
    }

    [Test]
    public void DeviceBanner_Features_AreCommaSeparated()
    {
        var banner = AdbFraming.DeviceBanner("device", "p", "m", "d", ["shell_v2", "cmd", "stat_v2"]);

        Assert.That(banner, Is.EqualTo("device::ro.product.name=p;ro.product.model=m;ro.product.device=d;features=shell_v2,cmd,stat_v2"));
    }

    [Test]
    public void ServiceName_WithAndWithoutNul_IsTheSame()
    {
        Assert.That(AdbFraming.ServiceName("sync:\0"u8), Is.EqualTo("sync:"));
        Assert.That(AdbFraming.ServiceName("sync:"u8), Is.EqualTo("sync:"));
    }
}

[TestFixture]
public sealed class ShellV2Tests
{
    [Test]
    public void ExitPacket_Code1_IsIdLengthAndOneByte()
    {
        Assert.That(Convert.ToHexString(ShellV2.ExitPacket(1)), Is.EqualTo("03" + "01000000" + "01"));
    }

    [Test]
    public void Packet_Stdout_CarriesLengthLittleEndian()
    {
        Assert.That(Convert.ToHexString(ShellV2.Packet(ShellPacketId.Stdout, "hi\n"u8)), Is.EqualTo("01" + "03000000" + "68690A"));
    }

    [Test]
    public void Reader_PacketsSplitAcrossWrites_AreReassembled()
    {
        var bytes = ShellV2.Packet(ShellPacketId.Stdin, "echo hi\n"u8).Concat(ShellV2.Packet(ShellPacketId.CloseStdin, [])).ToArray();
        var reader = new ShellV2Reader();

        reader.Append(bytes.AsSpan(0, 3));
        Assert.That(reader.TryRead(out _, out _), Is.False);
        reader.Append(bytes.AsSpan(3));

        Assert.That(reader.TryRead(out var first, out var data), Is.True);
        Assert.That((first, System.Text.Encoding.ASCII.GetString(data)), Is.EqualTo((ShellPacketId.Stdin, "echo hi\n")));
        Assert.That(reader.TryRead(out var second, out _), Is.True);
        Assert.That(second, Is.EqualTo(ShellPacketId.CloseStdin));
    }
}

[TestFixture]
public sealed class SyncProtocolTests
{
    [Test]
    public void StatV2_ExistingFile_Is72BytesInFileSyncProtocolLayout()
    {
        var reply = SyncProtocol.StatV2(SyncProtocol.Sta2, 0, ino: 9, mode: 0x81a4, size: 0x0102030405, mtime: 1_700_000_000);

        Assert.That(reply, Has.Length.EqualTo(72));
        Assert.That(Convert.ToHexString(reply.AsSpan(0, 8)), Is.EqualTo("53544132" + "00000000"));
        Assert.That(BitConverter.ToUInt64(reply, 16), Is.EqualTo(9UL), "ino");
        Assert.That(BitConverter.ToUInt32(reply, 24), Is.EqualTo(0x81a4u), "mode");
        Assert.That(BitConverter.ToUInt64(reply, 40), Is.EqualTo(0x0102030405UL), "size");
        Assert.That(BitConverter.ToInt64(reply, 56), Is.EqualTo(1_700_000_000L), "mtime");
    }

    [Test]
    public void StatV2_MissingFile_CarriesEnoentAndZeros()
    {
        var reply = SyncProtocol.StatV2(SyncProtocol.Lst2, SyncProtocol.ErrNoEnt, 1, 2, 3, 4);

        Assert.That(Convert.ToHexString(reply.AsSpan(0, 8)), Is.EqualTo("4C535432" + "02000000"));
        Assert.That(reply.Skip(8), Is.All.Zero);
    }

    [Test]
    public void StatV1_IsSixteenBytes()
    {
        Assert.That(Convert.ToHexString(SyncProtocol.StatV1(0x41f9, 4096, 1)), Is.EqualTo("53544154" + "F9410000" + "00100000" + "01000000"));
    }

    [Test]
    public void ParseSendTarget_PathWithComma_SplitsAtLastComma()
    {
        Assert.That(SyncProtocol.ParseSendTarget("/sdcard/a,b.txt,33188"), Is.EqualTo(("/sdcard/a,b.txt", 33188u)));
    }

    [Test]
    public void FailMessage_IsIdLengthText()
    {
        Assert.That(Convert.ToHexString(SyncProtocol.FailMessage("no")), Is.EqualTo("4641494C" + "02000000" + "6E6F"));
    }
}
