using System.Globalization;

namespace LaiteLaina.DeviceSim.State;

/// <summary>
/// Realistic tablets as they arrive at the provisioning station. Every call builds a fresh state,
/// and <c>index</c> makes serials distinct when one scenario is started several times.
/// </summary>
public static class Scenarios
{
    public const string Clean = "clean";
    public const string Donated = "donated";
    public const string ReturnedLoan = "returned-loan";
    public const string Locked = "locked";
    public const string Android9 = "android9";
    public const string SamsungOneUi6 = "samsung-oneui6";
    public const string Android15 = "android15";

    /// <summary>The names for a help text. A constant, so that a caller's help text does not load this assembly: the
    /// service builds every command's help at start, and `serve` never runs a simulated tablet.</summary>
    public const string NameList = Clean + ", " + Donated + ", " + ReturnedLoan + ", " + Locked + ", " + Android9 + ", " + SamsungOneUi6 + ", " + Android15;

    public static IReadOnlyList<string> Names { get; } = NameList.Split(", ");

    public static TabletState Create(string name, int index = 0) => name switch
    {
        Clean => CreateClean(index),
        Donated => CreateDonated(index),
        ReturnedLoan => CreateReturnedLoan(index),
        Locked => CreateLocked(index),
        Android9 => CreateAndroid9(index),
        SamsungOneUi6 => CreateSamsungOneUi6(index),
        Android15 => CreateAndroid15(index),
        _ => throw new ArgumentException($"Unknown scenario '{name}'. Known: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>Factory-fresh Samsung Galaxy Tab A 10.1 on Android 11, setup finished.</summary>
    public static TabletState CreateClean(int index = 0)
    {
        var state = new TabletState
        {
            Serial = "R52N" + (7_100_000 + index).ToString("D7", CultureInfo.InvariantCulture) + "X",
        };
        AddBaseline(state);
        return state;
    }

    /// <summary>A donor's Lenovo Tab M10: their Google account, holiday photos, a few apps.</summary>
    public static TabletState CreateDonated(int index = 0)
    {
        var state = new TabletState
        {
            Serial = "HGA" + (4_200_000 + index).ToString("D7", CultureInfo.InvariantCulture),
            Manufacturer = "LENOVO",
            Brand = "Lenovo",
            Model = "Lenovo TB-X605F",
            Product = "TB-X605F",
            Device = "X605F",
            AndroidVersion = "10",
            Sdk = 29,
            SecurityPatch = "2021-06-05",
            PhysicalDensity = 213,
        };
        AddBaseline(state);
        state.Battery.Level = 54;
        state.Accounts.Add(new AccountEntry("matti.meikalainen.1958@gmail.com", "com.google"));
        state.Accounts.Add(new AccountEntry("matti.meikalainen@example.fi", "com.microsoft.office.outlook.USER_ACCOUNT"));
        AddApp(state, "com.whatsapp");
        AddApp(state, "com.facebook.katana");
        AddApp(state, "fi.yle.areena");
        AddApp(state, "com.microsoft.office.outlook");
        for (var photo = 1; photo <= 5; photo++)
        {
            state.Files[$"/sdcard/DCIM/Camera/IMG_20230{photo}14_1{photo}3045.jpg"] = VirtualFile.Generated(180_000 + photo * 7_001);
        }
        state.Files["/sdcard/Download/Sähkölasku_03_2023.pdf"] = VirtualFile.Generated(48_211);
        state.ExtraProperties["persist.sys.timezone"] = "Europe/Helsinki";
        return state;
    }

    /// <summary>A loan tablet back from a client who used secondary user 10, with their apps and downloads.</summary>
    public static TabletState CreateReturnedLoan(int index = 0)
    {
        var state = new TabletState
        {
            Serial = "R9WT" + (3_000_000 + index).ToString("D7", CultureInfo.InvariantCulture) + "K",
            Model = "SM-T220",
            Product = "gta7litewifieea",
            Device = "gta7litewifi",
            AndroidVersion = "13",
            Sdk = 33,
            SecurityPatch = "2024-03-01",
            PhysicalDensity = 179,
        };
        AddBaseline(state);
        state.Users.Add(new UserEntry(10, "Asiakas", 0x10));
        state.Accounts.Add(new AccountEntry("asiakas.esimerkki@gmail.com", "com.google", 10));
        foreach (var app in new[] { "fi.kela.asiointi", "com.whatsapp", "us.zoom.videomeetings", "fi.op.android.opmobiili" })
        {
            state.Packages.Add(new InstalledPackage(app, $"/data/app/~~sim{index}/{app}-1/base.apk") { Users = [10] });
        }
        state.Files["/data/local/tmp/laitelaina-profile.txt"] = VirtualFile.WithText("loan=client\n");
        state.Files["/sdcard/Download/Vuokrasopimus.pdf"] = VirtualFile.Generated(92_400);
        state.Files["/sdcard/Download/Kela_päätös.pdf"] = VirtualFile.Generated(61_950);
        return state;
    }

    /// <summary>A tablet with a PIN nobody remembers: test harness refuses to reset it.</summary>
    public static TabletState CreateLocked(int index = 0)
    {
        var state = CreateClean(index);
        state.Serial = "R52M" + (5_500_000 + index).ToString("D7", CultureInfo.InvariantCulture) + "L";
        state.LockScreen = LockScreenKind.Pin;
        state.Accounts.Add(new AccountEntry("tuntematon.omistaja@gmail.com", "com.google"));
        state.SettingsFor("secure")["lockscreen.password_type"] = "131072";
        return state;
    }

    /// <summary>An Android 9 tablet: block encryption, no test-harness service.</summary>
    public static TabletState CreateAndroid9(int index = 0)
    {
        var state = new TabletState
        {
            Serial = "HA0" + (1_900_000 + index).ToString("D7", CultureInfo.InvariantCulture),
            Manufacturer = "LENOVO",
            Brand = "Lenovo",
            Model = "Lenovo TB-X505F",
            Product = "TB-X505F",
            Device = "X505F",
            AndroidVersion = "9",
            Sdk = 28,
            SecurityPatch = "2020-02-05",
            EncryptionType = "block",
            TestHarnessSupported = false,
            PhysicalDensity = 160,
            StorageTotalKb = 11_756_228,
        };
        AddBaseline(state);
        AddApp(state, "com.spotify.music");
        return state;
    }

    /// <summary>A Samsung Galaxy Tab A9+ on One UI 6 (Android 14) with its owner's Samsung account: after any
    /// factory reset, Settings' included, Reactivation Lock asks for that account.</summary>
    public static TabletState CreateSamsungOneUi6(int index = 0)
    {
        var state = new TabletState
        {
            Serial = "R83W" + (6_100_000 + index).ToString("D7", CultureInfo.InvariantCulture) + "S",
            Model = "SM-X210",
            Product = "gtaxlwifixx",
            Device = "gtaxlwifi",
            AndroidVersion = "14",
            Sdk = 34,
            SecurityPatch = "2025-01-01",
            PhysicalDensity = 240,
        };
        AddBaseline(state);
        state.Accounts.Add(new AccountEntry("omistaja@example.fi", "com.osp.app.signin"));
        return state;
    }

    /// <summary>A Google Pixel Tablet on Android 15 with a recent patch.</summary>
    public static TabletState CreateAndroid15(int index = 0)
    {
        var state = new TabletState
        {
            Serial = "3B1" + (5_150_000 + index).ToString("D7", CultureInfo.InvariantCulture) + "P",
            Manufacturer = "Google",
            Brand = "google",
            Model = "Pixel Tablet",
            Product = "tangorpro",
            Device = "tangorpro",
            AndroidVersion = "15",
            Sdk = 35,
            SecurityPatch = "2025-06-05",
            PhysicalDensity = 320,
        };
        AddBaseline(state);
        return state;
    }

    private static void AddApp(TabletState state, string name) =>
        state.Packages.Add(new InstalledPackage(name, $"/data/app/{name}-1/base.apk"));

    /// <summary>
    /// What every tablet has after setup: system apps, default settings, the usual folders. A tablet in use has
    /// booted many times; right after a factory reset <c>boot_count</c> is absent until the first boot writes 1.
    /// </summary>
    internal static void AddBaseline(TabletState state, bool afterReset = false)
    {
        foreach (var (name, path) in SystemPackages)
        {
            state.Packages.Add(new InstalledPackage(name, path, System: true));
        }
        var secure = state.SettingsFor("secure");
        secure["user_setup_complete"] = "1";
        // Random, as SettingsProvider makes it on a user's first boot; a reset makes a new one.
        secure["android_id"] = TabletState.NewAndroidId();
        var global = state.SettingsFor("global");
        if (!afterReset)
        {
            global["boot_count"] = "37";
        }
        global["adb_enabled"] = "1";
        global["device_provisioned"] = "1";
        global["stay_on_while_plugged_in"] = "0";
        var system = state.SettingsFor("system");
        system["screen_off_timeout"] = "60000";
        system["screen_brightness"] = "102";
        foreach (var directory in BaselineDirectories)
        {
            state.Files[directory] = VirtualFile.Directory();
        }
    }

    internal static readonly string[] BaselineDirectories =
    [
        "/data", "/data/local", "/data/local/tmp", "/sdcard", "/sdcard/DCIM", "/sdcard/DCIM/Camera",
        "/sdcard/Download", "/sdcard/Pictures", "/sdcard/Music", "/sdcard/Documents",
    ];

    private static readonly (string Name, string Path)[] SystemPackages =
    [
        ("android", "/system/framework/framework-res.apk"),
        ("com.android.settings", "/system/priv-app/SecSettings/SecSettings.apk"),
        ("com.android.shell", "/system/priv-app/Shell/Shell.apk"),
        ("com.android.providers.settings", "/system/priv-app/SettingsProvider/SettingsProvider.apk"),
        ("com.android.systemui", "/system/priv-app/SystemUI/SystemUI.apk"),
        ("com.android.vending", "/system/priv-app/Phonesky/Phonesky.apk"),
        ("com.google.android.gms", "/system/priv-app/PrebuiltGmsCore/PrebuiltGmsCore.apk"),
        ("com.google.android.gsf", "/system/priv-app/GoogleServicesFramework/GoogleServicesFramework.apk"),
        ("com.android.chrome", "/system/app/Chrome/Chrome.apk"),
        ("com.google.android.youtube", "/system/app/YouTube/YouTube.apk"),
        ("com.android.camera2", "/system/app/Camera2/Camera2.apk"),
    ];
}
