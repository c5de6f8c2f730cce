using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using LaiteLaina.DeviceSim.Protocol;
using LaiteLaina.DeviceSim.Services;
using Microsoft.Extensions.Logging;

namespace LaiteLaina.DeviceSim.Transport;

/// <summary>
/// The device end of one TCP connection from an adb server: handshake, stream table, and the
/// read loop that dispatches messages. One bad message ends this connection only.
/// </summary>
public sealed class AdbConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _network;
    private readonly SimulatedTablet _tablet;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<uint, AdbChannel> _streams = new();
    private readonly CancellationTokenSource _aborted = new();
    private readonly byte[] _sendHeader = new byte[AdbHeader.Size];
    private uint _nextLocalId;
    private bool _online;
    private bool _withChecksum = true;
    private long _bytesReceived;

    internal AdbConnection(Socket socket, SimulatedTablet tablet, ILogger logger)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _network = new NetworkStream(socket, ownsSocket: true);
        _tablet = tablet;
        _logger = logger;
        MaxPayload = tablet.Options.MaxPayload;
    }

    public int MaxPayload { get; private set; }
    public CancellationToken Aborted => _aborted.Token;
    public SimulatedTablet Tablet => _tablet;

    public async Task RunAsync()
    {
        var header = new byte[AdbHeader.Size];
        try
        {
            while (!_aborted.IsCancellationRequested)
            {
                await _network.ReadExactlyAsync(header, _aborted.Token);
                var parsed = AdbFraming.ReadHeader(header);
                var error = AdbFraming.Validate(parsed, (uint)Math.Max(MaxPayload, _tablet.Options.MaxPayload));
                if (error != HeaderError.None)
                {
                    _logger.LogWarning("{Serial}: dropping connection, {Error} in header {Header}", _tablet.Serial, error, Convert.ToHexString(header));
                    return;
                }
                var length = (int)parsed.DataLength;
                var rented = ArrayPool<byte>.Shared.Rent(length + 4);
                BitConverter.TryWriteBytes(rented, length);
                await _network.ReadExactlyAsync(rented.AsMemory(4, length), _aborted.Token);
                _bytesReceived += length;
                if (_tablet.ShouldUnplugAfter(_bytesReceived))
                {
                    ArrayPool<byte>.Shared.Return(rented);
                    _tablet.Unplug();
                    return;
                }
                await DispatchAsync(parsed, rented, length);
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The host went away or we were unplugged: normal end of a connection.
        }
        catch (Exception e)
        {
            // A bug in one connection must not take the tablet, or the farm, down with it.
            _logger.LogError(e, "{Serial}: connection failed", _tablet.Serial);
        }
        finally
        {
            Abort(graceful: true);
            Dispose();
        }
    }

    public void Dispose()
    {
        _network.Dispose();
        _aborted.Dispose();
        _sendLock.Dispose();
    }

    private async Task DispatchAsync(AdbHeader header, byte[] rented, int length)
    {
        var keepBuffer = false;
        try
        {
            var payload = rented.AsMemory(4, length);
            switch (header.Command)
            {
                case AdbCommand.Cnxn:
                    await OnConnectAsync(header, payload);
                    break;
                case AdbCommand.Auth:
                    if (_tablet.Faults.Unauthorized && header.Arg0 == AdbCommand.AuthSignature)
                    {
                        // Every signature is "wrong": ask again, like a device whose user never taps Allow.
                        await SendAuthTokenAsync();
                    }
                    break;
                case AdbCommand.Open when _online:
                    await OnOpenAsync(header.Arg0, AdbFraming.ServiceName(payload.Span));
                    break;
                case AdbCommand.Okay when _streams.TryGetValue(header.Arg1, out var acked):
                    acked.OnOkay();
                    break;
                case AdbCommand.Wrte when _streams.TryGetValue(header.Arg1, out var target):
                    target.OnWrite(rented);
                    keepBuffer = true;
                    break;
                case AdbCommand.Wrte:
                    // Data for a stream we already closed: tell the host it is gone.
                    await SendAsync(AdbCommand.Clse, 0, header.Arg0, ReadOnlyMemory<byte>.Empty);
                    break;
                case AdbCommand.Clse when _streams.TryRemove(header.Arg1, out var closing):
                    closing.OnRemoteClose();
                    break;
                default:
                    _logger.LogDebug("{Serial}: ignoring {Command}", _tablet.Serial, AdbCommand.Name(header.Command));
                    break;
            }
        }
        finally
        {
            if (!keepBuffer)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private async Task OnConnectAsync(AdbHeader header, ReadOnlyMemory<byte> payload)
    {
        _logger.LogDebug("{Serial}: host CNXN {Banner}", _tablet.Serial, Encoding.UTF8.GetString(payload.Span));
        if (_tablet.Faults.Offline)
        {
            // A device that never answers CNXN stays "offline" in adb devices.
            return;
        }
        var version = Math.Min(header.Arg0, AdbCommand.VersionSkipChecksum);
        _withChecksum = version < AdbCommand.VersionSkipChecksum;
        MaxPayload = (int)Math.Min(header.Arg1 == 0 ? 4096u : header.Arg1, (uint)_tablet.Options.MaxPayload);
        _tablet.CheckStationKey();
        if (_tablet.Faults.Unauthorized)
        {
            await SendAuthTokenAsync();
            return;
        }
        _online = true;
        var banner = Encoding.UTF8.GetBytes(_tablet.Banner());
        await SendAsync(AdbCommand.Cnxn, version, (uint)_tablet.Options.MaxPayload, banner);
    }

    private Task SendAuthTokenAsync() =>
        SendAsync(AdbCommand.Auth, AdbCommand.AuthToken, 0, RandomNumberGenerator.GetBytes(20));

    private async Task OnOpenAsync(uint remoteId, string service)
    {
        var handler = ServiceRouter.Route(service, _tablet);
        if (handler is null)
        {
            _logger.LogInformation("{Serial}: refusing service '{Service}'", _tablet.Serial, service);
            await SendAsync(AdbCommand.Clse, 0, remoteId, ReadOnlyMemory<byte>.Empty);
            return;
        }
        var localId = Interlocked.Increment(ref _nextLocalId);
        var stream = new AdbChannel(this, localId, remoteId, service);
        _streams[localId] = stream;
        await SendAsync(AdbCommand.Okay, localId, remoteId, ReadOnlyMemory<byte>.Empty);
        _ = Task.Run(() => RunServiceAsync(stream, handler));
    }

    private async Task RunServiceAsync(AdbChannel stream, Func<AdbChannel, Task> handler)
    {
        try
        {
            await handler(stream);
            await stream.CloseAsync();
        }
        catch (Exception e) when (e is StreamClosedException or IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            _logger.LogDebug("{Serial}: stream '{Service}' ended early: {Message}", _tablet.Serial, stream.Service, e.Message);
        }
        catch (Exception e)
        {
            // One failing service must not stop the others on this connection.
            _logger.LogError(e, "{Serial}: service '{Service}' failed", _tablet.Serial, stream.Service);
            await TryCloseAsync(stream);
        }
        finally
        {
            stream.Dispose();
        }
    }

    private static async Task TryCloseAsync(AdbChannel stream)
    {
        try
        {
            await stream.CloseAsync();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The connection is already gone.
        }
    }

    internal void Forget(AdbChannel stream) => _streams.TryRemove(stream.LocalId, out _);

    public async Task SendAsync(uint command, uint arg0, uint arg1, ReadOnlyMemory<byte> payload)
    {
        await _sendLock.WaitAsync(_aborted.Token);
        try
        {
            AdbFraming.WriteHeader(_sendHeader, command, arg0, arg1, payload.Span, _withChecksum);
            await _network.WriteAsync(_sendHeader, _aborted.Token);
            if (!payload.IsEmpty)
            {
                await _network.WriteAsync(payload, _aborted.Token);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Ends the connection. Not graceful means a reset, which is what the host sees when a
    /// cable is pulled mid-transfer rather than a device closing politely.
    /// </summary>
    public void Abort(bool graceful)
    {
        if (_aborted.IsCancellationRequested)
        {
            return;
        }
        try
        {
            if (!graceful)
            {
                _socket.LingerState = new LingerOption(true, 0);
            }
            _aborted.Cancel();
            _network.Dispose();
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // Already closed.
        }
        foreach (var stream in _streams.Values)
        {
            stream.OnRemoteClose();
        }
        _streams.Clear();
        _tablet.Forget(this);
    }
}
