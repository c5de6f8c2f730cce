using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.DeviceSim.Userland;

/// <summary>
/// Paths over <see cref="TabletState.Files"/>. Callers hold the tablet's lock. The storage aliases
/// Android has for the shared storage all lead to <c>/sdcard</c>.
/// </summary>
public sealed class VirtualFileSystem(TabletState state)
{
    public const string DevNull = "/dev/null";

    private static readonly string[] SdcardAliases = ["/storage/emulated/0", "/storage/self/primary", "/mnt/sdcard"];
    // Directories every Android has; listing them works even though the state keeps no entry.
    private static readonly HashSet<string> ImplicitDirectories = ["/", "/storage", "/storage/emulated", "/system", "/dev", "/mnt"];

    public static string Normalize(string path, string workingDirectory = "/")
    {
        if (!path.StartsWith('/'))
        {
            path = workingDirectory.TrimEnd('/') + "/" + path;
        }
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }
        var normalized = "/" + string.Join('/', parts);
        foreach (var alias in SdcardAliases)
        {
            if (normalized == alias || normalized.StartsWith(alias + "/", StringComparison.Ordinal))
            {
                return "/sdcard" + normalized[alias.Length..];
            }
        }
        return normalized;
    }

    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    /// <summary>
    /// Whether the shared storage a path lies in is there: a secondary user's <c>/storage/emulated/N</c> exists only
    /// while that user runs. vold creates a user's emulated volume in <c>VolumeManager::onUserStarted</c>
    /// (<c>createEmulatedVolumesForUser</c>) and destroys it in <c>onUserStopped</c>, so a user made by
    /// <c>pm create-user</c> has no shared storage until <c>am start-user</c>. User 0's is <c>/sdcard</c> here.
    /// </summary>
    public bool Mounted(string path)
    {
        const string emulated = "/storage/emulated/";
        if (!path.StartsWith(emulated, StringComparison.Ordinal))
        {
            return true;
        }
        var rest = path[emulated.Length..];
        var slash = rest.IndexOf('/');
        return int.TryParse(slash < 0 ? rest : rest[..slash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var user)
            && state.Users.Any(u => u.Id == user && u.Running);
    }

    public VirtualFile? Get(string path)
    {
        if (!Mounted(path))
        {
            return null;
        }
        if (state.Files.TryGetValue(path, out var file))
        {
            return file;
        }
        return ImplicitDirectories.Contains(path) || path == DevNull
            ? new VirtualFile { IsDirectory = path != DevNull, Permissions = 0x1ed }
            : null;
    }

    public bool IsDirectory(string path) => Get(path)?.IsDirectory == true;

    /// <summary>Names directly inside a directory, sorted as toybox ls sorts them.</summary>
    public IReadOnlyList<string> List(string directory)
    {
        var prefix = directory == "/" ? "/" : directory + "/";
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in state.Files.Keys)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length)
            {
                var rest = path[prefix.Length..];
                var slash = rest.IndexOf('/');
                names.Add(slash < 0 ? rest : rest[..slash]);
            }
        }
        return [.. names];
    }

    /// <summary>Writes a file, creating missing parent directories as adbd does for a push.</summary>
    public void Write(string path, byte[] content, long modifiedUnix, int permissions = 0x1b0)
    {
        if (path == DevNull || !Mounted(path))
        {
            return;
        }
        MakeDirectories(Parent(path));
        state.Files[path] = new VirtualFile { Content = content, ModifiedUnix = modifiedUnix, Permissions = permissions & 0xfff };
    }

    public void MakeDirectories(string path)
    {
        if (!Mounted(path))
        {
            return;
        }
        while (path != "/" && !ImplicitDirectories.Contains(path) && !state.Files.ContainsKey(path))
        {
            state.Files[path] = VirtualFile.Directory();
            path = Parent(path);
        }
    }

    public void Remove(string path)
    {
        var prefix = path + "/";
        foreach (var key in state.Files.Keys.Where(k => k == path || k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            state.Files.Remove(key);
        }
    }

    /// <summary>Files (not directories) under a folder, for wiping user data.</summary>
    public void RemoveContents(string directory)
    {
        var prefix = directory + "/";
        foreach (var key in state.Files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            state.Files.Remove(key);
        }
    }
}
