namespace LaiteLaina.Tests.Provisioning;

/// <summary>The per-model steps of the guided factory reset (Provisioning/Profiles/guides): complete in every language,
/// and chosen by the manufacturer identify.sh reports.</summary>
[TestFixture]
public sealed class ResetGuideTests
{
    [Test]
    public void All_EveryGuide_EverySectionHasStepsInFinnishSwedishAndEnglish()
    {
        Assert.That(ResetGuides.All.Keys, Is.EquivalentTo(new[] { "generic", "lenovo", "samsung" }));
        foreach (var (name, guide) in ResetGuides.All)
        {
            foreach (var (section, steps) in new[] { ("recovery", guide.Recovery), ("keys", guide.Keys), ("settings", guide.Settings), ("after", guide.After) })
            {
                Assert.That(steps, Is.Not.Empty, $"{name}: {section}");
                foreach (var text in steps.SelectMany(s => new[] { s.Screen, s.Do }))
                    Assert.That(new[] { text.En, text.Fi, text.Sv }, Has.All.Not.Empty.And.All.Not.Null, $"{name}: {section}: {text}");
            }
        }
    }

    [TestCase("samsung", "Samsung Galaxy Tab")]
    [TestCase("LENOVO", "Lenovo Tab")]
    [TestCase("Google", "Android (AOSP)")]
    [TestCase(null, "Android (AOSP)")]
    public void For_Manufacturer_ThatMakersGuideOrTheGenericOne(string? manufacturer, string name)
    {
        Assert.That(ResetGuides.For(manufacturer).Name, Is.EqualTo(name));
    }

    [Test]
    public void For_Lenovo_OwnKeysAndSettingsTheGenericRecoveryMenu()
    {
        var lenovo = ResetGuides.For("LENOVO");

        Assert.That(lenovo.Keys[0].Do.Fi, Does.Contain("Lenovon logo"));
        Assert.That(lenovo.Recovery, Is.EqualTo(ResetGuides.All["generic"].Recovery), "Lenovo's recovery is AOSP's: \"No command\", then the menu");
    }
}
