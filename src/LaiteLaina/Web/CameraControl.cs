namespace LaiteLaina.Web;

/// <summary>
/// The "scan with camera" control (Web/Shared/_Camera.cshtml): a photo input that opens the phone's rear camera, and
/// where the browser allows it a live camera (camera.js) that sends the first frame with a code in it. The photo goes
/// to the page's Camera handler. <paramref name="OwnForm"/>: a form of its own (the desk, a stocktake); otherwise a
/// part of the page's form, whose other fields go along (the intake form keeps what was typed).
/// </summary>
public sealed record CameraControl(bool OwnForm, string Label, string? Hint = null);
