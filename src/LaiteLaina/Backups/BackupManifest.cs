using System.Security.Cryptography;
using System.Text.Json;

namespace LaiteLaina.Backups;

/// <summary>A file of a backup, by its path inside the run's folder (with '/'), its size and its SHA-256 in hex.</summary>
public sealed record BackupFile(string Path, long Bytes, string Sha256);

/// <summary>
/// manifest.json of one backup run: when it was taken, the schema version, the rows of every table in the snapshot
/// copied, and every file with its SHA-256. What the check after the run and the restore drill compare against.
/// </summary>
public sealed record BackupManifest(int Format, DateTimeOffset CreatedAt, int SchemaVersion, IReadOnlyDictionary<string, long> Tables,
    IReadOnlyList<BackupFile> Files)
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public long Rows => Tables.Values.Sum();

    public long Bytes => Files.Sum(f => f.Bytes);

    public async Task WriteAsync(string folder, CancellationToken ct)
    {
        await using var stream = File.Create(System.IO.Path.Combine(folder, FileName));
        await JsonSerializer.SerializeAsync(stream, this, Options, ct);
        // A manifest that never reached the disk would make a good copy look unfinished after a power cut.
        stream.Flush(flushToDisk: true);
    }

    /// <summary>The manifest of the run in <paramref name="folder"/>, or null when it has none that reads.</summary>
    public static async Task<BackupManifest?> ReadAsync(string folder, CancellationToken ct)
    {
        var file = System.IO.Path.Combine(folder, FileName);
        if (!File.Exists(file))
            return null;
        try
        {
            await using var stream = File.OpenRead(file);
            return await JsonSerializer.DeserializeAsync<BackupManifest>(stream, Options, ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Every file under <paramref name="folder"/> but the manifest, with its size and SHA-256.</summary>
    public static async Task<IReadOnlyList<BackupFile>> DescribeAsync(string folder, CancellationToken ct)
    {
        var files = new List<BackupFile>();
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = System.IO.Path.GetRelativePath(folder, path).Replace('\\', '/');
            if (relative == FileName)
                continue;
            files.Add(new BackupFile(relative, new FileInfo(path).Length, await HashAsync(path, ct)));
        }
        return files;
    }

    public static async Task<string> HashAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
