using LaiteLaina.Inventory;

namespace LaiteLaina.Documents;

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

    public static string Kind(DeviceKind kind, string language) => Pick(Kinds[kind], language);

    public static string Condition(DeviceCondition condition, string language) => Pick(Conditions[condition], language);

    private static string Pick((string Fi, string Sv, string En, string Selko) words, string language) => language switch
    {
        "sv" => words.Sv,
        "en" => words.En,
        "fi-selko" => words.Selko,
        _ => words.Fi,
    };
}
