using System.Globalization;
using LaiteLaina.DeviceSim;
using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.Tests.Provisioning;

/// <summary>What precheck stops before anything irreversible, what it only warns about, and the instructions a person
/// gets in their own language when the tablet does not let this computer in.</summary>
[EndToEnd]
public sealed class PrecheckTests(Engine engine) : ProvisioningTest(engine)
{
    private static readonly CultureInfo Finnish = CultureInfo.GetCultureInfo("fi-FI");
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-FI");

    [TestCase("staff-tablet")]
    [TestCase("donated-handover")]
    public async Task Run_SamsungAccount_StopsBeforeTheWipe(string profile)
    {
        var state = Scenarios.CreateClean();
        state.Accounts.Add(new AccountEntry("omistaja@example.fi", "com.osp.app.signin"));
        await using var farm = TabletFarm.Start([state], FastTablets);
        var tablet = farm.Tablets[0];
        var device = await RegisterAsync(tablet);
        var androidId = Shell(tablet, "settings get secure android_id");

        var job = await RunAsync(tablet, device.Tag, profile);

        Assert.That(job.State, Is.EqualTo(JobState.NeedsPerson), Describe(job));
        Assert.That(job.Step, Is.EqualTo("precheck"));
        Assert.That(job.Instruction, Does.Contain("Samsung account").And.Contain("Reactivation Lock"));
        Assert.That(StoredText.Render(job.StoredInstruction, Finnish), Does.Contain("Samsung-tili").And.Contain("Yritä uudelleen"));
        Assert.That(job.Steps.Single(s => s.Name == "wipe").State, Is.EqualTo(StepState.Pending), "nothing irreversible was done");
        Assert.That(Shell(tablet, "settings get secure android_id"), Is.EqualTo(androidId), "the tablet was not reset");
    }

    [Test]
    public async Task Run_DeviceWithoutSite_StopsAtPrecheckBeforeTheWipe()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastTablets);
        var tablet = farm.Tablets[0];
        var device = await new InventoryService(Db).AddAsync(new DeviceInput
        {
            Kind = "tablet", Make = tablet.State.Brand, Model = tablet.Model, SerialNumber = tablet.Serial, Acquisition = "donated",
        }, Actor);
        device = await new InventoryService(Db).SetStatusAsync(device.Tag, "awaiting-wipe", null, Actor);
        var androidId = Shell(tablet, "settings get secure android_id");

        var job = await RunAsync(tablet, device.Tag);

        Assert.That(job.State, Is.EqualTo(JobState.Failed), Describe(job));
        Assert.That(job.Step, Is.EqualTo("precheck"));
        Assert.That(job.Message, Does.Contain(device.Tag + " has no site"));
        Assert.That(StoredText.Render(job.StoredMessage, Swedish), Does.Contain("har inget verksamhetsställe"));
        Assert.That(job.Steps.Single(s => s.Name == "wipe").State, Is.EqualTo(StepState.Pending), "nothing irreversible was done");
        Assert.That(Shell(tablet, "settings get secure android_id"), Is.EqualTo(androidId), "the tablet was not reset");
        Assert.That(await CountAsync("SELECT count(*) FROM sanitisations"), Is.Zero);
    }

    [Test]
    public async Task Run_OldSecurityPatch_WarnsAndTheJobGoesOn()
    {
        var old = Scenarios.CreateClean(0);
        old.SecurityPatch = "2021-06-05";
        var recent = Scenarios.CreateClean(1);
        recent.SecurityPatch = DateTime.UtcNow.ToString("yyyy-MM-05", CultureInfo.InvariantCulture);
        await using var farm = TabletFarm.Start([old, recent], FastTablets);

        var warned = await RunAsync(farm.Tablets[0], (await RegisterAsync(farm.Tablets[0])).Tag);
        var current = await RunAsync(farm.Tablets[1], (await RegisterAsync(farm.Tablets[1])).Tag);

        Assert.That(warned.State, Is.EqualTo(JobState.Done), Describe(warned));
        Assert.That(warned.Warning, Does.Contain("security patch level is 5.6.2021").And.Contain("the limit is 12"));
        Assert.That(StoredText.Render(warned.StoredWarning, Finnish), Does.Contain("tietoturvapäivitystaso on 5.6.2021"));
        Assert.That(StoredText.Render(warned.StoredWarning, Swedish), Does.Contain("säkerhetsuppdateringsnivå är 5.6.2021"));
        Assert.That(current.State, Is.EqualTo(JobState.Done), Describe(current));
        Assert.That(current.Warning, Is.Null, "a tablet with this month's patch gets no warning");
    }

    [Test]
    public async Task Run_OldSecurityPatchWithLongerLimit_NoWarning()
    {
        Options.SecurityPatchMaxAgeMonths = 120;
        var state = Scenarios.CreateClean();
        state.SecurityPatch = "2021-06-05";
        await using var farm = TabletFarm.Start([state], FastTablets);

        var job = await RunAsync(farm.Tablets[0], (await RegisterAsync(farm.Tablets[0])).Tag);

        Assert.That(job.State, Is.EqualTo(JobState.Done), Describe(job));
        Assert.That(job.Warning, Is.Null);
    }

    [Test]
    public async Task Run_KeyLapsedAfterEightDaysAway_ReauthoriseInstructionInFinnishAndSwedish()
    {
        var options = FastTablets;
        await using var farm = TabletFarm.Start([Scenarios.CreateAndroid15()], options);
        var tablet = farm.Tablets[0];
        var device = await RegisterAsync(tablet);
        // This station's key used once, then the tablet away on a loan for eight days: Android 11+ forgets the key.
        Assert.That(await ConnectAsync(tablet), Is.EqualTo("device"), "the station's key is trusted before the loan");
        await AdbAsync("disconnect", tablet.Address);
        options.Clock.Advance(TimeSpan.FromDays(8));

        var job = await RunAsync(tablet, device.Tag);

        Assert.That(job.State, Is.EqualTo(JobState.NeedsPerson), Describe(job));
        Assert.That(job.Instruction, Does.StartWith("The tablet has not authorised this computer. Unlock the tablet's screen"));
        Assert.That(StoredText.Render(job.StoredInstruction, Finnish),
            Does.Contain("Avaa tabletin näytön lukitus").And.Contain("Salli aina tästä tietokoneesta").And.Contain("7 päivään"));
        Assert.That(StoredText.Render(job.StoredInstruction, Swedish),
            Does.Contain("Lås upp surfplattans skärm").And.Contain("Tillåt alltid från den här datorn").And.Contain("7 dagar"));
        Assert.That(job.Instruction, Does.Not.Contain("Auto Blocker"), "not a Samsung");
    }

    [Test]
    public async Task Run_UnauthorizedSamsung_AutoBlockerInstruction()
    {
        await using var farm = TabletFarm.Start([Scenarios.CreateSamsungOneUi6()], FastTablets);
        var tablet = farm.Tablets[0];
        var device = await RegisterAsync(tablet);
        tablet.SetUnauthorized(true);

        var job = await RunAsync(tablet, device.Tag);

        Assert.That(job.State, Is.EqualTo(JobState.NeedsPerson), Describe(job));
        Assert.That(job.Message, Does.Contain("Allow USB debugging?"), "what the script said stays");
        Assert.That(job.Instruction, Does.Contain("Always allow from this computer").And.Contain("Settings > Security and privacy > Auto Blocker"));
        Assert.That(StoredText.Render(job.StoredInstruction, Finnish), Does.Contain("Automaattinen esto"));
        Assert.That(StoredText.Render(job.StoredInstruction, Swedish), Does.Contain("Automatisk blockering"));
    }
}
