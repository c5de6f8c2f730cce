using LaiteLaina.DeviceSim.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LaiteLaina.DeviceSim;

public sealed class TabletFarmOptions
{
    /// <summary>How long a rebooting tablet stays away. Real tablets take 30-90 s; tests want less.</summary>
    public TimeSpan RebootDelay { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Largest message payload we announce in CNXN; adb 1.0.41 offers 1 MiB.</summary>
    public int MaxPayload { get; init; } = 1024 * 1024;
    /// <summary>Where state files are saved on stop (and after changes that a reboot would persist).</summary>
    public string? StateDirectory { get; init; }
    /// <summary>First port to use; 0 lets the OS pick free ports (the default, safe for parallel tests).</summary>
    public int FirstPort { get; init; }
    /// <summary>
    /// When set, a tablet that boots into recovery wipes its data after this long, as if a volunteer pressed
    /// "Wipe data/factory reset": for demos and tests of the recovery method without hands.
    /// </summary>
    public TimeSpan? RecoveryWipeAfter { get; init; }
    public IReadOnlyList<string> Features { get; init; } = ["shell_v2", "cmd", "stat_v2"];
    /// <summary>A userdebug build's recovery, which does start adbd (state <c>recovery</c>); retail tablets do not.</summary>
    public bool DebuggableRecovery { get; init; }
    /// <summary>The tablets' clock, which tests and trainees move forward to make adb keys lapse.</summary>
    public SimulatedClock Clock { get; init; } = new();
}

/// <summary>Wall-clock time plus an offset that only grows: "eight days later" without waiting eight days.</summary>
public sealed class SimulatedClock
{
    private long _offsetMs;

    public long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + Interlocked.Read(ref _offsetMs);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetMs, (long)by.TotalMilliseconds);
}

/// <summary>
/// A set of simulated tablets. The entry point for <c>laitelaina simulate</c>, tests and demos:
/// <code>
/// await using var farm = TabletFarm.Start(TabletFarm.LoadOrCreate(dir, 4, "donated"), options, logger);
/// foreach (var t in farm.Tablets) Console.WriteLine($"{t.Address} {t.Serial} {t.Model}");
/// </code>
/// </summary>
public sealed class TabletFarm : IAsyncDisposable
{
    private readonly TabletFarmOptions _options;
    private readonly ILogger _logger;

    private TabletFarm(IReadOnlyList<SimulatedTablet> tablets, TabletFarmOptions options, ILogger logger)
    {
        Tablets = tablets;
        _options = options;
        _logger = logger;
    }

    public IReadOnlyList<SimulatedTablet> Tablets { get; }

    /// <summary>The clock all the farm's tablets share.</summary>
    public SimulatedClock Clock => _options.Clock;

    public SimulatedTablet this[string serialOrAddress] =>
        Tablets.FirstOrDefault(t => t.Serial == serialOrAddress || t.Address == serialOrAddress)
        ?? throw new KeyNotFoundException($"No simulated tablet '{serialOrAddress}'.");

    /// <summary>Starts one listening tablet per state.</summary>
    public static TabletFarm Start(IEnumerable<TabletState> states, TabletFarmOptions? options = null, ILogger? logger = null)
    {
        options ??= new TabletFarmOptions();
        logger ??= NullLogger.Instance;
        var tablets = new List<SimulatedTablet>();
        var port = options.FirstPort;
        try
        {
            foreach (var state in states)
            {
                var tablet = new SimulatedTablet(state, port, options, logger);
                tablet.PlugIn();
                tablets.Add(tablet);
                port = port == 0 ? 0 : port + 1;
            }
        }
        catch
        {
            tablets.ForEach(t => t.Stop());
            throw;
        }
        return new TabletFarm(tablets, options, logger);
    }

    /// <summary>Starts <paramref name="count"/> tablets of one built-in scenario (see <see cref="Scenarios"/>).</summary>
    public static TabletFarm StartScenario(string scenario, int count, TabletFarmOptions? options = null, ILogger? logger = null) =>
        Start(Enumerable.Range(0, count).Select(i => Scenarios.Create(scenario, i)), options, logger);

    /// <summary>
    /// The states saved in <paramref name="stateDirectory"/>, topped up with new tablets of
    /// <paramref name="scenario"/> until there are <paramref name="count"/>; extra saved ones are left out.
    /// </summary>
    public static IReadOnlyList<TabletState> LoadOrCreate(string? stateDirectory, int count, string scenario = Scenarios.Clean)
    {
        var states = stateDirectory is null ? [] : TabletState.LoadAll(stateDirectory).Take(count).ToList();
        var serials = states.Select(s => s.Serial).ToHashSet();
        for (var index = 0; states.Count < count; index++)
        {
            var candidate = Scenarios.Create(scenario, index);
            if (serials.Add(candidate.Serial))
            {
                states.Add(candidate);
            }
        }
        return states;
    }

    /// <summary>Writes every tablet's state to the state directory, if there is one.</summary>
    public void SaveState()
    {
        if (_options.StateDirectory is null)
        {
            return;
        }
        foreach (var tablet in Tablets)
        {
            lock (tablet.Sync)
            {
                tablet.State.Save(_options.StateDirectory);
            }
        }
    }

    public Task StopAsync()
    {
        foreach (var tablet in Tablets)
        {
            tablet.Stop();
        }
        SaveState();
        _logger.LogInformation("Stopped {Count} simulated tablets", Tablets.Count);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
