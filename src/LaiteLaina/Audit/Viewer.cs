namespace LaiteLaina.Audit;

/// <summary>
/// Who is looking, as far as personal data goes. Every export and report method takes a withPersonalData flag; the
/// API decides it here. Volunteers never see borrowers' identities; everyone else on this loopback API may, until
/// sign-in (issue 5) gives each request its roles, which this reads.
/// </summary>
public static class Viewer
{
    public const string VolunteerRole = "volunteer";

    public static bool MaySeePersonalData(this HttpContext http) => !http.User.IsInRole(VolunteerRole);

    /// <summary>The audit log's "who" for a web request: the signed-in person, else "api" (scripts on this machine).</summary>
    public static string Actor(this HttpContext http) => http.User.Identity?.Name is { Length: > 0 } name ? name : "api";

    /// <summary>?format=csv (or pdf, svg) on a JSON endpoint.</summary>
    public static string Format(this HttpContext http) => (http.Request.Query["format"].ToString() is { Length: > 0 } f ? f : "json").ToLowerInvariant();
}
