namespace LaiteLaina.Inventory;

/// <summary>The few words of the inventory that appear inside agreements, in each document language.</summary>
public static class DocumentWords
{
    private static readonly Dictionary<DeviceKind, (string Fi, string Sv, string En, string Selko)> Kinds = new()
    {
        [DeviceKind.Tablet] = ("tabletti", "surfplatta", "tablet", "tabletti"),
        [DeviceKind.Phone] = ("puhelin", "telefon", "phone", "puhelin"),
        [DeviceKind.Laptop] = ("kannettava tietokone", "bärbar dator", "laptop", "kannettava tietokone"),
        [DeviceKind.Desktop] = ("pöytätietokone", "stationär dator", "desktop computer", "tietokone"),
        [DeviceKind.Monitor] = ("näyttö", "bildskärm", "monitor", "näyttö"),
        [DeviceKind.PrinterScanner] = ("tulostin ja skanneri", "skrivare och skanner", "printer and scanner", "tulostin"),
        [DeviceKind.Other] = ("muu laite", "annan apparat", "other device", "laite"),
    };

    private static readonly Dictionary<DeviceCondition, (string Fi, string Sv, string En, string Selko)> Conditions = new()
    {
        [DeviceCondition.New] = ("uusi", "ny", "new", "uusi"),
        [DeviceCondition.Good] = ("hyvä", "gott", "good", "hyvä"),
        [DeviceCondition.Fair] = ("tyydyttävä, käytön jälkiä", "nöjaktigt, spår av användning", "fair, signs of use", "käytetty"),
        [DeviceCondition.Poor] = ("huono", "dåligt", "poor", "huono"),
        [DeviceCondition.Broken] = ("rikki", "trasig", "broken", "rikki"),
    };

    private static readonly Dictionary<MediaType, (string Fi, string Sv, string En, string Selko)> Media = new()
    {
        [MediaType.Flash] = ("flash-muisti", "flashminne", "flash memory", "flash-muisti"),
        [MediaType.Hdd] = ("kiintolevy (HDD)", "hårddisk (HDD)", "hard disk drive (HDD)", "kiintolevy"),
        [MediaType.Ssd] = ("SSD-levy", "SSD-disk", "solid-state drive (SSD)", "SSD-levy"),
    };

    // The NIST names stay as they are (an auditor looks for them); the words after them say what they mean.
    private static readonly Dictionary<SanitisationLevel, (string Fi, string Sv, string En, string Selko)> Levels = new()
    {
        [SanitisationLevel.Clear] = ("Clear (tiedot poistettu ohjelmallisesti)", "Clear (data raderade med programvara)", "Clear (logical sanitisation)", "Clear (tiedot poistettu)"),
        [SanitisationLevel.Purge] = ("Purge (tiedot poistettu laitteen omalla poistotoiminnolla)", "Purge (data raderade med mediets egen raderingsfunktion)", "Purge (media's own sanitise command)", "Purge (tiedot poistettu perusteellisesti)"),
        [SanitisationLevel.Destroy] = ("Destroy (tallennusväline tuhottu)", "Destroy (lagringsmediet förstört)", "Destroy (media destroyed)", "Destroy (muisti tuhottu)"),
    };

    public static string MediaTypeName(MediaType media, string language) => Pick(Media[media], language);

    public static string Level(SanitisationLevel level, string language) => Pick(Levels[level], language);

    public static string Kind(DeviceKind kind, string language) => Pick(Kinds[kind], language);

    public static string Condition(DeviceCondition condition, string language) => Pick(Conditions[condition], language);

    /// <summary>How an accessory came back, in the return receipt's table of items (the plain-Finnish one speaks to "you").</summary>
    public static string AccessoryState(AccessoryState state, string language) => Pick(state switch
    {
        Inventory.AccessoryState.Missing => ("puuttuu", "saknas", "missing", "et palauttanut"),
        Inventory.AccessoryState.Damaged => ("palautettu vaurioituneena", "återlämnat skadat", "returned damaged", "palautit, mutta se on rikki"),
        _ => ("palautettu", "återlämnat", "returned", "palautit"),
    }, language);

    internal static string Pick((string Fi, string Sv, string En, string Selko) words, string language) => language switch
    {
        "sv" => words.Sv,
        "en" => words.En,
        "fi-selko" => words.Selko,
        _ => words.Fi,
    };
}
