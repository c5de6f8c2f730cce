namespace LaiteLaina.Tests.Documents;

/// <summary>The values a template sees: the right names, missing values as null, dates in the document's language, and every
/// text escaped so that what a person typed prints as typed instead of turning into Markdown.</summary>
public sealed class AgreementModelValuesTests
{
    private static AgreementModel Model(params string[] accessories) => new()
    {
        Organisation = new("Kylän kunta", "040 000 0000", "tietosuoja@kyla.example", 24),
        Borrower = new("*Ann* | 1.", "040 123", null),
        Counsellor = new("Sari"),
        RecommendingWorker = null,
        Device = new("LL-000001", "tablet", "Samsung", "Tab [A9]", "R9#1", null),
        Accessories = accessories,
        ConditionOut = "good",
        StartDate = new DateOnly(2026, 11, 23),
        DueDate = new DateOnly(2027, 3, 5),
        LoanReference = "LN-000001",
    };

    private static Dictionary<string, object?> Fields(Dictionary<string, object?> values, string name) => (Dictionary<string, object?>)values[name]!;

    // Named by what they show: a test name with a line break or a control character in it trips up test runners.
    public static IEnumerable<TestCaseData> EscapeCases() =>
    [
        new TestCaseData(null, null).SetArgDisplayNames("null"),
        new TestCaseData("", "").SetArgDisplayNames("empty"),
        new TestCaseData("Aino Äijälä 12", "Aino Äijälä 12").SetArgDisplayNames("letters and digits"),
        new TestCaseData("*Ann* | 1.", "\\*Ann\\* \\| 1\\.").SetArgDisplayNames("emphasis, table, list"),
        new TestCaseData("<b>#1_x~`", "\\<b\\>\\#1\\_x\\~\\`").SetArgDisplayNames("html, heading, underscore, tilde, backtick"),
        new TestCaseData("rivi\r\nrivi\tloppu", "rivi  rivi loppu").SetArgDisplayNames("line breaks and tab"),
        new TestCaseData("25 € – 3 €", "25 € – 3 €").SetArgDisplayNames("non-ASCII symbols"),
        new TestCaseData("a\u0001b", "a\u0001b").SetArgDisplayNames("other control character"),
    ];

    [TestCaseSource(nameof(EscapeCases))]
    public void Escape_Text_PunctuationEscapedLineBreaksFolded(string? text, string? expected) =>
        Assert.That(AgreementModelValues.Escape(text), Is.EqualTo(expected));

    [Test]
    public void Build_Model_FieldsEscapedUnderTheirTemplateNames()
    {
        var values = AgreementModelValues.Build(Model("laturi", "kotelo (musta)"), "fi");
        Assert.That(Fields(values, "organisation"), Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["name"] = "Kylän kunta", ["contact"] = "040 000 0000", ["privacy_contact"] = "tietosuoja\\@kyla\\.example", ["retention_months"] = "24",
            ["agreement_retention_years"] = "3",
        }));
        Assert.That(Fields(values, "borrower"), Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["name"] = "\\*Ann\\* \\| 1\\.", ["contact"] = "040 123", ["client_reference"] = null,
        }));
        Assert.That(Fields(values, "device"), Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["tag"] = "LL\\-000001", ["kind"] = "tablet", ["make"] = "Samsung", ["model"] = "Tab \\[A9\\]", ["serial"] = "R9\\#1", ["imei"] = null,
            ["value"] = null,
        }));
        Assert.That(Fields(values, "counsellor"), Is.EquivalentTo(new Dictionary<string, object?> { ["name"] = "Sari", ["contact"] = null }));
        Assert.That(Fields(values, "recommending_worker"), Is.EquivalentTo(new Dictionary<string, object?> { ["name"] = null, ["contact"] = null }));
        Assert.That(values["accessories"], Is.EqualTo(new object?[] { "laturi", "kotelo \\(musta\\)" }));
    }

    [TestCase(35000L, "fi", "350\\,00\u00A0€")]
    [TestCase(123456789L, "sv", "1\u00A0234\u00A0567\\,89\u00A0€")]
    [TestCase(35000L, "en", "€350\\.00")]
    public void Build_DeviceCost_ValueInEurosInTheDocumentsLanguage(long cents, string language, string expected)
    {
        var device = Fields(AgreementModelValues.Build(Model() with { Device = Model().Device with { CostCents = cents } }, language), "device");
        Assert.That(device["value"], Is.EqualTo(expected));
    }

    [TestCase("fi", "23\\.11\\.2026", "5\\.3\\.2027")]
    [TestCase("sv", "23\\.11\\.2026", "5\\.3\\.2027")]
    [TestCase("en", "23 November 2026", "5 March 2027")]
    public void Build_Dates_InTheDocumentsLanguage(string language, string start, string due)
    {
        var loan = Fields(AgreementModelValues.Build(Model() with { ConditionIn = "fair", ReturnNotes = "ok!" }, language), "loan");
        Assert.That(loan, Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["reference"] = "LN\\-000001", ["start_date"] = start, ["due_date"] = due, ["returned_date"] = null,
            ["condition_out"] = "good", ["condition_in"] = "fair", ["return_notes"] = "ok\\!",
        }));
    }

    [Test]
    public void KnownPaths_EveryNameTheBuildFills_AndListHelpers()
    {
        Assert.That(AgreementModelValues.KnownPaths, Is.EquivalentTo(new[]
        {
            "organisation", "organisation.name", "organisation.contact", "organisation.privacy_contact", "organisation.retention_months",
            "organisation.agreement_retention_years",
            "borrower", "borrower.name", "borrower.contact", "borrower.client_reference",
            "counsellor", "counsellor.name", "counsellor.contact",
            "recommending_worker", "recommending_worker.name", "recommending_worker.contact",
            "device", "device.tag", "device.kind", "device.make", "device.model", "device.serial", "device.imei", "device.value",
            "accessories", "accessories.size", "accessories.first", "accessories.last",
            "returned_accessories", "returned_accessories.size", "returned_accessories.first", "returned_accessories.last",
            "handover", "handover.coaching_sessions", "handover.coaching_reason", "handover.sanitised_on",
            "loan", "loan.reference", "loan.start_date", "loan.due_date", "loan.returned_date", "loan.condition_out", "loan.condition_in", "loan.return_notes",
        }));
    }
}
