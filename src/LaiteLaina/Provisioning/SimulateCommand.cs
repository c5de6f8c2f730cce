using System.Runtime.InteropServices;
using LaiteLaina.DeviceSim;
using LaiteLaina.DeviceSim.State;

namespace LaiteLaina.Provisioning;

/// <summary>`laitelaina simulate`: simulated Android tablets for training, demos and tests, reachable with `adb connect`.</summary>
public static class SimulateCommand
{
    public static void Add(CliApp app, RootCommand root)
    {
        var devices = new Option<int>("--devices", "-n") { DefaultValueFactory = _ => 3, Description = "How many tablets (1 to 64)" };
        var state = new Option<string?>("--state") { Description = "Folder that keeps the tablets' state between runs" };
        var scenario = new Option<string>("--scenario")
        {
            DefaultValueFactory = _ => Scenarios.Clean,
            Description = "What is on new tablets: " + Scenarios.NameList,
        };
        var port = new Option<int>("--port") { Description = "First port (default: any free ports)" };
        var simulate = new Command("simulate", "Run simulated Android tablets that adb can connect to") { devices, state, scenario, port };
        app.Action(simulate, async (cli, ct) =>
        {
            var count = cli.Parse.GetValue(devices);
            if (count is < 1 or > 64)
                throw UserError.Invalid("devices", count.ToString(System.Globalization.CultureInfo.InvariantCulture), Msg.SimulateCount);
            var name = cli.Parse.GetValue(scenario)!;
            if (!Scenarios.Names.Contains(name))
                throw UserError.Invalid("scenario", name, Msg.ValueUseOneOf.With(string.Join(", ", Scenarios.Names)));
            var stateDir = cli.Parse.GetValue(state);
            var states = TabletFarm.LoadOrCreate(stateDir, count, name);
            await using var farm = TabletFarm.Start(states, new TabletFarmOptions { StateDirectory = stateDir, FirstPort = cli.Parse.GetValue(port) });
            // Our own handlers, so that SIGTERM (systemd, docker stop, kill) ends here and saves like Ctrl+C does,
            // instead of the runtime's default of exiting at once.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            void OnSignal(PosixSignalContext signal)
            {
                signal.Cancel = true;
                stop.Cancel();
            }
            foreach (var t in farm.Tablets)
                await cli.Out.WriteLineAsync($"{t.Address}  {t.Serial}  {t.Model}");
            await cli.Out.WriteLineAsync("Connect with 'adb connect 127.0.0.1:PORT'. Stop with Ctrl+C. Type 'help' for the tablets' keys.");
            await cli.Out.FlushAsync(ct);
            // On a thread of its own: Console.In reads synchronously even through ReadLineAsync, and would block here.
            _ = Task.Run(() => ReadControlsAsync(farm, cli.Out, stop.Token), CancellationToken.None);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: the farm saves its state on the way out.
            }
            await farm.StopAsync();
        });
        root.Subcommands.Add(simulate);
    }

    /// <summary>A trainee's hands on the tablets, one line each from standard input (<see cref="SimulatorControl"/>).
    /// The end of the input (a simulator started in the background) leaves the tablets running.</summary>
    private static async Task ReadControlsAsync(TabletFarm farm, TextWriter output, CancellationToken ct)
    {
        try
        {
            while (await Console.In.ReadLineAsync(ct) is { } line)
            {
                if (line.Trim().Length == 0)
                    continue;
                await output.WriteLineAsync(SimulatorControl.Run(farm, line));
                await output.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: nobody reads the answers any more.
        }
    }
}
