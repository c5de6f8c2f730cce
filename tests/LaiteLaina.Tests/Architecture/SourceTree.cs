using System.Text.RegularExpressions;
using LaiteLaina.Tests.Provisioning;

namespace LaiteLaina.Tests.Architecture;

/// <summary>The application's sources as the architecture tests read them: src/LaiteLaina without build output.</summary>
public static partial class SourceTree
{
    public static string Root => Path.Combine(PrivateAdbServer.RepositoryRoot, "src", "LaiteLaina");

    /// <summary>Every C# file below <paramref name="folder"/> (the whole tree by default), without bin and obj.</summary>
    public static IEnumerable<string> CsFiles(string? folder = null) =>
        Directory.EnumerateFiles(folder is null ? Root : Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>The names of the types <paramref name="text"/> declares.</summary>
    public static IEnumerable<string> TypeNames(string text) => TypeName().Matches(text).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"\b(?:class|record|enum|interface|struct)\s+(\w+)")]
    private static partial Regex TypeName();
}
