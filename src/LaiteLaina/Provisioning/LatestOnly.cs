namespace LaiteLaina.Provisioning;

/// <summary>
/// Hands values to a slow writer one at a time, keeping only the newest that came while a write was under way.
/// A script prints its progress lines in bursts (several as it reads one batch of answers from a tablet), and
/// storing each is a database write that sixteen jobs at once queue for; the board only ever shows the newest.
/// One flow calls <see cref="Post"/> and then <see cref="FlushAsync"/>, which waits until the newest is written.
/// </summary>
public sealed class LatestOnly<T>(Func<T, Task> write) where T : class
{
    private readonly Lock _gate = new();
    private T? _latest;
    private bool _draining;
    private Task _running = Task.CompletedTask;

    public void Post(T value)
    {
        lock (_gate)
        {
            _latest = value;
            if (_draining)
                return;
            _draining = true;
        }
        _running = DrainAsync();
    }

    /// <summary>Waits until everything posted is written; a failed write surfaces here.</summary>
    public Task FlushAsync() => _running;

    private async Task DrainAsync()
    {
        while (true)
        {
            T? next;
            lock (_gate)
            {
                next = _latest;
                _latest = null;
                if (next is null)
                {
                    _draining = false;
                    return;
                }
            }
            try
            {
                await write(next);
            }
            catch
            {
                lock (_gate)
                    _draining = false;
                throw;
            }
        }
    }
}
