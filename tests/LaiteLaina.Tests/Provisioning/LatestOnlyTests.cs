namespace LaiteLaina.Tests.Provisioning;

[TestFixture]
public sealed class LatestOnlyTests
{
    [Test]
    public async Task Post_BurstWhileAWriteIsUnderWay_WritesTheFirstAndTheNewestOnly()
    {
        var written = new List<string>();
        var gate = new TaskCompletionSource();
        var latest = new LatestOnly<string>(async value =>
        {
            written.Add(value);
            if (value == "a")
                await gate.Task;
        });

        foreach (var value in new[] { "a", "b", "c", "d" })
            latest.Post(value);
        gate.SetResult();
        await latest.FlushAsync();

        Assert.That(written, Is.EqualTo((string[])["a", "d"]));
    }

    [Test]
    public async Task Post_OneAtATimeWithQuickWrites_WritesEvery()
    {
        var written = new List<string>();
        var latest = new LatestOnly<string>(value =>
        {
            written.Add(value);
            return Task.CompletedTask;
        });

        foreach (var value in new[] { "a", "b", "c" })
        {
            latest.Post(value);
            await latest.FlushAsync();
        }

        Assert.That(written, Is.EqualTo((string[])["a", "b", "c"]));
    }

    [Test]
    public async Task FlushAsync_WriteFailed_ThrowsAndTheNextPostIsWritten()
    {
        var written = new List<string>();
        var latest = new LatestOnly<string>(async value =>
        {
            await Task.Yield();
            if (value == "bad")
                throw new InvalidOperationException("disk full");
            written.Add(value);
        });

        latest.Post("bad");
        Assert.ThrowsAsync<InvalidOperationException>(latest.FlushAsync);
        latest.Post("good");
        await latest.FlushAsync();

        Assert.That(written, Is.EqualTo((string[])["good"]));
    }
}
