namespace LaiteLaina.Inventory;

/// <summary>
/// Where a device's asset label is sent. The label printers are the hardware feature's, which builds on the
/// inventory; intake and the device page only ask for a label and say which printer took it.
/// </summary>
public interface ILabelPrinter
{
    /// <summary>Queues one label of the device; returns the name of the printer that will print it.</summary>
    Task<string> PrintLabelAsync(string tag, string actor, CancellationToken ct);
}
