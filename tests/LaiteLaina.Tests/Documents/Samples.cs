using SkiaSharp;

namespace LaiteLaina.Tests.Documents;

/// <summary>Realistic models with Finnish and Swedish letters in every field a template prints.</summary>
public static class Samples
{
    public static AgreementModel Loan() => new()
    {
        Organisation = new("Pohjoisen Hyvinvointialue – Sosiaalipalvelut", "Kauppakatu 4, 90100 Oulu, puh. 040 123 4567", "tietosuojavastaava@hyvinvointialue.example, puh. 040 765 4321", RetentionMonths: 18),
        Borrower = new("Åsa Äijälä-Öhman", "040 111 2222", "ASIAKAS-77123"),
        Counsellor = new("Pekka Päivärinta", "pekka.paivarinta@hyvinvointialue.example"),
        RecommendingWorker = new("Sofia Sjöström", "sosiaalityö, 040 333 4444"),
        Device = new("LL-000042", "tabletti", "Samsung", "Galaxy Tab A9+", "R9XW30ABCDE", "356789104567894"),
        Accessories = ["laturi ja USB-C-kaapeli", "suojakotelo", "kosketuskynä"],
        AccessoriesBack = Back(["laturi ja USB-C-kaapeli", "suojakotelo", "kosketuskynä"]),
        ConditionOut = "hyvä, pieni naarmu takakannessa",
        ConditionIn = "hyvä, ei uusia vaurioita",
        StartDate = new DateOnly(2026, 3, 14),
        DueDate = new DateOnly(2026, 9, 30),
        ReturnedDate = new DateOnly(2026, 9, 28),
        ReturnNotes = "Kaikki varusteet palautettiin.",
        LoanReference = "LL-LOAN-000042",
    };

    /// <summary>A certificate of a laptop wiped with nwipe.</summary>
    public static CertificateModel Certificate() => new()
    {
        Organisation = new Organisation("Esimerkin kaupunki", "digituki@example.fi", "tietosuoja@example.fi"),
        Number = 17,
        Device = new DeviceDetails("LL-000042", "laptop", "Lenovo", "ThinkPad T480", "PF1ABCDE", null),
        MediaType = "SSD", Level = "Clear", Method = "nwipe zero, 1 pass + verify", Tool = "nwipe 0.34",
        VerificationMethod = "nwipe verify last pass", VerificationResult = "Erased, 0 errors",
        AndroidVersion = "14", SecurityPatch = "2026-10-01", Encryption = "file-based (FBE)",
        Operator = "Volunteer Ville", PerformedAt = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero),
        Site = "Keskustan palvelupiste, Kauppakatu 1", Notes = "Battery swollen; replaced before wiping.",
    };

    /// <summary>A 300-character name with no space to break at, and forty accessories: the layout stress case.</summary>
    public static AgreementModel Stress() => Loan() with
    {
        Borrower = new(string.Concat(Enumerable.Repeat("Äijälä", 50)), "040 111 2222", "ASIAKAS-77123"),
        Accessories = [.. Enumerable.Range(1, 40).Select(i => $"lisävaruste {i:D2}: kaapeli, kotelo ja käyttöohje ({i} kpl)")],
        AccessoriesBack = Back([.. Enumerable.Range(1, 40).Select(i => $"lisävaruste {i:D2}: kaapeli, kotelo ja käyttöohje ({i} kpl)")]),
    };

    // A return receipt's table: every item came back ("OK" reads the same in each language of the samples).
    private static AccessoryBack[] Back(string[] items) => [.. items.Select(i => new AccessoryBack(i, "OK"))];

    /// <summary>A signature as a pad draws it: three strokes on white.</summary>
    public static byte[] SignaturePng()
    {
        using var bitmap = new SKBitmap(240, 80);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = SKColors.DarkBlue, StrokeWidth = 3, Style = SKPaintStyle.Stroke, IsAntialias = true })
        {
            canvas.Clear(SKColors.White);
            canvas.DrawLine(10, 60, 80, 15, paint);
            canvas.DrawLine(80, 15, 150, 65, paint);
            canvas.DrawLine(150, 65, 230, 20, paint);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
