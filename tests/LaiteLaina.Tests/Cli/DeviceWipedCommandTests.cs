namespace LaiteLaina.Tests.Cli;

/// <summary>`laitelaina device wiped --at`: a wipe done by hand is often written down the day after, so the command
/// takes when it was done, as the web page's time field does, with the same refusals.</summary>
public sealed class DeviceWipedCommandTests(Engine engine) : DatabaseTest(engine)
{
    private Task<CliResult> Run(params string[] args) => CliRun.RunAsync([.. args, .. DataArgs()]);

    /// <summary>A transferred laptop that came in on <paramref name="acquired"/> and waits for its wipe.</summary>
    private async Task<string> LaptopAsync(DateTime acquired)
    {
        var added = await Run("device", "add", "--kind", "laptop", "--make", "Lenovo", "--serial", "PF-AT-1", "--acquisition", "transferred",
            "--acquired-on", acquired.ToString("d.M.yyyy", CultureInfo.InvariantCulture));
        Assert.That(added.ExitCode, Is.Zero, added.Error);
        return added.Out.Trim();
    }

    private Task<IReadOnlyList<DateTimeOffset>> WipesAsync() =>
        Db.ReadAsync(async c => (IReadOnlyList<DateTimeOffset>)(await c.QueryAsync<DateTimeOffset>("SELECT performed_at FROM sanitisations")).ToList());

    private Task<CliResult> WipedAsync(string tag, string at, params string[] more) =>
        Run(["device", "wiped", tag, "--method", "Windows reset", "--by", "Ville Virta", "--at", at, .. more]);

    [Test]
    public async Task DeviceWiped_AtYesterdayWithTime_StoredAsThatLocalTime()
    {
        var tag = await LaptopAsync(DateTime.Today.AddDays(-7));
        var yesterday = DateTime.Today.AddDays(-1);

        var result = await WipedAsync(tag, yesterday.ToString("d.M.yyyy", CultureInfo.InvariantCulture) + " 14.30");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(await WipesAsync(), Is.EqualTo(new[] { new DateTimeOffset(yesterday.AddHours(14).AddMinutes(30)) }));
        Assert.That((await new InventoryService(Db).GetAsync(tag)).LastWipedAt, Is.EqualTo(new DateTimeOffset(yesterday.AddHours(14).AddMinutes(30))));
    }

    [Test]
    public async Task DeviceWiped_AtIsoDateAlone_TheEndOfThatDay()
    {
        var tag = await LaptopAsync(DateTime.Today.AddDays(-7));
        var day = DateTime.Today.AddDays(-2);

        var result = await WipedAsync(tag, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(await WipesAsync(), Is.EqualTo(new[] { new DateTimeOffset(day.AddHours(23).AddMinutes(59)) }));
    }

    [Test]
    public async Task DeviceWiped_AtTomorrow_RefusedInTheUsersLanguageAndNothingRecorded()
    {
        var tag = await LaptopAsync(DateTime.Today.AddDays(-7));

        var result = await WipedAsync(tag, DateTime.Today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 09:00", "--language", "fi");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(result.Error, Does.Contain("ajankohta").And.Contain("ei voi olla tulevaisuudessa"));
        Assert.That(await WipesAsync(), Is.Empty);
        Assert.That((await new InventoryService(Db).GetAsync(tag)).Status, Is.EqualTo(DeviceStatus.Intake));
    }

    [Test]
    public async Task DeviceWiped_AtBeforeTheDeviceCameIn_RefusedNamingTheDayItCameIn()
    {
        var came = DateTime.Today.AddDays(-3);
        var tag = await LaptopAsync(came);

        var result = await WipedAsync(tag, came.AddDays(-1).ToString("d.M.yyyy", CultureInfo.InvariantCulture) + " 12.00");
        var swedish = await WipedAsync(tag, came.AddDays(-1).ToString("d.M.yyyy", CultureInfo.InvariantCulture) + " 12.00", "--language", "sv");

        var day = came.ToString("d.M.yyyy", CultureInfo.InvariantCulture);
        Assert.That((result.ExitCode, swedish.ExitCode), Is.EqualTo((1, 1)));
        Assert.That(result.Error, Does.Contain($"the device came in on {day}; a wipe cannot be dated before that"));
        Assert.That(swedish.Error, Does.Contain($"enheten togs emot {day}"));
        Assert.That(await WipesAsync(), Is.Empty);
        // The day it came in is fine.
        Assert.That((await WipedAsync(tag, day + " 16.00")).ExitCode, Is.Zero);
    }

    [Test]
    public async Task DeviceWiped_AtNotATime_RefusedSayingHowToWriteIt()
    {
        var tag = await LaptopAsync(DateTime.Today.AddDays(-7));

        var result = await WipedAsync(tag, "eilen", "--language", "fi");

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("'eilen'").And.Contain("5.12.2026 14.30"));
        Assert.That(await WipesAsync(), Is.Empty);
    }
}
