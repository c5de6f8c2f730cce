namespace LaiteLaina.DeviceSim.Tests.Integration;

/// <summary>
/// Base of the tests that drive simulated tablets through the real adb client: one private adb
/// server per fixture, killed in teardown.
/// </summary>
public abstract class AdbFixture
{
    protected AdbClient Adb { get; private set; } = null!;
    protected string WorkDirectory { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAdbServer()
    {
        if (!AdbClient.IsInstalled)
        {
            Assert.Ignore("adb not installed: apt-get install adb");
        }
        Adb = new AdbClient(AdbClient.FreePort());
        WorkDirectory = Directory.CreateTempSubdirectory("laitelaina-sim-").FullName;
        var started = await Adb.RunAsync("start-server");
        Assert.That(started.ExitCode, Is.Zero, started.ToString());
    }

    [OneTimeTearDown]
    public async Task StopAdbServer()
    {
        if (Adb is not null)
        {
            await Adb.RunAsync("kill-server");
        }
        if (WorkDirectory is not null)
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
    }

    protected static TabletFarmOptions FastOptions(string? stateDirectory = null) => new()
    {
        RebootDelay = TimeSpan.FromMilliseconds(1500),
        StateDirectory = stateDirectory,
    };
}
