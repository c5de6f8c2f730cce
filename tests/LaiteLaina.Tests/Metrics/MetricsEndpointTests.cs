using LaiteLaina.Backups;
using LaiteLaina.Metrics;
using LaiteLaina.Tests.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace LaiteLaina.Tests.Metrics;

/// <summary>
/// /metrics on the real service after real work: a loan opened and closed through the API, a label printed to a file
/// and one sent to a printer that refuses, a backup. The text is parsed as Prometheus' exposition format line by line.
/// </summary>
public sealed class MetricsEndpointTests(Engine engine) : ApiTest(engine)
{
    protected override string[] HostArgs =>
    [
        "--Printers:0:Name=desk", $"--Printers:0:Port={Path.Combine(Scratch, "labels.zpl")}",
        "--Printers:1:Name=broken", "--Printers:1:Port=tcp://127.0.0.1:9", "--Printers:1:StatusTimeoutMs=200",
        "--PrintQueue:PollSeconds=0.2", "--PrintQueue:RetryInitialSeconds=0.1", "--PrintQueue:RetryMaxSeconds=0.1", "--PrintQueue:MaxAttempts=1",
        "--Provisioning:Enabled=false",
    ];

    private static readonly Regex Sample = new(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*=""(\\.|[^""\\])*""(,[a-zA-Z_][a-zA-Z0-9_]*=""(\\.|[^""\\])*"")*,?)?\})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)( -?[0-9]+)?$");

    /// <summary>Every line of the scrape checked against the text format; the samples by "name{labels}".</summary>
    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = BaseAddress };
        var response = await anonymous.GetAsync("/metrics");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        var typed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n').Where(l => l.Length > 0))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
                continue;
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.That(parts, Has.Length.EqualTo(4), line);
                Assert.That(parts[3], Is.AnyOf("counter", "gauge", "histogram", "summary", "untyped"), line);
                Assert.That(typed.Add(parts[2]), Is.True, "a metric typed twice: " + line);
                continue;
            }
            var m = Sample.Match(line);
            Assert.That(m.Success, Is.True, "not Prometheus text format: " + line);
            samples[line[..line.LastIndexOf(' ')].Trim()] = double.Parse(m.Groups[7].Value, CultureInfo.InvariantCulture);
        }
        return samples;
    }

    private static double Value(Dictionary<string, double> samples, string key) => samples.GetValueOrDefault(key);

    private async Task WaitForPrintAsync(long id, string state)
    {
        for (var i = 0; i < 200; i++)
        {
            var job = await Http.GetFromJsonAsync<JsonElement>($"/api/print-jobs/{id}");
            if (job.GetProperty("state").GetString() == state)
                return;
            await Task.Delay(50);
        }
        Assert.Fail($"print job {id} never reached {state}");
    }

    [Test]
    public async Task Metrics_AfterLoanPrintAndBackup_CountersMoved()
    {
        var inventory = new InventoryService(Db);
        var d = await inventory.AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A9+", SerialNumber = "M1" }, "t");
        await inventory.ReadyAsync(d.Tag, "t");
        var before = await ScrapeAsync();

        var borrower = await (await Http.PostAsJsonAsync("/api/borrowers", new { name = "Aino Äijälä", contact = "040 123 4567", language = "en" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var loan = await Http.PostAsJsonAsync("/api/loans", new
        {
            tag = d.Tag, borrower = borrower.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture), kind = "client",
            due = DateTime.Today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), recommendingWorker = "Sari", accessories = Array.Empty<string>(),
        });
        Assert.That(loan.StatusCode, Is.EqualTo(HttpStatusCode.Created), await loan.Content.ReadAsStringAsync());
        var reference = (await loan.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString();
        var open = await ScrapeAsync();
        Assert.That(Value(open, "laitelaina_loans_opened_total") - Value(before, "laitelaina_loans_opened_total"), Is.EqualTo(1));
        Assert.That(Value(open, "laitelaina_loans_closed_total"), Is.EqualTo(Value(before, "laitelaina_loans_closed_total")));

        var returned = await Http.PostAsJsonAsync($"/api/loans/{reference}/return", new { condition = "good", missing = Array.Empty<string>() });
        Assert.That(returned.StatusCode, Is.EqualTo(HttpStatusCode.OK), await returned.Content.ReadAsStringAsync());

        var printed = await (await Http.PostAsJsonAsync("/api/labels", new { tag = d.Tag, printer = "desk" })).Content.ReadFromJsonAsync<JsonElement>();
        await WaitForPrintAsync(printed.GetProperty("id").GetInt64(), "printed");
        var failed = await (await Http.PostAsJsonAsync("/api/labels", new { tag = d.Tag, printer = "broken" })).Content.ReadFromJsonAsync<JsonElement>();
        await WaitForPrintAsync(failed.GetProperty("id").GetInt64(), "failed");
        var backups = App.Services.GetRequiredService<BackupService>();
        var run = backups.Applies ? await backups.RunAsync() : null;

        var after = await ScrapeAsync();
        Assert.That(Value(after, "laitelaina_loans_closed_total") - Value(before, "laitelaina_loans_closed_total"), Is.EqualTo(1));
        Assert.That(Value(after, "laitelaina_loans_overdue"), Is.Zero);
        Assert.That(Value(after, "laitelaina_print_jobs{state=\"Printed\"}"), Is.EqualTo(1));
        Assert.That(Value(after, "laitelaina_print_jobs{state=\"Failed\"}"), Is.EqualTo(1));
        Assert.That(Value(after, "laitelaina_print_jobs{state=\"Queued\"}"), Is.Zero);
        Assert.That(Value(after, "laitelaina_printers_answering{printer=\"broken\"}"), Is.Zero);
        Assert.That(Value(after, "laitelaina_database_seconds_count{operation=\"write\"}"),
            Is.GreaterThan(Value(before, "laitelaina_database_seconds_count{operation=\"write\"}")));
        var loanPosts = after.Where(s => s.Key.StartsWith("http_requests_received_total{", StringComparison.Ordinal)
            && s.Key.Contains("method=\"POST\"", StringComparison.Ordinal) && Regex.IsMatch(s.Key, "endpoint=\"/api/loans/?\"")).ToList();
        Assert.That(loanPosts.Sum(s => s.Value), Is.GreaterThanOrEqualTo(1), "the POST /api/loans was not counted by its route");
        Assert.That(after.Keys.Where(k => k.Contains(reference!, StringComparison.Ordinal) || k.Contains("Aino", StringComparison.Ordinal)), Is.Empty,
            "a loan reference or a name in a label");
        if (run is not null)
        {
            Assert.That(run.Succeeded, Is.True, run.Why?.ToString());
            Assert.That(Value(after, "laitelaina_backup_last_ok"), Is.EqualTo(1));
            Assert.That(Value(after, "laitelaina_backup_last_success_age_seconds"), Is.InRange(0, 600));
        }
        else
        {
            Assert.That(Value(after, "laitelaina_backup_last_ok"), Is.EqualTo(-1));
        }
    }

    [Test]
    public async Task Metrics_WithoutSignIn_NotRedirectedToLogin()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        var response = await anonymous.GetAsync("/metrics");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("# TYPE laitelaina_loans_opened_total gauge"));
    }

    [Test]
    public async Task Metrics_AfterRequests_ProcessFiguresWithoutCopiesOfDotnetMeters()
    {
        Assert.That((await Http.GetAsync("/healthz")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await ScrapeAsync();
        var text = await Http.GetStringAsync("/metrics");
        Assert.That(text, Does.Contain("\nprocess_cpu_seconds_total ").And.Contain("\ndotnet_total_memory_bytes "));
        // The adapters report themselves whenever they run; their copies need a counter interval to show up.
        Assert.That(text, Does.Not.Contain("prometheus_net_meteradapter").And.Not.Contain("prometheus_net_eventcounteradapter")
            .And.Not.Contain("\nmicrosoft_aspnetcore_"));
    }
}

/// <summary>Who may read /metrics: loopback without a token; with Metrics:Token, only a request that brings it.</summary>
public sealed class MetricsAccessTests
{
    private static DefaultHttpContext From(string address, string? authorization = null)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (authorization is not null)
            http.Request.Headers.Authorization = authorization;
        return http;
    }

    private const string Token = "a-token-of-twenty-four-chars+";

    [Test]
    public void Refusal_NoTokenSet_LoopbackOnly()
    {
        var options = new MetricsOptions();
        Assert.That(MetricsExtensions.Refusal(From("127.0.0.1"), options), Is.Null);
        Assert.That(MetricsExtensions.Refusal(From("::1"), options), Is.Null);
        Assert.That(MetricsExtensions.Refusal(From("192.168.1.20"), options), Is.EqualTo(403));
    }

    [Test]
    public void Refusal_TokenSet_OnlyTheBearerOfIt()
    {
        var options = new MetricsOptions { Token = Token };
        Assert.That(MetricsExtensions.Refusal(From("192.168.1.20", "Bearer " + Token), options), Is.Null);
        Assert.That(MetricsExtensions.Refusal(From("192.168.1.20", "Bearer wrong"), options), Is.EqualTo(401));
        Assert.That(MetricsExtensions.Refusal(From("127.0.0.1"), options), Is.EqualTo(401), "with a token, loopback needs it too");
    }

    [Test]
    public void Load_ShortToken_RefusedNamingTheSetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Metrics:Token"] = "short" }).Build();
        var e = Assert.Throws<UserError>(() => MetricsOptions.Load(configuration));
        Assert.That(e!.Message, Does.Contain("Metrics:Token").And.Contain("at least 24 characters").And.Not.Contain("short"));
    }
}
