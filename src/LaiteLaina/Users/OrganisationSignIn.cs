using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Localization;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace LaiteLaina.Users;

/// <summary>
/// Sign-in with the organisation's accounts (Microsoft Entra ID or any OpenID provider), beside the local accounts,
/// which stay for small offices and as the administrator's way in when the provider is down. Configured by the
/// Oidc:* settings; without Oidc:Authority nothing of it is registered and the sign-in page shows only the password form.
/// </summary>
/// <remarks>
/// Authorization code flow with PKCE, the answer in the query string (response_mode=query) rather than form_post: a
/// form_post answer is a cross-site POST, which a browser sends the correlation and nonce cookies with only if they are
/// SameSite=None, and SameSite=None cookies must be Secure, which an office running the service on plain http behind
/// nothing (or a test on 127.0.0.1) does not have. With the query, those cookies are SameSite=Lax and travel on the
/// top-level redirect back. The code in the URL is single-use and useless without the PKCE verifier and the client secret.
/// </remarks>
public static class OrganisationSignIn
{
    public const string Scheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string CallbackPath = "/signin-oidc";
    public const string SignedOutCallbackPath = "/signout-callback-oidc";

    /// <summary>Where a refusal is shown: the sign-in page with its reason's code.</summary>
    public const string RefusalQuery = "oidc";

    private const string UserItem = "laitelaina.oidc-user";

    /// <summary>The language of the sign-in page the person started from, carried through the provider in the protected
    /// state: the answer comes back from the provider's site, so the Strict language cookie is not sent with it.</summary>
    private const string LanguageItem = "laitelaina.language";

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["Oidc:Authority"]);

    public static AuthenticationBuilder AddOrganisationSignIn(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        return IsConfigured(configuration) ? AddOpenIdConnect(authentication, configuration) : authentication;
    }

    // Apart, and never inlined: compiling a method that names OpenIdConnect's types loads its assembly, and an office
    // that signs in with local accounts only should not carry it.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static AuthenticationBuilder AddOpenIdConnect(AuthenticationBuilder authentication, IConfiguration configuration)
    {
        var settings = Settings.Read(configuration);
        authentication.Services.AddSingleton(settings);
        return authentication.AddOpenIdConnect(Scheme, o =>
        {
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            // Plain http only to a provider on this machine (tests, a trial); anything else would let the network forge keys.
            o.RequireHttpsMetadata = !settings.IsLoopback;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.CallbackPath = CallbackPath;
            o.SignedOutCallbackPath = SignedOutCallbackPath;
            o.SignInScheme = WebAuthentication.CookieScheme;
            o.SignOutScheme = WebAuthentication.CookieScheme;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.Scope.Add("profile");
            o.Scope.Add("email");
            // The claims as the provider names them ("groups", "roles", "sub"), not remapped to WS-Federation URIs.
            o.MapInboundClaims = false;
            // Entra's userinfo comes from Graph and carries no groups; the ID token has everything the mapping needs.
            o.GetClaimsFromUserInfoEndpoint = false;
            o.SaveTokens = false;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnTokenValidated = TokenValidatedAsync;
            o.Events.OnTicketReceived = TicketReceivedAsync;
            o.Events.OnRemoteFailure = RemoteFailureAsync;
            o.Events.OnSignedOutCallbackRedirect = SignedOutAsync;
            o.Events.OnAuthenticationFailed = e =>
            {
                // Only logged here; the refusal page is shown once, from OnRemoteFailure, where every failure ends.
                Log(e.HttpContext).LogWarning("Organisation sign-in: the provider's answer was refused ({Reason}): {Error}",
                    Reason(e.Exception), e.Exception.Message);
                return Task.CompletedTask;
            };
        });
    }

    /// <summary>The Oidc:* settings, checked when the service starts: a wrong role name is found then, not at someone's sign-in.</summary>
    public sealed record Settings(string Authority, string ClientId, string? ClientSecret, string RoleClaim,
        IReadOnlyDictionary<string, UserRole> RoleMap, IReadOnlyDictionary<string, string> DisplayNames)
    {
        public bool IsLoopback => Uri.TryCreate(Authority, UriKind.Absolute, out var uri) && uri.IsLoopback;

        public static Settings Read(IConfiguration configuration)
        {
            var authority = configuration["Oidc:Authority"]!.Trim();
            if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                throw UserError.Invalid("Oidc:Authority", authority, Msg.SettingOidcAuthority);
            var clientId = configuration["Oidc:ClientId"];
            if (string.IsNullOrWhiteSpace(clientId))
                throw UserError.Invalid("Oidc:ClientId", clientId, Msg.SettingOidcClientId);
            var map = new Dictionary<string, UserRole>(StringComparer.Ordinal);
            foreach (var entry in configuration.GetSection("Oidc:RoleMap").GetChildren())
            {
                if (!Enum.TryParse<UserRole>(entry.Value, ignoreCase: true, out var role) || !Enum.IsDefined(role))
                    throw UserError.Invalid("Oidc:RoleMap:" + entry.Key, entry.Value, Msg.SettingOidcRole);
                map[entry.Key] = role;
            }
            var names = configuration.GetSection("Oidc:DisplayName").GetChildren()
                .Where(c => !string.IsNullOrWhiteSpace(c.Value))
                .ToDictionary(c => c.Key.ToLowerInvariant(), c => c.Value!.Trim(), StringComparer.Ordinal);
            var roleClaim = configuration["Oidc:RoleClaim"] is { Length: > 0 } claim ? claim.Trim() : "groups";
            return new Settings(authority, clientId.Trim(), configuration["Oidc:ClientSecret"], roleClaim, map, names);
        }

        /// <summary>The highest role any of the person's groups (or app roles) maps to; null when none is mapped.</summary>
        public UserRole? RoleOf(ClaimsPrincipal principal) =>
            principal.FindAll(RoleClaim).Select(c => RoleMap.TryGetValue(c.Value, out var role) ? role : (UserRole?)null)
                .Where(r => r is not null).Max();
    }

    /// <summary>The provider's token is good: the person is linked to their LaiteLaina user (made on the first sign-in),
    /// and the session carries that user, not the provider's claims, so it looks like any other session from here on.</summary>
    private static async Task TokenValidatedAsync(TokenValidatedContext context)
    {
        var http = context.HttpContext;
        var settings = http.RequestServices.GetRequiredService<Settings>();
        var principal = context.Principal!;
        var subject = principal.FindFirstValue("sub");
        var issuer = principal.FindFirst("iss")?.Value ?? principal.FindFirst("sub")?.Issuer;
        if (string.IsNullOrEmpty(subject) || string.IsNullOrEmpty(issuer))
        {
            context.Fail(new Refused("failed", "the ID token has no sub or iss"));
            return;
        }
        var language = context.Properties?.Items.TryGetValue(LanguageItem, out var started) == true && started is { Length: > 0 }
            ? started : (await WebUi.LanguageOfAsync(http)).TwoLetterISOLanguageName;
        var account = new OrganisationAccount(issuer, subject,
            principal.FindFirstValue("preferred_username"), principal.FindFirstValue("name"), principal.FindFirstValue("email"), settings.RoleOf(principal),
            language);
        var result = await http.RequestServices.GetRequiredService<UserService>().SignInOrganisationAsync(account, http.RequestAborted);
        if (result.User is not { } user)
        {
            // The subject id only: it names nobody outside the provider, and lets its administrator find the account.
            Log(http).LogWarning("Organisation sign-in refused for subject {Subject} of {Issuer}: {Reason}", subject, issuer,
                result.Problem == "no-role" ? $"none of the values of its '{settings.RoleClaim}' claim is mapped in Oidc:RoleMap" : "the LaiteLaina user is disabled");
            context.Fail(new Refused(result.Problem!, "refused by LaiteLaina"));
            return;
        }
        Log(http).LogInformation("Organisation sign-in of user {UserId} (subject {Subject}) as {Role}", user.Id, subject, user.Role);
        http.Items[UserItem] = user;
        context.Principal = WebAuthentication.Principal(user, WebAuthentication.CookieScheme);
        // Kept only for the provider's sign-out (id_token_hint); the session never uses it to sign anyone in.
        if ((context.TokenEndpointResponse?.IdToken ?? context.ProtocolMessage?.IdToken) is { Length: > 0 } idToken)
            context.Properties!.StoreTokens([new AuthenticationToken { Name = OpenIdConnectParameterNames.IdToken, Value = idToken }]);
    }

    /// <summary>
    /// Signs the session in and leaves through a page of our own instead of a redirect: the session cookie is
    /// SameSite=Strict, and a browser does not send it on a redirect chain that began at the provider's site, so a plain
    /// redirect to the page the person wanted would find them signed out. The page's refresh is a navigation from our site.
    /// </summary>
    private static async Task TicketReceivedAsync(TicketReceivedContext context)
    {
        var http = context.HttpContext;
        var user = (AppUser)http.Items[UserItem]!;
        await WebAuthentication.SignInAsync(http, user, context.Properties);
        http.Response.Cookies.Append(Microsoft.AspNetCore.Localization.CookieRequestCultureProvider.DefaultCookieName, WebUi.LanguageCookie(user.Language));
        var target = context.ReturnUri is { } back && back.StartsWith('/') && !back.StartsWith("//", StringComparison.Ordinal) ? back : "/";
        await LeaveThroughOwnPageAsync(http, target, CultureInfo.GetCultureInfo(user.Language));
        context.HandleResponse();
    }

    /// <summary>A page of ours that goes on to <paramref name="target"/> at once: the navigation then starts on our site,
    /// so the browser sends the Strict cookies (the session, the language) that it leaves out on a redirect chain begun at
    /// the provider's. A link in the person's language stays for a browser that does not follow the refresh.</summary>
    private static async Task LeaveThroughOwnPageAsync(HttpContext http, string target, CultureInfo culture)
    {
        var l = http.RequestServices.GetRequiredService<IStringLocalizer<Ui>>();
        string link;
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = culture;
            link = l["Continue to LaiteLaina"];
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
        var href = HtmlEncoder.Default.Encode(target);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="{culture.Name}"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={href}"><title>LaiteLaina</title></head>
            <body><p><a id="continue" href="{href}">{HtmlEncoder.Default.Encode(link)}</a></p></body></html>
            """, http.RequestAborted);
    }

    /// <summary>Every refused answer from the provider ends here: logged with its reason, and the person sent to the
    /// sign-in page, which says in their language what happened. Never the exception's text, never a stack trace.</summary>
    private static async Task RemoteFailureAsync(RemoteFailureContext context)
    {
        var reason = Reason(context.Failure);
        if (context.Failure is not Refused)
            Log(context.HttpContext).LogWarning("Organisation sign-in failed ({Reason}): {Error}", reason, context.Failure?.Message);
        // Through a page of ours, so that the sign-in page gets the language cookie and speaks the person's language;
        // the state (and the language in it) is gone when the refusal is about the state itself.
        var language = context.Properties?.Items.TryGetValue(LanguageItem, out var started) == true && MessageCatalog.Parse(started) is { } chosen
            ? chosen : await WebUi.LanguageOfAsync(context.HttpContext);
        await LeaveThroughOwnPageAsync(context.HttpContext, $"/login?{RefusalQuery}={reason}", language);
        context.HandleResponse();
    }

    /// <summary>The reason codes the sign-in page knows; anything else is "failed".</summary>
    public static readonly IReadOnlyDictionary<string, Msg> Reasons = new Dictionary<string, Msg>(StringComparer.Ordinal)
    {
        ["no-role"] = Msg.AuthOidcNoRole,
        ["disabled"] = Msg.AuthOidcDisabled,
        ["audience"] = Msg.AuthOidcAudience,
        ["expired"] = Msg.AuthOidcExpired,
        ["state"] = Msg.AuthOidcState,
        ["unreachable"] = Msg.AuthOidcUnreachable,
        ["denied"] = Msg.AuthOidcDenied,
        ["failed"] = Msg.AuthOidcFailed,
    };

    public static string Reason(Exception? failure) => failure switch
    {
        Refused r => r.Code,
        SecurityTokenInvalidAudienceException => "audience",
        SecurityTokenExpiredException => "expired",
        OpenIdConnectProtocolException p when p.Message.Contains("access_denied", StringComparison.Ordinal) => "denied",
        // The handler says so in these words when the state is unknown, replayed, or its correlation cookie is gone.
        _ when failure?.Message.Contains("Correlation failed", StringComparison.Ordinal) == true
               || failure?.Message.Contains("state", StringComparison.OrdinalIgnoreCase) == true => "state",
        HttpRequestException or TaskCanceledException or IOException => "unreachable",
        { InnerException: { } inner } when Reason(inner) is not "failed" => Reason(inner),
        _ => "failed",
    };

    /// <summary>
    /// Starts the sign-in at the provider, or says why it cannot: the provider's discovery document is fetched here the
    /// first time, so an unreachable provider shows up now, as a refusal on the sign-in page rather than an error page.
    /// </summary>
    public static async Task<string?> ChallengeAsync(HttpContext http, string returnUrl)
    {
        try
        {
            var properties = new AuthenticationProperties { RedirectUri = returnUrl };
            properties.Items[LanguageItem] = (await WebUi.LanguageOfAsync(http)).TwoLetterISOLanguageName;
            await http.ChallengeAsync(Scheme, properties);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException)
        {
            var reason = Reason(e) is "failed" or "state" ? "unreachable" : Reason(e);
            Log(http).LogWarning("Organisation sign-in could not start ({Reason}): {Error}", reason, e.Message);
            return reason;
        }
    }

    /// <summary>How a sign-out ended, which the sign-in page then says in words (the "out" query).</summary>
    public enum SignOutEnd
    {
        /// <summary>A local account: only our session existed, and it ended.</summary>
        Local,

        /// <summary>The browser goes to the provider's end-session page and comes back to the sign-in page; the response is already a redirect.</summary>
        Organisation,

        /// <summary>The person came through the provider but it could not be asked: its session may still be open.</summary>
        OrganisationUnreachable,
    }

    /// <summary>
    /// Ends the session here and, when the person came through the provider and the provider has an end-session
    /// endpoint, at the provider too (the browser goes there and comes back to the sign-in page).
    /// </summary>
    public static async Task<SignOutEnd> SignOutAtProviderAsync(HttpContext http)
    {
        if (http.RequestServices.GetService<Settings>() is null
            || await http.GetTokenAsync(WebAuthentication.CookieScheme, OpenIdConnectParameterNames.IdToken) is null)
            return SignOutEnd.Local;
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<OpenIdConnectOptions>>().Get(Scheme);
        try
        {
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(http.RequestAborted);
            if (string.IsNullOrEmpty(configuration.EndSessionEndpoint))
                return SignOutEnd.OrganisationUnreachable;
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException or IOException)
        {
            // The local session still ends; the provider's own session is the provider's to end when it is back.
            Log(http).LogWarning("Organisation sign-out: the provider could not be reached ({Error}); only the local session ended", e.Message);
            return SignOutEnd.OrganisationUnreachable;
        }
        var properties = new AuthenticationProperties { RedirectUri = "/login?out=" + SignOutQuery(SignOutEnd.Organisation) };
        properties.Items[LanguageItem] = (await WebUi.LanguageOfAsync(http)).TwoLetterISOLanguageName;
        await http.SignOutAsync(Scheme, properties);
        return SignOutEnd.Organisation;
    }

    /// <summary>Back from the provider's sign-out: on to the sign-in page through a page of ours, as after a sign-in, so
    /// that the page saying both sessions ended gets the language cookie and says it in the person's language.</summary>
    private static async Task SignedOutAsync(RemoteSignOutContext context)
    {
        var language = context.Properties?.Items.TryGetValue(LanguageItem, out var chosen) == true && MessageCatalog.Parse(chosen) is { } culture
            ? culture : await WebUi.LanguageOfAsync(context.HttpContext);
        await LeaveThroughOwnPageAsync(context.HttpContext, "/login?out=" + SignOutQuery(SignOutEnd.Organisation), language);
        context.HandleResponse();
    }

    /// <summary>The value of the sign-in page's "out" query for each way a sign-out ends.</summary>
    public static string SignOutQuery(SignOutEnd end) => end switch
    {
        SignOutEnd.Organisation => "organisation",
        SignOutEnd.OrganisationUnreachable => "local-only",
        _ => "local",
    };

    private static ILogger Log(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OrganisationSignIn).FullName!);

    /// <summary>A sign-in the provider allowed and LaiteLaina refuses; <see cref="Code"/> is one of <see cref="Reasons"/>.</summary>
    private sealed class Refused(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }
}
