using System.Xml.Linq;
using LaiteLaina.Provisioning;
using LaiteLaina.Users;

namespace LaiteLaina.Tests.Storage;

/// <summary>Audit rows as people read them: a sentence in their language with the actor's display name and the changed
/// fields in words, on each engine (the names come from the users table).</summary>
public sealed class AuditDiffTests(Engine engine) : DatabaseTest(engine)
{
    private static AuditEntry Return(string actor) => new()
    {
        Id = 1, At = new DateTimeOffset(2026, 12, 6, 12, 5, 30, TimeSpan.Zero).AddTicks(1234567), Actor = actor, Action = "device.loan-return",
        RecordType = "device", RecordId = 3, RecordKey = "LL-000003",
        BeforeJson = """{"id":3,"status":"OnLoan","condition":"New","updatedAt":"2026-12-01T10:00:00.1234567+00:00"}""",
        AfterJson = """{"id":3,"status":"AwaitingWipe","condition":"Good","updatedAt":"2026-12-06T12:05:30.1234567+00:00"}""",
    };

    private async Task<AuditLine> DescribeAsync(string culture, AuditEntry entry)
    {
        await new UserService(Db, TimeProvider.System).AddAsync("sari", "Sari Salo", "counsellor", "correct horse battery", "test");
        var words = Service<AuditDiff>();
        var before = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return (await words.DescribeAsync([entry]))[0];
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = before;
        }
    }

    [Test]
    public async Task DescribeAsync_ReturnInFinnish_SentenceWithDisplayNameAndWords()
    {
        var line = await DescribeAsync("fi", Return("web:sari"));

        Assert.That(line.Full, Is.EqualTo("Sari Salo palautti laitteen LL-000003; tila lainassa → odottaa tyhjennystä; kunto uusi → hyvä"));
        Assert.That(line.When, Does.Match(@"^6\.12\.2026 \d\d\.05$"), "local time to the minute, with the Finnish dot");
    }

    [Test]
    public async Task DescribeAsync_LoanReturnWithAccessoriesMissingAndDamaged_ItemsOnOneLinePartedBySlash()
    {
        var entry = new AuditEntry
        {
            Id = 2, At = new DateTimeOffset(2026, 12, 6, 12, 5, 30, TimeSpan.Zero), Actor = "web:sari", Action = "loan.return",
            RecordType = "loan", RecordId = 1, RecordKey = "LN-000001",
            BeforeJson = """{"id":1,"accessoriesMissing":null,"accessoriesDamaged":null}""",
            AfterJson = """{"id":1,"accessoriesMissing":"USB-C-laturi 25 W ja 1,5 m kaapeli\nkotelo","accessoriesDamaged":"kynä"}""",
        };

        var line = await DescribeAsync("fi", entry);

        Assert.That(line.Changes, Is.EqualTo("puuttuvat lisävarusteet – → USB-C-laturi 25 W ja 1,5 m kaapeli / kotelo; vaurioituneet lisävarusteet – → kynä"));
        Assert.That(AuditDiff.Describe(entry.BeforeJson, entry.AfterJson),
            Is.EqualTo("accessoriesMissing: - → USB-C-laturi 25 W ja 1,5 m kaapeli / kotelo; accessoriesDamaged: - → kynä"));
    }

    [Test]
    public async Task DescribeAsync_ReturnFromTheCommandLineInSwedish_SentenceInSwedish()
    {
        var line = await DescribeAsync("sv", Return("cli:sari"));

        Assert.That(line.Full, Is.EqualTo("Sari Salo tog emot enheten LL-000003 i retur; status utlånad → väntar på radering; skick ny → bra"));
    }

    [Test]
    public async Task DescribeAsync_SettingChanged_NamedByItsLabel()
    {
        var line = await DescribeAsync("fi", new AuditEntry
        {
            Actor = "sari", Action = "setting.set", RecordType = "setting", RecordKey = "loan_renewal_limit",
            BeforeJson = """{"value":"3"}""", AfterJson = """{"value":"5"}""",
        });

        Assert.That(line.Full, Is.EqualTo("Sari Salo muutti asetusta ”Jatkojen enimmäismäärä”; arvo 3 → 5"));
    }

    /// <summary>A job that stopped at the precheck for a screen lock, as the runner ends it, and its audit row.</summary>
    internal static async Task<AuditEntry> ProvisioningStoppedAsync(Database db)
    {
        var job = await db.WriteAsync((c, tx) => JobStore.CreateAsync(c, tx, "emulator-5554", null, "LL-000007", "staff-tablet", JobState.Running, "station/1", "test"));
        var said = Msg.ProvisioningWithProfile.With(Msg.ProvisioningSayScreenLocked, "staff-tablet");
        await JobStore.UpdateStepAsync(db, job.Id, JobStore.StepNames.ToList().IndexOf("precheck"), StepState.NeedsPerson, 0, said, null);
        await JobStore.FinishAsync(db, await JobStore.GetAsync(db, job.Id), JobState.NeedsPerson, said, null, "provisioning");
        return (await AuditLog.ForRecordAsync(db, "provisioning_job", job.Id)).Single(e => e.Action == "provisioning.needs-person");
    }

    [TestCase("fi", "vaihe – → esitarkistus", "viesti – → Tabletissa on näytön lukitus (PIN-koodi, kuvio tai salasana)", "(profiili staff-tablet)")]
    [TestCase("sv", "steg – → förhandskontroll", "meddelande – → Surfplattan har ett skärmlås (PIN-kod, mönster eller lösenord)", "(profil staff-tablet)")]
    public async Task DescribeAsync_ProvisioningStoppedInFinnishOrSwedish_StepAndMessageInReadersLanguage(string culture, string step, string message, string profile)
    {
        var entry = await ProvisioningStoppedAsync(Db);

        var line = await DescribeAsync(culture, entry);

        Assert.That(line.Changes, Does.Contain(step).And.Contain(message).And.Contain(profile));
        Assert.That(line.Full, Does.Not.Contain("precheck").And.Not.Contain("screen lock").And.Not.Contain("msg:"));
        Assert.That(entry.AfterJson, Does.Not.Contain("screen lock"), "the row keeps the message's id, not one language's sentence");
    }

    [Test]
    public async Task Describe_ProvisioningStopped_CommandLineReadsTheMessageInEnglish()
    {
        var entry = await ProvisioningStoppedAsync(Db);

        Assert.That(AuditDiff.Describe(entry.BeforeJson, entry.AfterJson), Does.Contain("step: - → precheck")
            .And.Contain("message: - → The tablet has a screen lock (PIN, pattern or password)").And.Not.Contain("msg:"));
    }

    [Test]
    public async Task DescribeAsync_ProvisioningRowWrittenInEnglishBefore_ReadBackInFinnish()
    {
        // A row from before the log kept messages by id: the English sentence FinishAsync wrote then.
        var entry = new AuditEntry
        {
            Actor = "provisioning", Action = "provisioning.needs-person", RecordType = "provisioning_job", RecordId = 4, RecordKey = "LL-000004",
            BeforeJson = """{"state":"Running"}""",
            AfterJson = "{\"state\":\"NeedsPerson\",\"step\":\"precheck\",\"message\":"
                + System.Text.Json.JsonSerializer.Serialize(Msg.ProvisioningWithProfile.With(Msg.ProvisioningSayGoogleAccount, "donated-handover").ToString()) + "}",
        };

        var line = await DescribeAsync("fi", entry);

        Assert.That(line.Changes, Does.Contain("vaihe – → esitarkistus").And.Contain(((Message)Msg.ProvisioningSayGoogleAccount).Render(CultureInfo.GetCultureInfo("fi"))));
        Assert.That(line.Changes, Does.Contain("(profiili donated-handover)").And.Not.Contain("Google account"));
    }

    [TestCase("fi", "tyyppi lainaajalle: palautus huomenna")]
    [TestCase("sv", "typ till låntagaren: återlämnas i morgon")]
    public async Task DescribeAsync_ReminderMailed_KindInTheLoanPagesWords(string culture, string kind)
    {
        var line = await DescribeAsync(culture, new AuditEntry
        {
            Actor = "reminders", Action = "loan.reminder-mail", RecordType = "loan", RecordId = 1, RecordKey = "LN-000001",
            AfterJson = """{"kind":"DueTomorrow","sentTo":"x@example.org","forDate":"2026-12-06"}""",
        });

        Assert.That(line.Changes, Is.EqualTo(kind));
    }

    [TestCase("fi", "borrower.erase", "erasure on request", "syy poisto pyynnöstä; säilytettyjä sopimuksia ja kuitteja 1")]
    [TestCase("sv", "borrower.erase-agreements", "claim settled", "orsak anspråket avgjordes")]
    public async Task DescribeAsync_BorrowerErased_ReasonInWords(string culture, string action, string reason, string changes)
    {
        var line = await DescribeAsync(culture, new AuditEntry
        {
            Actor = "maija", Action = action, RecordType = "borrower", RecordId = 5, RecordKey = "5",
            AfterJson = $$"""{"reason":"{{reason}}","agreementsKept":1}""",
        });

        Assert.That(line.Changes, Does.StartWith(changes));
        Assert.That(line.Changes, Does.Not.Contain(reason));
    }

    [TestCase("fi", "provisioning:service", "Laitteiden valmistelu")]
    [TestCase("sv", "provisioning:sari", "Förberedelsen av enheter (Sari Salo)")]
    [TestCase("fi", "job:reminders", "Muistutukset")]
    [TestCase("sv", "job:retention", "Bevakningen av lagringstider")]
    [TestCase("sv", "provisioning-watcher", "Förberedelsen av enheter")]
    [TestCase("fi", "provisioning-watcher", "Laitteiden valmistelu")]
    public async Task DescribeAsync_ServiceJobActor_NamedInReadersLanguage(string culture, string actor, string who)
    {
        var line = await DescribeAsync(culture, new AuditEntry
        {
            Actor = actor, Action = "provisioning.done", RecordType = "provisioning_job", RecordId = 1, RecordKey = "LL-000001",
        });

        Assert.That(line.Who, Is.EqualTo(who));
        Assert.That(line.Sentence, Does.StartWith(who));
    }
}

/// <summary>Every action the program writes has its sentence, and every field its name, in each language.</summary>
public sealed class AuditWordsCatalogTests
{
    private static HashSet<string> Keys(string culture) =>
        XDocument.Load(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../src/LaiteLaina/Kernel", culture.Length == 0 ? "Ui.resx" : $"Ui.{culture}.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

    [TestCase("")]
    [TestCase("fi")]
    [TestCase("sv")]
    public void Catalog_EveryActionAndField_HasWords(string culture)
    {
        var keys = Keys(culture);
        Assert.That(AuditDiff.Actions.Select(a => "Audit." + a).Concat(AuditDiff.Fields.Select(f => "AuditField." + f))
            // The audit log's filter names each action, and each area of actions, in words.
            .Concat(AuditDiff.Actions.Select(a => "AuditAction." + a)).Concat(AuditDiff.Actions.Select(a => "AuditArea." + a[..a.IndexOf('.', StringComparison.Ordinal)]))
            .Where(k => !keys.Contains(k)), Is.Empty);
    }

    [Test]
    public void Actions_EveryActionTheCodeWrites_IsListed()
    {
        var source = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../src/LaiteLaina"));
        var written = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), "\"((?:device|loan|borrower|user|document|setting|database|sanitisation|label|reservation|stocktake|point|site|location|donor|template)\\.[a-z-]+)\"")
                .Select(m => m.Groups[1].Value))
            .Where(a => File.ReadAllText(Path.Combine(source, "Kernel", "Messages.resx")).Contains($"name=\"{a}\"", StringComparison.Ordinal) is false)
            .ToHashSet();
        Assert.That(written.Where(a => !AuditDiff.Actions.Contains(a)), Is.Empty);
    }
}
