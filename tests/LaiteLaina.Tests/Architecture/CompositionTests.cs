using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LaiteLaina.Tests.Architecture;

/// <summary>One composition root: Program.AddLaiteLaina registers every service, the service and every CLI verb
/// take them from the host it builds, and nothing else puts the object graph together by hand.</summary>
public sealed partial class CompositionTests
{
    private static IEnumerable<(string Path, string Text)> Sources() =>
        SourceTree.CsFiles().Select(f => (Path.GetRelativePath(SourceTree.Root, f), File.ReadAllText(f)));

    /// <summary>The classes the host registers, by their own name.</summary>
    private static HashSet<string> Registered(IEnumerable<(string Path, string Text)> sources) =>
        sources.SelectMany(s => Registration().Matches(s.Text)).Select(m => m.Groups[2].Success ? m.Groups[2].Value : m.Groups[1].Value).ToHashSet();

    [Test]
    public void Verbs_NoCommand_BuildsARegisteredServiceByHand()
    {
        var sources = Sources().ToList();
        var registered = Registered(sources);
        Assert.That(registered, Has.Count.GreaterThan(20), "the registrations were not found");
        var verbs = sources.Where(s => s.Text.Contains("app.Action(", StringComparison.Ordinal) || s.Path.StartsWith("Demo", StringComparison.Ordinal)).ToList();
        Assert.That(verbs, Has.Count.GreaterThan(10), "the CLI verbs were not found");
        // "new UserService(db)", and the target-typed "UserService Service(Database db) => new(db, ...)".
        var byHand = from v in verbs
                     from m in Construction().Matches(v.Text).Concat(TargetTyped().Matches(v.Text))
                     where registered.Contains(m.Groups[1].Value)
                     select $"{v.Path}: new {m.Groups[1].Value}(";
        Assert.That(byHand, Is.Empty, "a verb takes its services from the host: await cli.GetAsync<T>(ct)");
        Assert.That(sources.Where(s => s.Text.Contains("ForDataDirectory(", StringComparison.Ordinal)).Select(s => s.Path), Is.Empty);
    }

    [Test]
    public void Registrations_NoHandWrittenFactory_ForAServiceTheContainerCanBuild()
    {
        // "s => new X(s.GetRequiredService<...>())" repeats a constructor the container reads by itself.
        var factories = Sources().SelectMany(s => Factory().Matches(s.Text).Select(m => $"{s.Path}: {m.Value}"));
        Assert.That(factories, Is.Empty);
    }

    [Test]
    public void Sources_Sanitisations_HaveOneWriter()
    {
        var writers = Sources().Where(s => Regex.IsMatch(s.Text, @"(INSERT INTO|UPDATE|DELETE FROM)\s+sanitisations\b"))
            .Select(s => s.Path.Replace('\\', '/'));
        Assert.That(writers, Is.EqualTo(new[] { "Inventory/SanitisationStore.cs" }));
    }

    [Test]
    public async Task Host_EveryServiceOfTheApplication_Resolves()
    {
        var data = Directory.CreateTempSubdirectory("laitelaina-host-").FullName;
        try
        {
            var location = new DataLocation(data, null);
            var (db, _) = await location.InitialiseAsync();
            IServiceCollection? services = null;
            await using var host = Program.CreateHost([], location, "http://127.0.0.1:0", b =>
            {
                b.Logging.ClearProviders();
                services = b.Services;
            }, db);
            var ours = services!.Where(d => d.ServiceType.Assembly == typeof(Program).Assembly && !d.ServiceType.IsGenericTypeDefinition)
                .Select(d => d.ServiceType).Distinct().ToList();
            Assert.That(ours, Has.Count.GreaterThan(20));
            foreach (var type in ours)
                Assert.That(host.Services.GetServices(type), Is.Not.Empty, type.Name);
            Assert.That(host.Services.GetServices<IHostedService>(), Is.Not.Empty);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Test]
    public void Assembly_NoControllers_SinceControllerDiscoveryIsOff()
    {
        // WebUi removes MVC's controller discovery; a controller added later would answer nothing.
        var controllers = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(Microsoft.AspNetCore.Mvc.ControllerBase).IsAssignableFrom(t) || t.Name.EndsWith("Controller", StringComparison.Ordinal));
        Assert.That(controllers.Select(t => t.FullName), Is.Empty, "pages and minimal API handlers only: see WebUi.AddWebUi");
    }

    [GeneratedRegex(@"\.Add(?:Singleton|Scoped|Transient|HostedService)<(\w+)(?:,\s*(\w+))?>\(")]
    private static partial Regex Registration();

    [GeneratedRegex(@"\bnew (\w+)\(")]
    private static partial Regex Construction();

    [GeneratedRegex(@"\b(\w+)\??\s+\w+\([^)]*\)\s*=>\s*new\(")]
    private static partial Regex TargetTyped();

    [GeneratedRegex(@"=>\s*new \w+\(\w+\.GetRequiredService<")]
    private static partial Regex Factory();
}
