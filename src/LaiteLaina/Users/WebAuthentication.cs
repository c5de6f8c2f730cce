using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using LaiteLaina.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace LaiteLaina.Users;

/// <summary>
/// Sign-in for people (a cookie that ends after a spell of idleness) and for scripts (a bearer token per user),
/// and the policies every route names. The cookie keys live in the data directory so that sessions survive a
/// restart of the service.
/// </summary>
public static class WebAuthentication
{
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string TokenScheme = Access.TokenScheme;
    private const string Either = "CookieOrToken";
    public const string DisplayNameClaim = Access.DisplayNameClaim;
    public const string LanguageClaim = Access.LanguageClaim;
    private const string StampClaim = "stamp";
    private const string MustChangePasswordClaim = "must-change-password";

    /// <summary>A plain cookie that outlives the session one, so the sign-in page can say "your session ended"
    /// instead of greeting a person who was just working as if they had never signed in.</summary>
    public const string SeenCookie = "laitelaina_seen";

    public static IHostApplicationBuilder AddUsers(this IHostApplicationBuilder builder, DataLocation location)
    {
        builder.Services.AddSingleton<UserService>();
        var minutes = builder.Configuration.GetValue("Web:SessionMinutes", 30);
        if (minutes is < 1 or > 24 * 60)
            throw UserError.Invalid("Web:SessionMinutes", minutes.ToString(CultureInfo.InvariantCulture), Msg.SettingSessionMinutes);
        builder.Services.AddDataProtection()
            .SetApplicationName("LaiteLaina")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(location.DataDirectory, "keys")));
        builder.Services.AddAuthentication(Either)
            .AddPolicyScheme(Either, null, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? TokenScheme : CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "laitelaina";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(minutes);
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/denied";
                // A browser that was signed in (it still has the plain cookie) is told its session ended, not how scripts sign in.
                o.Events.OnRedirectToLogin = e => ApiOr(e, StatusCodes.Status401Unauthorized, e.Request.Cookies.ContainsKey(SeenCookie) ? Msg.AuthSessionEnded : Msg.AuthSignInFirst);
                o.Events.OnRedirectToAccessDenied = e => ApiOr(e, StatusCodes.Status403Forbidden, Msg.AuthRoleNotAllowed);
                o.Events.OnValidatePrincipal = ValidateAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, TokenHandler>(TokenScheme, null)
            .AddOrganisationSignIn(builder.Configuration);
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Access.Devices, Require(UserRole.Volunteer))
            .AddPolicy(Access.Borrowers, Require(UserRole.Counsellor))
            .AddPolicy(Access.Reports, Require(UserRole.Manager))
            .AddPolicy(Access.Admin, Require(UserRole.Admin));
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "laitelaina_af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.HeaderName = "RequestVerificationToken";
        });
        return builder;
    }

    private static AuthorizationPolicy Require(UserRole minimum) =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser()
            .RequireAssertion(c => c.User.Role() >= minimum)
            .Build();

    public static ClaimsPrincipal Principal(AppUser user, string scheme) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, user.Name),
            new Claim(ClaimTypes.Role, EnumText.Kebab(user.Role)),
            new Claim(DisplayNameClaim, user.DisplayName),
            new Claim(LanguageClaim, user.Language),
            new Claim(StampClaim, user.SecurityStamp),
            .. user.MustChangePassword ? [new Claim(MustChangePasswordClaim, "true")] : Array.Empty<Claim>(),
        ], scheme, ClaimTypes.Name, ClaimTypes.Role));

    private static bool MustChangePassword(ClaimsPrincipal user) => user.HasClaim(MustChangePasswordClaim, "true");

    /// <param name="properties">The session's own data: after an organisation sign-in, the provider's ID token for its sign-out.</param>
    public static async Task SignInAsync(HttpContext http, AppUser user, AuthenticationProperties? properties = null)
    {
        await http.SignInAsync(CookieScheme, Principal(user, CookieScheme), properties);
        http.Response.Cookies.Append(SeenCookie, "1", new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
    }

    /// <summary>Deleting the cookie in this browser is not enough: a copy of it would still work, so the user's stamp changes too.</summary>
    public static async Task SignOutAsync(HttpContext http)
    {
        if (http.User.Identity?.AuthenticationType == CookieScheme)
            await http.RequestServices.GetRequiredService<UserService>().EndSessionsAsync(http.User.UserId(), http.RequestAborted);
        await http.SignOutAsync(CookieScheme);
        http.Response.Cookies.Delete(SeenCookie);
    }

    /// <summary>
    /// Each request re-reads the user: a password change, a new role or a disabled account takes effect at once
    /// rather than when the cookie runs out. One primary-key read, far cheaper than anything a page does.
    /// </summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<UserService>();
        var current = await users.FindByIdAsync(context.Principal!.UserId(), context.HttpContext.RequestAborted);
        if (current is null || current.DisabledAt is not null || current.SecurityStamp != context.Principal!.FindFirstValue(StampClaim))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }
        if (current.Role != context.Principal!.Role() || current.Language != context.Principal!.FindFirstValue(LanguageClaim)
            || current.DisplayName != context.Principal!.DisplayName() || current.MustChangePassword != MustChangePassword(context.Principal!))
        {
            context.ReplacePrincipal(Principal(current, CookieScheme));
            context.ShouldRenew = true;
        }
    }

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> e, int status, Msg detail)
    {
        if (!WebApi.IsApi(e.Request))
        {
            e.Response.Redirect(e.RedirectUri);
            return Task.CompletedTask;
        }
        return Refuse(e.HttpContext, status, detail);
    }

    /// <summary>A refused sign-in (401) or role (403), in the caller's language: these come before request
    /// localization has run, so the language is found as it would find it.</summary>
    private static Task Refuse(HttpContext http, int status, Msg detail) =>
        UserErrorMiddleware.ProblemAsync(http, status, status == StatusCodes.Status401Unauthorized ? Msg.ProblemSignIn : Msg.ProblemForbidden, detail);

    /// <summary>Sign-in, roles, and the check that a cookie-signed API call came from our own pages.</summary>
    public static IApplicationBuilder UseUsers(this IApplicationBuilder app) =>
        app.UseAuthentication().UseAuthorization().UseApiForgeryCheck();

    /// <summary>
    /// A user who must change their password (the first administrator's generated one, or one an administrator
    /// reset) reaches only the page that changes it, and whatever is open to everyone (sign-in, sign-out, the
    /// stylesheet); pages lead there, the API refuses with 403. It runs after request localization, so the
    /// refusal is in the caller's language.
    /// </summary>
    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (MustChangePassword(http.User) && http.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is null
                && !http.Request.Path.StartsWithSegments(AccountPath, StringComparison.OrdinalIgnoreCase))
            {
                if (WebApi.IsApi(http.Request))
                    throw new UserError(Msg.UserMustChangePassword, UserErrorKind.Forbidden, "password");
                http.Response.Redirect(AccountPath + "?first=1");
                return;
            }
            await next(http);
        });

    private const string AccountPath = "/account";

    /// <summary>
    /// A browser sends the session cookie with any request, even one a hostile page makes it send. API calls that
    /// change something therefore need a bearer token, or, from our own pages' scripts, the antiforgery header.
    /// </summary>
    private static IApplicationBuilder UseApiForgeryCheck(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (WebApi.IsApi(http.Request) && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
                && !HttpMethods.IsOptions(http.Request.Method) && http.User.Identity?.AuthenticationType == CookieScheme)
            {
                var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
                if (!await antiforgery.IsRequestValidAsync(http))
                {
                    await UserErrorMiddleware.ProblemAsync(http, StatusCodes.Status400BadRequest, Msg.ProblemFormToken, Msg.AuthFormToken);
                    return;
                }
            }
            await next(http);
        });

    private sealed class TokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, UserService users)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                return AuthenticateResult.NoResult();
            var user = await users.FindByTokenAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
            return user is null
                ? AuthenticateResult.Fail("unknown or revoked token")
                : AuthenticateResult.Success(new AuthenticationTicket(Principal(user, TokenScheme), TokenScheme));
        }

        protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
            Refuse(Context, StatusCodes.Status401Unauthorized, Msg.AuthTokenUnknown);

        protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
            Refuse(Context, StatusCodes.Status403Forbidden, Msg.AuthRoleNotAllowed);
    }
}
