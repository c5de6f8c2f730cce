using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// Records every message id a real request of a web test raised (a refusal thrown while the service answered a
/// page or API request made by a test's browser or client; not the language test's own refusal route), and at the
/// end of the run writes how many of all ids were reached that way, and which, to TestResults/reached-messages.txt.
/// It asserts nothing: which ids a journey reaches depends on which tests ran.
/// </summary>
[SetUpFixture]
public sealed class ReachedMessages
{
    private static readonly AsyncLocal<bool> InRequest = new();
    private static readonly ConcurrentDictionary<string, int> Reached = new(StringComparer.Ordinal);

    /// <summary>Added to every test host: marks the request's flow, so that a refusal raised in it is counted.</summary>
    internal sealed class Marker : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext http, RequestDelegate inner) =>
            {
                InRequest.Value = !http.Request.Path.Value!.Contains("/message-check/", StringComparison.Ordinal);
                await inner(http);
            });
            next(app);
        };
    }

    [OneTimeSetUp]
    public void Listen() => AppDomain.CurrentDomain.FirstChanceException += Record;

    private static void Record(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
    {
        if (InRequest.Value && e.Exception is UserError error)
            Reached.AddOrUpdate(error.Code, 1, (_, n) => n + 1);
    }

    [OneTimeTearDown]
    public void Report()
    {
        AppDomain.CurrentDomain.FirstChanceException -= Record;
        var all = Msg.All.Select(m => m.Id.Id).ToList();
        var reached = all.Where(Reached.ContainsKey).ToList();
        var file = Path.Combine(TestContext.CurrentContext.WorkDirectory, "reached-messages.txt");
        File.WriteAllLines(file, [$"{reached.Count} of {all.Count} message ids were raised by real requests of the web tests in this run:",
            .. reached.Select(id => $"{id} {Reached[id]}"), "", "not reached:", .. all.Except(reached)]);
        TestContext.Progress.WriteLine($"{reached.Count} of {all.Count} message ids were raised by real requests of the web tests ({file})");
    }
}
