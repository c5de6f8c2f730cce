namespace LaiteLaina.Tests.Provisioning;

/// <summary>
/// A real block device for nwipe and dd: a small file full of random bytes behind a loop device. Needs root
/// (CI runs as root); without it, or without a free loop device, the test is skipped with the reason.
/// Always detached (and unmounted) on dispose.
/// </summary>
public sealed class LoopDevice : IDisposable
{
    private string? mountPoint;

    public string File { get; }
    public string Device { get; }

    private LoopDevice(string file, string device)
    {
        File = file;
        Device = device;
    }

    public static LoopDevice Create(string directory, int megabytes = 4)
    {
        if (Environment.UserName != "root" && !string.Equals(Run("id", "-u").Trim(), "0", StringComparison.Ordinal))
            Assert.Ignore("loop devices need root; CI runs the suite as root (sudo dotnet test to run it here)");
        var file = Path.Combine(directory, "disk.img");
        System.IO.File.WriteAllBytes(file, System.Security.Cryptography.RandomNumberGenerator.GetBytes(megabytes * 1024 * 1024));
        string device;
        try
        {
            device = Run("losetup", "-f", "--show", file).Trim();
        }
        catch (InvalidOperationException e)
        {
            Assert.Ignore("no loop device is available here: " + e.Message);
            throw; // not reached
        }
        return new LoopDevice(file, device);
    }

    /// <summary>Puts an ext4 file system on it and mounts it; the marker file is there to be found again.</summary>
    public string Mount(string directory)
    {
        // No lazy initialisation: ext4 would go on writing in the background and the bytes could not be compared.
        Run("mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0", Device);
        mountPoint = Directory.CreateDirectory(Path.Combine(directory, "mnt")).FullName;
        Run("mount", Device, mountPoint);
        System.IO.File.WriteAllText(Path.Combine(mountPoint, "keep.txt"), "a borrower's photos");
        Run("sync");
        return mountPoint;
    }

    public byte[] Bytes() => System.IO.File.ReadAllBytes(File);

    public void Dispose()
    {
        if (mountPoint is not null)
            Run("umount", mountPoint);
        Run("losetup", "-d", Device);
    }

    public static string Run(string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException(tool + " did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)}: exit {process.ExitCode}: {error.Result.Trim()}");
        return output.Result;
    }
}
