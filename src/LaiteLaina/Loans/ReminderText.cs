using LaiteLaina.Inventory;

namespace LaiteLaina.Loans;

/// <summary>
/// The reminder of an overdue return, in the borrower's own language, for the counsellor to read out on the phone or
/// send as a text message: the device, the loan reference, the due date, where to bring it and whom to ask. Never the
/// borrower's name or identity code, since a message may be read by someone else first.
/// </summary>
public static class ReminderText
{
    public sealed record Facts(string Tag, DeviceKind Kind, string? Make, string? Model, string Reference, DateOnly Due, string Place, string Contact);

    public static string Compose(Facts f, string language)
    {
        var device = string.Join(" ", new[] { f.Make, f.Model }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var kind = DocumentWords.Kind(f.Kind, language);
        var due = DocumentLanguages.FormatDate(f.Due, language);
        var what = device.Length == 0 ? f.Tag : $"{f.Tag} ({device})";
        var text = language switch
        {
            "fi-selko" => $"Hei! Sinulla on lainassa meidän laite: {kind} {f.Tag}. Laite piti tuoda takaisin {due}. Tuo laite takaisin pian. " +
                          $"Paikka: {f.Place}. Lainan numero on {f.Reference}. Jos tarvitset apua, ota yhteyttä: {f.Contact}.",
            "sv" => $"Hej! Enheten du har lånat, {kind} {what}, skulle ha lämnats tillbaka {due}. Lämna tillbaka den så snart du kan: {f.Place}. " +
                    $"Lånenumret är {f.Reference}. Om du behöver mer tid eller hjälp, kontakta oss: {f.Contact}.",
            "en" => $"Hello! The {kind} you borrowed, {what}, was due back on {due}. Please return it as soon as you can: {f.Place}. " +
                    $"The loan reference is {f.Reference}. If you need more time or help, contact us: {f.Contact}.",
            _ => $"Hei! Lainaamasi laite ({kind} {what}) piti palauttaa {due}. Palautathan sen mahdollisimman pian: {f.Place}. " +
                 $"Lainan numero on {f.Reference}. Jos tarvitset lisäaikaa tai apua, ota yhteyttä: {f.Contact}.",
        };
        return text.Replace(" .", ".", StringComparison.Ordinal).Replace(": .", ".", StringComparison.Ordinal);
    }

    /// <summary>The language names as the borrowers themselves say them, for the page that shows which language the text is in.</summary>
    public static string LanguageName(string language) => DocumentLanguages.NameOf(DocumentLanguages.All.Contains(language) ? language : "en");

}
