using LaiteLaina.DeviceSim.Transport;

namespace LaiteLaina.DeviceSim.Services;

public static class RebootService
{
    public static async Task RunAsync(AdbChannel stream, SimulatedTablet tablet, string target)
    {
        // The OKAY of the OPEN already told the host the reboot was accepted; close the stream
        // first so "adb reboot" returns, then the connection drops as the tablet goes down.
        await stream.CloseAsync();
        tablet.Reboot(target == "recovery" ? BootMode.Recovery : BootMode.Device);
    }
}
