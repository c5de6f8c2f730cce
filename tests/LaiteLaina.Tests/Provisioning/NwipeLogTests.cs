namespace LaiteLaina.Tests.Provisioning;

/// <summary>Logs of real nwipe 0.33 runs on a 4 MiB loop device (Debian 12), kept byte for byte, serial-number noise included.</summary>
public class NwipeLogTests
{
    private static NwipeResult Read(string name) =>
        NwipeLog.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Provisioning", "NwipeLogs", name)));

    [Test]
    public void Parse_ZeroVerifyLast_ErasedWithEveryFigure()
    {
        var r = Read("zero.log");

        Assert.Multiple(() =>
        {
            Assert.That(r.Status, Is.EqualTo("Erased"));
            Assert.That((r.Version, r.Method, r.Verify, r.Rounds), Is.EqualTo(("0.33", "Fill With Zeros", "last pass", 1)));
            Assert.That((r.DiskBytes, r.BytesWritten, r.BytesRead), Is.EqualTo(((long?)4194304, 2L * 4194304, 4194304L)), "one pass and the blanking pass written, the blanking read back");
            Assert.That((r.PassErrors, r.VerifyErrors, r.SyncErrors), Is.EqualTo((0L, 0L, 0L)));
            Assert.That(r.Duration, Is.EqualTo(TimeSpan.Zero));
            Assert.That(r.VerifiedEmpty, Is.True);
            Assert.That(r.Errors, Is.Empty);
            Assert.That(r.Passed, Is.True);
        });
    }

    [Test]
    public void Parse_PrngVerifyAll_ErasedWithEveryPassReadBack()
    {
        var r = Read("prng.log");

        Assert.That((r.Status, r.Method, r.Verify, r.BytesWritten, r.BytesRead, r.Passed),
            Is.EqualTo(("Erased", "PRNG Stream", "all passes", 2L * 4194304, 2L * 4194304, true)));
    }

    [Test]
    public void Parse_DodShort_ThreePassesAndBlanking()
    {
        var r = Read("dodshort.log");

        Assert.That((r.Status, r.Method, r.BytesWritten, r.Passed), Is.EqualTo(("Erased", "DoD Short", 4L * 4194304, true)));
    }

    [Test]
    public void Parse_FailedVerification_FailedWithErrorsAndNotPassed()
    {
        var r = Read("verifyone-failed.log");

        Assert.Multiple(() =>
        {
            Assert.That(r.Status, Is.EqualTo("FAILED"));
            Assert.That((r.PassErrors, r.VerifyErrors, r.SyncErrors), Is.EqualTo((1L, 8192L, 0L)));
            Assert.That(r.Errors, Does.Contain("8192 verification errors on '/dev/loop0'."));
            Assert.That(r.VerifiedEmpty, Is.False);
            Assert.That(r.Passed, Is.False);
        });
    }

    [Test]
    public void Parse_LogCutOffBeforeSummary_UnfinishedAndNotPassed()
    {
        var text = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Provisioning", "NwipeLogs", "zero.log"));
        var cut = text[..text.IndexOf("Blanking device", StringComparison.Ordinal)];

        var r = NwipeLog.Parse(cut);

        Assert.That((r.Status, r.Passed, r.VerifiedEmpty), Is.EqualTo(("unfinished", false, false)));
    }

    [Test]
    public void Parse_ErasedButVerificationOff_NotPassed()
    {
        var text = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Provisioning", "NwipeLogs", "zero.log"))
            .Replace("verify   = 1 (last pass)", "verify   = 0 (off)", StringComparison.Ordinal);

        var r = NwipeLog.Parse(text);

        Assert.That((r.Status, r.Verify, r.Passed), Is.EqualTo(("Erased", "off", false)));
    }
}
