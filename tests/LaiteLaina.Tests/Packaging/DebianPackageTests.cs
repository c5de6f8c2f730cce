using System.Net.Sockets;
using LaiteLaina.Tests.Provisioning;

namespace LaiteLaina.Tests.Packaging;

/// <summary>
/// scripts/package.sh's Debian package, built once for the class (a self-contained publish takes minutes), checked with
/// dpkg-deb and installed with dpkg into a fresh root: an overlay over this machine's own root, so the package meets a
/// real Debian with its adduser and debconf while nothing it does reaches the machine, entered with chroot in a
/// private mount namespace. Needs root (mount, chroot, dpkg); without it the class is skipped with that reason.
/// What this cannot show: systemd starting the unit (no systemd runs as init here) and udev applying the rules to a
/// plugged-in device; systemd-analyze verify lints the unit instead.
/// </summary>
[EndToEnd]
[NonParallelizable]
public sealed class DebianPackageTests
{
    private static string work = null!;
    private static string deb = null!;
    private static string upgrade = null!;

    [OneTimeSetUp]
    public static async Task BuildOnceAsync()
    {
        if (Environment.UserName != "root")
            Assert.Ignore("installing a package into a fresh root needs root (mount, chroot, dpkg); run the suite as root");
        foreach (var tool in new[] { "dpkg-deb", "dpkg", "chroot", "unshare", "runuser" })
            if (Doctor.FindProgram(tool) is null)
                Assert.Ignore($"{tool} is missing: scripts/setup.sh --tests installs it");
        work = Directory.CreateTempSubdirectory("laitelaina-package-").FullName;
        deb = Path.Combine(work, "laitelaina_0.1.0~test1_amd64.deb");
        // LAITELAINA_TEST_DEB: a package scripts/package.sh already built from this tree with that version (a CI job that
        // packages once); otherwise it is built here.
        if (Environment.GetEnvironmentVariable("LAITELAINA_TEST_DEB") is { Length: > 0 } given)
        {
            File.Copy(given, deb);
        }
        else
        {
            var built = await RunAsync("bash", [Path.Combine(PrivateAdbServer.RepositoryRoot, "scripts", "package.sh"), "--out", work],
                new() { ["LAITELAINA_VERSION"] = "0.1.0~test1", ["LAITELAINA_DEB_COMPRESSION"] = "gzip" }, TimeSpan.FromMinutes(30));
            Assert.That(built.Code, Is.Zero, built.Output);
        }
        // The upgrade: the same files under a later version, as the next release would be.
        var unpacked = Path.Combine(work, "unpacked");
        Assert.That((await RunAsync("dpkg-deb", ["-R", deb, unpacked])).Code, Is.Zero);
        var control = Path.Combine(unpacked, "DEBIAN", "control");
        await File.WriteAllTextAsync(control, (await File.ReadAllTextAsync(control)).Replace("Version: 0.1.0~test1", "Version: 0.1.0~test2", StringComparison.Ordinal));
        upgrade = Path.Combine(work, "laitelaina_0.1.0~test2_amd64.deb");
        Assert.That((await RunAsync("dpkg-deb", ["--root-owner-group", "-Zgzip", "--build", unpacked, upgrade])).Code, Is.Zero);
    }

    [OneTimeTearDown]
    public static void RemoveWork()
    {
        if (work is not null && Directory.Exists(work))
            Directory.Delete(work, recursive: true);
    }

    [Test]
    public async Task Info_BuiltPackage_NamesItselfAndItsMaintainerScripts()
    {
        var info = await RunAsync("dpkg-deb", ["--info", deb]);
        Assert.That(info.Output, Does.Contain("Package: laitelaina").And.Contain("Version: 0.1.0~test1").And.Contain("Architecture: amd64"));
        Assert.That(info.Output, Does.Contain("Depends: adduser"));
        foreach (var script in new[] { "postinst", "prerm", "postrm", "templates", "md5sums" })
            Assert.That(info.Output, Does.Contain(" " + script), script);
    }

    [Test]
    public async Task Contents_BuiltPackage_ProgramLinkUnitRulesAndNativeLibrariesOwnedByRoot()
    {
        var contents = (await RunAsync("dpkg-deb", ["--contents", deb])).Output;
        foreach (var path in new[]
                 {
                     "./usr/lib/laitelaina/laitelaina", "./usr/bin/laitelaina -> ../lib/laitelaina/laitelaina",
                     "./lib/systemd/system/laitelaina.service", "./lib/udev/rules.d/60-laitelaina.rules",
                     "./usr/lib/laitelaina/libSkiaSharp.so", "./usr/lib/laitelaina/libHarfBuzzSharp.so", "./usr/lib/laitelaina/libe_sqlite3.so",
                     "./usr/lib/laitelaina/scripts/adb/wipe.sh", "./usr/lib/laitelaina/scripts/disk/",
                 })
            Assert.That(contents, Does.Contain(path), path);
        Assert.That(contents.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.All.Contains("root/root"));
        // Single file: the program's own assemblies are inside it, not beside it.
        Assert.That(contents, Does.Not.Contain("laitelaina.dll").And.Not.Contain(".pdb"));
    }

    [Test]
    public async Task Install_FreshRoot_UserDataDirectoryAndHealthzAsTheServiceUser()
    {
        using var root = await FreshRoot.CreateAsync(work);
        var install = await root.RunAsync("dpkg", "-i", "/pkg/" + Path.GetFileName(deb));
        Assert.That(install.Code, Is.Zero, install.Output);
        Assert.That((await root.RunAsync("id", "-nG", "laitelaina")).Output.Split(' ', StringSplitOptions.TrimEntries),
            Is.SupersetOf(new[] { "laitelaina", "dialout", "plugdev" }));
        Assert.That((await root.RunAsync("stat", "-c", "%U %G %a", "/var/lib/laitelaina")).Output.Trim(), Is.EqualTo("laitelaina laitelaina 750"));
        Assert.That((await root.RunAsync("readlink", "-f", "/usr/bin/laitelaina")).Output.Trim(), Is.EqualTo("/usr/lib/laitelaina/laitelaina"));

        var port = FreePort();
        await using (var service = root.Start("runuser", "-u", "laitelaina", "--", "env", "LAITELAINA_DATA=/var/lib/laitelaina",
                         "/usr/bin/laitelaina", "serve", "--urls", $"http://127.0.0.1:{port}"))
        {
            var health = await service.WaitForHealthAsync(port);
            Assert.That(health, Does.Contain("\"status\":\"ok\"").And.Contain($"\"schemaVersion\":{Migrator.Latest}"));
        }
        Assert.That((await root.RunAsync("stat", "-c", "%U", "/var/lib/laitelaina/laitelaina.db")).Output.Trim(), Is.EqualTo("laitelaina"));
        // The packaged program finds its adb scripts beside itself (/usr/lib/laitelaina/scripts/adb) and checks the station.
        var doctor = await root.RunAsync("/usr/bin/laitelaina", "doctor", "--data", "/var/lib/laitelaina", "--user", "laitelaina", "--language", "sv");
        Assert.That(doctor.Output, Does.Contain("databas: Databasen /var/lib/laitelaina/laitelaina.db öppnas"), doctor.Output);
    }

    [Test]
    public async Task Reinstall_UpgradeRemoveAndInstallAgain_DataKept()
    {
        using var root = await FreshRoot.CreateAsync(work);
        Assert.That((await root.RunAsync("dpkg", "-i", "/pkg/" + Path.GetFileName(deb))).Code, Is.Zero);
        Assert.That((await root.RunAsync("runuser", "-u", "laitelaina", "--", "/usr/bin/laitelaina", "init", "--data", "/var/lib/laitelaina")).Code, Is.Zero);
        await root.RunAsync("sh", "-c", "echo kept > /var/lib/laitelaina/marker && chown laitelaina /var/lib/laitelaina/marker");
        var database = (await root.RunAsync("sha256sum", "/var/lib/laitelaina/laitelaina.db")).Output;

        foreach (var step in new[] { new[] { "dpkg", "-i", "/pkg/" + Path.GetFileName(deb) }, ["dpkg", "-i", "/pkg/" + Path.GetFileName(upgrade)], ["dpkg", "-r", "laitelaina"] })
        {
            var run = await root.RunAsync(step);
            Assert.That(run.Code, Is.Zero, string.Join(' ', step) + "\n" + run.Output);
            Assert.That((await root.RunAsync("cat", "/var/lib/laitelaina/marker")).Output.Trim(), Is.EqualTo("kept"), string.Join(' ', step));
            Assert.That((await root.RunAsync("sha256sum", "/var/lib/laitelaina/laitelaina.db")).Output, Is.EqualTo(database), string.Join(' ', step));
        }
        Assert.That((await root.RunAsync("test", "-e", "/usr/lib/laitelaina/laitelaina")).Code, Is.Not.Zero, "remove takes the program away");
        Assert.That((await root.RunAsync("dpkg", "-i", "/pkg/" + Path.GetFileName(upgrade))).Code, Is.Zero);
        var version = await root.RunAsync("runuser", "-u", "laitelaina", "--", "/usr/bin/laitelaina", "init", "--data", "/var/lib/laitelaina");
        Assert.That(version.Output, Does.Contain("is up to date"), version.Output);
    }

    [Test]
    public async Task Purge_DefaultAnswerThenYes_KeepsDataUnlessTheAdministratorSaysYes()
    {
        using var root = await FreshRoot.CreateAsync(work);
        Assert.That((await root.RunAsync("dpkg", "-i", "/pkg/" + Path.GetFileName(deb))).Code, Is.Zero);
        await root.RunAsync("sh", "-c", "echo kept > /var/lib/laitelaina/marker");
        var purge = await root.RunAsync("dpkg", "--purge", "laitelaina");
        Assert.That(purge.Code, Is.Zero, purge.Output);
        Assert.That(purge.Output, Does.Contain("the data in /var/lib/laitelaina and the user laitelaina are kept"));
        Assert.That((await root.RunAsync("cat", "/var/lib/laitelaina/marker")).Output.Trim(), Is.EqualTo("kept"));

        Assert.That((await root.RunAsync("dpkg", "-i", "/pkg/" + Path.GetFileName(deb))).Code, Is.Zero);
        await root.RunAsync("sh", "-c", "echo 'laitelaina laitelaina/purge-data boolean true' | debconf-set-selections");
        var yes = await root.RunAsync("dpkg", "--purge", "laitelaina");
        Assert.That(yes.Code, Is.Zero, yes.Output);
        Assert.That((await root.RunAsync("test", "-e", "/var/lib/laitelaina")).Code, Is.Not.Zero, "purge with yes deletes the data");
        Assert.That((await root.RunAsync("getent", "passwd", "laitelaina")).Code, Is.Not.Zero);
    }

    [Test]
    public async Task Unit_SystemdAnalyzeVerify_NoFindings()
    {
        using var root = await FreshRoot.CreateAsync(work);
        Assert.That((await root.RunAsync("dpkg", "-i", "/pkg/" + Path.GetFileName(deb))).Code, Is.Zero);
        if ((await root.RunAsync("sh", "-c", "command -v systemd-analyze")).Code != 0)
            Assert.Ignore("systemd-analyze is missing: scripts/setup.sh --tests installs systemd");
        var verify = await root.RunAsync("systemd-analyze", "verify", "/lib/systemd/system/laitelaina.service");
        Assert.That(verify.Code, Is.Zero, verify.Output);
        Assert.That(verify.Output.Trim(), Is.Empty, "systemd-analyze verify prints only findings");
    }

    [Test]
    public async Task UdevRules_InstalledRulesParsedByUdevadm_NoErrorsAndEveryVendor()
    {
        using var root = await FreshRoot.CreateAsync(work);
        Assert.That((await root.RunAsync("dpkg", "-i", "/pkg/" + Path.GetFileName(deb))).Code, Is.Zero);
        if ((await root.RunAsync("sh", "-c", "command -v udevadm")).Code != 0)
            Assert.Ignore("udevadm is missing: scripts/setup.sh --tests installs udev");
        // udevadm test reads every rules file (ours among them) with udevd's own parser and names each bad line; any
        // device will do, the rules are parsed before it is matched. (udevadm verify came only with systemd 253.)
        var test = await root.RunAsync("sh", "-c", "udevadm test --action=add /sys/class/tty/tty0 2>&1");
        Assert.That(test.Output, Does.Contain("60-laitelaina.rules"), test.Output);
        // A parse error is a line that begins with the file and line ("...rules:2 Invalid operator for SUBSYSTEM."); the
        // lines of the rules applied to the device begin with the device's name.
        Assert.That(test.Output.Split('\n').Where(l => Regex.IsMatch(l, @"^\S*60-laitelaina\.rules:\d+ ")), Is.Empty, test.Output);
        var text = (await root.RunAsync("cat", "/lib/udev/rules.d/60-laitelaina.rules")).Output;
        foreach (var vendor in new[] { "0c2e", "05e0", "05f9", "080c", "0a5f", "04f9" })
            Assert.That(text, Does.Contain($"ATTRS{{idVendor}}==\"{vendor}\""), vendor);
        Assert.That(text, Does.Contain("*:ff4201:*"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static Task<(int Code, string Output)> RunAsync(string program, string[] args, Dictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var (key, value) in environment ?? [])
            start.Environment[key] = value;
        return FreshRoot.Run(start, timeout ?? TimeSpan.FromMinutes(3));
    }
}
