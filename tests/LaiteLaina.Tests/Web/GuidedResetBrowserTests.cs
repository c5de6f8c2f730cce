using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>The guided factory reset's steps on the provisioning board at a phone's width (#18 point 1): readable
/// without sideways scrolling, axe-clean, in Finnish.</summary>
public sealed class GuidedResetBrowserTests(Engine engine) : BrowserTest(engine)
{
    // The job belongs to no tablet: no runner of this host may pick it up.
    protected override string[] HostArgs => ["--Provisioning:Enabled=false"];

    [Test]
    public async Task Board_GuidedResetAtPhoneWidth_StepsShownNoSidewaysScrollNoAxeViolation()
    {
        var job = await Db.WriteAsync((c, tx) => JobStore.CreateAsync(c, tx, "192.168.1.40:5555", null, null, "donated-handover", JobState.Running, "station-2/4242/guided", "test"));
        await JobStore.UpdateStepAsync(Db, job.Id, JobStore.StepNames.ToList().IndexOf("wait"), StepState.Running, 20, Msg.ProvisioningSayWaitingRestart, null, starting: true);
        await JobStore.SetFieldsAsync(Db, job.Id, null, null, null, null, """{"manufacturer":"samsung","model":"SM-X210"}""");
        await AddUserAsync("ville", "Ville Virta", "volunteer");
        var phone = await SignInAsync("ville", Phone, bypassCsp: true);

        await phone.GotoAsync("/provisioning");
        await phone.Locator("#guide-" + job.Id + " summary").First.ClickAsync();
        var widths = await phone.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var violations = await PageSweepTests.AxeAsync(phone);
        await ScreenshotAsync(phone, "provisioning-guided-reset-fi-390");

        await Assertions.Expect(phone.Locator($"#guide-{job.Id} .guide-steps li")).ToHaveCountAsync(6);
        await Assertions.Expect(phone.Locator($"#guide-{job.Id} .guide-waiting")).ToContainTextAsync("Odotetaan, että tabletti palaa nollauksen jälkeen.");
        Assert.That(widths[0], Is.LessThanOrEqualTo(widths[1]), await PageSweepTests.WidestAsync(phone));
        Assert.That(violations, Is.Empty);
    }
}
