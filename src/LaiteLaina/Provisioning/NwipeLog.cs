using System.Globalization;
using System.Text.RegularExpressions;

namespace LaiteLaina.Provisioning;

/// <summary>
/// What one nwipe run says about one disk, read from its log file: the summary tables (status, error counts,
/// duration), the options it ran with (method, verification, rounds, version) and the bytes it wrote and read.
/// </summary>
public sealed record NwipeResult
{
    /// <summary>The Drive Status column: "Erased" when every pass, the blanking and the verification succeeded; "FAILED", "UABORTED", "INSANITY" otherwise.</summary>
    public required string Status { get; init; }

    public string? Version { get; init; }
    public string? Method { get; init; }

    /// <summary>"last pass", "all passes" or "off".</summary>
    public string? Verify { get; init; }

    public int Rounds { get; init; }
    public long? DiskBytes { get; init; }
    public long BytesWritten { get; init; }
    public long BytesRead { get; init; }
    public long PassErrors { get; init; }
    public long VerifyErrors { get; init; }
    public long SyncErrors { get; init; }
    public TimeSpan? Duration { get; init; }

    /// <summary>nwipe's own "[SUCCESS] Verified that ... is empty": the disk was read back as zeros after the blanking pass.</summary>
    public bool VerifiedEmpty { get; init; }

    /// <summary>The log's error and fatal lines, without their time stamps.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Erased, verified, and not one error of any kind: the only result that may be recorded as a wipe.</summary>
    public bool Passed => Status == "Erased" && Verify is not (null or "off") && PassErrors == 0 && VerifyErrors == 0 && SyncErrors == 0 && Errors.Count == 0;
}

/// <summary>Reads nwipe's log (tested on logs of real nwipe 0.33 runs, tests/.../NwipeLogs). Pure: text in, result out.</summary>
public static partial class NwipeLog
{
    public static NwipeResult Parse(string text)
    {
        string? status = null, version = null, method = null, verify = null;
        int rounds = 0;
        long? diskBytes = null;
        long written = 0, read = 0, passErrors = 0, verifyErrors = 0, syncErrors = 0;
        TimeSpan? duration = null;
        var verifiedEmpty = false;
        var errors = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            Match m;
            if ((m = Option().Match(line)).Success)
            {
                var value = m.Groups["value"].Value.Trim();
                switch (m.Groups["name"].Value)
                {
                    case "banner":
                        version = value.StartsWith("nwipe ", StringComparison.Ordinal) ? value["nwipe ".Length..].Trim() : value;
                        break;
                    case "method":
                        method = Spaces().Replace(value, " ");
                        break;
                    case "verify":
                        var open = value.IndexOf('(', StringComparison.Ordinal);
                        verify = open < 0 ? (value == "0" ? "off" : value) : value[(open + 1)..].TrimEnd(')');
                        break;
                    case "rounds":
                        rounds = int.Parse(value, CultureInfo.InvariantCulture);
                        break;
                }
            }
            else if ((m = Geometry().Match(line)).Success)
            {
                diskBytes = long.Parse(m.Groups["bytes"].Value, CultureInfo.InvariantCulture);
            }
            else if ((m = Transferred().Match(line)).Success)
            {
                var bytes = long.Parse(m.Groups["bytes"].Value, CultureInfo.InvariantCulture);
                if (m.Groups["way"].Value == "written")
                    written += bytes;
                else
                    read += bytes;
            }
            else if (line.Contains("[SUCCESS] Verified that", StringComparison.Ordinal) && line.Contains("is empty", StringComparison.Ordinal))
            {
                verifiedEmpty = true;
            }
            else if ((m = ErrorLine().Match(line)).Success)
            {
                errors.Add(m.Groups["text"].Value.Trim());
            }
            else if ((m = ErrorRow().Match(line)).Success)
            {
                passErrors = long.Parse(m.Groups["pass"].Value, CultureInfo.InvariantCulture);
                verifyErrors = long.Parse(m.Groups["verify"].Value, CultureInfo.InvariantCulture);
                syncErrors = long.Parse(m.Groups["sync"].Value, CultureInfo.InvariantCulture);
            }
            else if ((m = StatusRow().Match(line)).Success)
            {
                status = m.Groups["status"].Value.Trim('-');
                var t = m.Groups["time"].Value.Split(':');
                duration = new TimeSpan(int.Parse(t[0], CultureInfo.InvariantCulture), int.Parse(t[1], CultureInfo.InvariantCulture), int.Parse(t[2], CultureInfo.InvariantCulture));
            }
        }
        return new NwipeResult
        {
            // No summary table: nwipe was killed or the disk vanished before it could write one.
            Status = status ?? "unfinished",
            Version = version,
            Method = method,
            Verify = verify,
            Rounds = rounds,
            DiskBytes = diskBytes,
            BytesWritten = written,
            BytesRead = read,
            PassErrors = passErrors,
            VerifyErrors = verifyErrors,
            SyncErrors = syncErrors,
            Duration = duration,
            VerifiedEmpty = verifiedEmpty,
            Errors = errors,
        };
    }

    // "[2026/11/23 22:48:02]  notice:   method   = Fill With Zeros"
    [GeneratedRegex(@"notice:\s+(?<name>banner|method|verify|rounds)\s+=\s+(?<value>.+)$")]
    private static partial Regex Option();

    // "notice: /dev/loop0, sect/blk/dev 512/4096/4194304"
    [GeneratedRegex(@"sect/blk/dev \d+/\d+/(?<bytes>\d+)")]
    private static partial Regex Geometry();

    // "notice: 4194304 bytes written to /dev/loop0", "notice: 4194304 bytes read from /dev/loop0"
    [GeneratedRegex(@"notice: (?<bytes>\d+) bytes (?<way>written|read) ")]
    private static partial Regex Transferred();

    // "  error: 8192 verification errors on '/dev/loop0'.", "  fatal: Nwipe exited with errors ..."
    [GeneratedRegex(@"^\[[^\]]+\]\s+(?:error|fatal):\s*(?<text>.*)$")]
    private static partial Regex ErrorLine();

    // "!    loop0 |           1 |                 8192 |                    0"
    [GeneratedRegex(@"^[! ]\s*\S+\s*\|\s*(?<pass>\d+)\s*\|\s*(?<verify>\d+)\s*\|\s*(?<sync>\d+)\s*$")]
    private static partial Regex ErrorRow();

    // "     loop0 | Erased |   0 B/s | 00:00:00 | Loopback device/ ..." or "!    loop0 |-FAILED-| ..."
    [GeneratedRegex(@"^[! ]\s*\S+\s*\|\s*(?<status>-?[A-Za-z]+-?)\s*\|[^|]*\|\s*(?<time>\d+:\d\d:\d\d)\s*\|")]
    private static partial Regex StatusRow();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
