using System.Globalization;

namespace LaiteLaina.Documents;

/// <summary>
/// Everything a sanitisation certificate (or a user profile removal record) shows: the fields of the sample certificate of
/// NIST SP 800-88 Rev. 2 (the performer with title and phone, the media and its source, whether the data was backed up, the
/// method and technique, tool, verification, the media's destination, a second person's validation) plus the Android
/// details where the device has them. Never anything about a borrower: the certificate goes to donors and auditors, and
/// the QR code carries only the tag. Every value comes already in the document's language.
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
    public string? BuildFingerprint { get; init; }
    public string? Capacity { get; init; }
    public required string Operator { get; init; }
    public string? OperatorTitle { get; init; }
    public string? OperatorPhone { get; init; }
    public required DateTimeOffset PerformedAt { get; init; }
    public required string Site { get; init; }
    public string? Source { get; init; }
    public string? DataBackedUp { get; init; }
    public string? Destination { get; init; }
    public string? Notes { get; init; }

    /// <summary>The second person who checked the record, once they have; the certificate then shows their name and the time.</summary>
    public string? Validator { get; init; }
    public string? ValidatorTitle { get; init; }
    public DateTimeOffset? ValidatedAt { get; init; }
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
        var time = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        return new Dictionary<string, object?>
        {
            ["organisation"] = AgreementModelValues.Object(("name", m.Organisation.Name), ("contact", m.Organisation.Contact)),
            ["certificate"] = AgreementModelValues.Object(("number", m.Number.ToString(CultureInfo.InvariantCulture))),
            ["device"] = AgreementModelValues.Object(("tag", m.Device.Tag), ("kind", m.Device.Kind), ("make", m.Device.Make), ("model", m.Device.Model),
                ("serial", m.Device.SerialNumber), ("imei", m.Device.Imei), ("source", m.Source)),
            ["media"] = AgreementModelValues.Object(("type", m.MediaType), ("capacity", m.Capacity), ("backed_up", m.DataBackedUp),
                ("destination", m.Destination)),
            ["sanitisation"] = AgreementModelValues.Object(("level", m.Level), ("method", m.Method), ("tool", m.Tool),
                ("operator", m.Operator), ("operator_title", m.OperatorTitle), ("operator_phone", m.OperatorPhone),
                ("date", DocumentLanguages.FormatDate(DateOnly.FromDateTime(local.DateTime), language)),
                ("time", time), ("at", ZonedTime(m.PerformedAt, language)), ("site", m.Site), ("notes", m.Notes)),
            ["verification"] = AgreementModelValues.Object(("method", m.VerificationMethod), ("result", m.VerificationResult)),
            ["android"] = AgreementModelValues.Object(("version", m.AndroidVersion), ("security_patch", m.SecurityPatch), ("encryption", m.Encryption),
                ("fingerprint", m.BuildFingerprint)),
            ["validation"] = AgreementModelValues.Object(("by", m.Validator), ("title", m.ValidatorTitle),
                ("at", m.ValidatedAt is { } at ? ZonedTime(at, language) : null)),
        };
    }

    /// <summary>
    /// A moment as a reader in any country can place it: the office's local date and time in the document's language, with
    /// the offset from UTC and the zone's name, such as "14.3.2026 klo 10.05 (UTC+2, Europe/Helsinki)".
    /// </summary>
    public static string ZonedTime(DateTimeOffset moment, string language, TimeZoneInfo? zone = null)
    {
        zone ??= TimeZoneInfo.Local;
        var local = TimeZoneInfo.ConvertTime(moment, zone);
        var utc = Utc(local.Offset);
        var shown = language switch
        {
            "en" => local.ToString("d MMMM yyyy, H:mm", CultureInfo.InvariantCulture),
            "sv" => local.ToString("d.M.yyyy 'kl.' HH.mm", CultureInfo.InvariantCulture),
            _ => local.ToString("d.M.yyyy 'klo' H.mm", CultureInfo.InvariantCulture),
        };
        return $"{shown} ({utc}, {zone.Id})";
    }

    /// <summary>An offset from UTC as readers write it: "UTC", "UTC+2", "UTC+5:30", "UTC−3".</summary>
    internal static string Utc(TimeSpan offset) => "UTC" + (offset == TimeSpan.Zero ? ""
        : (offset < TimeSpan.Zero ? "−" : "+") + offset.Duration().ToString(offset.Minutes == 0 ? "%h" : @"h\:mm", CultureInfo.InvariantCulture));
}
