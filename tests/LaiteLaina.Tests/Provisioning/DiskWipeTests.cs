using System.Security.Cryptography;

namespace LaiteLaina.Tests.Provisioning;

/// <summary>Debian's real nwipe on a loop device, through the CLI and the runner, down to the certificate.</summary>
[EndToEnd]
public sealed partial class DiskWipeTests(Engine engine) : DatabaseTest(engine)
{
    private async Task<Device> DonatedLaptopAsync()
    {
        await new SiteService(Db).AddAsync("PAJA", "Digipaja", null, "t");
        return await new InventoryService(Db).AddAsync(new DeviceInput
        {
            Kind = "laptop", Make = "Lenovo", Model = "ThinkPad T480", SerialNumber = "PF1ABCDE", Site = "PAJA", Acquisition = "donated",
        }, "t");
    }

    // On PostgreSQL the data directory still holds nwipe's logs: point it at this test's scratch folder too.
    private string[] Cli(params string[] args) => Engine == Engine.Sqlite ? [.. DataArgs(), .. args] : [.. DataArgs(), "--data", Scratch, .. args];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [Test]
    public async Task DiskWipe_LoopDeviceFullOfData_AllZerosAndCertificateSaysErased()
    {
        using var loop = LoopDevice.Create(Scratch);
        var laptop = await DonatedLaptopAsync();

        var run = await CliRun.RunAsync(Cli("disk", "wipe", loop.Device, "--tag", laptop.Tag, "--method", "zero", "--by", "Volunteer Ville"));

        Assert.That((run.ExitCode, run.Error), Is.EqualTo((0, "")));
        Assert.That(run.Out, Does.Contain("[  0%] check: checking " + loop.Device).And.Contain("[  5%] wipe: nwipe zero").And.Contain($"{laptop.Tag} wiped: Erased"));
        Assert.That(loop.Bytes().All(b => b == 0), Is.True, "every byte of the disk reads back as zero");
        var certificate = (await Service<Sanitisation>().ListAsync(laptop.Tag, null)).Single();
        Assert.That((certificate.MediaType, certificate.Level, certificate.Tool), Is.EqualTo(("Hdd", "Clear", "nwipe")), "a loop device reports itself rotational");
        var text = Whitespace().Replace(PdfTools.PdfToText((await new DocumentStore(Db).GetAsync(certificate.DocumentId)).Content), "");
        // The method and the check in the certificate's language (the raw nwipe summary stays in the record, for the list).
        Assert.That(Whitespace().Replace(certificate.VerificationResult!, ""), Does.Contain("Erased;0pass,0verification,0syncerrors"));
        Assert.That(text, Does.Contain("hyväksytty:tietojaeilöytynyt").And.Contain("nwipe" + certificate.ToolVersion)
            .And.Contain("Clear:kokolevynpäällekirjoitusnwipe-ohjelmalla").And.Contain("kiintolevy(HDD)").And.Contain("PF1ABCDE").And.Contain("VolunteerVille"));
        Assert.That((await new InventoryService(Db).GetAsync(laptop.Tag)).Status, Is.EqualTo(DeviceStatus.Provisioning));
        Assert.That(Directory.GetFiles(Path.Combine(Scratch, "wipe-logs"), laptop.Tag + "-*.log"), Has.Length.EqualTo(1), "nwipe's log is kept as evidence");
    }

    [Test]
    public async Task WipeAsync_MountedLoopDevice_RefusedAndLeftUntouched()
    {
        using var loop = LoopDevice.Create(Scratch, megabytes: 8);
        var mount = loop.Mount(Scratch);
        var laptop = await DonatedLaptopAsync();
        var before = SHA256.HashData(loop.Bytes());

        var e = Assert.ThrowsAsync<UserError>(() => Service<DiskWipe>().WipeAsync(new DiskWipeRequest
        {
            Device = loop.Device, Tag = laptop.Tag, Operator = "Volunteer Ville",
        }, "t"));

        Assert.That(e!.Message, Does.StartWith("refused: ").And.Contain("is in use").And.Contain(mount).And.Contain("nothing was written"));
        Assert.That(SHA256.HashData(loop.Bytes()), Is.EqualTo(before), "not one byte of the mounted disk changed");
        Assert.That(await File.ReadAllTextAsync(Path.Combine(mount, "keep.txt")), Is.EqualTo("a borrower's photos"));
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM sanitisations")), Is.Zero);
        Assert.That((await new InventoryService(Db).GetAsync(laptop.Tag)).NeedsWipe, Is.True);
    }

    [Test]
    public async Task DiskWipe_MountedLoopDevice_CliSaysRefusedInOneLine()
    {
        using var loop = LoopDevice.Create(Scratch, megabytes: 8);
        loop.Mount(Scratch);
        var laptop = await DonatedLaptopAsync();

        var run = await CliRun.RunAsync(Cli("disk", "wipe", loop.Device, "--tag", laptop.Tag));

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Error, Does.StartWith("error: refused: " + loop.Device + " is in use").And.Not.Contain("   at "));
    }

    [Test]
    public async Task WipeAsync_DeviceAlreadyReady_RefusedBeforeTheDiskIsTouched()
    {
        using var loop = LoopDevice.Create(Scratch);
        var laptop = await DonatedLaptopAsync();
        var inventory = new InventoryService(Db);
        await inventory.RecordWipeAsync(laptop.Tag, "by hand", "Maija", null, null, null, "t");
        await inventory.ReadyAsync(laptop.Tag, "t");
        var before = SHA256.HashData(loop.Bytes());

        var e = Assert.ThrowsAsync<UserError>(() => Service<DiskWipe>().WipeAsync(new DiskWipeRequest
        {
            Device = loop.Device, Tag = laptop.Tag, Operator = "Volunteer Ville",
        }, "t"));

        Assert.That(e!.Message, Does.Contain("is ready"));
        Assert.That(SHA256.HashData(loop.Bytes()), Is.EqualTo(before));
    }
}
