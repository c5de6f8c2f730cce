using System.Text.Json;
using System.Text.Json.Serialization;

namespace LaiteLaina.DeviceSim.State;

public enum LockScreenKind
{
    None,
    Swipe,
    Pin,
    Pattern,
    Password,
}

/// <summary>
/// Everything a simulated tablet remembers, saved as one JSON file per tablet
/// (<c>&lt;serial&gt;.json</c>). Mutable on purpose: the userland changes it as commands run,
/// always under <see cref="SimulatedTablet"/>'s lock.
/// </summary>
public sealed class TabletState
{
    public string Serial { get; set; } = "R52N0000000";
    public string Manufacturer { get; set; } = "samsung";
    public string Brand { get; set; } = "samsung";
    public string Model { get; set; } = "SM-T510";
    public string Product { get; set; } = "gta3xlwifixx";
    public string Device { get; set; } = "gta3xlwifi";
    public string AndroidVersion { get; set; } = "11";
    public int Sdk { get; set; } = 30;
    public string SecurityPatch { get; set; } = "2023-02-01";
    /// <summary><c>ro.crypto.type</c>: <c>file</c>, <c>block</c> or <c>none</c>.</summary>
    public string EncryptionType { get; set; } = "file";
    /// <summary>Test-harness mode arrived with Android 10; an Android 9 tablet answers "Can't find service".</summary>
    public bool TestHarnessSupported { get; set; } = true;
    public bool TestHarnessEnabled { get; set; }
    /// <summary><c>pm get-max-users</c> (UserManager.getMaxSupportedUsers: the OEM's config_multiuserMaximumUsers, or
    /// fw.max_users); AOSP's default is 1, tablets that offer several users overlay it.</summary>
    public int MaxUsers { get; set; } = 4;
    public LockScreenKind LockScreen { get; set; } = LockScreenKind.None;
    public int PhysicalDensity { get; set; } = 240;
    public int? DensityOverride { get; set; }
    public long StorageTotalKb { get; set; } = 24_643_348;
    public long StorageUsedKb { get; set; } = 6_013_732;
    public string? DeviceOwner { get; set; }
    public BatteryState Battery { get; set; } = new();
    public List<InstalledPackage> Packages { get; set; } = [];
    public List<AccountEntry> Accounts { get; set; } = [];
    public List<UserEntry> Users { get; set; } = [new(0, "Owner", 0x13)];
    /// <summary>The foreground user: <c>settings</c> without <c>--user</c> acts on this one, not on user 0
    /// (SettingsService <c>MyShellCommand</c>: the default user is <c>UserHandle.USER_CURRENT</c>).</summary>
    public int CurrentUser { get; set; }
    /// <summary>
    /// Ids removed since the last boot: UserManagerService keeps them in <c>mRemovingUserIds</c>, in memory only,
    /// so a new user never gets one of them until the tablet restarts.
    /// </summary>
    public List<int> RemovedUserIdsSinceBoot { get; set; } = [];
    /// <summary>User 0's system and secure tables and the device-wide global table: namespace to key to value.</summary>
    public Dictionary<string, SortedDictionary<string, string>> Settings { get; set; } = [];
    /// <summary>The system and secure tables of the other users, by user id: real Android keeps one
    /// <c>settings_system.xml</c> and <c>settings_secure.xml</c> per user, and one global table.</summary>
    public Dictionary<int, Dictionary<string, SortedDictionary<string, string>>> UserSettings { get; set; } = [];
    /// <summary>Whether the test-harness setup made the lock screen "None" (LockPatternUtils.setLockScreenDisabled).</summary>
    public bool LockScreenDisabled { get; set; }
    /// <summary>"Automatically sync app data" for the main user; test harness turns it off and no shell command
    /// turns it back on (ContentShellCommand only has reset-today-stats).</summary>
    public bool MasterSync { get; set; } = true;
    public bool LocationEnabled { get; set; }
    /// <summary><c>ro.frp.pst</c>: the persistent data block (FRP partition). Empty: no PDB service, no test harness.</summary>
    public string FrpPartition { get; set; } = "/dev/block/by-name/frp";
    /// <summary>Set after a reset that left factory reset protection behind (the Google account of user 0, or a
    /// Samsung account's Reactivation Lock): the tablet stays in its setup wizard, without adb, until a person
    /// signs in with this account.</summary>
    public string? FrpLockedTo { get; set; }
    /// <summary>Whether Find My Mobile's Reactivation Lock is on for a Samsung account (<c>com.osp.app.signin</c>).</summary>
    public bool ReactivationLock { get; set; } = true;
    /// <summary>When this station's adb key was last used, in the simulated clock's Unix milliseconds; null when the
    /// tablet has never seen it (a tablet starts out authorised, as the scenarios assume).</summary>
    public long? StationKeyLastUsedMs { get; set; }
    /// <summary>Every <c>am broadcast</c> of a factory-reset action: the scripts must never send one, and tests fail on
    /// an entry here.</summary>
    public List<string> ResetBroadcasts { get; set; } = [];
    /// <summary>What <c>logcat -d</c> prints (the simulator only writes the lines that matter to the scripts).</summary>
    public List<string> Logcat { get; set; } = [];
    /// <summary>Properties beyond those derived from the fields above.</summary>
    public SortedDictionary<string, string> ExtraProperties { get; set; } = [];
    /// <summary>Absolute path to file or directory.</summary>
    public SortedDictionary<string, VirtualFile> Files { get; set; } = new(StringComparer.Ordinal);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static TabletState FromJson(string json) =>
        JsonSerializer.Deserialize<TabletState>(json, JsonOptions)
        ?? throw new InvalidDataException("The tablet state file is empty.");

    public TabletState Clone() => FromJson(ToJson());

    public string FileName => Serial + ".json";

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        // Write then rename, so that a simulator killed mid-save leaves the previous state intact.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, ToJson());
        File.Move(temporary, path, overwrite: true);
    }

    public static TabletState Load(string path) => FromJson(File.ReadAllText(path));

    /// <summary>All tablets saved in a state directory, in serial order.</summary>
    public static IReadOnlyList<TabletState> LoadAll(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).Select(Load)]
            : [];

    /// <summary>A settings table: <c>global</c> is device-wide whatever the user, <c>system</c> and <c>secure</c>
    /// belong to one user.</summary>
    public SortedDictionary<string, string> SettingsFor(string space, int user = 0)
    {
        var tables = Settings;
        if (space != "global" && user != 0 && !UserSettings.TryGetValue(user, out tables))
        {
            tables = [];
            UserSettings[user] = tables;
        }
        if (!tables.TryGetValue(space, out var values))
        {
            values = new SortedDictionary<string, string>(StringComparer.Ordinal);
            tables[space] = values;
        }
        return values;
    }

    /// <summary>Adds a line to the simulated logcat, keeping the last few hundred as the ring buffer does.</summary>
    public void Log(string line)
    {
        Logcat.Add(line);
        if (Logcat.Count > 500)
        {
            Logcat.RemoveAt(0);
        }
    }

    /// <summary>A new legacy <c>android_id</c> as SettingsProvider makes one for each user:
    /// <c>Long.toHexString(SecureRandom.nextLong())</c>, lowercase hex without leading zeros.</summary>
    public static string NewAndroidId() =>
        BitConverter.ToUInt64(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class BatteryState
{
    public int Level { get; set; } = 85;
    public bool AcPowered { get; set; }
    public bool UsbPowered { get; set; } = true;
    /// <summary>BatteryManager status: 2 charging, 3 discharging, 5 full.</summary>
    public int Status { get; set; } = 2;
    /// <summary>BatteryManager health: 2 good.</summary>
    public int Health { get; set; } = 2;
    public int VoltageMv { get; set; } = 4180;
    /// <summary>Tenths of a degree Celsius, as the framework reports it.</summary>
    public int TemperatureDeciC { get; set; } = 250;
    public string Technology { get; set; } = "Li-ion";
}

public sealed record InstalledPackage(string Name, string ApkPath, bool System = false)
{
    /// <summary>Users the package is installed for.</summary>
    public List<int> Users { get; init; } = [0];
    public List<int> DisabledForUsers { get; init; } = [];
}

public sealed record AccountEntry(string Name, string Type, int UserId = 0);

/// <summary>A user as <c>pm list users</c> shows it; flags are printed in hex.</summary>
public sealed record UserEntry(int Id, string Name, int Flags)
{
    public bool Running { get; set; } = true;
}

public sealed class VirtualFile
{
    public bool IsDirectory { get; set; }
    /// <summary>Null for generated content: <see cref="Size"/> bytes of a deterministic pattern (keeps photos out of the JSON).</summary>
    public byte[]? Content { get; set; }
    public long Size { get; set; }
    public long ModifiedUnix { get; set; } = 1_700_000_000;
    /// <summary>Permission bits only; the type comes from <see cref="IsDirectory"/>.</summary>
    public int Permissions { get; set; } = FileDefaultPermissions;

    private const int FileDefaultPermissions = 0x1b0; // 0660

    public long Length => Content?.LongLength ?? Size;

    /// <summary>st_mode as stat(2) gives it: S_IFDIR or S_IFREG plus permissions.</summary>
    public uint Mode => (uint)((IsDirectory ? 0x4000 : 0x8000) | Permissions);

    public byte[] ReadAll()
    {
        if (Content is not null)
        {
            return Content;
        }
        var bytes = new byte[Size];
        for (long i = 0; i < Size; i++)
        {
            bytes[i] = (byte)(i * 31 + (i >> 8));
        }
        return bytes;
    }

    public static VirtualFile Directory() => new() { IsDirectory = true, Permissions = 0x1f9 }; // 0771

    public static VirtualFile WithText(string text) => new() { Content = System.Text.Encoding.UTF8.GetBytes(text) };

    public static VirtualFile Generated(long size) => new() { Size = size };
}
