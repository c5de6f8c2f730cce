using System.Text.RegularExpressions;

namespace LaiteLaina.Inventory;

/// <summary>
/// The rule for a site's code (#20). The code is printed on labels, typed into <c>?site=CODE</c> addresses, the
/// <c>Site</c> setting of each service and command-line arguments, and read back by scanners and filters: so it is short
/// and plain ASCII that needs no quoting or escaping anywhere. 2–16 characters, the letters A–Z, digits and '-',
/// starting with a letter. Input is trimmed and upper-cased first, so "hki-1" is HKI-1.
/// Codes saved before the rule stay usable (lookups are by code or name in any case); the sites page flags them.
/// </summary>
public static partial class SiteCode
{
    public const int MaxLength = 16;

    /// <summary>The code as stored: trimmed and upper-cased; null for nothing.</summary>
    public static string? Normalise(string? text) => Parse.Text(text)?.ToUpperInvariant();

    /// <summary>Whether a stored code follows the rule (one saved before the rule may not).</summary>
    public static bool Follows(string code) => Pattern().IsMatch(code);

    /// <summary>The normalised code, or one refusal naming the field, the value as given and the rule.</summary>
    public static string Check(string? text, string field = "code")
    {
        var code = Normalise(text) ?? throw UserError.Invalid(field, text, Msg.SiteCodeMissing);
        return Follows(code) ? code : throw UserError.Invalid(field, text!.Trim(), Msg.SiteCodeRule);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9-]{1,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
