namespace LaiteLaina.Tests.Packaging;

/// <summary>
/// A root file system that starts as a copy of this machine's and keeps every change to itself: an overlay whose
/// lower layer is / and whose upper layer is a scratch directory, entered through chroot inside a private mount
/// namespace (unshare -m), with /proc, /sys and /dev of the machine and the packages under test at /pkg. Each
/// command mounts it anew over the same upper layer, so the steps of one test see each other's changes.
/// </summary>
public sealed class FreshRoot : IDisposable
{
    private readonly string dir;
    private readonly string packages;

    private FreshRoot(string dir, string packages)
    {
        this.dir = dir;
        this.packages = packages;
    }

    private const string Enter = """
        set -e
        dir=$1; packages=$2; shift 2
        mount -t overlay overlay -o "lowerdir=/,upperdir=$dir/upper,workdir=$dir/work" "$dir/root"
        mount -t proc proc "$dir/root/proc"
        mount --rbind /sys "$dir/root/sys"
        mount --rbind /dev "$dir/root/dev"
        mkdir -p "$dir/root/pkg"
        mount --bind "$packages" "$dir/root/pkg"
        # No debconf questions on a terminal that is not there: the default answers hold, as on an unattended install.
        exec chroot "$dir/root" env DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
        """;

    public static async Task<FreshRoot> CreateAsync(string packages)
    {
        var dir = Directory.CreateTempSubdirectory("laitelaina-root-").FullName;
        foreach (var sub in new[] { "upper", "work", "root" })
            Directory.CreateDirectory(Path.Combine(dir, sub));
        var root = new FreshRoot(dir, packages);
        var probe = await root.RunAsync("true");
        if (probe.Code != 0)
        {
            root.Dispose();
            Assert.Ignore("an overlay root cannot be mounted here (needs root with CAP_SYS_ADMIN and overlayfs): " + probe.Output);
        }
        return root;
    }

    private ProcessStartInfo Command(string[] command)
    {
        var start = new ProcessStartInfo("unshare") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-m", "--propagation", "private", "sh", "-c", Enter, "fresh-root", dir, packages }.Concat(command))
            start.ArgumentList.Add(arg);
        return start;
    }

    public Task<(int Code, string Output)> RunAsync(params string[] command) => Run(Command(command), TimeSpan.FromMinutes(3));

    /// <summary>Runs to the end and returns the exit code with stdout and stderr; killed past <paramref name="timeout"/>.</summary>
    public static async Task<(int Code, string Output)> Run(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await output + await error);
    }

    /// <summary>A long-running command (the service) inside the root; stopped with SIGTERM when disposed.</summary>
    public RunningInRoot Start(params string[] command) => new(Process.Start(Command(command))!);

    public void Dispose()
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A file the service still had open as it stopped; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

public sealed class RunningInRoot(Process process) : IAsyncDisposable
{
    private readonly StringBuilder output = new();

    /// <summary>Polls /healthz until it answers, the service exits, or two minutes pass (a cold start on a busy CI machine).</summary>
    public async Task<string> WaitForHealthAsync(int port)
    {
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < until && !process.HasExited)
        {
            try
            {
                return await http.GetStringAsync($"http://127.0.0.1:{port}/healthz");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }
        lock (output)
            Assert.Fail($"/healthz did not answer (exited: {process.HasExited}):\n{output}");
        return "";
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // unshare passes no signal on; the service is its only descendant that listens, so stop the whole tree.
            foreach (var child in Descendants(process.Id))
                using (var kill = Process.Start("kill", ["-TERM", child.ToString(CultureInfo.InvariantCulture)]))
                    await kill.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        process.Dispose();
    }

    private static List<int> Descendants(int pid)
    {
        var children = File.Exists($"/proc/{pid}/task/{pid}/children")
            ? File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList()
            : [];
        return [.. children.SelectMany(Descendants), .. children];
    }
}
