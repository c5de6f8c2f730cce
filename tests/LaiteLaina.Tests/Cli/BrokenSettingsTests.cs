using Microsoft.Data.Sqlite;

namespace LaiteLaina.Tests.Cli;

/// <summary>A verb run against a data directory whose settings or profiles are wrong: one line naming the file, the key and
/// what is wrong, exit code 1, never a stack trace. SQLite only, since it is about the files beside the database.</summary>
public sealed class BrokenSettingsTests
{
    private string dir = null!;

    [SetUp]
    public async Task CreateDataDirectory()
    {
        dir = Directory.CreateTempSubdirectory("laitelaina-settings-").FullName;
        Assert.That((await CliRun.RunAsync("init", "--data", dir)).ExitCode, Is.Zero);
    }

    [TearDown]
    public void RemoveDataDirectory()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(dir, true);
    }

    private string Settings => Path.Combine(dir, "appsettings.json");

    private static void AssertOneLineError(CliResult result, string expected)
    {
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), result.Error);
        Assert.That(result.Error.TrimEnd(), Is.EqualTo("error: " + expected));
    }

    [Test]
    public async Task LabelJobs_MisspeltScannerKey_NamesFileKeyAndGuess()
    {
        await File.WriteAllTextAsync(Settings, """{ "Scanners": [ { "Port": "/dev/x", "Terminater": "CR" } ], "Printers": [ { "Name": "p", "Port": "/tmp/p" } ] }""");
        AssertOneLineError(await CliRun.RunAsync("label", "jobs", "--data", dir),
            $"{Settings}: Scanners:0:Terminater is not a setting; did you mean Terminator?");
    }

    [Test]
    public async Task LabelJobs_SettingsNotJson_NamesFileAndLine()
    {
        await File.WriteAllTextAsync(Settings, "{\n  \"Printers\": [\n    { \"Name\": \"p\" \"Port\": \"/tmp/p\" }\n  ]\n}\n");
        AssertOneLineError(await CliRun.RunAsync("label", "jobs", "--data", dir),
            $"{Settings}: not valid JSON at line 3; check the commas, quotes and braces there.");
    }

    [Test]
    public async Task ProvisionProfiles_MisspeltProfileKey_NamesFileKeyAndGuess()
    {
        var profiles = new ProvisioningProfiles(new DataLocation(dir, null));
        profiles.EnsureDefaults();
        await File.WriteAllTextAsync(Path.Combine(profiles.Directory, "staff-tablet.json"),
            """{ "wipe": { "method": "testharness" }, "settings": { "font_scael": 1.3 } }""");
        AssertOneLineError(await CliRun.RunAsync("provision", "profiles", "--data", dir),
            "profile staff-tablet.json: settings.font_scael is not a setting; did you mean font_scale?");
    }
}
