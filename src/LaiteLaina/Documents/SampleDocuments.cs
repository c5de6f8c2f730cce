namespace LaiteLaina.Documents;

/// <summary>
/// Made-up but realistic values for a template's preview, in the document's own language, so that an administrator
/// sees the layout a client would get before any client gets it. No real person: the names are the kind used on
/// example forms. The office's own name and contacts come from its settings, as on a real document.
/// </summary>
public static class SampleDocuments
{
    private sealed record Words(string Borrower, string Counsellor, string Worker, string Kind, string[] Accessories, string ConditionOut,
        string ConditionIn, string ReturnNotes, string Media, string Level, string Method, string Tool, string Verification, string Result,
        string Operator, string Site);

    private static readonly Words Finnish = new("Maija Meikäläinen", "Matti Mallikas", "Sanna Sosiaaliohjaaja", "tabletti",
        ["laturi ja USB-C-kaapeli", "suojakotelo"], "hyvä", "hyvä", "Kaikki varusteet palautettiin.", "flash-muisti", "tyhjennys (Clear)",
        "tehdasasetusten palautus", "Android-asetukset", "tarkistettu silmämääräisesti", "onnistui", "Ville Vapaaehtoinen", "Keskusta");

    private static readonly Words Swedish = new("Maja Exempelsson", "Mats Modellsson", "Stina Socialarbetare", "surfplatta",
        ["laddare och USB-C-kabel", "skyddsfodral"], "bra", "bra", "Alla tillbehör lämnades tillbaka.", "flashminne", "rensning (Clear)",
        "återställning till fabriksinställningar", "Android-inställningar", "kontrollerad visuellt", "lyckades", "Ville Volontär", "Centrum");

    private static readonly Words English = new("Jane Example", "John Sample", "Sam Social Worker", "tablet",
        ["charger and USB-C cable", "protective case"], "good", "good", "All accessories were returned.", "flash memory", "Clear",
        "factory reset", "Android settings", "checked visually", "passed", "Val Volunteer", "Centre");

    private static Words In(string language) => language switch { "sv" => Swedish, "en" => English, _ => Finnish };

    /// <summary>A loan of a tablet that was lent, then returned: every placeholder of an agreement has a value.</summary>
    public static AgreementModel Agreement(string language, Organisation organisation)
    {
        var w = In(language);
        return new AgreementModel
        {
            Organisation = organisation,
            Borrower = new(w.Borrower, "040 000 0000", "ASIAKAS-0001"),
            Counsellor = new(w.Counsellor, "040 000 0001"),
            RecommendingWorker = new(w.Worker, "040 000 0002"),
            Device = new("LL-000001", w.Kind, "Samsung", "Galaxy Tab A9", "R9XW30SAMPLE", "350000000000000", 35000),
            Accessories = w.Accessories,
            AccessoriesBack = [.. w.Accessories.Select(a => new AccessoryBack(a, Returned(language)))],
            ConditionOut = w.ConditionOut,
            ConditionIn = w.ConditionIn,
            StartDate = new DateOnly(2026, 3, 2),
            DueDate = new DateOnly(2026, 9, 30),
            ReturnedDate = new DateOnly(2026, 9, 28),
            ReturnNotes = w.ReturnNotes,
            LoanReference = "LL-LOAN-000001",
        };
    }

    // The word a return receipt's table of accessories gives an item that came back (DocumentWords has them all).
    private static string Returned(string language) =>
        language switch { "sv" => "återlämnat", "en" => "returned", "fi-selko" => "palautit", _ => "palautettu" };

    /// <summary>A tablet wiped by a factory reset: every placeholder of a certificate has a value.</summary>
    public static CertificateModel Certificate(string language, Organisation organisation)
    {
        var w = In(language);
        return new CertificateModel
        {
            Organisation = organisation,
            Number = 1,
            Device = new("LL-000001", w.Kind, "Samsung", "Galaxy Tab A9", "R9XW30SAMPLE", null),
            MediaType = w.Media,
            Level = w.Level,
            Method = w.Method,
            Tool = w.Tool,
            VerificationMethod = w.Verification,
            VerificationResult = w.Result,
            AndroidVersion = "14",
            SecurityPatch = "2026-02-01",
            Encryption = "FBE",
            Operator = w.Operator,
            PerformedAt = new DateTimeOffset(2026, 3, 2, 10, 30, 0, TimeSpan.Zero),
            Site = w.Site,
            OperatorTitle = language == "sv" ? "digistödjare" : language == "en" ? "digital support volunteer" : "digitukihenkilö",
            OperatorPhone = "040 000 0003",
            Source = "Digitukiyhdistys ry",
            DataBackedUp = language == "sv" ? "okänt" : language == "en" ? "unknown" : "ei tiedossa",
            Destination = language == "sv" ? "återanvändning inom organisationen (utlåning)" : language == "en" ? "internal reuse (lending)"
                : "uudelleenkäyttö omassa organisaatiossa (lainaus)",
        };
    }

    /// <summary>The preview of <paramref name="template"/> as a PDF, filled from the samples above.</summary>
    public static byte[] Preview(DocumentRenderer renderer, DocumentTemplate template, Organisation organisation) =>
        (DocumentKinds.Certificates.Contains(template.Kind)
            ? renderer.Render(template, Certificate(template.Language, organisation))
            : renderer.Render(template, Agreement(template.Language, organisation))).Pdf;
}
