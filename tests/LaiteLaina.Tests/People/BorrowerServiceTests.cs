namespace LaiteLaina.Tests.People;

/// <summary>Changing a borrower's details, and finding the same name before a second person is added (#16).</summary>
public sealed class BorrowerServiceTests(Engine engine) : DatabaseTest(engine)
{
    private BorrowerService borrowers = null!;

    [SetUp]
    public void Create() => borrowers = new BorrowerService(Db);

    [Test]
    public async Task UpdateAsync_ContactLanguageAndInterpreter_ChangedAndTheAuditNamesFieldsNotValues()
    {
        var b = await borrowers.AddAsync(new BorrowerInput { Name = "Aino Äijälä", Contact = "040 123 4567" }, "t");
        await borrowers.UpdateAsync(b.Id.ToString(CultureInfo.InvariantCulture),
            new BorrowerInput { Name = "Aino Äijälä", Contact = "050 999 8888", ClientReference = "ASK-1", Language = "fi-selko", InterpreterNeeded = true }, "t");
        var after = await borrowers.GetAsync(b.Id.ToString(CultureInfo.InvariantCulture));
        Assert.That((after.Contact, after.ClientReference, after.PreferredLanguage, after.InterpreterNeeded, after.Kind),
            Is.EqualTo(("050 999 8888", "ASK-1", "fi-selko", true, BorrowerKind.Client)));
        var audit = await Db.ReadAsync(c => c.QuerySingleAsync<string>("SELECT after_json FROM audit_log WHERE action = 'borrower.edit'"));
        Assert.That(audit, Does.Contain("contact").And.Contain("clientReference").And.Not.Contain("050 999").And.Not.Contain("ASK-1"));
    }

    [Test]
    public async Task UpdateAsync_IdentityCodeInTheContact_RefusedNothingChanged()
    {
        var b = await borrowers.AddAsync(new BorrowerInput { Name = "Aino Äijälä", Contact = "040 123 4567" }, "t");
        var e = Assert.ThrowsAsync<UserError>(() => borrowers.UpdateAsync(b.Id.ToString(CultureInfo.InvariantCulture),
            new BorrowerInput { Name = "Aino Äijälä", Contact = "131052-308T" }, "t"));
        Assert.That(e!.Field, Is.EqualTo("contact"));
        Assert.That((await borrowers.GetAsync(b.Id.ToString(CultureInfo.InvariantCulture))).Contact, Is.EqualTo("040 123 4567"));
    }

    [Test]
    public async Task SameNameAsync_OtherCaseAndSpaces_FoundButNotALongerName()
    {
        await borrowers.AddAsync(new BorrowerInput { Name = "Aino Äijälä" }, "t");
        await borrowers.AddAsync(new BorrowerInput { Name = "Aino Äijälä-Koski" }, "t");
        var same = await borrowers.SameNameAsync("  aino äijälä ");
        Assert.That(same.Select(b => b.Name), Is.EqualTo(new[] { "Aino Äijälä" }));
    }

    [Test]
    public async Task ListOf_PartOfTheContact_Found()
    {
        await borrowers.AddAsync(new BorrowerInput { Name = "Aino Äijälä", Contact = "aino@example.fi" }, "t");
        var found = await borrowers.ListOf("example.fi").AllAsync();
        Assert.That(found.Select(b => b.Name), Is.EqualTo(new[] { "Aino Äijälä" }));
    }
}
