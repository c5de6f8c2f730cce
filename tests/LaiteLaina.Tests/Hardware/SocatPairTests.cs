namespace LaiteLaina.Tests.Hardware;

public sealed class SocatPairTests
{
    [Test]
    public async Task StartAsync_OwnerProcessDies_SocatStopsAndItsLinksVanish()
    {
        using var owner = Process.Start("sleep", "60");
        var dir = Directory.CreateTempSubdirectory("laitelaina-socat-").FullName;
        await using var pair = await SocatPair.StartAsync(dir, owner.Id);
        Assert.That(File.Exists(pair.Host), Is.True);
        owner.Kill();
        await owner.WaitForExitAsync();
        var until = DateTime.UtcNow.AddSeconds(5);
        while (File.Exists(pair.Host) && DateTime.UtcNow < until)
            await Task.Delay(50);
        Assert.That((File.Exists(pair.Host), File.Exists(pair.Device)), Is.EqualTo((false, false)), "socat is still running after its owner died");
    }

    [Test]
    public async Task UnplugAsync_Running_LinksRemovedAndPlugAgainWorks()
    {
        var dir = Directory.CreateTempSubdirectory("laitelaina-socat-").FullName;
        await using var pair = await SocatPair.StartAsync(dir);
        await pair.UnplugAsync();
        Assert.That(File.Exists(pair.Host), Is.False);
        await pair.PlugAsync();
        Assert.That(File.Exists(pair.Host), Is.True);
    }
}
