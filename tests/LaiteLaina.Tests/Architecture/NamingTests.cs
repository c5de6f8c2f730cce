using Microsoft.Extensions.Hosting;

namespace LaiteLaina.Tests.Architecture;

/// <summary>One naming convention: XService holds rules, XWorker runs in the background, XStore holds SQL, and a
/// file is named after the type it is for, so that a name says where to look.</summary>
public sealed class NamingTests
{
    /// <summary>Files that hold a family of small types under one name, each with the reason.</summary>
    private static readonly Dictionary<string, string> Families = new()
    {
        ["Loans/LoanScanActions.cs"] = "the loan feature's two scanner modes and the helper they share",
    };

    [Test]
    public void Sources_EveryFile_NamedAfterATypeItDeclares()
    {
        var misnamed = SourceTree.CsFiles()
            .Where(f => !f.EndsWith(".cshtml.cs", StringComparison.Ordinal))
            .Where(f => !Families.ContainsKey(Path.GetRelativePath(SourceTree.Root, f).Replace('\\', '/')))
            .Where(f => !SourceTree.TypeNames(File.ReadAllText(f)).Contains(Path.GetFileNameWithoutExtension(f)))
            .Select(f => Path.GetRelativePath(SourceTree.Root, f));
        Assert.That(misnamed, Is.Empty);
    }

    [Test]
    public void Types_EveryBackgroundService_IsAWorker()
    {
        var workers = typeof(Program).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(BackgroundService).IsAssignableFrom(t)).ToList();
        Assert.That(workers, Has.Count.GreaterThanOrEqualTo(4));
        Assert.That(workers.Where(t => !t.Name.EndsWith("Worker", StringComparison.Ordinal)).Select(t => t.Name), Is.Empty);
        var services = typeof(Program).Assembly.GetTypes().Where(t => t.Name.EndsWith("Service", StringComparison.Ordinal) && typeof(IHostedService).IsAssignableFrom(t));
        Assert.That(services.Select(t => t.Name), Is.Empty, "an XService holds rules; what runs in the background is an XWorker");
    }
}
