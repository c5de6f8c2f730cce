using System.Globalization;

namespace LaiteLaina.DeviceSim;

/// <summary>
/// What a trainee does with the tablets' own hands, typed as one line: <c>laitelaina simulate</c> reads them from
/// its standard input and the demo tablets take them from the provisioning page. The answer is one or more lines
/// for the trainee: what the tablet's screen shows afterwards.
/// </summary>
public static class SimulatorControl
{
    public const string Help =
        "TABLET keys power+volup|volup|voldown|power   press keys (recovery menu, power on)\n" +
        "TABLET screen                               what the screen shows\n" +
        "TABLET unlock                               unlock the screen\n" +
        "TABLET allow                                tap Allow on 'Allow USB debugging?'\n" +
        "TABLET sign-in ACCOUNT                      sign in at setup after a reset (factory reset protection)\n" +
        "TABLET settings-reset                       Settings > Reset > Erase all data\n" +
        "clock DAYS                                  move the tablets' clock forward (adb keys lapse after 7 idle days)\n" +
        "TABLET is a serial or 127.0.0.1:PORT.";

    public static string Run(TabletFarm farm, string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0 || words[0] is "help" or "?")
        {
            return Help;
        }
        if (words[0] == "clock")
        {
            if (words.Length != 2 || !double.TryParse(words[1].TrimStart('+').TrimEnd('d'), NumberStyles.Float, CultureInfo.InvariantCulture, out var days) || days <= 0)
            {
                return "usage: clock DAYS (a positive number)";
            }
            farm.Clock.Advance(TimeSpan.FromDays(days));
            return $"The tablets' clock is {days.ToString(CultureInfo.InvariantCulture)} day(s) later.";
        }
        var tablet = farm.Tablets.FirstOrDefault(t => t.Serial == words[0] || t.Address == words[0]);
        if (tablet is null)
        {
            return $"No tablet '{words[0]}'. Tablets: {string.Join(", ", farm.Tablets.Select(t => t.Serial))}";
        }
        return (words.ElementAtOrDefault(1), words.Length) switch
        {
            ("keys", 3) => tablet.PressKeys(words[2]),
            ("screen", 2) => tablet.Screen(),
            ("unlock", 2) => Do(tablet.UnlockScreen, "Unlocked"),
            ("allow", 2) => tablet.AllowUsbDebugging() ? "Allowed: this computer may use USB debugging" : "Unlock the screen first",
            ("sign-in", 3) => tablet.SignInAfterReset(words[2]) ? "Signed in; setup finished and USB debugging on again" : "That is not the account this tablet asks for",
            ("settings-reset", 2) => Do(tablet.FactoryResetFromSettings, "Erasing all data"),
            _ => Help,
        };
    }

    private static string Do(Action action, string said)
    {
        action();
        return said;
    }
}
