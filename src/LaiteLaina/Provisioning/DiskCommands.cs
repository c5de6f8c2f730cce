using System.Globalization;

namespace LaiteLaina.Provisioning;

/// <summary>`laitelaina disk wipe|image`: laptop disks on the provisioning station, wiped with nwipe and imaged.</summary>
public static class DiskCommands
{
    public static void Add(CliApp app, RootCommand root) => root.Subcommands.Add(DiskCommand(app));

    private static Command DiskCommand(CliApp app) => new("disk", "Wipe a computer's disk with nwipe (with a certificate) and write an OS image to it")
    {
        DiskWipeCommand(app),
        DiskImageCommand(app),
    };

    private static Argument<string> DeviceArgument() => new("device") { Description = "The whole disk, such as /dev/sdb (lsblk lists them)" };

    private static Command DiskWipeCommand(CliApp app)
    {
        var device = DeviceArgument();
        var tag = new Option<string>("--tag") { Required = true, Description = "The computer's asset tag, such as LL-000123" };
        var method = new Option<string>("--method") { DefaultValueFactory = _ => "zero", Description = "nwipe method: zero (default), prng or dodshort" };
        var verify = new Option<string>("--verify") { DefaultValueFactory = _ => "last", Description = "Read back the last pass (default) or all passes" };
        var by = new Option<string?>("--by") { Description = "Who runs the wipe (default: the person acting)" };
        var site = new Option<string?>("--site") { Description = "Where it is wiped (default: the device's site)" };
        var wipe = new Command("wipe", "Wipe a disk and record it with a sanitisation certificate; refuses mounted and system disks") { device, tag, method, verify, by, site };
        app.Action(wipe, async (cli, ct) =>
        {
            var certificate = await (await cli.GetAsync<DiskWipe>(ct)).WipeAsync(new DiskWipeRequest
            {
                Device = cli.Parse.GetValue(device)!,
                Tag = cli.Parse.GetValue(tag)!,
                Method = cli.Parse.GetValue(method)!,
                Verify = cli.Parse.GetValue(verify)!,
                Operator = cli.Parse.GetValue(by) ?? cli.Actor["cli:".Length..],
                Site = cli.Parse.GetValue(site),
            }, cli.Actor, line => Show(cli, line), ct);
            await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{certificate.Tag} wiped: {certificate.VerificationResult}. Certificate {certificate.Number}: 'laitelaina certificate open {certificate.Number}'."));
        });
        return wipe;
    }

    private static Command DiskImageCommand(CliApp app)
    {
        var device = DeviceArgument();
        var image = new Argument<string>("image") { Description = "A raw operating-system image file" };
        var sha256 = new Option<string?>("--sha256") { Description = "The image's published SHA-256, checked before writing" };
        var write = new Command("image", "Write an OS image to a wiped disk and verify it by reading it back") { device, image, sha256 };
        app.Action(write, async (cli, ct) =>
            await cli.Out.WriteLineAsync(await DiskWipe.ImageAsync(cli.Parse.GetValue(device)!, cli.Parse.GetValue(image)!, cli.Parse.GetValue(sha256),
                line => Show(cli, line), ct)));
        return write;
    }

    private static void Show(CliContext cli, ScriptLine line) =>
        cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{line.Progress,3}%] {line.Step}: {line.Message}"));
}
