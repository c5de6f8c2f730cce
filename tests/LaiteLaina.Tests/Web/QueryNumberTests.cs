using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// Every numeric query parameter of every API route, found from the service's own endpoints (the handlers'
/// parameters), refuses a number out of its range and a value that is no number with a 400 that names the
/// parameter, the value and the range, and never answers 500; the command line's options refuse the same.
/// </summary>
public sealed partial class QueryNumberTests(Engine engine) : ApiTest(engine)
{
    private static readonly string[] Values = ["2147483647", "-1", "abc", "99999999999999999999"];

    [Test]
    public async Task Get_EveryNumericQueryParameter_BadValuesAre400NamingTheRange()
    {
        var parameters = NumericQueryParameters().ToList();
        Assert.That(parameters, Has.Some.EqualTo(("/api/reports/{name}", "days")).And.Some.EqualTo(("/api/devices/", "pageSize"))
            .And.Some.EqualTo(("/api/print-jobs/", "limit")).And.Some.EqualTo(("/api/audit-log/", "before")), "the handlers' parameters were found");
        var failures = new List<string>();
        foreach (var (route, name) in parameters)
            foreach (var value in Values)
            {
                var url = $"{Fill(route)}?{name}={value}&from=2025-01-01&to=2025-12-31";
                using var response = await Http.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                var inRange = value == "2147483647" && response.StatusCode == HttpStatusCode.OK;
                if (inRange)
                    continue;
                if (response.StatusCode != HttpStatusCode.BadRequest)
                {
                    failures.Add($"{url}: {(int)response.StatusCode} {body}");
                    continue;
                }
                var problem = JsonDocument.Parse(body).RootElement;
                var detail = problem.GetProperty("detail").GetString()!;
                if (problem.GetProperty("code").GetString() != "value.invalid" || !detail.Contains($"'{value}'", StringComparison.Ordinal)
                    || !WholeNumberRange().IsMatch(detail))
                    failures.Add($"{url}: {body}");
            }
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task Get_LeasesDaysIntMax_FinnishMessageNamesTheDays()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports/leases?days=2147483647");
        request.Headers.AcceptLanguage.ParseAdd("fi");
        using var response = await Http.SendAsync(request);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("päivien määrä").And.Contain("'2147483647'").And.Contain("1–3650"));
    }

    [TestCase("report leases --days 2147483647", "days '2147483647' is not valid: a whole number from 1 to 3650.")]
    [TestCase("report leases --days -1", "days '-1' is not valid: a whole number from 1 to 3650.")]
    [TestCase("label jobs --limit 0", "limit '0' is not valid: a whole number from 1 to 500.")]
    [TestCase("audit log --limit 2147483647", "limit '2147483647' is not valid: a whole number from 1 to 500.")]
    [TestCase("device list --page-size 501", "page-size '501' is not valid: a whole number from 1 to 500.")]
    [TestCase("device list --page 2147483647", "page '2147483647' is not valid: a whole number from 1 to 100000.")]
    public async Task Run_NumberOptionOutOfRange_OneLineWithTheRange(string command, string message)
    {
        var result = await CliRun.RunAsync([.. command.Split(' '), .. DataArgs()]);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Out);
        Assert.That(result.Error.Trim(), Is.EqualTo("error: " + message));
    }

    /// <summary>The (route, query name) of every handler parameter that is a number and comes from the query string:
    /// not from the route, the body or the services, directly or inside an [AsParameters] record.</summary>
    private IEnumerable<(string Route, string Name)> NumericQueryParameters()
    {
        foreach (var endpoint in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = endpoint.RoutePattern.RawText ?? "";
            if (!route.StartsWith("/api", StringComparison.Ordinal) || endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler)
                continue;
            var inRoute = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var p in handler.GetParameters())
            {
                var candidates = p.GetCustomAttribute<AsParametersAttribute>() is not null
                    ? p.ParameterType.GetConstructors().SelectMany(c => c.GetParameters()).Select(c => (c.Name!, c.ParameterType, c.GetCustomAttribute<FromQueryAttribute>()))
                    : [(p.Name!, p.ParameterType, p.GetCustomAttribute<FromQueryAttribute>())];
                foreach (var (name, type, fromQuery) in candidates)
                    if (IsNumber(Nullable.GetUnderlyingType(type) ?? type) && !inRoute.Contains(name) && p.GetCustomAttribute<FromBodyAttribute>() is null)
                        yield return (route, fromQuery?.Name ?? Camel(name));
            }
        }
    }

    private static bool IsNumber(Type t) =>
        t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(double) || t == typeof(decimal) || t == typeof(float);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string Fill(string route) =>
        RouteParameter().Replace(route.Replace("{name}", "leases", StringComparison.Ordinal), "1");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex("a whole number from [0-9]+ to [0-9]+")]
    private static partial Regex WholeNumberRange();
}
