using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace LaiteLaina.Storage;

/// <summary>Runs the producer of a sequence on another thread, a bounded distance ahead of its consumer.</summary>
public static class Pipeline
{
    /// <summary>
    /// Enumerates <paramref name="source"/> on the thread pool into a bounded buffer, so that producing the next
    /// items (parsing a file, serialising JSON) overlaps with the caller's work on the current one. An exception
    /// in the producer reaches the consumer at the item where it happened.
    /// </summary>
    public static async IAsyncEnumerable<T> Ahead<T>(IEnumerable<T> source, int capacity, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var item in source)
                    await channel.Writer.WriteAsync(item, stop.Token);
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(ct))
                yield return item;
        }
        finally
        {
            // The consumer stopped early or failed: let the producer finish instead of leaving it blocked on a full buffer.
            await stop.CancelAsync();
            await producer;
        }
    }
}

