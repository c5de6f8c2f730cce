using System.Globalization;
using System.Text.RegularExpressions;
using LaiteLaina.Inventory;

namespace LaiteLaina.Loans;

/// <summary>
/// The record an electronic signature leaves on the signed agreement, in the agreement's own language: who signed,
/// where and on which day, that it was signed electronically and when (local time with its offset from UTC), and which
/// stored version it signs, by number and SHA-256, so that the signed copy can be matched with the one the borrower read.
/// </summary>
public static partial class SignatureLines
{
    public static IReadOnlyList<string> For(string language, string signer, string place, DateTimeOffset localTime, int signsVersion, string signsSha256)
    {
        var day = localTime.ToString("d.M.yyyy", CultureInfo.InvariantCulture);
        var time = localTime.ToString(language == "en" ? "HH:mm" : "H.mm", CultureInfo.InvariantCulture);
        var zone = Zone(localTime.Offset, language);
        return
        [
            Format(DocumentWords.Pick(("Allekirjoittaja: {0}", "Undertecknare: {0}", "Signed by: {0}", "Allekirjoittaja: {0}"), language), signer),
            Format(DocumentWords.Pick(("Paikka ja päivämäärä: {0}", "Ort och datum: {0}", "Place and date: {0}", "Paikka ja päivä: {0}"), language),
                place.Length == 0 ? day : place + (language == "en" ? ", " : " ") + day),
            Format(DocumentWords.Pick(("Allekirjoitettu sähköisesti {0} klo {1} ({2})", "Signerat elektroniskt {0} kl. {1} ({2})",
                "Signed electronically on {0} at {1} ({2})", "Allekirjoitettu sähköisesti {0} kello {1} ({2})"), language), day, time, zone),
            Format(DocumentWords.Pick((
                "Allekirjoitus koskee tämän sopimuksen versiota {0}, jonka SHA-256-tiiviste on {1}.",
                "Underskriften gäller version {0} av detta avtal, vars SHA-256-hashvärde är {1}.",
                "The signature is given to version {0} of this agreement, whose SHA-256 is {1}.",
                "Allekirjoitus koskee tämän sopimuksen versiota {0}. Sen tarkistussumma (SHA-256) on {1}."), language), signsVersion, signsSha256),
        ];
    }

    /// <summary>"UTC+2", or "UTC+5.30" (Finnish, Swedish) and "UTC+5:30" (English) where the offset has minutes.</summary>
    private static string Zone(TimeSpan offset, string language)
    {
        var sign = offset < TimeSpan.Zero ? "−" : "+";
        var abs = offset.Duration();
        var minutes = abs.Minutes == 0 ? "" : (language == "en" ? ":" : ".") + abs.Minutes.ToString("D2", CultureInfo.InvariantCulture);
        return offset == TimeSpan.Zero ? "UTC" : $"UTC{sign}{abs.Hours.ToString(CultureInfo.InvariantCulture)}{minutes}";
    }

    /// <summary>
    /// The place a signature is given when the counsellor names none: the town of the site that lent the device (the
    /// word after a five-digit postcode in its address, as Finnish addresses are written), else the site's name.
    /// </summary>
    public static string Town(string siteName, string? address)
    {
        var match = address is null ? null : PostcodeAndTown().Match(address);
        return match is { Success: true } ? match.Groups["town"].Value.Trim() : siteName;
    }

    private static string Format(string text, params object[] args) => string.Format(CultureInfo.InvariantCulture, text, args);

    [GeneratedRegex(@"(?<![0-9])[0-9]{5}\s+(?<town>\p{L}[\p{L}\s-]*?)\s*$")]
    private static partial Regex PostcodeAndTown();
}
