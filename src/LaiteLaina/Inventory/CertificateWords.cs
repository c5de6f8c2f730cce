namespace LaiteLaina.Inventory;

/// <summary>
/// A sanitisation technique in the terms of NIST SP 800-88 Rev. 2: the method (Clear or Purge) follows from the technique,
/// never from what a caller passes, so that a certificate cannot call a profile removal or an overwrite a Purge.
/// <see cref="FullMedia"/> is false for a user profile removal: it reaches one user's data only, so it gets a removal
/// record, not a certificate, and it does not let a device be handed over.
/// </summary>
public sealed record SanitisationTechnique(string Code, SanitisationLevel Level, bool FullMedia, (string Fi, string Sv, string En, string Selko) Words)
{
    public const string CryptoEraseFactoryReset = "crypto-erase-factory-reset";
    public const string OverwriteNwipe = "overwrite-nwipe";
    public const string AtaSecureErase = "ata-secure-erase";
    public const string NvmeFormat = "nvme-format";
    public const string UserProfileRemoval = "user-profile-removal";

    public static readonly IReadOnlyList<SanitisationTechnique> All =
    [
        // Android 7+ encrypts user data file by file; a factory reset destroys the keys: a cryptographic erase, which Rev. 2 counts as Purge.
        new(CryptoEraseFactoryReset, SanitisationLevel.Purge, true, (
            "Purge: kryptografinen poisto palauttamalla tehdasasetukset (tiedostokohtainen salaus)",
            "Purge: kryptografisk radering genom återställning till fabriksinställningar (filbaserad kryptering)",
            "Purge: cryptographic erase by factory reset (file-based encryption)",
            "Purge: tehdasasetukset palautettiin. Salausavaimet hävitettiin, joten vanhoja tietoja ei voi enää lukea.")),
        // Overwriting what the operating system can address is a Clear: it does not reach spare or remapped sectors.
        new(OverwriteNwipe, SanitisationLevel.Clear, true, (
            "Clear: koko levyn päällekirjoitus nwipe-ohjelmalla",
            "Clear: överskrivning av hela disken med programmet nwipe",
            "Clear: overwrite of the whole disk with nwipe",
            "Clear: koko levy kirjoitettiin yli nwipe-ohjelmalla.")),
        new(AtaSecureErase, SanitisationLevel.Purge, true, (
            "Purge: levyn oma poistokomento (ATA Secure Erase)",
            "Purge: diskens eget raderingskommando (ATA Secure Erase)",
            "Purge: the drive's own erase command (ATA Secure Erase)",
            "Purge: levy tyhjennettiin sen omalla poistokomennolla.")),
        new(NvmeFormat, SanitisationLevel.Purge, true, (
            "Purge: levyn oma poistokomento (NVMe Format, turvallinen poisto)",
            "Purge: diskens eget raderingskommando (NVMe Format, säker radering)",
            "Purge: the drive's own erase command (NVMe Format with secure erase)",
            "Purge: levy tyhjennettiin sen omalla poistokomennolla.")),
        new(UserProfileRemoval, SanitisationLevel.Clear, false, (
            "käyttäjäprofiilin ja sen tietojen poisto",
            "borttagning av användarprofilen och dess uppgifter",
            "removal of the user profile and its data",
            "käyttäjän profiili ja sen tiedot poistettiin")),
    ];

    public static SanitisationTechnique? Find(string? code) => All.FirstOrDefault(t => t.Code == code);

    public string In(string language) => DocumentWords.Pick(Words, language);
}

/// <summary>The values a certificate or a removal record shows, in the document's language: no English technical words on a
/// Finnish or Swedish certificate. Codes come from the pipelines (the verification they ran) and the record's choices.</summary>
public static class CertificateWords
{
    /// <summary>How the pipelines check their own wipe, by the code they record.</summary>
    public const string AdbVerify = "adb-verify";
    public const string AdbVerifyUser = "adb-verify-user";
    public const string NwipeVerify = "nwipe-verify";

    private static readonly Dictionary<string, (string Fi, string Sv, string En, string Selko)> Verifications = new()
    {
        [AdbVerify] = (
            "tarkistus laitteelta: ei käyttäjätilejä, ei ylimääräisiä käyttäjiä eikä sovelluksia, koko jaettu tallennustila tyhjä, ennen tyhjennystä kirjoitettu tarkistetiedosto poissa, laitteen tunniste (android_id) uusi ja käynnistyslaskuri alkanut alusta",
            "kontroll på enheten: inga användarkonton, inga extra användare eller appar, hela det delade lagringsutrymmet tomt, kontrollfilen som skrevs före raderingen borta, enhetens id (android_id) nytt och startsräknaren nollställd",
            "check on the device: no user accounts, no extra users or apps, all shared storage empty, the check file written before the wipe gone, a new device id (android_id) and the boot counter started again",
            "Laite tarkistettiin: siinä ei ole tilejä, muita käyttäjiä eikä ylimääräisiä sovelluksia, ja se on käynnistynyt tyhjänä kuin uusi."),
        [AdbVerifyUser] = (
            "tarkistus laitteelta: poistettu käyttäjä on poissa ja tilalla on uusi käyttäjä, ei käyttäjätilejä eikä ylimääräisiä sovelluksia, uuden käyttäjän tallennustila tyhjä",
            "kontroll på enheten: den borttagna användaren finns inte längre och en ny användare har skapats, inga användarkonton eller extra appar, den nya användarens lagringsutrymme tomt",
            "check on the device: the removed user is gone and a new user was created, no user accounts or extra apps, the new user's storage empty",
            "Laite tarkistettiin: vanha käyttäjä on poistettu ja tilalla on uusi, tyhjä käyttäjä."),
        [NwipeVerify] = (
            "nwipe luki levyn takaisin, ja tyhjennetty levy luettiin takaisin nollina",
            "nwipe läste tillbaka disken, och den tömda disken lästes tillbaka som nollor",
            "nwipe read the disk back, and the blanked disk read back as zeros",
            "Ohjelma luki levyn ja tarkisti, että se on tyhjä."),
    };

    private static readonly Dictionary<string, (string Fi, string Sv, string En, string Selko)> BackedUp = new()
    {
        ["yes"] = ("kyllä", "ja", "yes", "kyllä"),
        ["no"] = ("ei", "nej", "no", "ei"),
        ["unknown"] = ("ei tiedossa", "okänt", "unknown", "ei tiedetä"),
    };

    private static readonly Dictionary<string, (string Fi, string Sv, string En, string Selko)> Destinations = new()
    {
        ["internal-reuse"] = ("uudelleenkäyttö omassa organisaatiossa (lainaus)", "återanvändning inom organisationen (utlåning)", "internal reuse (lending)", "laite jää meille lainattavaksi"),
        ["external-reuse"] = ("uudelleenkäyttö organisaation ulkopuolella (luovutus)", "återanvändning utanför organisationen (överlåtelse)", "external reuse (handover or donation)", "laite annetaan toiselle"),
        ["recycling"] = ("kierrätys (sähkö- ja elektroniikkaromu)", "återvinning (elektriskt och elektroniskt avfall)", "recycling (electrical and electronic waste)", "laite viedään kierrätykseen"),
    };

    public static IReadOnlyCollection<string> BackedUpValues => BackedUp.Keys;

    public static IReadOnlyCollection<string> DestinationValues => Destinations.Keys;

    /// <summary>The pipeline's check in words, or null when a person described their own check (kept as written).</summary>
    public static string? Verification(string? code, string language) =>
        code is not null && Verifications.TryGetValue(code, out var words) ? Pick(words, language) : null;

    /// <summary>A record is stored only when its verification passed, so a pipeline's result is always this.</summary>
    public static string VerificationPassed(string language) =>
        Pick(("hyväksytty: tietoja ei löytynyt", "godkänd: inga uppgifter hittades", "passed: no data found", "Kunnossa. Tietoja ei löytynyt."), language);

    public static string DataBackedUp(string? value, string language) => Pick(BackedUp[value ?? "unknown"], language);

    public static string Destination(string? value, string language) => Pick(Destinations[value ?? "internal-reuse"], language);

    /// <summary>Android reports its encryption as "file", "block" or "none" (or the words a person typed).</summary>
    public static string? Encryption(string? reported, string language)
    {
        if (reported is null)
            return null;
        var r = reported.ToLowerInvariant();
        if (r.Contains("file", StringComparison.Ordinal) || r.Contains("fbe", StringComparison.Ordinal))
            return Pick(("tiedostokohtainen salaus (FBE)", "filbaserad kryptering (FBE)", "file-based encryption (FBE)", "salattu"), language);
        if (r.Contains("block", StringComparison.Ordinal) || r.Contains("fde", StringComparison.Ordinal))
            return Pick(("koko muistin salaus (FDE)", "kryptering av hela minnet (FDE)", "full-disk encryption (FDE)", "salattu"), language);
        if (r.Contains("none", StringComparison.Ordinal) || r.Contains("unencrypted", StringComparison.Ordinal))
            return Pick(("ei salausta", "ingen kryptering", "not encrypted", "ei salattu"), language);
        return reported;
    }

    /// <summary>Where the device came from: the donor's name, else how it was acquired.</summary>
    public static string Source(string? donor, Acquisition acquisition, string language) => donor ?? acquisition switch
    {
        Acquisition.Donated => Pick(("lahjoitus", "donation", "donation", "lahjoitus"), language),
        Acquisition.Transferred => Pick(("siirto toisesta yksiköstä", "överföring från en annan enhet", "transfer from another unit", "toisesta yksiköstä"), language),
        Acquisition.Leased => Pick(("leasing", "leasing", "lease", "leasing"), language),
        _ => Pick(("oma hankinta", "eget inköp", "purchased", "ostettu"), language),
    };

    private static string Pick((string Fi, string Sv, string En, string Selko) words, string language) => DocumentWords.Pick(words, language);
}
