using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>The provisioning board as its reader sees it, over HTTP.</summary>
public sealed class ProvisioningBoardTests(Engine engine) : ApiTest(engine)
{

    [TestCase("fi", "peruttu")]
    [TestCase("sv", "avbrutet av användaren")]
    public async Task Board_CancelledJob_StateReadOnce(string language, string state)
    {
        var users = TestUsers();
        await users.AddAsync("ville", "Ville Vapaaehtoinen", "volunteer", Password, "test");
        await users.SetLanguageAsync("ville", language, "test");
        var job = await ProvisioningActions.StartAsync(Db, "192.0.2.10:5555", null, null, "test");
        await JobStore.CancelAsync(Db, job.Id, "test");
        var web = NewSession();
        await web.SignInAsync("ville", Password);

        var board = await web.GetAsync("/provisioning");

        var cell = Regex.Match(board.Html, $"<tr id=\"job-{job.Id}\"[\\s\\S]*?<strong class=\"job-state\">[\\s\\S]*?</td>").Value;
        var text = System.Net.WebUtility.HtmlDecode(Regex.Replace(cell[cell.IndexOf("<strong", StringComparison.Ordinal)..], "<[^>]+>", " "));
        Assert.That(Regex.Replace(text, @"\s+", " ").Trim(), Is.EqualTo(state), "the state is said once, not 'peruttu peruttu'");
    }

    [TestCase("fi", "Varoitus:", "Tabletin tietoturvapäivitystaso on 5.6.2021")]
    [TestCase("sv", "Varning:", "Surfplattans säkerhetsuppdateringsnivå är 5.6.2021")]
    public async Task Board_JobWithPatchWarning_ShowsTheWarningInTheReadersLanguage(string language, string label, string warning)
    {
        var users = TestUsers();
        await users.AddAsync("ville", "Ville Vapaaehtoinen", "volunteer", Password, "test");
        await users.SetLanguageAsync("ville", language, "test");
        var job = await ProvisioningActions.StartAsync(Db, "192.0.2.10:5555", null, null, "test");
        // What precheck.sh prints for a tablet past its last security update, as the job runner keeps it.
        await JobStore.SetWarningAsync(Db, job.Id, ScriptTexts.Of(
            "The tablet's security patch level is 2021-06-05, 66 months old (the limit is 12). It gets no security updates: lend it only if the office accepts that, or retire it."));
        var web = NewSession();
        await web.SignInAsync("ville", Password);

        var board = await web.GetAsync("/provisioning");

        Assert.That(board.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(board.Text, Does.Contain(label).And.Contain(warning).And.Contain("66"));
        Assert.That(board.Text, Does.Not.Contain("security patch"), "no English to a Finnish or Swedish reader");
    }
}
