namespace LaiteLaina.Audit;

/// <summary>
/// Who is looking, as far as personal data goes. Every export and report method takes a withPersonalData flag; the
/// API decides it here. Volunteers never see borrowers' identities; everyone else on this loopback API may, until
/// sign-in (issue 5) gives each request its roles, which this reads.
/// </summary>
public static class Viewer
{
    public const string VolunteerRole = "volunteer";

    public static bool MaySeePersonalData(this HttpContext http) => Users.Access.SeesBorrowers(http.User);

    /// <summary>The audit log's "who" for a web request: "web:NAME" or, with an API token, "api:NAME".</summary>
    public static string Actor(this HttpContext http) => Users.Access.Actor(http.User);

    /// <summary>?format=csv (or pdf, svg) on a JSON endpoint.</summary>
    public static string Format(this HttpContext http) => (http.Request.Query["format"].ToString() is { Length: > 0 } f ? f : "json").ToLowerInvariant();
}
