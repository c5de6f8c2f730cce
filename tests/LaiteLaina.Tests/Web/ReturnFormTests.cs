using System.Text.RegularExpressions;
using LaiteLaina.Users;
using LaiteLaina.Web;

namespace LaiteLaina.Tests.Web;

/// <summary>The return form's "returned damaged" box and its short description, posted as a counsellor's browser does.</summary>
public sealed partial class ReturnFormTests(Engine engine) : ApiTest(engine)
{
    private WebSession web = null!;
    private string reference = "";

    [SetUp]
    public async Task LendAsync()
    {
        var inventory = new InventoryService(Db);
        var tag = (await inventory.ReadyAsync((await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung" }, "test")).Tag, "test")).Tag;
        var staff = (await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = "Pekka Perhetyö", Kind = "staff" }, "test")).Id.ToString(CultureInfo.InvariantCulture);
        var loans = new LoanService(Db, new LoanDocuments(new DocumentRenderer(new DocumentTemplates(Scratch)), Db));
        reference = (await loans.CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = staff, Kind = "staff", Due = DateOnly.FromDateTime(DateTime.Today.AddDays(7)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, "test")).Loan.Reference;
        web = await SignedInSessionAsync("sari", "Sari Salo", "counsellor", "fi");
    }

    private async Task<PageResult> ReturnAsync(params (string, string)[] fields)
    {
        var page = $"/loans/{reference}/return";
        var html = (await web.GetAsync(page)).Html;
        return await web.PostWithTokenAsync(page, WebSession.Token(html), [.. fields, (DoubleSubmit.Field, WebSession.Hidden(html, DoubleSubmit.Field))]);
    }

    [Test]
    public async Task ReturnForm_DamagedTicked_LoanMarkedWithItsDescription()
    {
        var answer = await ReturnAsync(("condition", "good"), ("damaged", "true"), ("damageNotes", "kulma lohjennut"));

        var loan = await new LoanService(Db, new LoanDocuments(new DocumentRenderer(new DocumentTemplates(Scratch)), Db)).GetAsync(reference);
        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.Redirect), answer.Text);
        Assert.That((loan.State, loan.Damaged, loan.DamageNotes), Is.EqualTo((LoanState.Returned, true, "kulma lohjennut")));
    }

    [Test]
    public async Task ReturnForm_IdentityCodeInTheDescription_FieldMarkedTypedTextKeptNothingChanged()
    {
        var answer = await ReturnAsync(("condition", "good"), ("damaged", "true"), ("damageNotes", "131052-308T pudotti"));

        var loan = await new LoanService(Db, new LoanDocuments(new DocumentRenderer(new DocumentTemplates(Scratch)), Db)).GetAsync(reference);
        var field = DamageField().Match(answer.Html).Value;
        Assert.Multiple(() =>
        {
            Assert.That(field, Does.Contain("aria-invalid=\"true\"").And.Contain("value=\"131052-308T pudotti\""), answer.Html);
            Assert.That(Regex.IsMatch(answer.Html, "<input[^>]*id=\"damaged\"[^>]*checked"), Is.True, "the box stays ticked");
            Assert.That(answer.Html, Does.Contain("id=\"damage-notes-problem\""));
            Assert.That(loan.State, Is.EqualTo(LoanState.Open));
        });
    }

    [Test]
    public async Task ReturnForm_DescriptionOf250Characters_RefusedOnItsFieldNotCutByTheBrowser()
    {
        var form = await web.GetAsync($"/loans/{reference}/return");
        Assert.That(DamageField().Match(form.Html).Value, Does.Not.Contain("maxlength"),
            "a browser's maxlength cut a longer description at 200 characters without a word");
        var typed = string.Concat(Enumerable.Repeat("näyttö naarmuuntunut ", 12)).Trim();

        var answer = await ReturnAsync(("condition", "good"), ("damaged", "true"), ("damageNotes", typed));

        var loan = await new LoanService(Db, new LoanDocuments(new DocumentRenderer(new DocumentTemplates(Scratch)), Db)).GetAsync(reference);
        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(answer.Text, Does.Contain($"on {typed.Length} merkkiä pitkä, mutta enintään 200 merkkiä sallitaan"));
        Assert.That(answer.Html, Does.Contain("id=\"damage-notes-problem\""));
        Assert.That(loan.State, Is.EqualTo(LoanState.Open));
    }

    [GeneratedRegex("<input[^>]*id=\"damage-notes\"[^>]*>")]
    private static partial Regex DamageField();
}
