using System.Globalization;

namespace LaiteLaina.Provisioning;

/// <summary>Section Provisioning of appsettings.json (the program's, then the data directory's, then the environment).</summary>
public sealed class ProvisioningOptions
{
    /// <summary>The adb client; Debian's is /usr/bin/adb.</summary>
    public string Adb { get; set; } = "adb";
    /// <summary>A private adb server port (ANDROID_ADB_SERVER_PORT); null: adb's default 5037.</summary>
    public int? AdbServerPort { get; set; }
    /// <summary>HOME for adb (its keys live in HOME/.android); null: the service's own.</summary>
    public string? AdbHome { get; set; }
    /// <summary>Where identify.sh and the other scripts are; default: scripts/adb beside the program.</summary>
    public string? ScriptsDirectory { get; set; }
    /// <summary>The organisation's own APK copies; default: DATA/apks.</summary>
    public string? ApkDirectory { get; set; }
    /// <summary>False: no watcher and no runner in the service (the CLI still runs jobs).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Start a job by itself when a known tablet awaiting a wipe is plugged in.</summary>
    public bool AutoStart { get; set; } = true;
    public int MaxParallel { get; set; } = 8;
    public double PollSeconds { get; set; } = 1;
    /// <summary>Tablets reached over TCP (Wi-Fi debugging, the simulator): 'adb connect' to each, again after reboots.</summary>
    public List<string> Connect { get; set; } = [];
    public string DefaultProfile { get; set; } = "staff-tablet";
    /// <summary>Picked when identify finds a secondary user: a loan tablet back from a borrower.</summary>
    public string LoanProfile { get; set; } = "client-loan";
    /// <summary>Picked for Android 9 and older, which have no test-harness reset.</summary>
    public string RecoveryProfile { get; set; } = "recovery-reset";
    /// <summary>Per-step time-outs in seconds, by step name; missing steps use the defaults.</summary>
    public Dictionary<string, double> StepTimeoutSeconds { get; set; } = [];
    /// <summary>The volunteer named on certificates for jobs the worker starts; default: who started the job.</summary>
    public string? Operator { get; set; }
    /// <summary>Site code of this provisioning station, for certificates of devices that have no site of their own.</summary>
    public string? Site { get; set; }
    /// <summary>A tablet whose security patch is older than this many months gets a warning on its job (precheck.sh
    /// --patch-max-months): it may still be lent, but the office decides knowingly.</summary>
    public int SecurityPatchMaxAgeMonths { get; set; } = 12;
    /// <summary>Simulated tablets for the demo (serve --demo-tablets sets this): donated, returned loan, locked.</summary>
    public bool DemoTablets { get; set; }
    /// <summary>How long a simulated tablet stays away on reboot.</summary>
    public double DemoRebootSeconds { get; set; } = 3;

    private static readonly Dictionary<string, double> DefaultTimeouts = new()
    {
        ["identify"] = 60, ["precheck"] = 60, ["wipe"] = 300, ["wait"] = 1800, ["verify-wipe"] = 120,
        ["provision"] = 1200, ["verify"] = 120, ["certificate"] = 60, ["label"] = 60,
    };

    public TimeSpan Timeout(string step) =>
        TimeSpan.FromSeconds(StepTimeoutSeconds.TryGetValue(step, out var s) ? s : DefaultTimeouts.GetValueOrDefault(step, 300));

    public string Scripts => ScriptsDirectory ?? Path.Combine(AppContext.BaseDirectory, "scripts", "adb");

    public string Apks(string dataDirectory) => ApkDirectory ?? Path.Combine(dataDirectory, "apks");

    public static ProvisioningOptions Load(IConfiguration configuration)
    {
        var options = StrictConfiguration.Bind(configuration, configuration.GetSection("Provisioning"), new ProvisioningOptions());
        if (options.MaxParallel is < 1 or > 64)
            throw UserError.Invalid("Provisioning:MaxParallel", options.MaxParallel.ToString(CultureInfo.InvariantCulture), Msg.SettingMaxParallel);
        if (options.PollSeconds is <= 0 or > 60)
            throw UserError.Invalid("Provisioning:PollSeconds", options.PollSeconds.ToString(CultureInfo.InvariantCulture), Msg.SettingPollSeconds);
        if (options.SecurityPatchMaxAgeMonths is < 1 or > 120)
            throw UserError.Invalid("Provisioning:SecurityPatchMaxAgeMonths", options.SecurityPatchMaxAgeMonths.ToString(CultureInfo.InvariantCulture), Msg.SettingPatchMaxMonths);
        foreach (var (step, seconds) in options.StepTimeoutSeconds)
        {
            if (!DefaultTimeouts.ContainsKey(step))
                throw UserError.Invalid("Provisioning:StepTimeoutSeconds", step, Msg.ValueOneOf.With(string.Join(", ", DefaultTimeouts.Keys)));
            if (seconds <= 0)
                throw UserError.Invalid("Provisioning:StepTimeoutSeconds:" + step, seconds.ToString(CultureInfo.InvariantCulture), Msg.SettingPositiveSeconds);
        }
        return options;
    }
}
