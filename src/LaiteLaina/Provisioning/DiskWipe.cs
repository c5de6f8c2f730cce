using System.Globalization;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.Provisioning;

public sealed record DiskWipeRequest
{
    /// <summary>The block device, such as /dev/sdb.</summary>
    public required string Device { get; init; }

    /// <summary>The asset tag of the computer the disk belongs to.</summary>
    public required string Tag { get; init; }

    /// <summary>zero, prng or dodshort.</summary>
    public string Method { get; init; } = "zero";

    /// <summary>last or all.</summary>
    public string Verify { get; init; } = "last";

    public required string Operator { get; init; }
    public string? Site { get; init; }
}

/// <summary>
/// Wipes a laptop's disk with scripts/disk/wipe.sh (Debian's nwipe) and, when nwipe's own log says the disk
/// was erased and verified without a single error, records the sanitisation with its certificate. Anything
/// else records nothing: the device stays awaiting a wipe.
/// </summary>
public sealed class DiskWipe(Sanitisation sanitisation, InventoryService inventory, DataLocation location)
{
    private readonly string logDirectory = Path.Combine(location.DataDirectory, "wipe-logs");

    public static readonly IReadOnlyList<string> Methods = ["zero", "prng", "dodshort"];
    public static readonly IReadOnlyList<string> VerifyModes = ["last", "all"];

    public async Task<Certificate> WipeAsync(DiskWipeRequest request, string actor, Action<ScriptLine>? progress = null, CancellationToken ct = default)
    {
        var method = Methods.FirstOrDefault(m => string.Equals(m, request.Method.Trim(), StringComparison.OrdinalIgnoreCase))
                     ?? throw UserError.Invalid("method", request.Method, Msg.ValueOneOf.With(string.Join(", ", Methods)));
        var verify = VerifyModes.FirstOrDefault(m => string.Equals(m, request.Verify.Trim(), StringComparison.OrdinalIgnoreCase))
                     ?? throw UserError.Invalid("verify", request.Verify, Msg.DiskVerify);
        var operatorName = IdentityCode.Refuse("by", Parse.Text(request.Operator))
                           ?? throw UserError.Invalid("by", request.Operator, Msg.DiskOperatorMissing);
        // Everything the record will need is checked before the disk is touched: a wiped disk whose record is
        // then refused would be a device nobody can prove clean.
        var device = await inventory.GetAsync(request.Tag, ct);
        InventoryService.CheckWipeable(device);
        if (Parse.Text(request.Site) is null && device.SiteCode is null)
            throw UserError.Invalid("site", "", Msg.DiskNoSite.With(device.Tag));

        Directory.CreateDirectory(logDirectory);
        var log = Path.Combine(logDirectory, $"{device.Tag}-{sanitisation.Clock.GetUtcNow():yyyyMMdd-HHmmss}.log");
        var run = await DiskScript.RunAsync("disk/wipe.sh", [request.Device, "--method", method, "--verify", verify, "--log", log], progress, ct);
        if (run.Outcome != ScriptOutcome.Ok)
            throw Refusal(run, Msg.DiskNotMarkedWiped.With(device.Tag));

        var nwipe = NwipeLog.Parse(await File.ReadAllTextAsync(log, ct));
        var media = MediaOf(request.Device);
        return await sanitisation.RecordAsync(new SanitisationRecord
        {
            Tag = device.Tag,
            Media = media,
            Level = Inventory.SanitisationLevel.Clear,
            Technique = Inventory.SanitisationTechnique.OverwriteNwipe,
            VerificationCode = Inventory.CertificateWords.NwipeVerify,
            Method = $"nwipe {method} ({nwipe.Method}), {nwipe.Rounds} round(s) + blanking pass",
            Tool = "nwipe",
            ToolVersion = nwipe.Version,
            VerificationMethod = $"nwipe read-back, {nwipe.Verify}; blanked disk read back as zeros",
            VerificationPassed = nwipe.Passed && nwipe.VerifiedEmpty,
            VerificationResult = Summary(nwipe),
            Operator = operatorName,
            Site = request.Site,
            Notes = null,
        }, actor, ct);
    }

    /// <summary>Writes an operating-system image to a wiped disk and reads it back; returns the script's one-line result.</summary>
    public static async Task<string> ImageAsync(string device, string image, string? sha256, Action<ScriptLine>? progress = null, CancellationToken ct = default)
    {
        List<string> args = [device, Path.GetFullPath(image)];
        if (Parse.Text(sha256) is { } sum)
            args.AddRange(["--sha256", sum]);
        var run = await DiskScript.RunAsync("disk/image.sh", args, progress, ct);
        return run.Outcome == ScriptOutcome.Ok ? run.Message : throw Refusal(run, Msg.DiskImageNotWritten);
    }

    /// <summary>"Erased; 0 pass, 0 verification, 0 sync errors; 4194304 bytes read back in 00:00:02".</summary>
    public static string Summary(NwipeResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Status}; {r.PassErrors} pass, {r.VerifyErrors} verification, {r.SyncErrors} sync errors; {r.BytesWritten} bytes written, {r.BytesRead} read back{(r.Duration is { } d ? $" in {d:hh\\:mm\\:ss}" : "")}");

    /// <summary>HDD or SSD, as the kernel reports it in /sys/block/X/queue/rotational (a partition asks its disk).</summary>
    public static MediaType MediaOf(string device)
    {
        var name = Path.GetFileName(new FileInfo(device).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? device);
        foreach (var path in new[] { $"/sys/class/block/{name}/queue/rotational", $"/sys/class/block/{name}/../queue/rotational" })
        {
            if (File.Exists(path))
                return File.ReadAllText(path).Trim() == "0" ? MediaType.Ssd : MediaType.Hdd;
        }
        return MediaType.Hdd;
    }

    private static UserError Refusal(ScriptRun run, Message consequence) => run.Outcome switch
    {
        ScriptOutcome.Refused => new UserError(Msg.DiskRefused.With(run.Message), UserErrorKind.Conflict, "device"),
        ScriptOutcome.Act or ScriptOutcome.Gone => new UserError(Msg.DiskStopped.With(run.Message, consequence), UserErrorKind.Unavailable, "device"),
        _ => new UserError(Msg.DiskFailed.With(run.Message, consequence), UserErrorKind.Conflict, "device"),
    };
}
