using System.Net.Sockets;
using LaiteLaina.DeviceSim;
using LaiteLaina.DeviceSim.Userland;
using Microsoft.Extensions.Configuration;

namespace LaiteLaina.Tests.Provisioning;

/// <summary>
/// Base of the tests that provision simulated tablets through Debian's real adb and the real scripts of
/// scripts/adb: one private adb server per fixture (never the default port 5037), tiny APK-shaped files for every
/// app of the shipped profiles, a label printer that writes to a file, and the job runner over this test's database.
/// </summary>
public abstract class ProvisioningTest(Engine engine) : DatabaseTest(engine)
{
    protected const string Actor = "test";

    private PrivateAdbServer adb = null!;

    protected ProvisioningOptions Options { get; private set; } = null!;
    protected ProvisioningProfiles Profiles { get; private set; } = null!;
    protected JobRunner Runner { get; private set; } = null!;
    protected PrintQueue Labels { get; private set; } = null!;

    protected static TabletFarmOptions FastTablets => new() { RebootDelay = TimeSpan.FromMilliseconds(800) };

    [OneTimeSetUp]
    public async Task StartAdbServerAsync() => adb = await PrivateAdbServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopAdbServerAsync()
    {
        if (adb is not null)
            await adb.StopAsync();
    }

    private int resetBroadcastMark;

    /// <summary>Set by a test that sends a factory-reset broadcast on purpose and checks the outcome itself.</summary>
    protected bool ResetBroadcastExpected { get; set; }

    /// <summary>No script may ever send a broadcast-based reset: on real Android it "completes" and resets nothing.</summary>
    [TearDown]
    public void NoResetBroadcastSent()
    {
        var sent = ResetBroadcastLog.Since(resetBroadcastMark);
        if (!ResetBroadcastExpected)
            Assert.That(sent, Is.Empty, "a factory-reset broadcast was sent to a simulated tablet");
    }

    [SetUp]
    public async Task CreateRunnerAsync()
    {
        resetBroadcastMark = ResetBroadcastLog.Count;
        ResetBroadcastExpected = false;
        await new SiteService(Db).AddAsync("TESTI", "Testitoimisto", "Testikatu 1, 00100 Helsinki", Actor);
        Options = new ProvisioningOptions
        {
            Adb = PrivateAdbServer.Adb,
            AdbServerPort = adb.Port,
            AdbHome = adb.Home,
            ScriptsDirectory = PrivateAdbServer.Scripts,
            ApkDirectory = Path.Combine(Scratch, "apks"),
            PollSeconds = 0.2,
            Operator = "Ville Virta",
            StepTimeoutSeconds = { ["wait"] = 30 },
        };
        Profiles = new ProvisioningProfiles(new DataLocation(Scratch, null));
        DemoTablets.WriteDemoApks(Profiles, Options.ApkDirectory);
        var hardware = HardwareSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Printers:0:Name"] = "file",
            ["Printers:0:Port"] = Path.Combine(Scratch, "labels.zpl"),
            ["Printers:0:Language"] = "zpl",
        }).Build());
        Labels = new PrintQueue(Db, hardware);
        Runner = new JobRunner(Db, Options, Profiles, new DataLocation(Scratch, null), Service<Sanitisation>(), Labels, NullLogger<JobRunner>.Instance);
    }

    protected Task<(int ExitCode, string Output)> AdbAsync(params string[] args) => AdbScripts.AdbAsync(Options, args, CancellationToken.None);

    /// <summary>Connects the station's adb server to the tablet and waits for the key exchange to end: the state it
    /// ends in, "device" (authorised) or "unauthorized".</summary>
    protected async Task<string> ConnectAsync(SimulatedTablet tablet)
    {
        await AdbAsync("connect", tablet.Address);
        // 'adb connect' returns before the key exchange ends; a test that goes on before it has (say, disconnecting the
        // tablet) would race the handshake, which on a loaded CI machine can take seconds.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var line = (await AdbAsync("devices")).Output.Split('\n').FirstOrDefault(l => l.StartsWith(tablet.Address + "\t", StringComparison.Ordinal));
            if (line?.Split('\t')[1].Trim() is ("device" or "unauthorized") and var state)
                return state;
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"{tablet.Address}: the key exchange never ended ({line ?? "not listed"})");
            await Task.Delay(100);
        }
    }

    protected static string Shell(SimulatedTablet tablet, string command) =>
        System.Text.Encoding.UTF8.GetString(AndroidShell.Run(tablet, command).Stdout);

    /// <summary>A device in the inventory with the tablet's serial number, awaiting its wipe as a returned or donated one would.</summary>
    protected async Task<Device> RegisterAsync(SimulatedTablet tablet, string status = "awaiting-wipe")
    {
        var inventory = new InventoryService(Db);
        var device = await inventory.AddAsync(new DeviceInput
        {
            Kind = "tablet", Make = tablet.State.Brand, Model = tablet.Model, SerialNumber = tablet.Serial, Acquisition = "donated", Site = "TESTI",
        }, Actor);
        if (status != "intake")
            device = await inventory.SetStatusAsync(device.Tag, status, null, Actor);
        return device;
    }

    /// <summary>Starts a job for the tablet and runs it here, as 'laitelaina provision run' does.</summary>
    protected async Task<ProvisioningJob> RunAsync(SimulatedTablet tablet, string? tag, string? profile = null)
    {
        await ConnectAsync(tablet);
        var job = await ProvisioningActions.StartAsync(Db, tablet.Address, tag, profile, Actor);
        Assert.That(await Runner.ClaimAndRunAsync(job.Id, Actor, CancellationToken.None), Is.True);
        return await JobStore.GetAsync(Db, job.Id);
    }

    protected async Task<ProvisioningJob> RetryAsync(long id, bool resume = false)
    {
        await JobStore.RequeueAsync(Db, id, Actor, resume);
        Assert.That(await Runner.ClaimAndRunAsync(id, Actor, CancellationToken.None), Is.True);
        return await JobStore.GetAsync(Db, id);
    }

    protected Task<Device> DeviceAsync(string tag) => new InventoryService(Db).GetAsync(tag);

    protected Task<long> CountAsync(string sql, object? args = null) => Db.ReadAsync(c => c.ExecuteScalarAsync<long>(sql, args));

    protected static string Describe(ProvisioningJob job) =>
        $"job {job.Id} {job.State} at {job.Step}: {job.Message}\n" + string.Join("\n", job.Steps.Select(s => $"  {s.Name} {s.State} {s.Message}"));
}

/// <summary>An adb server of its own on a free port with its own HOME (keys), killed at the end; never the default 5037.</summary>
public sealed class PrivateAdbServer
{
    public const string Adb = "/usr/bin/adb";

    public int Port { get; private init; }
    public string Home { get; private init; } = "";

    public ProvisioningOptions Options => new() { Adb = Adb, AdbServerPort = Port, AdbHome = Home, ScriptsDirectory = Scripts };

    public static string Scripts => Path.Combine(RepositoryRoot, "scripts", "adb");

    public static string RepositoryRoot
    {
        get
        {
            var dir = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(dir, "LaiteLaina.sln")))
                dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("LaiteLaina.sln not found above the test folder");
            return dir;
        }
    }

    /// <summary>Starts one, or ignores the fixture with the reason when adb or jq is missing.</summary>
    public static async Task<PrivateAdbServer> StartAsync()
    {
        if (!File.Exists(Adb) || !File.Exists("/usr/bin/jq"))
            Assert.Ignore("adb and jq are needed: apt-get install adb jq (scripts/setup.sh --tests installs them)");
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var server = new PrivateAdbServer { Port = port, Home = Directory.CreateTempSubdirectory("laitelaina-adb-home-").FullName };
        var started = await AdbScripts.AdbAsync(server.Options, ["start-server"], CancellationToken.None);
        Assert.That(started.ExitCode, Is.Zero, started.Output);
        return server;
    }

    public async Task StopAsync()
    {
        await AdbScripts.AdbAsync(Options, ["kill-server"], CancellationToken.None);
        Directory.Delete(Home, recursive: true);
    }
}
