using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using LaiteLaina.Inventory;

namespace LaiteLaina.Provisioning;

/// <summary>How a profile wipes a tablet. <c>Guided</c> is a factory reset a person does (recovery keys or Settings) while
/// the job waits and then proves it; profiles may still spell it <c>recovery</c>, its former name.</summary>
public enum WipeMethod { Testharness, Guided, UserReset, Custom }

/// <summary>Where the tablet goes after provisioning (a profile's <c>destination</c>): the office keeps it, lends it
/// and takes it back, or hands it over to a client for good. A test-harness reset is refused for a handover.</summary>
public enum TabletDestination { Office, Loan, Handover }

public sealed record ProfileApp(string Package, string Apk);

/// <summary>
/// A provisioning profile: how a tablet is wiped and what it gets afterwards. Stored as JSON in
/// DATA/profiles/provisioning/NAME.json, in the snake_case keys the scripts in scripts/adb read with jq.
/// </summary>
public sealed record ProvisioningProfile
{
    public required string Name { get; init; }
    public required string Path { get; init; }
    public string Description { get; init; } = "";
    public WipeMethod Method { get; init; }
    /// <summary>Null when the profile does not say; only test harness cares (never for a handover).</summary>
    public TabletDestination? Destination { get; init; }
    public string? UserName { get; init; }
    public string? Command { get; init; }
    public int MinBattery { get; init; } = 30;
    public IReadOnlyList<ProfileApp> Apps { get; init; } = [];
    public double? FontScale { get; init; }
    public int? ScreenTimeoutSeconds { get; init; }
    public string? Locale { get; init; }
    public bool DeviceNameFromTag { get; init; }
    public string? CardTarget { get; init; }
    public IReadOnlyList<string> DisablePackages { get; init; } = [];

    /// <summary>A factory reset destroys the file-encryption keys (NIST SP 800-88 Purge); removing one user is a Clear.</summary>
    public SanitisationLevel Level => Method is WipeMethod.Testharness or WipeMethod.Guided ? SanitisationLevel.Purge : SanitisationLevel.Clear;

    /// <summary>Test harness keeps adb; after a guided reset a person turns USB debugging on again.</summary>
    public bool Reboots => Method is WipeMethod.Testharness or WipeMethod.Guided;

    /// <summary>The NIST SP 800-88 Rev. 2 technique the method is; a custom command's is unknown, so its level stands as given.</summary>
    public string? Technique => Method switch
    {
        WipeMethod.Testharness or WipeMethod.Guided => SanitisationTechnique.CryptoEraseFactoryReset,
        WipeMethod.UserReset => SanitisationTechnique.UserProfileRemoval,
        _ => null,
    };

    public string MethodText => Method switch
    {
        WipeMethod.Testharness => SanitisationMethods.TestHarness,
        WipeMethod.Guided => "factory reset by a person from the recovery menu or Settings, guided step by step",
        WipeMethod.UserReset => "secondary user removed and a fresh one created (pm remove-user)",
        _ => "the profile's own wipe command",
    };
}

/// <summary>
/// The profiles of a data directory. The shipped ones are copied in on first use and never overwritten, so
/// an administrator edits the copies; every file is checked when loaded, and a wrong one is refused with one
/// line naming the file, the field and the value.
/// </summary>
public sealed partial class ProvisioningProfiles(string directory)
{
    private const string ResourcePrefix = "ProvisioningProfiles.";

    public string Directory { get; } = directory;

    /// <summary>The office's profiles: DATA/profiles/provisioning.</summary>
    public ProvisioningProfiles(Storage.DataLocation location) : this(System.IO.Path.Combine(location.DataDirectory, "profiles", "provisioning"))
    {
    }

    public static IReadOnlyList<string> ShippedNames { get; } = Assembly.GetExecutingAssembly().GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length]).Order(StringComparer.Ordinal).ToList();

    public static string ShippedJson(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + name + ".json")
            ?? throw UserError.NotFound("provisioning profile", name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// SHA-256 of shipped profiles as earlier versions copied them: a copy still byte for byte like one of these was never
    /// edited by the office, so it is replaced by the current version (donated-handover used test harness until #18).
    /// </summary>
    private static readonly HashSet<string> EarlierShipped = new(StringComparer.Ordinal)
    {
        "980851f2f07e6c9382fe74adc73e7cf472da3ed7b340a7e0d399e6ab5054f6a4", // client-loan, until #18
        "987dd4dd982e2615fced17f10949163ba708d40bed0bdb046b021d1b9873b2da", // donated-handover, test harness
        "bd5c757a3549d6eefea2039e7f53e89a244836be10b023a96e6363b4cb1f4548", // recovery-reset, "recovery"
        "b04555015e994f6cba43114e889fea0785525f83cb4be7ab4739a53eca20858d", // staff-tablet, no destination
    };

    /// <summary>Copies shipped profiles that are not in the data directory yet, and upgrades copies nobody edited.</summary>
    public void EnsureDefaults()
    {
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var name in ShippedNames)
        {
            var path = System.IO.Path.Combine(Directory, name + ".json");
            if (!File.Exists(path) || EarlierShipped.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))))
                File.WriteAllText(path, ShippedJson(name));
        }
    }

    public IReadOnlyList<ProvisioningProfile> LoadAll()
    {
        EnsureDefaults();
        return System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal)
            .Select(path => Parse(path, File.ReadAllText(path))).ToList();
    }

    public ProvisioningProfile Get(string name)
    {
        EnsureDefaults();
        if (!ProfileName().IsMatch(name))
            throw UserError.Invalid("profile", name, Msg.ProfileName);
        var path = System.IO.Path.Combine(Directory, name + ".json");
        if (!File.Exists(path))
        {
            var known = System.IO.Directory.GetFiles(Directory, "*.json").Select(System.IO.Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
            throw UserError.Invalid("profile", name, Msg.ValueUseOneOf.With(string.Join(", ", known)));
        }
        return Parse(path, File.ReadAllText(path));
    }

    /// <summary>Reads and checks one profile; a mistake becomes a <see cref="UserError"/> naming file, field and value.</summary>
    public static ProvisioningProfile Parse(string path, string json)
    {
        var file = System.IO.Path.GetFileName(path);
        UserError Bad(string field, string? value, Message allowed) => UserError.Invalid(Msg.ProfileField.With(file, field), $"profile {file}: {field}", value, allowed);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw Bad("(file)", Msg.ProfileJsonLine.With(e.LineNumber + 1).ToString(), Msg.ProfileJsonInvalid.With(e.Message.Split('.')[0]));
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Bad("(file)", root.ValueKind.ToString(), Msg.ProfileJsonObject);
            // Every object refuses keys it does not know: a misspelt "font_scael" would otherwise be skipped and the
            // tablet handed out with small text.
            void Only(JsonElement element, string prefix, params string[] keys)
            {
                foreach (var property in element.EnumerateObject().Where(p => !keys.Contains(p.Name, StringComparer.Ordinal)))
                    throw StrictConfiguration.Unknown(Msg.ConfigSourceProfile.With(file), prefix + property.Name, property.Name, keys);
            }
            Only(root, "", "description", "destination", "wipe", "min_battery", "apps", "settings", "card", "disable_packages", "apk_dir");

            string? Text(JsonElement parent, string name, string field)
            {
                if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                    return null;
                return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Bad(field, value.GetRawText(), Msg.ProfileText);
            }
            double? Number(JsonElement parent, string name, string field, double min, double max)
            {
                if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                    return null;
                return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var n) && n >= min && n <= max
                    ? n : throw Bad(field, value.GetRawText(), Msg.ProfileNumber.With(min, max));
            }
            JsonElement Section(string name)
            {
                if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                    return default;
                return value.ValueKind == JsonValueKind.Object ? value : throw Bad(name, value.GetRawText(), Msg.ProfileObject);
            }
            IEnumerable<JsonElement> Array(string name)
            {
                if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                    return [];
                return value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : throw Bad(name, value.GetRawText(), Msg.ProfileList);
            }
            string Package(string? value, string field) =>
                value is not null && PackageName().IsMatch(value) ? value : throw Bad(field, value, Msg.ProfilePackage);

            var wipe = Section("wipe");
            if (wipe.ValueKind != JsonValueKind.Object)
                throw Bad("wipe", null, Msg.ProfileWipeMissing);
            Only(wipe, "wipe.", "method", "command", "user_name");
            var methodText = Text(wipe, "method", "wipe.method");
            var method = methodText switch
            {
                "testharness" => WipeMethod.Testharness,
                "guided" or "recovery" => WipeMethod.Guided,
                "user-reset" => WipeMethod.UserReset,
                "custom" => WipeMethod.Custom,
                _ => throw Bad("wipe.method", methodText, Msg.ProfileWipeMethod),
            };
            var destinationText = Text(root, "destination", "destination");
            TabletDestination? destination = destinationText switch
            {
                null => null,
                "office" => TabletDestination.Office,
                "loan" => TabletDestination.Loan,
                "handover" => TabletDestination.Handover,
                _ => throw Bad("destination", destinationText, Msg.ProfileDestination),
            };
            // Test Harness Mode outlives its reset (adb key trusted for ever, no lock screen, sync off) until the next plain
            // factory reset: fine for a tablet the office keeps, never for one a client keeps. A user reset leaves the
            // main user's data and cannot make a handover either.
            if (destination == TabletDestination.Handover && method is WipeMethod.Testharness or WipeMethod.UserReset)
                throw Bad("wipe.method", methodText, Msg.ProfileHandoverMethod);
            var command = Text(wipe, "command", "wipe.command");
            if (method == WipeMethod.Custom && string.IsNullOrWhiteSpace(command))
                throw Bad("wipe.command", command, Msg.ProfileWipeCommand);
            var userName = Text(wipe, "user_name", "wipe.user_name");
            if (userName is not null && (userName.Length is 0 or > 40 || userName.Any(char.IsControl) || userName.Contains('"', StringComparison.Ordinal)))
                throw Bad("wipe.user_name", userName, Msg.ProfileUserName);

            var apps = new List<ProfileApp>();
            var index = 0;
            foreach (var app in Array("apps"))
            {
                var field = $"apps[{index++}]";
                if (app.ValueKind != JsonValueKind.Object)
                    throw Bad(field, app.GetRawText(), Msg.ProfileApp);
                Only(app, field + ".", "package", "apk");
                var package = Package(Text(app, "package", field + ".package"), field + ".package");
                var apk = Text(app, "apk", field + ".apk");
                if (apk is null || !apk.EndsWith(".apk", StringComparison.OrdinalIgnoreCase) || apk.Contains('/', StringComparison.Ordinal) || apk.StartsWith('.'))
                    throw Bad(field + ".apk", apk, Msg.ProfileApk);
                apps.Add(new ProfileApp(package, apk));
            }

            var settings = Section("settings");
            double? fontScale = null;
            int? timeout = null;
            string? locale = null;
            var deviceName = false;
            if (settings.ValueKind == JsonValueKind.Object)
            {
                Only(settings, "settings.", "font_scale", "screen_timeout_seconds", "locale", "device_name_from_tag");
                fontScale = Number(settings, "font_scale", "settings.font_scale", 0.85, 2.0);
                timeout = (int?)Number(settings, "screen_timeout_seconds", "settings.screen_timeout_seconds", 15, 86_400);
                locale = Text(settings, "locale", "settings.locale");
                if (locale is not null && !LocaleTag().IsMatch(locale))
                    throw Bad("settings.locale", locale, Msg.ProfileLocale);
                if (settings.TryGetProperty("device_name_from_tag", out var flag))
                    deviceName = flag.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        _ => throw Bad("settings.device_name_from_tag", flag.GetRawText(), Msg.ValueTrueOrFalse),
                    };
            }

            var card = Section("card");
            if (card.ValueKind == JsonValueKind.Object)
                Only(card, "card.", "target");
            var cardTarget = card.ValueKind == JsonValueKind.Object ? Text(card, "target", "card.target") : null;
            if (cardTarget is not null && (!cardTarget.StartsWith("/sdcard/", StringComparison.Ordinal) || cardTarget.Contains("..", StringComparison.Ordinal) || cardTarget.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '`')))
                throw Bad("card.target", cardTarget, Msg.ProfileCardTarget);

            index = 0;
            var disable = Array("disable_packages")
                .Select(p => Package(p.ValueKind == JsonValueKind.String ? p.GetString() : p.GetRawText(), $"disable_packages[{index++}]")).ToList();
            var minBattery = (int?)Number(root, "min_battery", "min_battery", 0, 100) ?? 30;

            return new ProvisioningProfile
            {
                Name = System.IO.Path.GetFileNameWithoutExtension(path),
                Path = System.IO.Path.GetFullPath(path),
                Description = Text(root, "description", "description") ?? "",
                Method = method,
                Destination = destination,
                UserName = method == WipeMethod.UserReset ? userName ?? "Lainaaja" : userName,
                Command = command,
                MinBattery = minBattery,
                Apps = apps,
                FontScale = fontScale,
                ScreenTimeoutSeconds = timeout,
                Locale = locale,
                DeviceNameFromTag = deviceName,
                CardTarget = cardTarget,
                DisablePackages = disable,
            };
        }
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$")]
    private static partial Regex PackageName();

    [GeneratedRegex(@"^[a-z]{2,3}(-[A-Z]{2})?$")]
    private static partial Regex LocaleTag();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,40}$")]
    private static partial Regex ProfileName();
}
