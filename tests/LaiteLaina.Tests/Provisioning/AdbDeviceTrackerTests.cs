using System.Diagnostics;
using LaiteLaina.DeviceSim;
using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.Tests.Provisioning;

/// <summary>The device list from Debian's adb server's own stream, against simulated tablets.</summary>
public sealed class AdbDeviceTrackerTests(Engine engine) : ProvisioningTest(engine)
{
    private static async Task UntilAsync(Func<bool> done, string what)
    {
        var wait = Stopwatch.StartNew();
        while (!done())
        {
            Assert.That(wait.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), $"never saw {what}");
            await Task.Delay(50);
        }
    }

    [Test]
    public async Task RunAsync_TabletConnectedThenDisconnected_ListFollowsTheServer()
    {
        await using var farm = TabletFarm.StartScenario(Scenarios.Clean, 1, FastTablets);
        var tablet = farm.Tablets[0];
        var tracker = new AdbDeviceTracker(Options.AdbServerPort!.Value);
        using var stop = new CancellationTokenSource();
        var tracking = tracker.RunAsync(stop.Token);
        bool Listed(string state) => tracker.Latest is { } list && AttachedDevices.Parse(list).Any(d => d.AdbSerial == tablet.Address && d.State == state);

        await UntilAsync(() => tracker.Latest is not null && !Listed("device"), "a list without the tablet");
        Assert.That(await ConnectAsync(tablet), Is.EqualTo("device"));
        await UntilAsync(() => Listed("device"), "the tablet as a device");
        Assert.That(AttachedDevices.Parse(tracker.Latest!).Single(d => d.AdbSerial == tablet.Address).Model, Is.Not.Empty, "the long format, with model:");
        await AdbAsync("disconnect", tablet.Address);
        await UntilAsync(() => tracker.Latest is not null && !Listed("device"), "the tablet gone");

        await stop.CancelAsync();
        await tracking;
        Assert.That(tracker.Latest, Is.Null);
    }

    [Test]
    public async Task RunAsync_ServerRestarted_ListAgainAfterReconnecting()
    {
        var tracker = new AdbDeviceTracker(Options.AdbServerPort!.Value);
        using var stop = new CancellationTokenSource();
        var tracking = tracker.RunAsync(stop.Token);
        await UntilAsync(() => tracker.Latest is not null, "a first list");

        await AdbAsync("kill-server");
        await UntilAsync(() => tracker.Latest is null, "the stream end");
        Assert.That((await AdbAsync("start-server")).ExitCode, Is.Zero);
        await UntilAsync(() => tracker.Latest is not null, "a list from the new server");

        await stop.CancelAsync();
        await tracking;
    }
}
