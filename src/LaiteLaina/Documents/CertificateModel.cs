namespace LaiteLaina.Documents;

/// <summary>
/// Everything a sanitisation certificate shows: the fields of the NIST SP 800-88 sample certificate (device
/// identity, media, level, method, tool, verification, who, when, where) plus the Android details where the
/// device has them. Never anything about a borrower: the certificate goes to donors and auditors, and the QR
/// code carries only the tag. Words (media type, level) come already in the document's language.
/// </summary>
public sealed record CertificateModel
{
    public required Organisation Organisation { get; init; }

    /// <summary>The sanitisation record's number, printed as the certificate number.</summary>
    public required long Number { get; init; }

    public required DeviceDetails Device { get; init; }
    public required string MediaType { get; init; }
    public required string Level { get; init; }
    public required string Method { get; init; }
    public required string Tool { get; init; }
    public required string VerificationMethod { get; init; }
    public required string VerificationResult { get; init; }
    public string? AndroidVersion { get; init; }
    public string? SecurityPatch { get; init; }
    public string? Encryption { get; init; }
    public required string Operator { get; init; }
    public required DateTimeOffset PerformedAt { get; init; }
    public required string Site { get; init; }
    public string? Notes { get; init; }
}

/// <summary>The values a certificate template sees (device.tag, sanitisation.level, verification.result, ...), escaped for Markdown.</summary>
public static class CertificateModelValues
{
    public static IReadOnlySet<string> KnownPaths { get; } = AgreementModelValues.PathsOf(Build(new CertificateModel
    {
        Organisation = new("o", "o", "o"),
        Number = 1,
        Device = new("t", "k", null, null, null, null),
        MediaType = "m", Level = "l", Method = "m", Tool = "t", VerificationMethod = "v", VerificationResult = "v",
        Operator = "o", PerformedAt = DateTimeOffset.UnixEpoch, Site = "s",
    }, "en"));

    public static Dictionary<string, object?> Build(CertificateModel m, string language)
    {
        var local = m.PerformedAt.ToLocalTime();
        var time = local.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        return new Dictionary<string, object?>
        {
            ["organisation"] = AgreementModelValues.Object(("name", m.Organisation.Name), ("contact", m.Organisation.Contact)),
            ["certificate"] = AgreementModelValues.Object(("number", m.Number.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ["device"] = AgreementModelValues.Object(("tag", m.Device.Tag), ("kind", m.Device.Kind), ("make", m.Device.Make), ("model", m.Device.Model),
                ("serial", m.Device.SerialNumber)),
            ["media"] = AgreementModelValues.Object(("type", m.MediaType)),
            ["sanitisation"] = AgreementModelValues.Object(("level", m.Level), ("method", m.Method), ("tool", m.Tool),
                ("operator", m.Operator), ("date", DocumentLanguages.FormatDate(DateOnly.FromDateTime(local.DateTime), language)),
                ("time", time), ("site", m.Site), ("notes", m.Notes)),
            ["verification"] = AgreementModelValues.Object(("method", m.VerificationMethod), ("result", m.VerificationResult)),
            ["android"] = AgreementModelValues.Object(("version", m.AndroidVersion), ("security_patch", m.SecurityPatch), ("encryption", m.Encryption)),
        };
    }
}
