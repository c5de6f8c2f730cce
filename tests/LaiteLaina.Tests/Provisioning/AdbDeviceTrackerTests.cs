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
        var tracker = new AdbDeviceTracker(Options.AdbServerPort!.Value, NullLogger.Instance);
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
        var tracker = new AdbDeviceTracker(Options.AdbServerPort!.Value, NullLogger.Instance);
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

    /// <summary>A stand-in for a broken or foreign server on a local port: each connection gets the next answer of
    /// <paramref name="answers"/> (the last one repeats) after the request, then is closed; counts the connections.</summary>
    private static (int Port, Func<int> Connections, Task Serving) FakeServer(CancellationToken ct, params string[] answers)
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var connections = 0;
        var serving = Task.Run(async () =>
        {
            using var _ = ct.Register(listener.Stop);
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    using var client = await listener.AcceptTcpClientAsync(ct);
                    var answer = answers[Math.Min(connections, answers.Length - 1)];
                    Interlocked.Increment(ref connections);
                    var stream = client.GetStream();
                    await stream.ReadExactlyAsync(new byte[4 + "host:track-devices-l".Length], ct);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), ct);
                    await Task.Delay(200, ct);
                }
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
            }
        }, CancellationToken.None);
        return (((IPEndPoint)listener.LocalEndpoint).Port, () => Volatile.Read(ref connections), serving);
    }

    [TestCase("OKAY-001")]
    [TestCase("OKAYzzzz")]
    public async Task RunAsync_ServerSendsNoAdbFraming_KeepsWatchingAndReconnects(string garbage)
    {
        using var stop = new CancellationTokenSource();
        const string list = "R9TN40ABCDE            device usb:1-1 product:gta9p model:SM_X210 device:gta9p transport_id:1\n";
        var (port, connections, serving) = FakeServer(stop.Token, garbage, $"OKAY{list.Length:x4}{list}");
        var tracker = new AdbDeviceTracker(port, NullLogger.Instance);
        var tracking = tracker.RunAsync(stop.Token);

        await UntilAsync(() => tracker.Latest == list, "the list from the second connection");
        Assert.That((tracking.IsCompleted, connections()), Is.EqualTo((false, 2)), "the bad answer ended one connection, not the watcher");

        await stop.CancelAsync();
        await tracking;
        await serving;
        Assert.That(tracker.Latest, Is.Null);
    }

    [Test]
    public void PortOf_NoOptionButEnvironment_TheScriptsServer()
    {
        var before = Environment.GetEnvironmentVariable("ANDROID_ADB_SERVER_PORT");
        try
        {
            Environment.SetEnvironmentVariable("ANDROID_ADB_SERVER_PORT", "5038");
            Assert.That((AdbServer.PortOf(new ProvisioningOptions()), AdbServer.PortOf(new ProvisioningOptions { AdbServerPort = 5137 })),
                Is.EqualTo((5038, 5137)));
            Environment.SetEnvironmentVariable("ANDROID_ADB_SERVER_PORT", "viisi");
            Assert.That(AdbServer.PortOf(new ProvisioningOptions()), Is.EqualTo(AdbServer.DefaultPort));
        }
        finally
        {
            Environment.SetEnvironmentVariable("ANDROID_ADB_SERVER_PORT", before);
        }
    }
}
