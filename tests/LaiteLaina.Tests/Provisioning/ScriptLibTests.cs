using LaiteLaina.DeviceSim;
using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.Tests.Provisioning;

/// <summary>The helpers of scripts/adb/lib.sh that the scripts build on: batches of tablet commands and the profile cache.</summary>
public sealed partial class ScriptContractTests
{
    /// <summary>Runs a bash snippet with lib.sh sourced and SERIAL set; returns its stdout.</summary>
    private async Task<string> LibAsync(string snippet, string serial = "", string? home = null)
    {
        var start = AdbScripts.Start(adb.Options, "bash", ["-c", $"source {Path.Combine(PrivateAdbServer.Scripts, "lib.sh")}; SERIAL='{serial}'; {snippet}"]);
        if (home is not null)
            start.Environment["HOME"] = home;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    [Test]
    public async Task AdbBatch_LargeOutputAFailureAndNoLastNewline_EachCommandItsOwnOutputAndStatus()
    {
        await using var farm = await ConnectedAsync(Scenarios.CreateClean(41));
        var serial = farm.Tablets[0].Address;
        // 3,000 lines, about 100 KB: more than a real tablet's getprop, and more than the pipe bash reads it from.
        var big = Path.GetTempFileName();
        await File.WriteAllLinesAsync(big, Enumerable.Range(0, 3000).Select(i => $"[ro.prop.{i}.with.a.long.name]: [value {i}]"));
        await AdbScripts.AdbAsync(adb.Options, ["-s", serial, "push", big, "/sdcard/big.txt"], CancellationToken.None);

        var output = await LibAsync("""
            adb_batch "cat /sdcard/big.txt" "cat /sdcard/none.txt" "echo -n tail" "true"
            printf '%s\n' "${#BATCH_OUT[@]}" "${BATCH_STATUS[*]}" "${BATCH_OUT[2]}" "${BATCH_OUT[3]}|"
            printf '%s' "${BATCH_OUT[0]}" | sha256sum
            """, serial);

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(big)[..^1]));
        File.Delete(big);
        Assert.That(output.Split('\n')[..4], Is.EqualTo((string[])["4", "0 1 0 0", "tail", "|"]), output);
        Assert.That(output, Does.Contain(expected), "the big output comes back whole, without its last newline");
    }

    [Test]
    public async Task LoadProfile_ProfileEditedAfterACachedRead_ReadsTheNewValues()
    {
        var home = Directory.CreateTempSubdirectory("laitelaina-home-").FullName;
        var profile = Path.Combine(home, "p.json");
        try
        {
            await File.WriteAllTextAsync(profile, """{ "wipe": { "method": "testharness" }, "min_battery": 40 }""");
            var first = await LibAsync($"PROFILE='{profile}'; load_profile; echo \"$wipe_method $min_battery\"", home: home);
            var cached = await LibAsync($"PROFILE='{profile}'; load_profile; echo \"$wipe_method $min_battery\"", home: home);
            await File.WriteAllTextAsync(profile, """{ "wipe": { "method": "recovery" }, "min_battery": 55 }""");
            var edited = await LibAsync($"PROFILE='{profile}'; load_profile; echo \"$wipe_method $min_battery\"", home: home);

            Assert.That(first.Trim(), Is.EqualTo("testharness 40"));
            Assert.That(cached.Trim(), Is.EqualTo("testharness 40"));
            Assert.That(Directory.GetFiles(Path.Combine(home, ".cache", "laitelaina")), Has.Length.EqualTo(2), "one cached reading per content");
            Assert.That(edited.Trim(), Is.EqualTo("guided 55"), "recovery is read as guided, its former name");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [TestCase("   \n", "is empty")]
    [TestCase("[1, 2]", "not a JSON object")]
    [TestCase("{ \"wipe\": ", "not a valid profile")]
    public async Task LoadProfile_NotAProfile_FailedResultLineNamesTheFile(string text, string says)
    {
        var profile = Path.GetTempFileName();
        await File.WriteAllTextAsync(profile, text);
        var output = await LibAsync($"PROFILE='{profile}'; load_profile; echo loaded");
        File.Delete(profile);

        Assert.That(output, Does.StartWith($"LL result=failed message=\"Profile file {profile} ").And.Contain(says));
        Assert.That(output, Does.Not.Contain("loaded"));
    }

    [Test]
    public async Task RequireDevice_TabletOfflineForAMoment_WaitsAndGoesOn()
    {
        await using var farm = TabletFarm.Start([Scenarios.CreateClean(42)], new TabletFarmOptions { RebootDelay = TimeSpan.FromMilliseconds(800) });
        var tablet = farm.Tablets[0];
        tablet.SetOffline(true);
        // adb connect waits for the handshake the tablet does not give yet; the script starts meanwhile.
        var connect = AdbScripts.AdbAsync(adb.Options, ["connect", tablet.Address], CancellationToken.None);
        await Task.Delay(500);
        var run = ScriptAsync("identify.sh", tablet.Address);
        await Task.Delay(1000);
        tablet.SetOffline(false);

        AssertContract(await run, 0, "ok");
        await connect;
    }
}
