namespace LaiteLaina.Audit;

/// <summary>
/// What an audit or report endpoint was asked for. Who may see personal data is the signed-in user's role
/// (<see cref="Users.Access.SeesBorrowers"/>); every export and report method takes it as a withPersonalData flag.
/// </summary>
public static class Viewer
{
    /// <summary>?format=csv (or pdf, svg) on a JSON endpoint.</summary>
    public static string Format(this HttpContext http) => (http.Request.Query["format"].ToString() is { Length: > 0 } f ? f : "json").ToLowerInvariant();
}
