using LaiteLaina.Hosting;
using LaiteLaina.Tests.Audit;
using Microsoft.Extensions.Logging;

namespace LaiteLaina.Tests.Hosting;

public sealed class PeriodicWorkerTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    /// <summary>Counts its passes; the passes listed in <see cref="Failing"/> throw.</summary>
    private sealed class CountingWorker(ListLogger<CountingWorker> log, TimeProvider clock, TimeSpan firstPassAfter = default, bool start = true)
        : PeriodicWorker(log, clock)
    {
        private int passes;

        public HashSet<int> Failing { get; } = [];
        public int Passes => Volatile.Read(ref passes);
        public bool Stopped { get; private set; }

        protected override string Work => "Counting";
        protected override TimeSpan Period => PeriodicWorkerTests.Period;
        protected override TimeSpan FirstPassAfter => firstPassAfter;
        protected override Task<bool> StartingAsync(CancellationToken ct) => Task.FromResult(start);

        protected override Task PassAsync(CancellationToken ct)
        {
            var pass = Interlocked.Increment(ref passes);
            return Failing.Contains(pass) ? throw new InvalidOperationException($"pass {pass} broke") : Task.CompletedTask;
        }

        protected override Task StoppedAsync()
        {
            Stopped = true;
            return Task.CompletedTask;
        }
    }

    private FakeTimeProvider clock = null!;
    private ListLogger<CountingWorker> log = null!;

    // NUnit keeps one fixture instance for all its tests: a fresh clock and log for each.
    [SetUp]
    public void FreshClockAndLog()
    {
        clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        log = new ListLogger<CountingWorker>();
    }

    private static async Task EventuallyAsync(Func<bool> done, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!done() && waited.Elapsed < TimeSpan.FromSeconds(10))
            await Task.Delay(10);
        Assert.That(done(), Is.True, what);
        // The pass has ended; give the loop a moment to reach its wait, so that moving the clock is seen by it.
        await Task.Delay(100);
    }

    [Test]
    public async Task ExecuteAsync_PassFails_LoggedAndNextPassAfterThePeriod()
    {
        using var worker = new CountingWorker(log, clock) { Failing = { 1 } };
        await worker.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => log.Count(LogLevel.Error) == 1, "the failing pass is logged");

        clock.Advance(Period - TimeSpan.FromSeconds(1));
        await Task.Delay(200);
        Assert.That(worker.Passes, Is.EqualTo(1), "no second pass before the period is over");
        clock.Advance(TimeSpan.FromSeconds(1));
        await EventuallyAsync(() => worker.Passes == 2, "the worker goes on after a failing pass");
        clock.Advance(Period);
        await EventuallyAsync(() => worker.Passes == 3, "and keeps going every period");
        await worker.StopAsync(CancellationToken.None);

        Assert.That(log.Lines, Is.EqualTo(new[] { "Error Counting failed; trying again in 00:05:00." }));
    }

    [Test]
    public async Task ExecuteAsync_FirstPassAfterSet_NoPassBeforeIt()
    {
        using var worker = new CountingWorker(log, clock, firstPassAfter: TimeSpan.FromMinutes(1));
        await worker.StartAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.That(worker.Passes, Is.Zero, "starting the service stays quick");
        clock.Advance(TimeSpan.FromMinutes(1));
        await EventuallyAsync(() => worker.Passes == 1, "the first pass comes after its delay");
        await worker.StopAsync(CancellationToken.None);
    }

    [Test]
    public async Task StopAsync_WhileWaiting_EndsQuietlyAndRunsStopped()
    {
        using var worker = new CountingWorker(log, clock);
        await worker.StartAsync(CancellationToken.None);
        await EventuallyAsync(() => worker.Passes == 1, "the first pass runs at once");
        await worker.StopAsync(CancellationToken.None);

        Assert.That((worker.Stopped, worker.ExecuteTask!.IsCompletedSuccessfully, log.Lines.Count), Is.EqualTo((true, true, 0)));
    }

    [Test]
    public async Task ExecuteAsync_StartingSaysNo_NoPass()
    {
        using var worker = new CountingWorker(log, clock, start: false);
        await worker.StartAsync(CancellationToken.None);
        await Task.Delay(100);
        clock.Advance(Period * 3);
        await Task.Delay(100);
        await worker.StopAsync(CancellationToken.None);
        Assert.That(worker.Passes, Is.Zero);
    }
}
