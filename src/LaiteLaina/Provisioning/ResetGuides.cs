using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace LaiteLaina.Provisioning;

/// <summary>One sentence of a guide in the three languages of the board.</summary>
public sealed record GuideText(string En, string Fi, string Sv)
{
    public string In(CultureInfo culture) => culture.TwoLetterISOLanguageName switch
    {
        "fi" => Fi,
        "sv" => Sv,
        _ => En,
    };
}

/// <summary>One step of a guided factory reset: what the tablet's screen shows, and what the person does then.</summary>
public sealed record GuideStep(GuideText Screen, GuideText Do);

/// <summary>
/// How a person factory resets one family of tablets (the guided reset): the recovery menu the job restarts the
/// tablet into, how to start recovery with the keys when adb cannot, the same reset from Settings, and what to do after
/// it so that the job finds the tablet again. A vendor's guide leaves out what it shares with the generic one.
/// </summary>
public sealed record ResetGuide
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Manufacturers { get; init; } = [];
    public IReadOnlyList<GuideStep> Recovery { get; init; } = [];
    public IReadOnlyList<GuideStep> Keys { get; init; } = [];
    public IReadOnlyList<GuideStep> Settings { get; init; } = [];
    public IReadOnlyList<GuideStep> After { get; init; } = [];
}

/// <summary>The guides shipped in Provisioning/Profiles/guides (samsung, lenovo, generic), chosen by the tablet's
/// <c>ro.product.manufacturer</c> as identify.sh reports it.</summary>
public static class ResetGuides
{
    private const string ResourcePrefix = "ResetGuides.";
    public const string Generic = "generic";

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>Every guide by file name; a vendor's missing sections are the generic guide's.</summary>
    public static IReadOnlyDictionary<string, ResetGuide> All { get; } = Load();

    private static Dictionary<string, ResetGuide> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var read = assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).ToDictionary(
            n => n[ResourcePrefix.Length..^".json".Length],
            n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                return JsonSerializer.Deserialize<ResetGuide>(stream, Options) ?? throw new InvalidOperationException("empty reset guide " + n);
            }, StringComparer.Ordinal);
        var generic = read[Generic];
        return read.ToDictionary(p => p.Key, p => p.Value with
        {
            Recovery = p.Value.Recovery.Count > 0 ? p.Value.Recovery : generic.Recovery,
            Keys = p.Value.Keys.Count > 0 ? p.Value.Keys : generic.Keys,
            Settings = p.Value.Settings.Count > 0 ? p.Value.Settings : generic.Settings,
            After = p.Value.After.Count > 0 ? p.Value.After : generic.After,
        }, StringComparer.Ordinal);
    }

    /// <summary>The guide for a tablet's manufacturer (identify's fact), the generic one when none names it.</summary>
    public static ResetGuide For(string? manufacturer) =>
        All.Values.FirstOrDefault(g => g.Manufacturers.Contains(manufacturer?.Trim(), StringComparer.OrdinalIgnoreCase)) ?? All[Generic];
}
