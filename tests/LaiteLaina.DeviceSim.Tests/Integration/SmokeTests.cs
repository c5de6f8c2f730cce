using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.DeviceSim.Tests.Integration;

[TestFixture]
public sealed class SmokeTests : AdbFixture
{
    [Test]
    public async Task Shell_Getprop_PrintsModel()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastOptions());
        var tablet = farm.Tablets[0];
        var connect = await Adb.ConnectAsync(tablet.Address);
        TestContext.Out.WriteLine(connect);
        TestContext.Out.WriteLine(await Adb.RunAsync("devices", "-l"));
        var result = await Adb.RunAsync("-s", tablet.Address, "shell", "getprop", "ro.product.model");
        Assert.That(result.Stdout, Is.EqualTo(tablet.Model + "\n"), result.ToString());
    }
}
