using LaiteLaina.Tests.Web;

namespace LaiteLaina.Tests.Provisioning;

/// <summary>/api/provisioning over the real service (its adb watcher off: no tablets here, and never the default adb port).</summary>
[EndToEnd]
public sealed class ProvisioningApiTests(Engine engine) : ApiTest(engine)
{
    [Test]
    public async Task Jobs_StartListCancel_WithItsSteps()
    {
        var created = await Http.PostAsJsonAsync("/api/provisioning/jobs", new { serial = "127.0.0.1:5555", profile = "staff-tablet" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
        var job = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = job.GetProperty("id").GetInt64();
        Assert.That(job.GetProperty("state").GetString(), Is.EqualTo("queued"));
        Assert.That(job.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()), Is.EqualTo(JobStore.StepNames));

        var twice = await Http.PostAsJsonAsync("/api/provisioning/jobs", new { serial = "127.0.0.1:5555" });
        Assert.That(twice.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var list = JsonDocument.Parse(await Http.GetStringAsync("/api/provisioning/jobs")).RootElement;
        Assert.That(list.EnumerateArray().Select(j => j.GetProperty("id").GetInt64()), Does.Contain(id));

        var cancelled = await Http.PostAsync($"/api/provisioning/jobs/{id}/cancel", null);
        Assert.That(JsonDocument.Parse(await cancelled.Content.ReadAsStringAsync()).RootElement.GetProperty("state").GetString(), Is.EqualTo("cancelled"));
        var retry = await Http.PostAsync($"/api/provisioning/jobs/{id}/retry", null);
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task Events_JobStarted_StreamsTheJob()
    {
        var created = await Http.PostAsJsonAsync("/api/provisioning/jobs", new { serial = "127.0.0.1:5556" });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var response = await Http.GetAsync("/api/provisioning/events", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        string? data = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == "event: job")
            {
                data = (await reader.ReadLineAsync(timeout.Token))!["data: ".Length..];
                break;
            }
        }

        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(data, Is.Not.Null);
        Assert.That(JsonDocument.Parse(data!).RootElement.GetProperty("id").GetInt64(), Is.EqualTo(id));
    }

    [Test]
    public async Task Intake_UnknownTabletRegistered_DeviceWithItsSerial()
    {
        await JobStore.SeenUnknownAsync(Db, "HGA4299999", "127.0.0.1:5557", "LENOVO", "Lenovo TB-X605F", "10");
        var pending = JsonDocument.Parse(await Http.GetStringAsync("/api/provisioning/intake")).RootElement;
        Assert.That(pending.EnumerateArray().Select(e => e.GetProperty("serialNumber").GetString()), Is.EqualTo(new[] { "HGA4299999" }));

        var registered = await Http.PostAsJsonAsync("/api/provisioning/intake/HGA4299999/register", new { acquisition = "donated" });

        Assert.That(registered.StatusCode, Is.EqualTo(HttpStatusCode.OK), await registered.Content.ReadAsStringAsync());
        var device = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement;
        Assert.That(device.GetProperty("serialNumber").GetString(), Is.EqualTo("HGA4299999"));
        Assert.That(device.GetProperty("model").GetString(), Is.EqualTo("TB-X605F"));
        Assert.That(device.GetProperty("status").GetString(), Is.EqualTo("intake"));
        Assert.That(JsonDocument.Parse(await Http.GetStringAsync("/api/provisioning/intake")).RootElement.GetArrayLength(), Is.Zero);
        var again = await Http.PostAsync("/api/provisioning/intake/HGA4299999/ignore", null);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
    }
}
