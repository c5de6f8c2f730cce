using LaiteLaina.Hosting;
using LaiteLaina.Tests.Loans;
using LaiteLaina.Tests.Web;
using LaiteLaina.Users;
using Microsoft.Extensions.Configuration;

namespace LaiteLaina.Tests.Users;

/// <summary>A user's work e-mail set in the browser, on their own account page and by an administrator on the users
/// page: checked, kept in lower case, audited, cleared when empty; and the counsellor's morning list then goes there.</summary>
public sealed class UserEmailWebTests(Engine engine) : ApiTest(engine)
{
    private Task<string?> EmailAsync(string name) =>
        Db.ReadAsync(c => c.ExecuteScalarAsync<string?>("SELECT email FROM users WHERE name = @name", new { name }));

    private Task<List<string>> AuditedAsync(string name) =>
        Db.ReadAsync(async c => (await c.QueryAsync<string>(
            "SELECT after_json FROM audit_log WHERE action = 'user.contact' AND record_type = 'user' AND record_key = @name ORDER BY id", new { name })).AsList());

    [Test]
    public async Task AccountPage_EmailTypedInMixedCaseThenEmptied_StoredLowerCaseTrimmedAuditedThenCleared()
    {
        var sari = await SignedInSessionAsync("sari", "Sari Salo", "counsellor");
        var page = await sari.GetAsync("/account");
        Assert.That(WebUtility.HtmlDecode(page.Html), Does.Contain("<label for=\"email\">Työsähköposti</label>"));

        var saved = await sari.PostAsync("/account", "/account?handler=Email", ("Email", "  Sari.Salo@Kunta.Example.FI "));
        Assert.That(saved.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(saved.Text, Does.Contain("Sähköpostiosoitteesi on tallennettu."));
        Assert.That(saved.Html, Does.Match("id=\"email\"[^>]*value=\"sari.salo@kunta.example.fi\""), "the page shows what was stored");
        Assert.That(await EmailAsync("sari"), Is.EqualTo("sari.salo@kunta.example.fi"));

        var cleared = await sari.PostAsync("/account", "/account?handler=Email", ("Email", "   "));
        Assert.That(cleared.Text, Does.Contain("Sähköpostiosoitteesi on poistettu."));
        Assert.That(await EmailAsync("sari"), Is.Null);
        var audited = await AuditedAsync("sari");
        Assert.That(audited, Has.Count.EqualTo(2));
        Assert.That(audited[0], Does.Contain("sari.salo@kunta.example.fi"));
        Assert.That(audited[1], Does.Not.Contain("sari.salo@"));
    }

    [Test]
    public async Task AccountPage_NotAnAddressInSwedish_OneMessageNamingFieldAndValueNothingChanged()
    {
        var karin = await SignedInSessionAsync("karin", "Karin Berg", "counsellor", language: "sv");
        await karin.PostAsync("/account", "/account?handler=Email", ("Email", "karin.berg@kunta.example.fi"));

        var refused = await karin.PostAsync("/account", "/account?handler=Email", ("Email", "karin at kunta"));
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = System.Text.RegularExpressions.Regex.Match(refused.Html, "<p class=\"problem\" role=\"alert\" id=\"problem\">([^<]*)</p>");
        Assert.That(problem.Success, Is.True, refused.Text);
        Assert.That(WebUtility.HtmlDecode(problem.Groups[1].Value), Does.Contain("e-postadress").And.Contain("karin at kunta").And.Contain("namn@exempel.fi"));
        Assert.That(refused.Html, Does.Match("id=\"email\"[^>]*value=\"karin at kunta\"").And.Match("id=\"email\"[^>]*aria-invalid=\"true\""), "what was typed stays, marked");
        Assert.That(refused.Html, Does.Not.Contain("Exception").And.Not.Contain("   at "));
        Assert.That(await EmailAsync("karin"), Is.EqualTo("karin.berg@kunta.example.fi"), "a refused save changes nothing");
        Assert.That(await AuditedAsync("karin"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task AdminUsers_EmailOfAnotherUser_SavedLowerCaseAndARefusalMarksOnlyThatRow()
    {
        var aino = await SignedInSessionAsync("aino", "Aino Admin", "admin");
        await AddUserAsync("pekka", "Pekka Perhetyö", "counsellor");
        await AddUserAsync("ville", "Ville Vapaa", "volunteer");

        var saved = await aino.PostAsync("/admin/users", "/admin/users?handler=Email", ("name", "pekka"), ("email", "Pekka.Perhetyo@Kunta.Example.fi"));
        Assert.That(saved.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(saved.Text, Does.Contain("Käyttäjän Pekka Perhetyö (pekka) sähköpostiosoite: pekka.perhetyo@kunta.example.fi"));
        Assert.That(await EmailAsync("pekka"), Is.EqualTo("pekka.perhetyo@kunta.example.fi"));
        Assert.That(await AuditedAsync("pekka"), Has.Count.EqualTo(1));
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<string>(
            "SELECT actor FROM audit_log WHERE action = 'user.contact' AND record_key = 'pekka'")), Is.EqualTo("web:aino"));

        var refused = await aino.PostAsync("/admin/users", "/admin/users?handler=Email", ("name", "pekka"), ("email", "pekka@"));
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(refused.Text, Does.Contain("sähköpostiosoite").And.Contain("pekka@").And.Contain("nimi@esimerkki.fi"));
        var row = System.Text.RegularExpressions.Regex.Match(refused.Html, "<tr data-user=\"pekka\">.*?</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.That(row, Does.Contain("value=\"pekka@\"").And.Contain("aria-invalid=\"true\""));
        var other = System.Text.RegularExpressions.Regex.Match(refused.Html, "<tr data-user=\"ville\">.*?</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.That(other, Does.Not.Contain("aria-invalid"));
        Assert.That(await EmailAsync("pekka"), Is.EqualTo("pekka.perhetyo@kunta.example.fi"));

        await aino.PostAsync("/admin/users", "/admin/users?handler=Email", ("name", "pekka"), ("email", ""));
        Assert.That(await EmailAsync("pekka"), Is.Null, "empty clears it");
    }

    [Test]
    public async Task AdminUsers_AsCounsellor_CannotSetAnotherUsersEmail()
    {
        await AddUserAsync("pekka", "Pekka Perhetyö", "counsellor");
        var sari = await SignedInSessionAsync("sari", "Sari Salo", "counsellor");
        var refused = await sari.PostAsync("/account", "/admin/users?handler=Email", ("name", "pekka"), ("email", "sari@kunta.example.fi"));
        Assert.That(refused.Location, Does.Contain("/denied"));
        Assert.That(await EmailAsync("pekka"), Is.Null);
    }

    [Test]
    public async Task AccountPage_EmailSet_TheCounsellorsMorningListOfOverdueLoansGoesThere()
    {
        var sari = await SignedInSessionAsync("sari", "Sari Salo", "counsellor");
        await sari.PostAsync("/account", "/account?handler=Email", ("Email", "Sari.Salo@Kunta.Example.fi"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero));
        clock.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki"));
        var client = await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = "Elsa Lindqvist", ClientReference = "ASK-1", Language = "sv" }, "t");
        var device = await new InventoryService(Db).AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A9", SerialNumber = "R9ZW50001" }, "t");
        await new InventoryService(Db).ReadyAsync(device.Tag, "t");
        var loan = (await Service<LoanService>(clock).CheckOutAsync(new CheckOutRequest
        {
            Tag = device.Tag, Borrower = client.Id.ToString(CultureInfo.InvariantCulture), Kind = "client", Due = "2026-12-07",
            Counsellor = "Sari Salo", RecommendingWorker = "Sari Salo",
        }, "sari")).Loan;
        clock.Advance(TimeSpan.FromDays(2));

        using var smtp = await SmtpSink.StartAsync(Path.Combine(Scratch, "mail"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture), ["Smtp:Security"] = "none",
            ["Smtp:From"] = "LaiteLaina <laitelaina@kunta.example.fi>",
        }).Build();
        await new ReminderService(Db, new Mailer(configuration), configuration, clock, NullLogger<ReminderService>.Instance).RunAsync();

        var list = smtp.Messages().Single();
        Assert.That(list.To.Mailboxes.Single().Address, Is.EqualTo("sari.salo@kunta.example.fi"));
        Assert.That(list.TextBody, Does.Contain(loan.Reference));
    }
}
