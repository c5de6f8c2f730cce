using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>The provisioning board during a guided factory reset (#18 point 1) over HTTP: while the job waits for the
/// person, the steps for the tablet's make are shown in the reader's language, and the board says plainly that it waits
/// for the tablet to come back.</summary>
public sealed class GuidedResetBoardTests(Engine engine) : ApiTest(engine)
{

    // The jobs here belong to no tablet: no runner of this host may pick them up.
    protected override string[] HostArgs => ["--Provisioning:Enabled=false"];

    /// <summary>A job of another station (its runner is alive elsewhere) at <paramref name="step"/>, on a tablet that identify
    /// saw as made by <paramref name="manufacturer"/>.</summary>
    private async Task<long> JobAtAsync(string profile, string step, string manufacturer)
    {
        var job = await Db.WriteAsync((c, tx) => JobStore.CreateAsync(c, tx, "192.168.1.40:5555", null, null, profile, JobState.Running, "station-2/4242/guided", "test"));
        await JobStore.UpdateStepAsync(Db, job.Id, JobStore.StepNames.ToList().IndexOf(step), StepState.Running, 20, Msg.ProvisioningSayWaitingRestart, null, starting: true);
        await JobStore.SetFieldsAsync(Db, job.Id, null, null, null, null, $$"""{"manufacturer":"{{manufacturer}}","model":"any"}""");
        return job.Id;
    }

    private Task<WebSession> SignedInAsync(string language) => SignedInSessionAsync("ville", "Ville Virta", "volunteer", language);

    private async Task<PageResult> BoardAsync(string language)
    {
        using var web = await SignedInAsync(language);
        return await web.GetAsync("/provisioning");
    }

    [TestCase("fi", "samsung", "Tehdasasetusten palautus käsin: Samsung Galaxy Tab", "Paina äänenvoimakkuuden vähennysnäppäintä, kunnes \"Wipe data/factory reset\"",
        "Asetukset > Yleinen hallinta > Palauta", "Odotetaan, että tabletti palaa nollauksen jälkeen.")]
    [TestCase("sv", "LENOVO", "Återställning till fabriksinställningar för hand: Lenovo Tab", "Håll strömknappen nedtryckt och tryck en gång på volym upp",
        "Lenovos logotyp", "Väntar på att plattan kommer tillbaka efter återställningen.")]
    public async Task Board_GuidedResetWaitingForTheTablet_ModelsStepsInTheReadersLanguage(string language, string manufacturer, string title, string recoveryStep,
        string ownStep, string waiting)
    {
        var id = await JobAtAsync("donated-handover", "wait", manufacturer);

        var board = await BoardAsync(language);

        Assert.That(board.Html, Does.Contain($"id=\"guide-{id}\""));
        Assert.That(board.Text, Does.Contain(title).And.Contain(recoveryStep).And.Contain(ownStep).And.Contain(waiting));
        Assert.That(board.Text, Does.Not.Contain("Press volume down").And.Not.Contain("Waiting for the tablet to come back"), "no English reaches the reader");
    }

    [Test]
    public async Task Board_TestHarnessJobWaitingForTheRestart_NoGuide()
    {
        await JobAtAsync("staff-tablet", "wait", "samsung");

        var board = await BoardAsync("fi");

        Assert.That(board.Html, Does.Not.Contain("class=\"guide\""));
        Assert.That(board.Text, Does.Contain("Odotetaan"), "the job's own line is there");
    }

    [Test]
    public async Task Board_PrecheckStoppedForAPinNobodyKnows_ResetByHandGoesOnWithTheGuidedProfile()
    {
        var id = await JobAtAsync("staff-tablet", "precheck", "samsung");
        await JobStore.FinishAsync(Db, await JobStore.GetAsync(Db, id), JobState.NeedsPerson, Msg.ProvisioningWithProfile.With("x", "staff-tablet"),
            Msg.ProvisioningSayScreenLocked, "test");
        using var web = await SignedInAsync("sv");

        var board = await web.GetAsync("/provisioning");
        var posted = await web.PostAsync("/provisioning", "/provisioning?handler=Guided", ("id", id.ToString(CultureInfo.InvariantCulture)));
        // The board redirects back to itself after a change (Post/Redirect/Get), and says there what was done; the live
        // update's fetch of the rows, which may come first, leaves that for the page.
        var rows = await web.GetAsync("/provisioning?handler=Rows");
        var after = await web.GetAsync(posted.Location ?? "/provisioning");

        Assert.That(board.Text, Does.Contain("Återställ för hand i stället"));
        Assert.That(posted.Location, Is.EqualTo("/provisioning"));
        Assert.That(rows.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(after.Text, Does.Contain("En person återställer plattan"));
        var job = await JobStore.GetAsync(Db, id);
        Assert.That((job.State, job.Profile), Is.EqualTo((JobState.Queued, "recovery-reset")));
    }

    [Test]
    public async Task Requeue_OtherProfileAfterTheWipeStarted_RefusedNothingChanged()
    {
        var id = await JobAtAsync("staff-tablet", "wipe", "samsung");
        await JobStore.FinishAsync(Db, await JobStore.GetAsync(Db, id), JobState.Failed, Msg.ProvisioningStepCancelled, null, "test");

        var e = Assert.ThrowsAsync<UserError>(() => JobStore.RequeueAsync(Db, id, "test", resume: false, "recovery-reset"));

        Assert.That(e!.Message, Does.Contain("already started its wipe with the profile staff-tablet"));
        Assert.That((await JobStore.GetAsync(Db, id)).State, Is.EqualTo(JobState.Failed));
    }
}
