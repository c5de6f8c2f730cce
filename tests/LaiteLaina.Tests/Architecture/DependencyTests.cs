
namespace LaiteLaina.Tests.Architecture;

/// <summary>
/// The folders of src/LaiteLaina and which may use which, as docs/architecture.md draws them: a folder uses only
/// folders of lower layers, so there are no loops, and the files directly in src/LaiteLaina (Program.cs and the
/// verbs that run the whole application) are the composition root, which may use everything. A use is a
/// <c>using LaiteLaina.X</c>, an <c>@using</c> in a view, or a name qualified with a folder's namespace.
/// </summary>
public sealed partial class DependencyTests
{
    /// <summary>Lowest first. Folders in one layer are independent of each other.</summary>
    public static readonly string[][] Layers =
    [
        ["Kernel"],
        ["Storage"],
        ["Cli", "Web", "Hosting"],
        ["Backups"],
        ["Users"],
        ["Documents"],
        ["Inventory"],
        ["People"],
        ["Hardware"],
        ["Loans"],
        ["Provisioning"],
        ["Audit"],
        ["Reports"],
        ["Demo"],
        ["Metrics"],
    ];

    /// <summary>Imported into every file by the project; only layers that every feature may use.</summary>
    private static readonly string[] GlobalUsings = ["Kernel", "Web", "Cli"];

    private static string Source => SourceTree.Root;

    private static int Layer(string folder) => Array.FindIndex(Layers, l => l.Contains(folder));

    [Test]
    public void Folders_EveryFolder_HasALayer()
    {
        var folders = Directory.GetDirectories(Source).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).ToList();
        Assert.That(folders.Where(f => Layer(f!) < 0), Is.Empty, "a new folder needs its place in DependencyTests.Layers and docs/architecture.md");
        Assert.That(Layers.SelectMany(l => l), Is.SubsetOf(folders), "a layer names a folder that no longer exists");
    }

    [Test]
    public void Folders_EveryUse_PointsToALowerLayer()
    {
        var files = Directory.GetDirectories(Source).Where(d => Path.GetFileName(d) is not ("bin" or "obj"))
            .SelectMany(d => Directory.EnumerateFiles(d, "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Select(f => (Path: Path.GetRelativePath(Source, f), Text: File.ReadAllText(f)))
            .ToList();
        Assert.That(files, Has.Count.GreaterThan(100), "the sources were not found");
        Assert.That(Violations(files), Is.Empty);
    }

    [Test]
    public void Violations_InventoryPageUsingLoans_IsReported()
    {
        var files = new[]
        {
            ("Loans/Loan.cs", "namespace LaiteLaina.Loans;\npublic sealed record Loan;"),
            ("Inventory/Pages/DevicePage.cshtml.cs", "using LaiteLaina.Loans;\nnamespace LaiteLaina.Inventory.Pages;"),
            ("Inventory/Pages/DevicePage.cshtml", "@model X\n@foreach (var l in Model.Loans) { }"),
            ("Hardware/PrintQueue.cs", "namespace LaiteLaina.Hardware;\nclass PrintQueue { Loans.Loan? last; Inventory.Device? d; }"),
            ("Inventory/Device.cs", "namespace LaiteLaina.Inventory;\npublic sealed record Device;"),
            ("Web/WebUi.cs", "@using LaiteLaina.Users\n"),
        };
        Assert.That(Violations(files), Is.EquivalentTo(new[]
        {
            "Inventory/Pages/DevicePage.cshtml.cs uses Loans",
            "Hardware/PrintQueue.cs uses Loans",
            "Web/WebUi.cs uses Users",
        }));
    }

    [Test]
    public void Project_GlobalUsings_OnlyLayersEveryFeatureMayUse()
    {
        var project = File.ReadAllText(Path.Combine(Source, "LaiteLaina.csproj"));
        var imports = UsingElement().Matches(project).Select(m => m.Groups[1].Value);
        Assert.That(imports, Is.SubsetOf(GlobalUsings));
        var views = File.ReadAllText(Path.Combine(Source, "_ViewImports.cshtml"));
        Assert.That(Uses(views), Is.SubsetOf(GlobalUsings), "_ViewImports.cshtml imports a feature into every view");
        // Imported everywhere, Web and Cli must stay unused where the layers do not allow them: below them and beside them.
        foreach (var global in GlobalUsings.Where(g => g != "Kernel"))
        {
            var types = Directory.EnumerateFiles(Path.Combine(Source, global), "*.cs").SelectMany(f => SourceTree.TypeNames(File.ReadAllText(f))).ToHashSet();
            foreach (var folder in Layers.SelectMany(l => l).Where(f => f != global && Layer(f) <= Layer(global)))
            {
                foreach (var file in SourceTree.CsFiles(folder))
                {
                    var code = Regex.Replace(File.ReadAllText(file), @"//[^\n]*", "");
                    Assert.That(types.Where(t => Regex.IsMatch(code, $@"\b{t}\b")), Is.Empty, $"{Path.GetRelativePath(Source, file)} uses {global}");
                }
            }
        }
    }

    /// <summary>"FILE uses FOLDER" for every use of a folder that is not in a lower layer than the file's own.</summary>
    public static IEnumerable<string> Violations(IReadOnlyCollection<(string Path, string Text)> files)
    {
        static string Folder(string path) => path.Replace('\\', '/').Split('/')[0];
        var types = files.Where(f => f.Path.EndsWith(".cs", StringComparison.Ordinal))
            .GroupBy(f => Folder(f.Path))
            .ToDictionary(g => g.Key, g => g.SelectMany(f => SourceTree.TypeNames(f.Text)).ToHashSet());
        foreach (var (path, text) in files)
        {
            var own = Folder(path);
            var used = Uses(text).ToHashSet();
            foreach (var (folder, names) in types)
            {
                if (names.Count > 0 && Regex.IsMatch(text, $@"(?<![\w.]){folder}\.(?:{string.Join('|', names)})\b"))
                    used.Add(folder);
            }
            foreach (var folder in used.Where(f => f != own && Layer(f) >= 0).Order(StringComparer.Ordinal))
            {
                if (Layer(folder) >= Layer(own))
                    yield return $"{path.Replace('\\', '/')} uses {folder}";
            }
        }
    }

    private static IEnumerable<string> Uses(string text) =>
        UsingDirective().Matches(text).Concat(QualifiedName().Matches(text)).Select(m => m.Groups[1].Value).Distinct();

    [GeneratedRegex(@"^\s*@?using\s+LaiteLaina\.(\w+)", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"\bLaiteLaina\.(\w+)\.")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"<Using Include=""LaiteLaina\.(\w+)""")]
    private static partial Regex UsingElement();
}
