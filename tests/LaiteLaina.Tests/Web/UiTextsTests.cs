using System.Xml.Linq;
using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>Every text the pages ask for exists in Finnish and Swedish, so no screen shows an English word by accident.</summary>
public sealed partial class UiTextsTests
{
    private static string Source => Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../src/LaiteLaina"));

    private static HashSet<string> Keys(string culture) =>
        XDocument.Load(Path.Combine(Source, "Kernel", culture.Length == 0 ? "Ui.resx" : $"Ui.{culture}.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<string> UsedKeys() =>
        Directory.EnumerateFiles(Source, "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Source, "*.cshtml.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct();

    private static IEnumerable<string> EnumKeys()
    {
        IEnumerable<string> Of<T>() where T : struct, Enum => Enum.GetValues<T>().Select(v => $"{typeof(T).Name}.{EnumText.Kebab(v)}");
        return Of<DeviceStatus>().Concat(Of<DeviceKind>()).Concat(Of<DeviceCondition>()).Concat(Of<Acquisition>()).Concat(Of<UserRole>())
            .Concat(Of<LoanState>()).Concat(Of<LoanKind>()).Concat(Of<PrintJobState>()).Concat(Of<PortState>()).Concat(Of<ScanMode>()).Concat(Of<DonorKind>())
            .Concat(Of<BorrowerKind>()).Concat(Of<LaiteLaina.Audit.StocktakeFinding>()).Concat(Of<LaiteLaina.Provisioning.JobState>())
            .Concat(Of<LaiteLaina.Provisioning.IntakeState>()).Concat(Of<RetireReason>()).Concat(Of<MediaType>())
            .Concat(HandWipeMethod.All.Select(m => "HandWipe." + m.Code))
            .Concat(JobStore.StepNames.Select(s => "ProvisioningStep." + s));
    }

    [TestCase("fi")]
    [TestCase("sv")]
    [TestCase("")]
    public void Resources_TwoKeysDifferingOnlyInCase_None(string culture) =>
        // The compiled resources look keys up without regard to case: one of two such keys would never be found.
        Assert.That(Keys(culture).GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty);

    [TestCase("fi")]
    [TestCase("sv")]
    [TestCase("")]
    public void Resources_EveryKeyThePagesUse_IsTranslated(string culture)
    {
        var keys = Keys(culture);
        var used = UsedKeys().ToList();
        Assert.That(used, Has.Count.GreaterThan(100), "the scan found the pages");
        Assert.That(used.Concat(EnumKeys()).Where(k => !keys.Contains(k)), Is.Empty);
    }

    [GeneratedRegex("""\b[Ll]\["((?:[^"\\]|\\.)+)"\]""")]
    private static partial Regex UsedKey();
}
