using System.Buffers.Binary;
using System.Text;
using LaiteLaina.DeviceSim.Protocol;
using LaiteLaina.DeviceSim.Transport;
using LaiteLaina.DeviceSim.Userland;

namespace LaiteLaina.DeviceSim.Services;

/// <summary>
/// The <c>sync:</c> file service. Requests are read as a byte stream: the host packs several
/// sync messages into one WRTE and splits large DATA across WRTEs, so WRTE boundaries mean nothing.
/// </summary>
public sealed class SyncService(AdbChannel stream, SimulatedTablet tablet)
{
    private readonly byte[] _request = new byte[SyncProtocol.RequestSize];

    public async Task RunAsync()
    {
        while (await stream.ReadExactlyAsync(_request))
        {
            var id = BinaryPrimitives.ReadUInt32LittleEndian(_request);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(_request.AsSpan(4));
            if (id == SyncProtocol.Quit)
            {
                return;
            }
            if (length > SyncProtocol.MaxPathLength)
            {
                await stream.WriteAsync(SyncProtocol.FailMessage("path too long"));
                return;
            }
            var pathBytes = new byte[length];
            if (!await stream.ReadExactlyAsync(pathBytes))
            {
                return;
            }
            var path = Encoding.UTF8.GetString(pathBytes);
            var keepGoing = id switch
            {
                SyncProtocol.Stat or SyncProtocol.Sta2 or SyncProtocol.Lst2 => await StatAsync(id, path),
                SyncProtocol.List => await ListAsync(path),
                SyncProtocol.Send => await ReceiveFileAsync(path),
                SyncProtocol.Recv => await SendFileAsync(path),
                _ => await FailAsync($"unknown sync request {SyncProtocol.Name(id)}"),
            };
            if (!keepGoing)
            {
                return;
            }
        }
    }

    private async Task<bool> FailAsync(string message)
    {
        await stream.WriteAsync(SyncProtocol.FailMessage(message));
        // adbd ends the sync session after a FAIL; the host reports the message and gives up.
        return false;
    }

    private Files.Entry? Lookup(string path)
    {
        lock (tablet.Sync)
        {
            var normalized = VirtualFileSystem.Normalize(path);
            var file = new VirtualFileSystem(tablet.State).Get(normalized);
            return file is null ? null : new Files.Entry(normalized, file.Mode, file.Length, file.ModifiedUnix, file.IsDirectory);
        }
    }

    private async Task<bool> StatAsync(uint id, string path)
    {
        var entry = Lookup(path);
        byte[] reply;
        if (id == SyncProtocol.Stat)
        {
            reply = entry is null ? SyncProtocol.StatV1(0, 0, 0) : SyncProtocol.StatV1(entry.Mode, (uint)entry.Size, (uint)entry.Modified);
        }
        else
        {
            reply = entry is null
                ? SyncProtocol.StatV2(id, SyncProtocol.ErrNoEnt, 0, 0, 0, 0)
                : SyncProtocol.StatV2(id, 0, (ulong)(uint)entry.Path.GetHashCode(StringComparison.Ordinal), entry.Mode, (ulong)entry.Size, entry.Modified);
        }
        await stream.WriteAsync(reply);
        return true;
    }

    private async Task<bool> ListAsync(string path)
    {
        using var reply = new MemoryStream();
        lock (tablet.Sync)
        {
            var fs = new VirtualFileSystem(tablet.State);
            var directory = VirtualFileSystem.Normalize(path);
            if (fs.IsDirectory(directory))
            {
                foreach (var name in fs.List(directory))
                {
                    var child = fs.Get(directory == "/" ? "/" + name : directory + "/" + name)!;
                    reply.Write(SyncProtocol.Dirent(child.Mode, (uint)child.Length, (uint)child.ModifiedUnix, name));
                }
            }
        }
        reply.Write(SyncProtocol.ListDone());
        await stream.WriteAsync(reply.ToArray());
        return true;
    }

    /// <summary>SEND: DATA chunks until DONE, whose length field is the mtime; then OKAY or FAIL.</summary>
    private async Task<bool> ReceiveFileAsync(string spec)
    {
        var (rawPath, mode) = SyncProtocol.ParseSendTarget(spec);
        var path = VirtualFileSystem.Normalize(rawPath);
        var discard = path == VirtualFileSystem.DevNull;
        // 64 KiB chunks, joined once at DONE: a growing MemoryStream copied the file three times
        // and filled the large-object heap, which halved push throughput into 16 tablets.
        var chunks = new List<byte[]>();
        long total = 0;
        while (true)
        {
            if (!await stream.ReadExactlyAsync(_request))
            {
                return false;
            }
            var id = BinaryPrimitives.ReadUInt32LittleEndian(_request);
            var value = BinaryPrimitives.ReadUInt32LittleEndian(_request.AsSpan(4));
            if (id == SyncProtocol.Data)
            {
                if (value > SyncProtocol.MaxData)
                {
                    return await FailAsync("data chunk too large");
                }
                if (discard)
                {
                    if (!await stream.CopyToAsync(Stream.Null, value))
                    {
                        return false;
                    }
                    continue;
                }
                var chunk = new byte[value];
                if (!await stream.ReadExactlyAsync(chunk))
                {
                    return false;
                }
                chunks.Add(chunk);
                total += value;
                continue;
            }
            if (id != SyncProtocol.Done)
            {
                return await FailAsync($"invalid data message {SyncProtocol.Name(id)}");
            }
            string? error = null;
            lock (tablet.Sync)
            {
                var fs = new VirtualFileSystem(tablet.State);
                if (fs.IsDirectory(path))
                {
                    error = $"couldn't create file: Is a directory";
                }
                else if (!fs.Mounted(path))
                {
                    // adbd's secure_mkdirs on a user's storage that vold has not mounted (the user is not started).
                    error = "secure_mkdirs failed: No such file or directory";
                }
                else if (!discard && SystemCommands.FreeKb(tablet.State) < total / 1024)
                {
                    error = "No space left on device";
                }
                else if (!discard)
                {
                    fs.Write(path, Join(chunks, total), value, (int)mode);
                }
            }
            if (error is not null)
            {
                return await FailAsync(error);
            }
            await stream.WriteAsync(SyncProtocol.IdAndLength(SyncProtocol.Okay, 0));
            return true;
        }
    }

    private static byte[] Join(List<byte[]> chunks, long total)
    {
        var content = new byte[total];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            chunk.CopyTo(content, offset);
            offset += chunk.Length;
        }
        return content;
    }

    /// <summary>RECV: the file as DATA chunks of at most 64 KiB, packed into as few WRTEs as fit, then DONE.</summary>
    private async Task<bool> SendFileAsync(string path)
    {
        byte[]? data;
        lock (tablet.Sync)
        {
            var file = new VirtualFileSystem(tablet.State).Get(VirtualFileSystem.Normalize(path));
            data = file is null || file.IsDirectory ? null : file.ReadAll();
        }
        if (data is null)
        {
            return await FailAsync("open failed: No such file or directory");
        }
        var batch = new MemoryStream();
        var offset = 0;
        while (offset < data.Length)
        {
            var n = Math.Min(SyncProtocol.MaxData, data.Length - offset);
            batch.Write(SyncProtocol.IdAndLength(SyncProtocol.Data, (uint)n));
            batch.Write(data, offset, n);
            offset += n;
            if (batch.Length >= 1024 * 1024)
            {
                await stream.WriteAsync(batch.ToArray());
                batch.SetLength(0);
            }
        }
        batch.Write(SyncProtocol.IdAndLength(SyncProtocol.Done, 0));
        await stream.WriteAsync(batch.ToArray());
        return true;
    }
}

internal static class Files
{
    internal sealed record Entry(string Path, uint Mode, long Size, long Modified, bool IsDirectory);
}
