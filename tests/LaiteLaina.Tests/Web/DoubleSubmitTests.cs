using System.Text.RegularExpressions;
using LaiteLaina.Users;
using LaiteLaina.Web;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// Every form that posts carries a one-time key, and the same form sent twice (a double click, the back button and
/// "send again") does its work once: the second answer shows what the first one did.
/// </summary>
public sealed partial class DoubleSubmitTests(Engine engine) : ApiTest(engine)
{
    private WebSession web = null!;
    private string tag = "";

    [SetUp]
    public async Task SeedAsync()
    {
        var users = TestUsers();
        await users.AddAsync("sari", "Sari Salo", "counsellor", Password, "test");
        await users.AddAsync("aino", "Aino Admin", "admin", Password, "test");
        var inventory = new InventoryService(Db);
        tag = (await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung" }, "test")).Tag;
        await inventory.ReadyAsync(tag, "test");
        web = NewSession();
    }

    /// <summary>Posts the form of <paramref name="page"/> twice with the key it was given; returns both answers.</summary>
    private async Task<(PageResult First, PageResult Second)> PostTwiceAsync(string page, bool together, params (string, string)[] fields)
    {
        var html = (await web.GetAsync(page)).Html;
        (string, string)[] all = [.. fields, (DoubleSubmit.Field, WebSession.Hidden(html, DoubleSubmit.Field))];
        if (together)
        {
            var both = await Task.WhenAll(web.PostWithTokenAsync(page, WebSession.Token(html), all), web.PostWithTokenAsync(page, WebSession.Token(html), all));
            return (both[0], both[1]);
        }
        var first = await web.PostWithTokenAsync(page, WebSession.Token(html), all);
        return (first, await web.PostWithTokenAsync(page, WebSession.Token(html), all));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task BorrowerForm_PostedTwice_OneBorrower(bool together)
    {
        await web.SignInAsync("sari", Password);
        var (first, second) = await PostTwiceAsync("/borrowers", together, ("name", "Aino Äijälä"), ("kind", "client"), ("language", "fi"));
        Assert.That(first.Status, Is.EqualTo(HttpStatusCode.Redirect), first.Text);
        Assert.That(second.Location, Does.StartWith(first.Location!.Split('?')[0]), "the second post shows what the first one made");
        Assert.That((await new BorrowerService(Db).ListAsync("Aino")).Count, Is.EqualTo(1));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task DonorForm_PostedTwice_OneDonor(bool together)
    {
        await web.SignInAsync("aino", Password);
        var (first, second) = await PostTwiceAsync("/donors", together, ("name", "Firma Oy"), ("kind", "company"));
        Assert.That((first.Status, second.Status), Is.EqualTo((HttpStatusCode.Redirect, HttpStatusCode.Redirect)), first.Text + second.Text);
        Assert.That((await new DonorService(Db).ListAsync()).Count(d => d.Name == "Firma Oy"), Is.EqualTo(1));
    }

    [Test]
    public async Task SiteForm_PostedAgainAfterItsListWasShown_ListSaysAgainWhatWasDone()
    {
        await web.SignInAsync("aino", Password);
        var html = (await web.GetAsync("/admin/sites")).Html;
        (string, string)[] fields = [("code", "HKI-1"), ("name", "Helsinki 1"), ("address", ""), (DoubleSubmit.Field, WebSession.Hidden(html, DoubleSubmit.Field))];
        var first = await web.PostWithTokenAsync("/admin/sites?handler=Site", WebSession.Token(html), fields);
        var shown = await web.GetAsync(first.Location!);
        // The same form again (a double click whose first answer the browser dropped): the first one's list was shown
        // and its message used up, so the repeat must carry the message itself.
        var second = await web.PostWithTokenAsync("/admin/sites?handler=Site", WebSession.Token(html), fields);
        var again = await web.GetAsync(second.Location!);

        Assert.That((first.Status, second.Status), Is.EqualTo((HttpStatusCode.Redirect, HttpStatusCode.Redirect)));
        Assert.That(new[] { shown.Text, again.Text }, Has.All.Contain("HKI-1 (Helsinki 1)"));
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM sites WHERE code = 'HKI-1'")), Is.EqualTo(1));
    }

    [Test]
    public async Task DeviceForm_PostedTwiceAtOnce_OneDevice()
    {
        await web.SignInAsync("aino", Password);
        var (first, second) = await PostTwiceAsync("/devices/new", together: true, ("Input.Kind", "laptop"), ("Input.Make", "Lenovo"));
        Assert.That(second.Location?.Split('?')[0], Is.EqualTo(first.Location?.Split('?')[0]).And.StartWith("/devices/LL-"));
        Assert.That((await new InventoryService(Db).ListAsync(new DeviceFilter { Kind = "laptop" })).Items.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task BorrowerForm_FirstPostRefused_SameKeyCanBeSentAgainCorrected()
    {
        await web.SignInAsync("sari", Password);
        var html = (await web.GetAsync("/borrowers")).Html;
        var key = (DoubleSubmit.Field, WebSession.Hidden(html, DoubleSubmit.Field));
        var refused = await web.PostWithTokenAsync("/borrowers", WebSession.Token(html), ("name", ""), ("kind", "client"), key);
        var corrected = await web.PostWithTokenAsync("/borrowers", WebSession.Token(html), ("name", "Åsa Öhman"), ("kind", "client"), key);
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(corrected.Status, Is.EqualTo(HttpStatusCode.Redirect), corrected.Text);
        Assert.That((await new BorrowerService(Db).ListAsync("Åsa")).Count, Is.EqualTo(1));
    }

    [Test]
    public async Task EveryPage_EveryFormThatPosts_CarriesAKey()
    {
        var pages = new[]
        {
            "/", "/devices", $"/devices/{tag}", "/devices/new", "/donors", "/points", "/admin/sites", "/admin/users", "/admin/settings", "/account",
            "/borrowers", "/loans", $"/loans/new?tag={tag}", "/reservations", "/labels", "/provisioning", "/stocktakes",
            "/audit", "/audit/returns", "/privacy", "/reports", "/dashboard",
        };
        var forms = 0;
        foreach (var role in new[] { "aino", "sari" })
        {
            var session = NewSession();
            await session.SignInAsync(role, Password);
            foreach (var page in pages)
            {
                var html = (await session.GetAsync(page)).Html;
                foreach (Match form in PostForm().Matches(html))
                {
                    forms++;
                    Assert.That(form.Value, Does.Contain($"name=\"{DoubleSubmit.Field}\""), $"{page}: {form.Value[..Math.Min(200, form.Value.Length)]}");
                }
            }
        }
        Assert.That(forms, Is.GreaterThan(15), "the walk found the forms it is about");
    }

    [GeneratedRegex("""<form[^>]*method="post"[^>]*>.*?</form>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex PostForm();
}
