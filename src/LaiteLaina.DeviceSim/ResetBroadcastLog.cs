using System.Collections.Concurrent;

namespace LaiteLaina.DeviceSim;

/// <summary>
/// Every factory-reset broadcast any simulated tablet in this process received, as "SERIAL: Intent { ... }". On a
/// real tablet such a broadcast reports success and resets nothing (scripts/adb/README.md, "Sources"), so a script
/// that sends one believes a wipe that never happened. Process-wide, so that a test fixture can fail every test in
/// which one was sent without knowing the tablets the test started.
/// </summary>
public static class ResetBroadcastLog
{
    private static readonly ConcurrentQueue<string> Entries = new();

    public static int Count => Entries.Count;

    public static void Add(string serial, string intent) => Entries.Enqueue($"{serial}: {intent}");

    /// <summary>The entries after the first <paramref name="mark"/> (a <see cref="Count"/> taken earlier).</summary>
    public static IReadOnlyList<string> Since(int mark) => [.. Entries.Skip(mark)];
}
