using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>The forms take accessories one a line and the return form marks each item given (#17 finding 2): a Finnish
/// decimal comma never parts an item.</summary>
public sealed class AccessoryFormsTests(Engine engine) : ApiTest(engine)
{
    private const string Charger = "USB-C-laturi 25 W ja 1,5 m kaapeli";
    private WebSession web = null!;
    private string tag = "";

    [SetUp]
    public async Task SeedAsync()
    {
        var inventory = new InventoryService(Db);
        tag = (await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Tab A9", Accessories = $"{Charger}\nsuojakotelo" }, "test")).Tag;
        await inventory.ReadyAsync(tag, "test");
        web = await SignedInSessionAsync("sari", "Sari Salo", "counsellor");
    }

    private async Task<Loan> CheckOutAsync(string accessories)
    {
        var form = $"/loans/new?tag={tag}";
        var posted = await web.PostAsync(form, form, ("tag", tag), ("borrower", "new"), ("newName", "Aino Äijälä"), ("kind", "client"),
            ("recommendedBy", "Maija"), ("due", "1.1.2099"), ("accessories", accessories));
        Assert.That(posted.Location, Does.StartWith("/loans/LN-"), posted.Text);
        return await Service<LoanService>().GetAsync(tag);
    }

    [Test]
    public async Task CheckOutForm_DeviceDefaults_OfferedOneALineAndKeptAsItems()
    {
        var page = await web.GetAsync($"/loans/new?tag={tag}");
        Assert.That(WebUtility.HtmlDecode(page.Html), Does.Match($"<textarea id=\"accessories\"[^>]*>{Regex.Escape(Charger)}\nsuojakotelo</textarea>"));

        var loan = await CheckOutAsync($"{Charger}\r\nsuojakotelo\r\n\r\n");

        Assert.That(loan.Accessories, Is.EqualTo(new[] { Charger, "suojakotelo" }));
    }

    [Test]
    public async Task ReturnForm_DecimalCommaItemMarkedMissing_OneGroupPerItemAndLoanSaysMissing()
    {
        var loan = await CheckOutAsync($"{Charger}\nsuojakotelo");
        var url = $"/loans/{loan.Reference}/return";

        var form = await web.GetAsync(url);
        Assert.That(Regex.Matches(form.Html, "<legend>([^<]*)</legend>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Skip(1),
            Is.EqualTo(new[] { Charger, "suojakotelo" }), "one group an item given, under the list's own legend");
        Assert.That(Regex.Matches(form.Html, "name=\"items\\[0\\]\" value=\"(\\w+)\"").Select(m => m.Groups[1].Value),
            Is.EqualTo(new[] { "returned", "missing", "damaged" }));

        var posted = await web.PostAsync(url, url, ("condition", "good"), ("items[0]", "missing"), ("items[1]", "damaged"), ("notes", ""));

        Assert.That(posted.Location, Does.StartWith($"/loans/{loan.Reference}/return?returned=true"), posted.Text);
        var returned = await Service<LoanService>().GetAsync(loan.Reference);
        Assert.That((returned.Missing, returned.DamagedAccessories), Is.EqualTo((new[] { Charger }, new[] { "suojakotelo" })));
        var page = await web.GetAsync($"/loans/{loan.Reference}");
        Assert.That(page.Html, Does.Match($"id=\"missing\">\\s*<li>{Regex.Escape(Charger)}</li>\\s*</ul>"));
    }

    [Test]
    public async Task LoansCsv_DecimalCommaItem_OneQuotedCellALinePerItemNeverJoinedWithComma()
    {
        await CheckOutAsync($"{Charger}\nsuojakotelo");

        var csv = await Http.GetStringAsync("/api/loans?state=all&format=csv");

        Assert.That(csv, Does.Contain($"\"{Charger}\nsuojakotelo\"").And.Not.Contain($"{Charger}, suojakotelo"), csv);
    }

    [Test]
    public async Task DeviceEditForm_AccessoriesOneALine_StoredAsItemsNeverSplitAtComma()
    {
        var url = $"/devices/{tag}";
        var posted = await web.PostAsync(url, $"{url}?handler=Edit", ("Edit.Kind", "tablet"), ("Edit.Make", "Samsung"), ("Edit.Model", "Tab A9"),
            ("Edit.Condition", "good"), ("Edit.Accessories", "laturi, 2 m\r\nkotelo"));

        Assert.That(posted.Status, Is.EqualTo(HttpStatusCode.OK), posted.Text);
        Assert.That(AccessoryList.Split((await new InventoryService(Db).GetAsync(tag)).Accessories), Is.EqualTo(new[] { "laturi, 2 m", "kotelo" }));
    }
}
