using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace LaiteLaina.DeviceSim.Userland;

/// <summary>
/// Finds the package name of an APK: a zip whose AndroidManifest.xml is either plain XML (what
/// <see cref="Create"/> makes for tests) or Android's binary XML, where the name is read from
/// the string pool.
/// </summary>
public static partial class ApkInspector
{
    [GeneratedRegex(@"\bpackage\s*=\s*""([^""]+)""")]
    private static partial Regex PackageAttribute();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$")]
    private static partial Regex JavaPackageName();

    /// <summary>A minimal installable APK for tests and demos.</summary>
    public static byte[] Create(string packageName, int paddingBytes = 0)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var manifest = new StreamWriter(zip.CreateEntry("AndroidManifest.xml").Open()))
            {
                manifest.Write($"""<?xml version="1.0" encoding="utf-8"?><manifest xmlns:android="http://schemas.android.com/apk/res/android" package="{packageName}" android:versionCode="1"/>""");
            }
            if (paddingBytes > 0)
            {
                using var dex = zip.CreateEntry("classes.dex", CompressionLevel.NoCompression).Open();
                dex.Write(new byte[paddingBytes]);
            }
        }
        return buffer.ToArray();
    }

    public static string? PackageName(byte[] apk)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(apk), ZipArchiveMode.Read);
            var entry = zip.GetEntry("AndroidManifest.xml");
            if (entry is null)
            {
                return null;
            }
            using var stream = entry.Open();
            using var manifest = new MemoryStream();
            stream.CopyTo(manifest);
            var bytes = manifest.ToArray();
            if (bytes.Length >= 2 && bytes[0] == 0x03 && bytes[1] == 0x00)
            {
                return FromBinaryXml(bytes);
            }
            var match = PackageAttribute().Match(Encoding.UTF8.GetString(bytes));
            return match.Success ? match.Groups[1].Value : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    // The manifest's string pool holds the package name among attribute names and values; it is
    // the first dotted Java name that is not a framework permission or class.
    private static string? FromBinaryXml(byte[] xml)
    {
        const int poolStart = 8;
        if (xml.Length < poolStart + 28 || BinaryPrimitives.ReadUInt16LittleEndian(xml.AsSpan(poolStart)) != 0x0001)
        {
            return null;
        }
        var count = BinaryPrimitives.ReadInt32LittleEndian(xml.AsSpan(poolStart + 8));
        var utf8 = (BinaryPrimitives.ReadInt32LittleEndian(xml.AsSpan(poolStart + 16)) & 0x100) != 0;
        var stringsStart = poolStart + BinaryPrimitives.ReadInt32LittleEndian(xml.AsSpan(poolStart + 20));
        for (var i = 0; i < count && poolStart + 28 + i * 4 + 4 <= xml.Length; i++)
        {
            var at = stringsStart + BinaryPrimitives.ReadInt32LittleEndian(xml.AsSpan(poolStart + 28 + i * 4));
            var text = utf8 ? ReadUtf8(xml, at) : ReadUtf16(xml, at);
            if (text is not null && JavaPackageName().IsMatch(text) && !text.StartsWith("android.", StringComparison.Ordinal))
            {
                return text;
            }
        }
        return null;
    }

    private static string? ReadUtf16(byte[] xml, int at)
    {
        if (at + 2 > xml.Length)
        {
            return null;
        }
        var length = BinaryPrimitives.ReadUInt16LittleEndian(xml.AsSpan(at));
        return at + 2 + length * 2 <= xml.Length ? Encoding.Unicode.GetString(xml, at + 2, length * 2) : null;
    }

    private static string? ReadUtf8(byte[] xml, int at)
    {
        // Two length bytes (UTF-16 length, then UTF-8 length), each short for short strings.
        if (at + 2 > xml.Length)
        {
            return null;
        }
        var skip = (xml[at] & 0x80) != 0 ? 2 : 1;
        var lengthAt = at + skip;
        var length = xml[lengthAt] & 0x7f;
        var dataAt = lengthAt + ((xml[lengthAt] & 0x80) != 0 ? 2 : 1);
        return dataAt + length <= xml.Length ? Encoding.UTF8.GetString(xml, dataAt, length) : null;
    }
}
