using System.Globalization;
using System.Security.Claims;

namespace LaiteLaina.Kernel;

/// <summary>What a person may do, from least to most.</summary>
public enum UserRole { Volunteer, Counsellor, Manager, Admin }

/// <summary>
/// The four kinds of access a route asks for. Every page and every API route names one of them (the fallback
/// policy refuses anything that names none to anonymous callers), and <c>RoleRouteTests</c> checks the table.
/// </summary>
public static class Access
{
    /// <summary>The sign-in scheme of API tokens; the audit log names their calls "api:".</summary>
    public const string TokenScheme = "Token";
    public const string DisplayNameClaim = "display_name";
    public const string LanguageClaim = "lang";

    /// <summary>Devices, intake, labels, provisioning, the desk without borrowers' identities: every signed-in role.</summary>
    public const string Devices = "devices";

    /// <summary>Borrowers and loans: counsellors, managers, administrators.</summary>
    public const string Borrowers = "borrowers";

    /// <summary>The audit log, reports, the dashboard and stocktake results: managers and administrators.</summary>
    public const string Reports = "reports";

    /// <summary>Users, sites, settings, printers, scanners, templates: administrators.</summary>
    public const string Admin = "admin";

    public static UserRole MinimumRole(string policy) => policy switch
    {
        Devices => UserRole.Volunteer,
        Borrowers => UserRole.Counsellor,
        Reports => UserRole.Manager,
        Admin => UserRole.Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown access policy"),
    };

    public static readonly string[] Policies = [Devices, Borrowers, Reports, Admin];

    public static TBuilder RequireAccess<TBuilder>(this TBuilder builder, string policy) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy);

    public static UserRole Role(this ClaimsPrincipal user) =>
        Enum.TryParse<UserRole>(user.FindFirstValue(ClaimTypes.Role), ignoreCase: true, out var role) ? role : UserRole.Volunteer;

    public static bool SeesBorrowers(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && user.Role() >= UserRole.Counsellor;

    public static bool Has(this ClaimsPrincipal user, string policy) => user.Identity?.IsAuthenticated == true && user.Role() >= MinimumRole(policy);

    public static long UserId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "0", CultureInfo.InvariantCulture);

    /// <summary>How the audit log names who acted: "web:sari" from the UI, "api:sari" with a token, like "cli:sari".</summary>
    public static string Actor(this ClaimsPrincipal user) =>
        (user.Identity?.AuthenticationType == TokenScheme ? "api:" : "web:") + (user.Identity?.Name ?? "unknown");

    /// <summary>The user name inside an actor: "web:maija", "api:maija" and "cli:maija" are all maija; "demo" is itself.</summary>
    public static string LoginOf(string actor) =>
        actor.IndexOf(':', StringComparison.Ordinal) is var i and > 0 && actor[..i] is "web" or "api" or "cli" ? actor[(i + 1)..] : actor;

    /// <summary>Whether an actor is the service acting by itself rather than a person: the "system", a background job
    /// ("job:retention"), the provisioning watcher, the demo data. A document for a reader outside the office says so in words.</summary>
    public static bool IsService(string actor) =>
        actor is "system" or "demo" || actor.StartsWith("job:", StringComparison.Ordinal) || actor.StartsWith("provisioning", StringComparison.Ordinal);

    /// <summary>The name printed as the counsellor on agreements.</summary>
    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(DisplayNameClaim) ?? user.Identity?.Name ?? "";
}
