using System.Security.Cryptography;

namespace LaiteLaina.Tests.Provisioning;

/// <summary>scripts/disk/*.sh run for real: their refusals, and image.sh writing to a loop device.</summary>
[EndToEnd]
public class DiskScriptTests
{
    private string scratch = null!;

    [SetUp]
    public void CreateScratch() => scratch = Directory.CreateTempSubdirectory("laitelaina-disk-").FullName;

    [TearDown]
    public void RemoveScratch() => Directory.Delete(scratch, recursive: true);

    [TestCase("LL step=wipe progress=40 message=\"pass 2 of 3\"", "wipe", 40, null, "pass 2 of 3")]
    [TestCase("LL result=refused message=\"/dev/sda is in use: /dev/sda1 on /\"", null, null, "refused", "/dev/sda is in use: /dev/sda1 on /")]
    [TestCase("LL step=check progress=0 message=\"\" extra=1", "check", 0, null, "")]
    public void ParseLine_LlLine_ReadsItsFields(string line, string? step, int? progress, string? result, string message) =>
        Assert.That(DiskScript.ParseLine(line), Is.EqualTo(new ScriptLine(step, progress, result, message)));

    [TestCase("Waiting for wipe thread to cancel for /dev/loop0")]
    [TestCase("LL")]
    [TestCase("LL message=\"no step or result\"")]
    public void ParseLine_OtherLine_Null(string line) => Assert.That(DiskScript.ParseLine(line), Is.Null);

    [Test]
    public async Task WipeSh_RegularFile_RefusedAsNotABlockDevice()
    {
        var file = Path.Combine(scratch, "not-a-disk.img");
        await File.WriteAllBytesAsync(file, new byte[4096]);

        var run = await DiskScript.RunAsync("disk/wipe.sh", [file, "--method", "zero"], null, CancellationToken.None);

        Assert.That((run.Outcome, run.Result?.Result), Is.EqualTo((ScriptOutcome.Refused, "refused")));
        Assert.That(run.Message, Does.Contain("not a block device"));
    }

    [Test]
    public async Task WipeSh_MissingDevice_Gone()
    {
        var run = await DiskScript.RunAsync("disk/wipe.sh", ["/dev/laitelaina-no-such-disk", "--method", "zero"], null, CancellationToken.None);

        Assert.That((run.Outcome, run.ExitCode, run.Result?.Result), Is.EqualTo((ScriptOutcome.Gone, 4, "gone")));
    }

    [TestCase("--method", "gutmann")]
    [TestCase("--verify", "off")]
    public async Task WipeSh_UnknownMethodOrNoVerification_Usage(string option, string value)
    {
        var run = await DiskScript.RunAsync("disk/wipe.sh", ["/dev/null", "--method", "zero", option, value], null, CancellationToken.None);

        Assert.That((run.Outcome, run.ExitCode), Is.EqualTo((ScriptOutcome.Usage, 2)));
    }

    /// <summary>Only ever a dry run: were the check broken, nothing would still be written to the machine's own disk.</summary>
    [Test]
    public async Task WipeSh_DiskOfTheRunningSystem_Refused()
    {
        var root = LoopDevice.Run("findmnt", "-nvo", "SOURCE", "--target", "/").Trim();
        if (!root.StartsWith("/dev/", StringComparison.Ordinal))
            Assert.Ignore($"/ is on {root}, not on a block device, so there is no system disk to refuse here");

        var run = await DiskScript.RunAsync("disk/wipe.sh", [root, "--method", "zero", "--dry-run"], null, CancellationToken.None);

        Assert.That((run.Outcome, run.ExitCode), Is.EqualTo((ScriptOutcome.Refused, 5)));
        Assert.That(run.Message, Does.Contain("holds the running system"));
    }

    [Test]
    public async Task ImageSh_LoopDevice_WritesAndVerifiesTheImage()
    {
        using var loop = LoopDevice.Create(scratch);
        var image = Path.Combine(scratch, "os.img");
        var bytes = RandomNumberGenerator.GetBytes(1024 * 1024 + 512);
        await File.WriteAllBytesAsync(image, bytes);
        var steps = new List<ScriptLine>();

        var message = await DiskWipe.ImageAsync(loop.Device, image, Convert.ToHexStringLower(SHA256.HashData(bytes)), steps.Add);

        Assert.That(message, Does.StartWith("wrote and verified 1049088 bytes"));
        Assert.That(steps.Select(s => s.Step), Is.EqualTo(new[] { "check", "checksum", "write", "verify" }));
        Assert.That(loop.Bytes().AsSpan(0, bytes.Length).SequenceEqual(bytes), Is.True, "the disk holds the image byte for byte");
    }

    [Test]
    public async Task ImageSh_WrongChecksum_RefusedAndDiskUntouched()
    {
        using var loop = LoopDevice.Create(scratch);
        var image = Path.Combine(scratch, "os.img");
        await File.WriteAllBytesAsync(image, RandomNumberGenerator.GetBytes(64 * 1024));
        var before = SHA256.HashData(loop.Bytes());

        var e = Assert.ThrowsAsync<UserError>(() => DiskWipe.ImageAsync(loop.Device, image, new string('0', 64)));

        Assert.That(e!.Message, Does.StartWith("failed: image ").And.Contain("download it again"));
        Assert.That(SHA256.HashData(loop.Bytes()), Is.EqualTo(before));
    }
}
