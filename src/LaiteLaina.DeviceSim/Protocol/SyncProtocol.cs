using System.Buffers.Binary;
using System.Text;

namespace LaiteLaina.DeviceSim.Protocol;

/// <summary>Ids and reply layouts of the <c>sync:</c> service (file_sync_protocol.h).</summary>
public static class SyncProtocol
{
    public const uint Stat = 0x54415453;   // "STAT"
    public const uint Sta2 = 0x32415453;   // "STA2"
    public const uint Lst2 = 0x3254534c;   // "LST2"
    public const uint List = 0x5453494c;   // "LIST"
    public const uint Send = 0x444e4553;   // "SEND"
    public const uint Recv = 0x56434552;   // "RECV"
    public const uint Dent = 0x544e4544;   // "DENT"
    public const uint Done = 0x454e4f44;   // "DONE"
    public const uint Data = 0x41544144;   // "DATA"
    public const uint Okay = 0x59414b4f;   // "OKAY"
    public const uint Fail = 0x4c494146;   // "FAIL"
    public const uint Quit = 0x54495551;   // "QUIT"

    public const int RequestSize = 8;
    public const int MaxData = 64 * 1024;
    public const int MaxPathLength = 1024;
    public const int StatV1Size = 16;
    public const int StatV2Size = 72;

    public const int ErrNoEnt = 2;

    public static string Name(uint id) => Encoding.ASCII.GetString(BitConverter.GetBytes(id));

    /// <summary>An id plus a little-endian uint32, the shape of requests, DATA and DONE headers.</summary>
    public static byte[] IdAndLength(uint id, uint value)
    {
        var buffer = new byte[RequestSize];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, id);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), value);
        return buffer;
    }

    public static byte[] Request(uint id, string path)
    {
        var pathBytes = Encoding.UTF8.GetBytes(path);
        var buffer = new byte[RequestSize + pathBytes.Length];
        IdAndLength(id, (uint)pathBytes.Length).CopyTo(buffer, 0);
        pathBytes.CopyTo(buffer, RequestSize);
        return buffer;
    }

    public static byte[] FailMessage(string message)
    {
        var text = Encoding.UTF8.GetBytes(message);
        var buffer = new byte[RequestSize + text.Length];
        IdAndLength(Fail, (uint)text.Length).CopyTo(buffer, 0);
        text.CopyTo(buffer, RequestSize);
        return buffer;
    }

    /// <summary>STAT reply: id, mode, size, mtime; all zero when the file does not exist.</summary>
    public static byte[] StatV1(uint mode, uint size, uint mtime)
    {
        var buffer = new byte[StatV1Size];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, Stat);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), mode);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(8), size);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(12), mtime);
        return buffer;
    }

    /// <summary>
    /// STA2/LST2 reply, 72 packed bytes: id, error, dev(8), ino(8), mode, nlink, uid, gid,
    /// size(8), atime(8), mtime(8), ctime(8). A missing file is error=ENOENT and zeros.
    /// </summary>
    public static byte[] StatV2(uint id, uint error, ulong ino, uint mode, ulong size, long mtime)
    {
        var buffer = new byte[StatV2Size];
        var s = buffer.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s, id);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], error);
        if (error != 0)
        {
            return buffer;
        }
        BinaryPrimitives.WriteUInt64LittleEndian(s[8..], 0xfd00);  // dev
        BinaryPrimitives.WriteUInt64LittleEndian(s[16..], ino);
        BinaryPrimitives.WriteUInt32LittleEndian(s[24..], mode);
        BinaryPrimitives.WriteUInt32LittleEndian(s[28..], 1);      // nlink
        BinaryPrimitives.WriteUInt32LittleEndian(s[32..], 0);      // uid root
        BinaryPrimitives.WriteUInt32LittleEndian(s[36..], 1015);   // gid sdcard_rw
        BinaryPrimitives.WriteUInt64LittleEndian(s[40..], size);
        BinaryPrimitives.WriteInt64LittleEndian(s[48..], mtime);
        BinaryPrimitives.WriteInt64LittleEndian(s[56..], mtime);
        BinaryPrimitives.WriteInt64LittleEndian(s[64..], mtime);
        return buffer;
    }

    /// <summary>DENT entry of a LIST reply: id, mode, size, mtime, namelen, then the name.</summary>
    public static byte[] Dirent(uint mode, uint size, uint mtime, string name)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[20 + nameBytes.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, Dent);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), mode);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(8), size);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(12), mtime);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(16), (uint)nameBytes.Length);
        nameBytes.CopyTo(buffer, 20);
        return buffer;
    }

    /// <summary>The LIST terminator is a DENT-sized DONE record of zeros.</summary>
    public static byte[] ListDone()
    {
        var buffer = new byte[20];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, Done);
        return buffer;
    }

    /// <summary>SEND carries "path,mode" with the mode in decimal; a path may itself contain commas.</summary>
    public static (string Path, uint Mode) ParseSendTarget(string spec)
    {
        var comma = spec.LastIndexOf(',');
        if (comma < 0)
        {
            return (spec, 0x81a4); // regular file, 0644
        }
        return uint.TryParse(spec.AsSpan(comma + 1), out var mode) ? (spec[..comma], mode) : (spec, 0x81a4u);
    }
}
