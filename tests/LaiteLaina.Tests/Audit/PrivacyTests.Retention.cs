using Microsoft.Extensions.Logging;

namespace LaiteLaina.Tests.Audit;

/// <summary>Who is due for anonymisation and when: the retention setting, the day it falls on, borrowers without loans,
/// reservations ahead, places, and the daily job that keeps trying.</summary>
public sealed partial class PrivacyTests
{
    private async Task<long> BorrowerAddedOnAsync(string name, DateTimeOffset createdAt, string kind = "client")
    {
        var id = (await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = name, Kind = kind, Badge = kind == "staff" ? "B-" + name : null }, "t")).Id;
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE borrowers SET created_at = @createdAt WHERE id = @id", new { createdAt, id }, tx));
        return id;
    }

    private async Task<long[]> DueIdsAsync(DateOnly? until = null) => [.. (await privacy.DueAsync(until)).Select(d => d.BorrowerId)];

    [Test]
    public async Task DueAsync_DayBeforeAndDayOfTheEnd_OnlyFromThatDay()
    {
        Assert.That(await DueIdsAsync(new DateOnly(2026, 1, 19)), Is.Empty);
        var due = await privacy.DueAsync(new DateOnly(2026, 1, 20));
        Assert.That(due.Select(d => (d.BorrowerId, d.DueOn, d.Loans, d.Kind)), Is.EqualTo(new[] { (aino, new DateOnly(2026, 1, 20), 1L, BorrowerKind.Client) }));
    }

    [Test]
    public async Task DueAsync_OfficeKeepsDataTwoYears_DueAYearLater()
    {
        await Settings.SetAsync(Db, "retention_months", "24", "admin");
        Assert.That(await DueIdsAsync(), Is.Empty);
        Assert.That((await privacy.DueAsync(new DateOnly(2027, 1, 20))).Single().DueOn, Is.EqualTo(new DateOnly(2027, 1, 20)));
    }

    [TestCase("")]
    [TestCase("kaksitoista")]
    [TestCase("-3")]
    public async Task DueAsync_RetentionSettingUnreadable_TwelveMonths(string value)
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE settings SET value = @value WHERE name = 'retention_months'", new { value }, tx));
        Assert.That(await privacy.RetentionMonthsAsync(), Is.EqualTo(12));
        Assert.That((await privacy.DueAsync()).Single().DueOn, Is.EqualTo(new DateOnly(2026, 1, 20)));
    }

    [Test]
    public async Task DueAsync_BorrowersWithoutLoans_CountedFromWhenAddedSoonestFirst()
    {
        var cecilia = await BorrowerAddedOnAsync("Cecilia", new DateTimeOffset(2024, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var dora = await BorrowerAddedOnAsync("Dora", new DateTimeOffset(2024, 12, 1, 15, 0, 0, TimeSpan.Zero));
        await BorrowerAddedOnAsync("Eeva", new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.Zero));
        var due = await privacy.DueAsync();
        Assert.That(due.Select(d => (d.BorrowerId, d.DueOn, d.Loans)), Is.EqualTo(new[]
        {
            (cecilia, new DateOnly(2025, 12, 1), 0L), (dora, new DateOnly(2025, 12, 1), 0L), (aino, new DateOnly(2026, 1, 20), 1L),
        }));
    }

    [Test]
    public async Task DueAsync_PlaceOrStaff_PlacesNeverStaffLikeClients()
    {
        await BorrowerAddedOnAsync("Kylätalo", new DateTimeOffset(2020, 1, 1, 8, 0, 0, TimeSpan.Zero), "place");
        var staff = await BorrowerAddedOnAsync("Pekka", new DateTimeOffset(2020, 1, 1, 8, 0, 0, TimeSpan.Zero), "staff");
        Assert.That(await DueIdsAsync(), Is.EqualTo(new[] { staff, aino }));
    }

    [Test]
    public async Task DueAsync_ReservationStillAhead_NotDueUntilItEndsOrIsCancelled()
    {
        var reservations = new ReservationService(Db, clock);
        var booked = await reservations.AddAsync(null, "tablet", aino.ToString(CultureInfo.InvariantCulture), "2026-02-05", "2026-02-06", "etätapaaminen", "t");
        Assert.That(await DueIdsAsync(), Is.Empty);
        Assert.That(await DueIdsAsync(new DateOnly(2026, 2, 6)), Is.Empty, "the reservation's last day is still ahead");
        Assert.That(await DueIdsAsync(new DateOnly(2026, 2, 7)), Is.EqualTo(new[] { aino }));
        await reservations.CancelAsync(booked.Id, "t");
        Assert.That(await DueIdsAsync(), Is.EqualTo(new[] { aino }));
    }

    [Test]
    public async Task AnonymiseDueAsync_TwoDue_BothAnonymisedEverywhereThenNoneLeft()
    {
        var cecilia = await BorrowerAddedOnAsync("Cecilia", new DateTimeOffset(2024, 12, 1, 8, 0, 0, TimeSpan.Zero), "staff");
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE borrowers SET interpreter_needed = @yes, contact = '040 9', notes = 'x' WHERE id = @cecilia",
            new { yes = true, cecilia }, tx));
        // A booking of Aino's that ended before her retention did.
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO reservations (device_kind, borrower_id, starts_on, ends_on, purpose, created_by, created_at)
            VALUES ('Tablet', @aino, @day, @day, 'Ainon tapaaminen', 't', @at)
            """, new { aino, day = new DateOnly(2025, 1, 10), at = new DateTimeOffset(2025, 1, 2, 9, 0, 0, TimeSpan.Zero) }, tx));

        Assert.That(await privacy.AnonymiseDueAsync("job:retention"), Is.EqualTo(2));

        var c = await BorrowerAsync(cecilia);
        Assert.That((c.Name, c.Contact, c.Badge, c.Notes, c.InterpreterNeeded, c.AnonymisedAt), Is.EqualTo(($"(anonymised {cecilia})", (string?)null, (string?)null, (string?)null, false, clock.GetUtcNow())));
        Assert.That(await CountAsync("SELECT count(*) FROM reservations WHERE purpose IS NOT NULL"), Is.Zero, "a booking's purpose may describe the person");
        Assert.That(await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'borrower.anonymise' AND after_json LIKE '%retention period ended%'"), Is.EqualTo(2));
        Assert.That((await BorrowerAsync(bertta)).Name, Is.EqualTo("Bertta Bäckström"));
        Assert.That(await privacy.AnonymiseDueAsync("job:retention"), Is.Zero);
    }

    [Test]
    public async Task AnonymiseDueAsync_MoreThanOneBatch_EveryoneAnonymised()
    {
        for (var i = 0; i < 60; i++)
            await BorrowerAddedOnAsync("Asiakas " + i, new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero));
        Assert.That(await privacy.AnonymiseDueAsync("job:retention"), Is.EqualTo(61));
        Assert.That(await CountAsync("SELECT count(*) FROM borrowers WHERE anonymised_at IS NULL AND kind <> 'Place'"), Is.EqualTo(1), "only Bertta, whose loan is open");
    }

    [Test]
    public async Task EraseAsync_AlreadyAnonymisedOrUnknown_RefusedNothingWritten()
    {
        var key = aino.ToString(CultureInfo.InvariantCulture);
        await privacy.EraseAsync(key, "manager");
        var audit = await CountAsync("SELECT count(*) FROM audit_log");
        var again = Assert.ThrowsAsync<UserError>(() => privacy.EraseAsync(key, "manager"));
        Assert.That((again!.Kind, again.Message), Is.EqualTo((UserErrorKind.Conflict, $"borrower {aino} was already anonymised on 1.2.2026; nothing personal is left.")));
        Assert.That(Assert.ThrowsAsync<UserError>(() => privacy.EraseAsync("9999", "manager"))!.Kind, Is.EqualTo(UserErrorKind.NotFound));
        Assert.That(await CountAsync("SELECT count(*) FROM audit_log"), Is.EqualTo(audit));
        Assert.That(await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'borrower.erase' AND after_json LIKE '%erasure on request%'"), Is.EqualTo(1));
    }

    [Test]
    public async Task RetentionWorker_RunsDailyLogsWhatItDidAndKeepsGoingAfterAFailure()
    {
        var log = new ListLogger<RetentionWorker>();
        var broken = new PrivacyService(Database.Sqlite(Path.Combine(Scratch, "missing", "no.db")), clock);
        using (var job = new RetentionWorker(broken, clock, log))
        {
            await job.StartAsync(CancellationToken.None);
            await AdvanceUntilAsync(() => log.Count(LogLevel.Error) >= 2, TimeSpan.FromHours(6));
            await job.StopAsync(CancellationToken.None);
        }
        Assert.That(log.Lines, Is.All.StartWith("Error Retention run failed; trying again in 1.00:00:00"));

        var working = new ListLogger<RetentionWorker>();
        using (var job = new RetentionWorker(privacy, clock, working))
        {
            await job.StartAsync(CancellationToken.None);
            await AdvanceUntilAsync(() => working.Lines.Count >= 1, TimeSpan.FromSeconds(10));
            clock.Advance(RetentionWorker.Interval);
            await Task.Delay(200);
            await job.StopAsync(CancellationToken.None);
        }
        Assert.That(working.Lines, Is.EqualTo(new[] { "Information Retention: anonymised 1 borrowers past the retention period." }), "a run with nobody due says nothing");
    }

    [Test]
    public async Task RetentionWorker_StoppedBeforeTheFirstRun_DoesNothing()
    {
        var log = new ListLogger<RetentionWorker>();
        using (var job = new RetentionWorker(privacy, clock, log))
        {
            await job.StartAsync(CancellationToken.None);
            await job.StopAsync(CancellationToken.None);
        }
        clock.Advance(TimeSpan.FromDays(2));
        Assert.That(((await BorrowerAsync(aino)).AnonymisedAt, log.Lines.Count), Is.EqualTo(((DateTimeOffset?)null, 0)));
    }

    [Test]
    public async Task RetentionWorker_Started_FirstRunOnlyAMinuteLater()
    {
        using var job = new RetentionWorker(privacy, clock, new ListLogger<RetentionWorker>());
        await job.StartAsync(CancellationToken.None);
        await Task.Delay(300);
        Assert.That((await BorrowerAsync(aino)).AnonymisedAt, Is.Null, "starting the service must stay quick for the desk");
        await AdvanceUntilAsync(() => BorrowerAsync(aino).GetAwaiter().GetResult().AnonymisedAt is not null, RetentionWorker.FirstRunAfter);
        await job.StopAsync(CancellationToken.None);
    }

    [Test]
    public async Task EraseReadExport_UnknownOrRefused_NamesTheBorrowerField()
    {
        Assert.That(Assert.ThrowsAsync<UserError>(() => privacy.EraseAsync("999", "m"))!.Field, Is.EqualTo("borrower"));
        Assert.That(Assert.ThrowsAsync<UserError>(() => privacy.ReadAsync("999", "m"))!.Field, Is.EqualTo("borrower"));
        Assert.That(Assert.ThrowsAsync<UserError>(() => privacy.ExportAsync("999", "m"))!.Field, Is.EqualTo("borrower"));
        var open = Assert.ThrowsAsync<UserError>(() => privacy.EraseAsync(bertta.ToString(CultureInfo.InvariantCulture), "m"));
        Assert.That((open!.Kind, open.Field), Is.EqualTo((UserErrorKind.Conflict, "borrower")));
        await privacy.EraseAsync(aino.ToString(CultureInfo.InvariantCulture), "m");
        Assert.That(Assert.ThrowsAsync<UserError>(() => privacy.EraseAsync(aino.ToString(CultureInfo.InvariantCulture), "m"))!.Field, Is.EqualTo("borrower"));
    }

    [Test]
    public async Task DueColumns_Csv_HeaderAndOneRowPerBorrower()
    {
        using var csv = new StringWriter();
        await CsvOutput.WriteAsync(csv, ToAsync(await privacy.DueAsync()), PrivacyService.DueColumns);
        var lines = csv.ToString().TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("borrower,kind,loans,last loan closed,created,anonymised on"));
        Assert.That(lines[1], Does.StartWith($"{aino},client,1,"));
        Assert.That(lines, Has.Length.EqualTo(2));
    }

    private static async IAsyncEnumerable<T> ToAsync<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
            yield return item;
        await Task.CompletedTask;
    }

    [Test]
    public async Task ExportAsync_Pdf_EverySectionWithItsHeadingsAndLabels()
    {
        await new ReservationService(Db, clock).AddAsync(null, "tablet", aino.ToString(CultureInfo.InvariantCulture), "2026-03-01", "2026-03-02", "etätapaaminen", "t");
        var text = System.Text.RegularExpressions.Regex.Replace(
            Documents.PdfTools.PdfToText(await privacy.ExportAsync(aino.ToString(CultureInfo.InvariantCulture), "manager")), @"\s+", " ");
        Assert.Multiple(() =>
        {
            foreach (var expected in new[]
                     {
                         "Tiedot sinusta", $"Lainaaja {aino}",
                         $"Kaikki tiedot, jotka Sosiaali- ja työllisyyspalvelut säilyttää sinusta (lainaaja {aino}), koottu 1.2.2026 ",
                         "Henkilötunnustasi ei tallenneta koskaan.",
                         $"Lainaaja Tieto Arvo Numero {aino} Tyyppi asiakas", "Nimi Aino Äijälä Yhteystieto 040 111 2222",
                         "Asiakasnumero AS-1001", "Yksikkö ", "Kulkukortti ", "Kieli suomi", "Tarvitsee tulkin ei", "Huomiot soita aamulla", "Luotu ", "Muutettu ", "Anonymisoitu ",
                         "Laina LN-000001 Tieto Arvo Tyyppi asiakaslaina Tila palautettu Laite LL-000001 Lainattu ", "Palautuspäivä 1.2.2025", "Päättynyt ",
                         "Lisävarusteet ", "Puuttuu ", "Kunto lainattaessa", "Kunto palautettaessa hyvä", "Palveluohjaaja maija", "Suosittelija Sari Sosiaalityö", "Huomiot Aino kertoi muuttavansa",
                         "Varaukset", "Numero Laite Alkaen Asti Tarkoitus", "tabletti 1.3.2026 2.3.2026 etätapaaminen",
                         "Asiakirjat", "Asiakirja Laadittu Laina SHA-256", "lainasopimus, versio 1 (suomi)", "Jokaisen asiakirjan saa pyydettäessä kokonaan.",
                         "Tapahtumaloki", "Milloin Kuka Tapahtuma Tietue", "Laina palautettu LN-000001",
                     })
                Assert.That(text, Does.Contain(expected));
            Assert.That(text, Does.Match($@"Lainaaja {aino} \d+/\d+"), "every page names whose data it is");
            Assert.That(text, Does.Not.Contain("Information about you").And.Not.Contain("loan.return").And.Not.Contain("loan-agreement"), "in the borrower's language, not English");
            Assert.That(text, Does.Match(@"Laina palautettu LN-000001").And.Match(@"\d{1,2}\.\d{1,2}\.\d{4} \d{1,2}\.\d{2} UTC"), "a local time with its offset");
        });
    }

    [Test]
    public async Task ExportAsync_Pdf_CarriesEveryArticle15ItemWithBothRetentionPeriods()
    {
        await Settings.SetAsync(Db, "retention_months", "18", "admin");
        await Settings.SetAsync(Db, "agreement_retention_years", "5", "admin");
        await Settings.SetAsync(Db, "privacy_contact", "tietosuoja@kunta.fi", "admin");
        var text = System.Text.RegularExpressions.Regex.Replace(
            Documents.PdfTools.PdfToText(await privacy.ExportAsync(aino.ToString(CultureInfo.InvariantCulture), "manager")), @"\s+", " ");
        Assert.Multiple(() =>
        {
            foreach (var expected in new[]
                     {
                         "Miten tietojasi käsitellään", "Rekisterinpitäjä. Sosiaali- ja työllisyyspalvelut", "Tietosuojavastaava: tietosuoja@kunta.fi.",
                         "Käsittelyn tarkoitus ja peruste.", "6 artiklan 1 kohdan e alakohta", "Käsiteltävät tiedot.", "Mistä tiedot saadaan. Sinulta itseltäsi",
                         "Vastaanottajat.", "EU:n tai ETA:n ulkopuolelle", "poistetaan 18 kuukauden kuluttua", "erillään muista tiedoista 5 vuotta lainan päättymisen jälkeen",
                         "laki 728/2003", "Automaattiset päätökset.", "Oikeutesi.", "oikaisemista", "käsittelyn rajoittamista", "vastustaa käsittelyä",
                         "Oikeus valittaa.", "tietosuojavaltuutetulle",
                     })
                Assert.That(text, Does.Contain(expected));
        });
    }

    [Test]
    public async Task ExportAsync_ActionsByAccounts_NamesThePeopleNotTheAccountIds()
    {
        await new LaiteLaina.Users.UserService(Db, TimeProvider.System).AddAsync("sari", "Sari Salo", "manager", "salasana-123456", "t");
        await privacy.ReadAsync(aino.ToString(CultureInfo.InvariantCulture), "api:sari");
        await privacy.ReadAsync(aino.ToString(CultureInfo.InvariantCulture), "cli:root");
        await privacy.ReadAsync(aino.ToString(CultureInfo.InvariantCulture), "job:retention");
        var text = System.Text.RegularExpressions.Regex.Replace(
            Documents.PdfTools.PdfToText(await privacy.ExportAsync(aino.ToString(CultureInfo.InvariantCulture), "manager")), @"\s+", " ");
        Assert.That(text, Does.Contain("Sari Salo").And.Contain("Palvelun ylläpitäjä").And.Contain("Palvelu itse (automaattisesti)")
            .And.Not.Contain("api:sari").And.Not.Contain("cli:root").And.Not.Contain("job:retention"));
    }

    [Test]
    public async Task ExportAsync_SwedishSpeakingBorrower_InSwedishWhoeverAsks()
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE borrowers SET preferred_language = 'sv' WHERE id = @aino", new { aino }, tx));
        var text = System.Text.RegularExpressions.Regex.Replace(
            Documents.PdfTools.PdfToText(await privacy.ExportAsync(aino.ToString(CultureInfo.InvariantCulture), "manager")), @"\s+", " ");
        Assert.That(text, Does.Contain("Uppgifter om dig").And.Contain($"Allt som Sosiaali- ja työllisyyspalvelut sparar om dig (låntagare {aino})"));
        Assert.That(text, Does.Contain("Händelselogg").And.Contain("Lån återlämnat LN-000001").And.Not.Contain("Tiedot sinusta"));
        Assert.That(text, Does.Contain("Hur dina uppgifter behandlas").And.Contain("Personuppgiftsansvarig.").And.Contain("dataombudsmannen")
            .And.Contain("lag 728/2003").And.Contain("låneavtal, version 1 (finska)"));
    }

    [Test]
    public async Task ExportAsync_NoOrganisationNameSet_SentenceStillReads()
    {
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("DELETE FROM settings WHERE name = 'organisation_name'", transaction: tx));
        var text = System.Text.RegularExpressions.Regex.Replace(
            Documents.PdfTools.PdfToText(await privacy.ExportAsync(aino.ToString(CultureInfo.InvariantCulture), "manager")), @"\s+", " ");
        Assert.That(text, Does.Contain($"Kaikki sinusta säilytetyt tiedot (lainaaja {aino})"));
    }
    /// <summary>Moves the fake clock in steps until <paramref name="done"/>, giving the job real time to react to each step.</summary>
    private async Task AdvanceUntilAsync(Func<bool> done, TimeSpan step)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!done() && DateTime.UtcNow < until)
        {
            clock.Advance(step);
            await Task.Delay(50);
        }
        Assert.That(done(), Is.True, "the job did not get there within 10 s");
    }
}

/// <summary>Keeps what a component logs, as "Level message", for tests that check what an operator would read.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<string> lines = [];
    private readonly List<string> exceptions = [];

    /// <summary>Each logged line, then the exceptions logged with them: what a failing test's message shows.</summary>
    public IEnumerable<string> Everything
    {
        get
        {
            lock (lines)
                return [.. lines, .. exceptions];
        }
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
                return [.. lines];
        }
    }

    public int Count(LogLevel level) => Lines.Count(l => l.StartsWith(level + " ", StringComparison.Ordinal));

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (lines)
        {
            lines.Add($"{logLevel} {formatter(state, exception)}");
            if (exception is not null)
                exceptions.Add(exception.ToString());
        }
    }
}
