using System.Text;

namespace LaiteLaina.Hardware;

/// <summary>One scanned code. <see cref="AimId"/> is the symbology identifier such as "]C0" when the scanner sends it.</summary>
public sealed record ScanFrame(string Code, string? AimId, string Symbology);

/// <summary>What the framer made of some bytes: a frame, or a reason it threw bytes away (for the log).</summary>
public readonly record struct FramerOutput(ScanFrame? Frame, string? Rejected);

/// <summary>
/// Bytes in, scans out. A serial read returns whatever has arrived, so one scan can come in several pieces and
/// one read can hold several scans; the framer buffers until the terminator, or, for scanners without a suffix,
/// until the line has been quiet for the inter-byte time-out. Time is passed in, so tests drive the clock.
/// </summary>
public sealed class ScanFramer(ScanTerminator terminator, int maxLength, string prefix, bool aimIds, TimeSpan interByteTimeout)
{
    private readonly List<byte> buffer = [];
    private bool discarding;
    private TimeSpan lastByteAt;

    public ScanFramer(ScannerSettings s) : this(s.Terminator, s.MaxLength, s.Prefix, s.AimIds, s.InterByteTimeout)
    {
    }

    private byte EndByte => terminator switch
    {
        ScanTerminator.Cr => (byte)'\r',
        ScanTerminator.Lf or ScanTerminator.CrLf => (byte)'\n',
        ScanTerminator.Tab => (byte)'\t',
        _ => 0,
    };

    public void Push(ReadOnlySpan<byte> bytes, TimeSpan now, List<FramerOutput> output)
    {
        if (bytes.IsEmpty)
            return;
        foreach (var b in bytes)
        {
            if (terminator != ScanTerminator.None && b == EndByte)
            {
                if (terminator == ScanTerminator.CrLf && buffer.Count > 0 && buffer[^1] == '\r')
                    buffer.RemoveAt(buffer.Count - 1);
                EndFrame(output);
                continue;
            }
            if (discarding)
                continue;
            buffer.Add(b);
            if (buffer.Count > maxLength + (terminator == ScanTerminator.CrLf ? 1 : 0))
            {
                output.Add(new FramerOutput(null, $"dropped a frame longer than {maxLength} bytes (starts '{Preview()}')"));
                // The rest of the long line is not a new scan: skip to the terminator, or to the next quiet gap.
                discarding = true;
            }
        }
        lastByteAt = now;
    }

    /// <summary>For scanners without a suffix: ends the frame once no byte has come for the inter-byte time-out.</summary>
    public void Poll(TimeSpan now, List<FramerOutput> output)
    {
        if (terminator == ScanTerminator.None && now - lastByteAt >= interByteTimeout)
            EndFrame(output);
    }

    /// <summary>After a reconnect a half-received scan is worthless: the rest of it went nowhere.</summary>
    public void Reset()
    {
        buffer.Clear();
        discarding = false;
    }

    private void EndFrame(List<FramerOutput> output)
    {
        if (discarding)
        {
            // The end of a line too long to keep: what was collected of it goes, and the next byte starts afresh.
            discarding = false;
            buffer.Clear();
        }
        if (buffer.Count == 0)
            return; // a lone LF after CR from a scanner set to CR LF while we expect CR, or an empty line
        var result = Decode();
        buffer.Clear();
        output.Add(result);
    }

    private FramerOutput Decode()
    {
        string text;
        try
        {
            text = Strict.GetString(buffer.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return new FramerOutput(null, $"dropped a frame that is not UTF-8 text ({Hex()})");
        }
        // GS (0x1D) is the GS1 field separator and belongs in the data; every other control character is line noise.
        if (text.Any(c => (c < ' ' && c != '\x1D') || c == '\x7F'))
            return new FramerOutput(null, $"dropped a frame with control bytes ({Hex()})");
        if (text.StartsWith(prefix, StringComparison.Ordinal))
            text = text[prefix.Length..];
        string? aim = null;
        var symbology = "unknown";
        if (aimIds && text.Length >= 3 && text[0] == ']' && char.IsAsciiLetter(text[1]))
        {
            aim = text[..3];
            symbology = Symbology(aim);
            text = text[3..];
        }
        text = text.Trim();
        return text.Length == 0
            ? new FramerOutput(null, "dropped an empty frame")
            : new FramerOutput(new ScanFrame(text, aim, symbology), null);
    }

    public static string Symbology(string aim) => aim[1] switch
    {
        'C' when aim[2] == '1' => "gs1-128",
        'C' => "code-128",
        'Q' => "qr",
        'd' => "data-matrix",
        'E' => "ean-upc",
        'A' => "code-39",
        'e' => "gs1-databar",
        'I' => "itf",
        _ => "aim-" + aim[1..],
    };

    // A byte that is not UTF-8 is line noise, not a character to guess.
    private static readonly Encoding Strict = Encoding.GetEncoding("utf-8", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    private string Preview() => Encoding.ASCII.GetString(buffer.Take(16).Select(b => b is >= 0x20 and < 0x7F ? b : (byte)'.').ToArray());

    private string Hex() => Convert.ToHexString(buffer.Take(24).ToArray()) + (buffer.Count > 24 ? "..." : "");
}

/// <summary>A scanner repeats a code while the trigger is held or the label is read twice: the same code within the
/// window counts once. The window restarts with every repeat, so holding the trigger never lets one through.</summary>
public sealed class DuplicateFilter(TimeSpan window)
{
    private string? last;
    private TimeSpan lastAt;

    public bool IsRepeat(string code, TimeSpan now)
    {
        var repeat = last == code && now - lastAt < window;
        last = code;
        lastAt = now;
        return repeat;
    }
}
