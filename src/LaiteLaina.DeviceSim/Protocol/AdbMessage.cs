using System.Buffers.Binary;
using System.Text;

namespace LaiteLaina.DeviceSim.Protocol;

/// <summary>Command words of the ADB transport, as little-endian ASCII.</summary>
public static class AdbCommand
{
    public const uint Cnxn = 0x4e584e43;
    public const uint Auth = 0x48545541;
    public const uint Open = 0x4e45504f;
    public const uint Okay = 0x59414b4f;
    public const uint Wrte = 0x45545257;
    public const uint Clse = 0x45534c43;

    /// <summary>The version Debian's adb 1.0.41 speaks; from it on the data checksum is optional.</summary>
    public const uint VersionSkipChecksum = 0x01000001;
    public const uint VersionMin = 0x01000000;

    public const uint AuthToken = 1;
    public const uint AuthSignature = 2;
    public const uint AuthRsaPublicKey = 3;

    public static bool IsKnown(uint command) =>
        command is Cnxn or Auth or Open or Okay or Wrte or Clse;

    public static string Name(uint command) =>
        IsKnown(command) ? Encoding.ASCII.GetString(BitConverter.GetBytes(command)) : $"0x{command:x8}";
}

/// <summary>A decoded message header: six little-endian uint32 words.</summary>
public readonly record struct AdbHeader(uint Command, uint Arg0, uint Arg1, uint DataLength, uint DataCheck, uint Magic)
{
    public const int Size = 24;
}

/// <summary>One transport message with its payload.</summary>
public sealed record AdbMessage(uint Command, uint Arg0, uint Arg1, ReadOnlyMemory<byte> Payload)
{
    public override string ToString() =>
        $"{AdbCommand.Name(Command)}({Arg0:x}, {Arg1:x}, {Payload.Length} bytes)";
}

/// <summary>Why a header was refused; the connection is dropped on any of these.</summary>
public enum HeaderError
{
    None,
    BadMagic,
    UnknownCommand,
    PayloadTooLarge,
}

/// <summary>
/// Pure encoding and decoding of the 24-byte message header. Kept free of I/O so that it can be
/// checked byte for byte against captures of a real device.
/// </summary>
public static class AdbFraming
{
    /// <summary>The byte sum older hosts verify; hosts at <see cref="AdbCommand.VersionSkipChecksum"/> ignore it.</summary>
    public static uint Checksum(ReadOnlySpan<byte> payload)
    {
        uint sum = 0;
        foreach (var b in payload)
        {
            sum += b;
        }
        return sum;
    }

    public static void WriteHeader(Span<byte> destination, uint command, uint arg0, uint arg1, ReadOnlySpan<byte> payload, bool withChecksum)
    {
        if (destination.Length < AdbHeader.Size)
        {
            throw new ArgumentException("A header needs 24 bytes.", nameof(destination));
        }
        BinaryPrimitives.WriteUInt32LittleEndian(destination, command);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], arg0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], arg1);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], withChecksum ? Checksum(payload) : 0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], command ^ 0xffffffff);
    }

    /// <summary>Header followed by payload, as one buffer (used by tests and small control messages).</summary>
    public static byte[] Encode(uint command, uint arg0, uint arg1, ReadOnlySpan<byte> payload, bool withChecksum = true)
    {
        var buffer = new byte[AdbHeader.Size + payload.Length];
        WriteHeader(buffer, command, arg0, arg1, payload, withChecksum);
        payload.CopyTo(buffer.AsSpan(AdbHeader.Size));
        return buffer;
    }

    public static AdbHeader ReadHeader(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(source),
        BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[8..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[20..]));

    public static HeaderError Validate(in AdbHeader header, uint maxPayload)
    {
        if (header.Magic != (header.Command ^ 0xffffffff))
        {
            return HeaderError.BadMagic;
        }
        if (!AdbCommand.IsKnown(header.Command))
        {
            return HeaderError.UnknownCommand;
        }
        return header.DataLength > maxPayload ? HeaderError.PayloadTooLarge : HeaderError.None;
    }

    /// <summary>
    /// The CNXN banner the host parses into product/model/device for <c>adb devices -l</c>.
    /// The system type (device, recovery, ...) becomes the state adb shows.
    /// </summary>
    public static string DeviceBanner(string systemType, string product, string model, string device, IEnumerable<string> features) =>
        $"{systemType}::ro.product.name={product};ro.product.model={model};ro.product.device={device};features={string.Join(',', features)}";

    /// <summary>A service name arrives NUL-terminated in OPEN; some hosts omit the NUL.</summary>
    public static string ServiceName(ReadOnlySpan<byte> payload)
    {
        var end = payload.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? payload[..end] : payload);
    }
}
