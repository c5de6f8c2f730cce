using System.Collections.Concurrent;

namespace LaiteLaina.Web;

/// <summary>
/// Remembers, for an hour, which form posts already did their work and what they made. A form carries a fresh
/// key; the second post of the same form (a double click, the back button and "send again") is sent to what the
/// first one made instead of trying again. The database still refuses a second open loan on its own.
/// </summary>
public sealed class DoubleSubmit(TimeProvider clock)
{
    private static readonly TimeSpan Kept = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, (string Result, DateTimeOffset At)> done = new(StringComparer.Ordinal);

    public string? Seen(string? key) => key is not null && done.TryGetValue(key, out var entry) ? entry.Result : null;

    public void Remember(string? key, string result)
    {
        if (key is null)
            return;
        var now = clock.GetUtcNow();
        done[key] = (result, now);
        if (done.Count > 10_000)
            foreach (var old in done.Where(e => now - e.Value.At > Kept).Select(e => e.Key).ToList())
                done.TryRemove(old, out _);
    }
}
