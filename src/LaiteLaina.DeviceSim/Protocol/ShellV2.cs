using System.Buffers.Binary;

namespace LaiteLaina.DeviceSim.Protocol;

/// <summary>Packet ids of the shell v2 protocol: 1-byte id, 4-byte little-endian length, data.</summary>
public enum ShellPacketId : byte
{
    Stdin = 0,
    Stdout = 1,
    Stderr = 2,
    Exit = 3,
    CloseStdin = 4,
    WindowSizeChange = 5,
    Invalid = 255,
}

public static class ShellV2
{
    public const int HeaderSize = 5;

    public static byte[] Packet(ShellPacketId id, ReadOnlySpan<byte> data)
    {
        var buffer = new byte[HeaderSize + data.Length];
        buffer[0] = (byte)id;
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(1), (uint)data.Length);
        data.CopyTo(buffer.AsSpan(HeaderSize));
        return buffer;
    }

    /// <summary>The exit packet carries the code as a single byte, as a shell's status is 0..255.</summary>
    public static byte[] ExitPacket(int exitCode) => Packet(ShellPacketId.Exit, [(byte)(exitCode & 0xff)]);
}

/// <summary>
/// Parses shell v2 packets out of a byte stream: the host's WRTE boundaries need not match
/// packet boundaries, so bytes are buffered until a whole packet is there.
/// </summary>
public sealed class ShellV2Reader
{
    private byte[] _buffer = new byte[256];
    private int _count;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_count + data.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + data.Length));
        }
        data.CopyTo(_buffer.AsSpan(_count));
        _count += data.Length;
    }

    public bool TryRead(out ShellPacketId id, out byte[] data)
    {
        id = ShellPacketId.Invalid;
        data = [];
        if (_count < ShellV2.HeaderSize)
        {
            return false;
        }
        var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(1));
        if (_count < ShellV2.HeaderSize + length)
        {
            return false;
        }
        id = (ShellPacketId)_buffer[0];
        data = _buffer.AsSpan(ShellV2.HeaderSize, length).ToArray();
        var consumed = ShellV2.HeaderSize + length;
        _buffer.AsSpan(consumed, _count - consumed).CopyTo(_buffer);
        _count -= consumed;
        return true;
    }
}
