using LaiteLaina.DeviceSim;
using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.Tests.Provisioning;

/// <summary>A user-reset profile sets up the borrower's fresh user, the one 'pm create-user' made, and reads it back from
/// that user: settings with --user N, apps installed for N alone, the card in /storage/emulated/N. User 0 keeps its own.</summary>
[EndToEnd]
public sealed class BorrowerUserTests(Engine engine) : ProvisioningTest(engine)
{
    private const string Card = "Documents/Tama_tabletti.txt";

    [Test]
    public async Task Run_ClientLoanProfile_BorrowersUserGetsSettingsAppsAndCardUserZeroDoesNot()
    {
        var (farm, tablet, device, borrower) = await ProvisionedLoanTabletAsync();
        await using var _ = farm;

        Assert.That(borrower, Is.Not.EqualTo(10), "a new user, not the removed borrower's id");
        Assert.Multiple(() =>
        {
            Assert.That(Shell(tablet, $"settings get --user {borrower} system font_scale").Trim(), Is.EqualTo("1.3"));
            Assert.That(Shell(tablet, $"settings get --user {borrower} system screen_off_timeout").Trim(), Is.EqualTo("600000"));
            Assert.That(Shell(tablet, $"settings get --user {borrower} system system_locales").Trim(), Is.EqualTo("fi-FI"));
            Assert.That(Shell(tablet, $"pm list packages --user {borrower} fi.kela.asiointi"), Does.Contain("package:fi.kela.asiointi"));
            Assert.That(Shell(tablet, $"cat /storage/emulated/{borrower}/{Card}"), Does.Contain("Tämä tabletti kuuluu").And.Contain(device.Tag));

            Assert.That(Shell(tablet, "settings get --user 0 system font_scale").Trim(), Is.Not.EqualTo("1.3"), "user 0 keeps its defaults");
            Assert.That(Shell(tablet, "settings get --user 0 system screen_off_timeout").Trim(), Is.Not.EqualTo("600000"));
            Assert.That(Shell(tablet, "settings get --user 0 system system_locales").Trim(), Is.Not.EqualTo("fi-FI"));
            Assert.That(Shell(tablet, "pm list packages --user 0 fi.kela.asiointi"), Is.Empty, "the apps are the borrower's alone");
            Assert.That(Shell(tablet, "ls /sdcard/" + Card), Is.Empty, "no card in user 0's storage");
        });
    }

    [Test]
    public async Task Verify_CardOnlyInUserZero_Fails()
    {
        var (farm, tablet, device, borrower) = await ProvisionedLoanTabletAsync();
        await using var _ = farm;
        // The card where provisioning used to put it: user 0's /sdcard, not the borrower's storage.
        Shell(tablet, $"cat /storage/emulated/{borrower}/{Card} > /sdcard/{Card}; rm /storage/emulated/{borrower}/{Card}");

        var outcome = await new AdbScripts(Options).RunAsync("verify.sh", [tablet.Address, Profiles.Get("client-loan").Path, "--tag", device.Tag],
            TimeSpan.FromSeconds(60), _ => Task.CompletedTask, CancellationToken.None);

        Assert.That(outcome.Result, Is.EqualTo(AdbScriptResult.Failed), outcome.Message.Render(MessageCatalog.English));
        var failed = outcome.Checks.Where(c => c["result"] == "failed").Select(c => c["check"]).ToList();
        Assert.That(failed, Does.Contain("card").And.Contain("files"), string.Join("\n", outcome.Checks.Select(c => c["message"])));
    }

    /// <summary>A returned loan tablet through a whole client-loan job, and the one user besides 0 it then has.</summary>
    private async Task<(TabletFarm Farm, SimulatedTablet Tablet, Device Device, int Borrower)> ProvisionedLoanTabletAsync()
    {
        var farm = TabletFarm.Start([Scenarios.CreateReturnedLoan()], FastTablets);
        try
        {
            var tablet = farm.Tablets[0];
            var device = await RegisterAsync(tablet);
            var job = await RunAsync(tablet, device.Tag, "client-loan");
            Assert.That(job.State, Is.EqualTo(JobState.Done), Describe(job));
            lock (tablet.Sync)
                return (farm, tablet, device, tablet.State.Users.Single(u => u.Id != 0).Id);
        }
        catch
        {
            await farm.DisposeAsync();
            throw;
        }
    }
}
