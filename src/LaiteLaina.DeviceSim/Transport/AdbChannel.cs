using System.Buffers;
using System.Text;
using System.Threading.Channels;
using LaiteLaina.DeviceSim.Protocol;

namespace LaiteLaina.DeviceSim.Transport;

/// <summary>
/// One logical stream (OPEN ... CLSE) with adb's flow control: the host may have one WRTE in
/// flight towards us and we may have one towards it. We acknowledge a host WRTE when a service
/// starts consuming it, so a slow service slows the host instead of buffering without bound.
/// </summary>
public sealed class AdbChannel : IDisposable
{
    private readonly AdbConnection _connection;
    private readonly Channel<byte[]> _inbound = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _writeCredit = new(1, 1);
    private byte[]? _current;
    private int _currentOffset;
    private int _currentLength;
    private volatile bool _closed;

    internal AdbChannel(AdbConnection connection, uint localId, uint remoteId, string service)
    {
        _connection = connection;
        LocalId = localId;
        RemoteId = remoteId;
        Service = service;
    }

    public uint LocalId { get; }
    public uint RemoteId { get; }
    public string Service { get; }
    public bool IsClosed => _closed;
    public CancellationToken Aborted => _connection.Aborted;

    // Payload arrays come from the shared pool; the first 4 bytes hold the length because
    // a rented array can be longer than what was asked for.
    internal void OnWrite(byte[] rented)
    {
        if (!_inbound.Writer.TryWrite(rented))
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    internal void OnOkay() => ReleaseCredit();

    internal void OnRemoteClose()
    {
        _closed = true;
        _inbound.Writer.TryComplete();
        ReleaseCredit();
    }

    private void ReleaseCredit()
    {
        if (_writeCredit.CurrentCount == 0)
        {
            try
            {
                _writeCredit.Release();
            }
            catch (SemaphoreFullException)
            {
                // A duplicate OKAY from a confused host is harmless.
            }
        }
    }

    /// <summary>Reads up to buffer.Length bytes; 0 means the host closed the stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer)
    {
        if (!await EnsureCurrentAsync())
        {
            return 0;
        }
        var n = Math.Min(buffer.Length, _currentLength - _currentOffset);
        _current.AsSpan(4 + _currentOffset, n).CopyTo(buffer.Span);
        Consume(n);
        return n;
    }

    public async ValueTask<bool> ReadExactlyAsync(Memory<byte> buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = await ReadAsync(buffer[done..]);
            if (n == 0)
            {
                return false;
            }
            done += n;
        }
        return true;
    }

    /// <summary>Moves <paramref name="count"/> bytes into <paramref name="destination"/> without an intermediate copy.</summary>
    public async ValueTask<bool> CopyToAsync(Stream destination, long count)
    {
        while (count > 0)
        {
            if (!await EnsureCurrentAsync())
            {
                return false;
            }
            var n = (int)Math.Min(count, _currentLength - _currentOffset);
            destination.Write(_current!, 4 + _currentOffset, n);
            Consume(n);
            count -= n;
        }
        return true;
    }

    /// <summary>Everything until the host closes its side (or sends CLSE).</summary>
    public async Task DrainAsync()
    {
        while (await EnsureCurrentAsync())
        {
            Consume(_currentLength - _currentOffset);
        }
    }

    private async ValueTask<bool> EnsureCurrentAsync()
    {
        if (_current is not null && _currentOffset < _currentLength)
        {
            return true;
        }
        if (!await _inbound.Reader.WaitToReadAsync(_connection.Aborted).ConfigureAwait(false) || !_inbound.Reader.TryRead(out var next))
        {
            return false;
        }
        _current = next;
        _currentOffset = 0;
        _currentLength = BitConverter.ToInt32(next, 0);
        // Acknowledge now rather than when the chunk is used up: the host sends the next WRTE
        // while we still work on this one.
        await _connection.SendAsync(AdbCommand.Okay, LocalId, RemoteId, ReadOnlyMemory<byte>.Empty);
        return true;
    }

    private void Consume(int n)
    {
        _currentOffset += n;
        if (_currentOffset >= _currentLength && _current is not null)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = null;
        }
    }

    public Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Sends data in WRTE messages of at most the negotiated size, one in flight at a time.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            var chunk = data[..Math.Min(data.Length, _connection.MaxPayload)];
            await _writeCredit.WaitAsync(_connection.Aborted);
            if (_closed)
            {
                throw new StreamClosedException();
            }
            await _connection.SendAsync(AdbCommand.Wrte, LocalId, RemoteId, chunk);
            data = data[chunk.Length..];
        }
    }

    /// <summary>Waits for the host to acknowledge the last WRTE, so that CLSE does not overtake data.</summary>
    public async Task FlushAsync()
    {
        if (_closed)
        {
            return;
        }
        await _writeCredit.WaitAsync(_connection.Aborted);
        ReleaseCredit();
    }

    public async Task CloseAsync()
    {
        if (_closed)
        {
            _connection.Forget(this);
            return;
        }
        await FlushAsync();
        _closed = true;
        _inbound.Writer.TryComplete();
        _connection.Forget(this);
        await _connection.SendAsync(AdbCommand.Clse, LocalId, RemoteId, ReadOnlyMemory<byte>.Empty);
    }

    public void Dispose()
    {
        ReleaseBuffers();
        _writeCredit.Dispose();
    }

    private void ReleaseBuffers()
    {
        if (_current is not null)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = null;
        }
        while (_inbound.Reader.TryRead(out var pending))
        {
            ArrayPool<byte>.Shared.Return(pending);
        }
    }
}

/// <summary>The host closed the stream while we still had data for it.</summary>
public sealed class StreamClosedException : IOException
{
    public StreamClosedException() : base("The host closed the stream.") { }
    public StreamClosedException(string message) : base(message) { }
    public StreamClosedException(string message, Exception inner) : base(message, inner) { }
}
