using LaiteLaina.DeviceSim.Transport;

namespace LaiteLaina.DeviceSim.Services;

/// <summary>Maps the service name of an OPEN to the code that serves it; null refuses it with CLSE.</summary>
public static class ServiceRouter
{
    public static Func<AdbChannel, Task>? Route(string service, SimulatedTablet tablet)
    {
        var handler = Select(service, tablet);
        if (handler is null)
        {
            return null;
        }
        var delay = tablet.Faults.CommandDelay;
        return delay <= TimeSpan.Zero ? handler : async stream =>
        {
            await Task.Delay(delay, stream.Aborted);
            await handler(stream);
        };
    }

    private static Func<AdbChannel, Task>? Select(string service, SimulatedTablet tablet)
    {
        if (service.StartsWith("reboot:", StringComparison.Ordinal))
        {
            return stream => RebootService.RunAsync(stream, tablet, service["reboot:".Length..]);
        }
        // Recovery's adbd (a debuggable build, or "Apply update from ADB") offers little besides reboot and sideload.
        if (tablet.BootMode != BootMode.Device)
        {
            return null;
        }
        var colon = service.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }
        var name = service[..colon];
        var argument = service[(colon + 1)..];
        if (name == "shell" || name.StartsWith("shell,", StringComparison.Ordinal))
        {
            var options = name.Split(',').Skip(1).ToList();
            return options.Contains("v2")
                ? stream => ShellService.RunV2Async(stream, tablet, argument)
                : stream => ShellService.RunLegacyAsync(stream, tablet, argument);
        }
        return name switch
        {
            "exec" => stream => ExecService.RunAsync(stream, tablet, argument),
            "sync" => stream => new SyncService(stream, tablet).RunAsync(),
            _ => null,
        };
    }
}
