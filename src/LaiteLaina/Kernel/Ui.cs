namespace LaiteLaina.Kernel;

/// <summary>Marker for the UI's texts: Ui.resx is English (the keys), Ui.fi.resx and Ui.sv.resx translate them. In the
/// kernel because every feature's pages use them, and a refusal names a status with the same word as the page.</summary>
#pragma warning disable CA1052 // a type parameter for IStringLocalizer<Ui>, never instantiated
public sealed class Ui;
#pragma warning restore CA1052
