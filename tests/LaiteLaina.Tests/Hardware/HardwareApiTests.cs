using LaiteLaina.Tests.Web;
using LaiteLaina.Web;
using Microsoft.AspNetCore.Builder;

namespace LaiteLaina.Tests.Hardware;

/// <summary>The hardware API and CLI on a real Kestrel with a file printer from configuration.</summary>
public sealed class HardwareApiTests(Engine engine) : ApiTest(engine)
{
    private string labels => Path.Combine(Scratch, "labels.zpl");

    private HttpClient http => Http;

    private WebApplication app => App;

    protected override string[] HostArgs => ["--Printers:0:Name=desk", $"--Printers:0:Port={labels}", "--PrintQueue:PollSeconds=0.2"];

    [SetUp]
    public Task AddDeviceAsync() => new InventoryService(Db).AddAsync(new DeviceInput { Kind = "laptop", Make = "Lenovo", Model = "T480" }, "t");

    private async Task<JsonElement> WaitForJobAsync(long id, string state)
    {
        for (var i = 0; i < 100; i++)
        {
            var job = await http.GetFromJsonAsync<JsonElement>($"/api/print-jobs/{id}");
            if (job.GetProperty("state").GetString() == state)
                return job;
            await Task.Delay(50);
        }
        Assert.Fail($"job {id} never became {state}");
        return default;
    }

    [Test]
    public async Task PostLabel_KnownTag_QueuedThenPrinted()
    {
        var response = await http.PostAsJsonAsync("/api/labels", new { tag = "LL-000001", copies = 2 });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var job = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(job.GetProperty("printer").GetString(), Is.EqualTo("desk"));
        Assert.That(job.TryGetProperty("payload", out _), Is.False, "the label bytes stay in the database");
        var printed = await WaitForJobAsync(job.GetProperty("id").GetInt64(), "printed");
        Assert.That(printed.GetProperty("attempts").GetInt32(), Is.EqualTo(1));
        Assert.That(await File.ReadAllTextAsync(labels), Does.Contain("^PQ2,0,1,Y"));
        var list = await http.GetFromJsonAsync<JsonElement>("/api/print-jobs");
        Assert.That(list.GetArrayLength(), Is.EqualTo(1));
        var reprint = await http.PostAsync($"/api/print-jobs/{job.GetProperty("id").GetInt64()}/reprint", null);
        Assert.That(reprint.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var cancel = await http.PostAsync($"/api/print-jobs/{job.GetProperty("id").GetInt64()}/cancel", null);
        Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task PostLabel_UnknownTag_ProblemDetails()
    {
        var response = await http.PostAsJsonAsync("/api/labels", new { tag = "LL-999999" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo("device 'LL-999999' was not found."));
    }

    [Test]
    public async Task GetHardware_Configured_ListsThePrinter()
    {
        var report = await http.GetFromJsonAsync<JsonElement>("/api/hardware");
        Assert.That(report.GetProperty("printers")[0].GetProperty("name").GetString(), Is.EqualTo("desk"));
        Assert.That(report.GetProperty("scanners").GetArrayLength(), Is.Zero);
        var cli = await CliRun.RunAsync("hardware", "status", "--url", app.Urls.First(), "--token", Token!);
        Assert.That(cli.ExitCode, Is.Zero, cli.Error);
        Assert.That(cli.Out, Does.Contain("desk").And.Contain("50.8x25.4"));
    }

    [Test]
    public async Task ScanStream_EventPublished_SentAsServerSentEvent()
    {
        using var response = await http.GetAsync("/api/scans/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.That(await reader.ReadLineAsync(), Is.EqualTo(": connected"));
        app.Services.GetRequiredService<ScanEvents>().Publish(new ScanEvent { Type = ScanEventKind.UnknownCode, Scanner = "desk", Code = "X-1" });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        string? line;
        while ((line = await reader.ReadLineAsync(timeout.Token)) is not null && !line.StartsWith("event:", StringComparison.Ordinal))
        {
        }
        Assert.That(line, Is.EqualTo("event: unknown-code"));
        var data = await reader.ReadLineAsync(timeout.Token);
        var sent = JsonDocument.Parse(data![6..]).RootElement;
        Assert.That((sent.GetProperty("code").GetString(), sent.GetProperty("type").GetString()), Is.EqualTo(("X-1", "unknown-code")));
        var recent = await http.GetFromJsonAsync<JsonElement>("/api/scans");
        Assert.That(recent[0].GetProperty("code").GetString(), Is.EqualTo("X-1"));
    }

    [Test]
    public async Task Cli_LabelPrintJobsCancel_WorkOnTheQueue()
    {
        Environment.SetEnvironmentVariable("Printers__0__Name", "intake");
        Environment.SetEnvironmentVariable("Printers__0__Port", Path.Combine(Scratch, "cli.zpl"));
        try
        {
            var print = await CliRun.RunAsync([.. DataArgs(), "label", "print", "LL-000001", "--copies", "3"]);
            Assert.That(print.ExitCode, Is.Zero, print.Error);
            Assert.That(print.Out, Does.Match(@"^queued print job (\d+): 3 × LL-000001 on intake"));
            var id = print.Out.Split(' ', ':')[3];
            var jobs = await CliRun.RunAsync([.. DataArgs(), "label", "jobs", "--format", "json"]);
            Assert.That(JsonDocument.Parse(jobs.Out).RootElement[0].GetProperty("printer").GetString(), Is.EqualTo("intake"));
            var cancel = await CliRun.RunAsync([.. DataArgs(), "label", "cancel", id]);
            Assert.That(cancel.Out.Trim(), Is.EqualTo($"print job {id} cancelled"));
            var bad = await CliRun.RunAsync([.. DataArgs(), "label", "print", "LL-000001", "--printer", "attic"]);
            Assert.That((bad.ExitCode, bad.Error.Trim()), Is.EqualTo((1, "error: printer 'attic' is not valid: use one of intake.")));
        }
        finally
        {
            Environment.SetEnvironmentVariable("Printers__0__Name", null);
            Environment.SetEnvironmentVariable("Printers__0__Port", null);
        }
    }

    [Test]
    public async Task Cli_LabelPrintWithPrinterInTheDataDirectory_QueuedFromAnyFolder()
    {
        // As 'laitelaina demo' leaves it: the printer is in DATA/appsettings.json, and the volunteer is in another folder.
        await File.WriteAllTextAsync(Path.Combine(Scratch, "appsettings.json"),
            $$"""{ "Printers": [ { "Name": "desk", "Port": "{{Path.Combine(Scratch, "desk.zpl")}}", "Language": "zpl" } ] }""");
        Assert.That(Directory.GetCurrentDirectory(), Is.Not.EqualTo(Scratch));
        string[] data = Engine == Engine.Sqlite ? DataArgs() : [.. DataArgs(), "--data", Scratch];
        var print = await CliRun.RunAsync([.. data, "label", "print", "LL-000001"]);
        Assert.That((print.ExitCode, print.Error), Is.EqualTo((0, "")));
        Assert.That(print.Out, Does.Match(@"^queued print job \d+: 1 × LL-000001 on desk"));
    }
}
