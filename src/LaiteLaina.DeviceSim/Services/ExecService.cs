using System.Text;
using LaiteLaina.DeviceSim.Transport;
using LaiteLaina.DeviceSim.Userland;

namespace LaiteLaina.DeviceSim.Services;

/// <summary>
/// <c>exec:</c> is a raw byte pipe with no PTY and no exit code. <c>adb install</c> streams the APK
/// into <c>exec:cmd package 'install' -S SIZE</c>, so stdin is read first when a size is given.
/// </summary>
public static class ExecService
{
    public static async Task RunAsync(AdbChannel stream, SimulatedTablet tablet, string command)
    {
        var first = ShellParser.Parse(command, _ => "").FirstOrDefault();
        var words = first is null ? [] : first.Commands[0].Words;
        var sizeIndex = words.ToList().IndexOf("-S");
        if (IsInstall(words) && sizeIndex >= 0 && sizeIndex + 1 < words.Count && long.TryParse(words[sizeIndex + 1], out var size))
        {
            await StreamedInstallAsync(stream, tablet, words, size);
            return;
        }
        var result = AndroidShell.Run(tablet, command);
        await stream.WriteAsync(result.Stdout);
        await stream.WriteAsync(result.Stderr);
    }

    private static bool IsInstall(IReadOnlyList<string> words) =>
        words.Count >= 3 && ((words[0] == "cmd" && words[1] == "package" && words[2] == "install")
                             || (words[0] == "pm" && words[1] == "install"));

    private static async Task StreamedInstallAsync(AdbChannel stream, SimulatedTablet tablet, IReadOnlyList<string> words, long size)
    {
        using var apk = new MemoryStream((int)Math.Min(size, int.MaxValue));
        if (!await stream.CopyToAsync(apk, size))
        {
            return; // the host gave up mid-transfer; nothing to answer
        }
        var userIndex = words.ToList().IndexOf("--user");
        int? user = userIndex >= 0 && userIndex + 1 < words.Count && int.TryParse(words[userIndex + 1], out var u) ? u : null;
        string status;
        lock (tablet.Sync)
        {
            status = PackageManager.Install(tablet, apk.ToArray(), user);
        }
        await stream.WriteAsync(Encoding.UTF8.GetBytes(status + "\n"));
    }
}
