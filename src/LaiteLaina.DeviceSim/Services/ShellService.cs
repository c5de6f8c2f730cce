using System.Text;
using LaiteLaina.DeviceSim.Protocol;
using LaiteLaina.DeviceSim.Transport;
using LaiteLaina.DeviceSim.Userland;

namespace LaiteLaina.DeviceSim.Services;

/// <summary><c>shell,v2,...:cmd</c> (separate stdout/stderr and an exit code) and legacy <c>shell:cmd</c>.</summary>
public static class ShellService
{
    public static async Task RunV2Async(AdbChannel stream, SimulatedTablet tablet, string command)
    {
        if (command.Length == 0)
        {
            await RunInteractiveV2Async(stream, tablet);
            return;
        }
        var result = AndroidShell.Run(tablet, command);
        await SendResultAsync(stream, result);
    }

    private static async Task SendResultAsync(AdbChannel stream, ShellResult result)
    {
        if (result.Stdout.Length > 0)
        {
            await stream.WriteAsync(ShellV2.Packet(ShellPacketId.Stdout, result.Stdout));
        }
        if (result.Stderr.Length > 0)
        {
            await stream.WriteAsync(ShellV2.Packet(ShellPacketId.Stderr, result.Stderr));
        }
        await stream.WriteAsync(ShellV2.ExitPacket(result.ExitCode));
    }

    /// <summary>An interactive shell without a terminal: runs each stdin line, exits at close-stdin.</summary>
    private static async Task RunInteractiveV2Async(AdbChannel stream, SimulatedTablet tablet)
    {
        var reader = new ShellV2Reader();
        var pending = new StringBuilder();
        var buffer = new byte[64 * 1024];
        var status = 0;
        while (true)
        {
            var n = await stream.ReadAsync(buffer);
            if (n == 0)
            {
                return;
            }
            reader.Append(buffer.AsSpan(0, n));
            while (reader.TryRead(out var id, out var data))
            {
                if (id == ShellPacketId.CloseStdin)
                {
                    await stream.WriteAsync(ShellV2.ExitPacket(status));
                    return;
                }
                if (id != ShellPacketId.Stdin)
                {
                    continue;
                }
                pending.Append(Encoding.UTF8.GetString(data));
                var text = pending.ToString();
                var newline = text.LastIndexOf('\n');
                if (newline < 0)
                {
                    continue;
                }
                pending.Remove(0, newline + 1);
                var result = AndroidShell.Run(tablet, text[..newline]);
                status = result.ExitCode;
                if (result.Stdout.Length > 0)
                {
                    await stream.WriteAsync(ShellV2.Packet(ShellPacketId.Stdout, result.Stdout));
                }
                if (result.Stderr.Length > 0)
                {
                    await stream.WriteAsync(ShellV2.Packet(ShellPacketId.Stderr, result.Stderr));
                }
            }
        }
    }

    /// <summary>Legacy shell has one byte stream and no exit code: stderr is interleaved after stdout.</summary>
    public static async Task RunLegacyAsync(AdbChannel stream, SimulatedTablet tablet, string command)
    {
        var result = AndroidShell.Run(tablet, command);
        await stream.WriteAsync(result.Stdout);
        await stream.WriteAsync(result.Stderr);
    }
}
