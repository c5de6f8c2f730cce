using System.IO.Ports;
using System.Text.RegularExpressions;
using LaiteLaina.Documents;

namespace LaiteLaina.Hardware;

/// <summary>What a photo led to: the code read from it and the scan event it made, as a serial scan would have.</summary>
public sealed record CameraScan(ReadCode Code, ScanEvent Event)
{
    /// <summary>What the person with the camera reads: the code, then what was done, in their language; a code that
    /// names no device is said so with its value.</summary>
    public Message Say(ScanEvent forViewer) =>
        forViewer.Type == ScanEventKind.UnknownCode ? Msg.CameraNotOurs.With(Code.Text)
        : forViewer.Message is { } done ? Msg.CameraRead.With(Code.Text, done)
        : Msg.CameraReadAlone.With(Code.Text);
}

/// <summary>
/// A phone's camera as a barcode scanner: the photo or frame is read in memory (<see cref="CodeReader"/>) and its code
/// goes through <see cref="ScanProcessor"/> exactly as a serial scanner's frame does, so the same actions run, the same
/// event reaches the desks and the same scans row and audit rows are written; the audit names the person, not a port.
/// </summary>
public sealed class CameraScanner(CodeReader reader, ScanProcessor processor)
{
    public const string Name = "camera";

    public async Task<CameraScan> ScanAsync(IFormFile? photo, ScanMode mode, string by, string? into, CancellationToken ct)
    {
        var codes = await reader.ReadAsync(await CameraUploadAttribute.BytesAsync(photo, ct), all: false, ct);
        var code = codes[0];
        var e = await processor.HandleAsync(Settings(mode), new ScanFrame(code.Text, null, code.Symbology), by, into, ct);
        return new CameraScan(code, e);
    }

    private static readonly Regex Badges = new(new ScannerOptions().BadgePattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>A camera has no port or framing; it reads one code a photo, and a badge it reads is hidden as any scanner's is.</summary>
    public static ScannerSettings Settings(ScanMode mode) => new(Name, "", 0, Parity.None, 8, StopBits.One, Handshake.None,
        ScanTerminator.None, TimeSpan.Zero, "", false, 4096, TimeSpan.Zero, mode, Badges, 0, TimeSpan.FromSeconds(60));
}
